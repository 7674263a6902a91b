/** The database: PostgreSQL in the namespace, a CloudNativePG cluster, or an external one. */
import * as z from '../zod';
import { CLOUDNATIVEPG_CLUSTER_DEFAULTS } from '../../backing/cloudnativepg-cluster';
import { EXTERNAL_DATABASE_DEFAULTS } from '../../backing/external-database';
import { POSTGRES_BACKUP_DEFAULTS } from '../../backing/postgres-backup';
import { POSTGRES_STATEFULSET_DEFAULTS } from '../../backing/postgres-statefulset';
import {
  byteQuantity,
  cidr,
  cronExpression,
  distinctList,
  dnsSubdomain,
  networkPort,
  resourcesWithDefault,
  storeKey,
} from '../primitives';

export const storage = z.strictObject({
  /** Size of the data volume. */
  size: byteQuantity,
  /** StorageClass; the cluster default when unset. */
  storageClassName: dnsSubdomain.optional(),
});

const postgresIdentifier = z
  .string()
  .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a PostgreSQL identifier: lower-case letters, digits and _');

const statefulsetBackup = z.strictObject({
  /** CronJob schedule (5 fields, the controller's time zone). */
  schedule: cronExpression(5, '0 3 * * *').default(POSTGRES_BACKUP_DEFAULTS.schedule),
  /** Dumps older than this are deleted by the backup job itself. */
  retentionDays: z.int().min(1).max(365).default(POSTGRES_BACKUP_DEFAULTS.retentionDays),
  /** Volume the dumps are written to. */
  storage: z
    .strictObject({ size: byteQuantity, storageClassName: dnsSubdomain.optional() })
    .prefault({ size: POSTGRES_BACKUP_DEFAULTS.storageSize }),
});

const cloudnativepgBackup = z.strictObject({
  /** CloudNativePG schedule: 6 fields, seconds first. */
  schedule: cronExpression(6, '0 0 3 * * *').default(CLOUDNATIVEPG_CLUSTER_DEFAULTS.backupSchedule),
  /** The Barman Cloud plugin's ObjectStore (barmancloud.cnpg.io/v1) holding base backups and WAL. */
  objectStoreName: dnsSubdomain,
});

const statefulsetDatabase = z.strictObject({
  /** PostgreSQL in the namespace: a StatefulSet from the official image. */
  mode: z.literal('statefulset'),
  /** Database name (`POSTGRES_DB`). */
  database: postgresIdentifier.default(POSTGRES_STATEFULSET_DEFAULTS.database),
  /** The data volume. @default 10Gi on the default StorageClass */
  storage: storage.prefault({ size: POSTGRES_STATEFULSET_DEFAULTS.storageSize }),
  /** @default POSTGRES_STATEFULSET_DEFAULTS.resources */
  resources: resourcesWithDefault(POSTGRES_STATEFULSET_DEFAULTS.resources),
  /** Nightly `pg_dump` to a volume; required in production. */
  backup: statefulsetBackup.optional(),
});

const cloudnativepgDatabase = z.strictObject({
  /** A CloudNativePG `Cluster`: replicated PostgreSQL with failover, run by the operator. */
  mode: z.literal('cloudnativepg'),
  /** PostgreSQL instances (one primary, the rest streaming replicas). */
  instances: z.int().min(1).max(9).default(CLOUDNATIVEPG_CLUSTER_DEFAULTS.instances),
  /** Database the operator creates at initdb. */
  database: postgresIdentifier.default(CLOUDNATIVEPG_CLUSTER_DEFAULTS.database),
  /** Role that owns it (the app connects as this role). */
  owner: postgresIdentifier.default(CLOUDNATIVEPG_CLUSTER_DEFAULTS.owner),
  /** Each instance's volume. @default 20Gi on the default StorageClass */
  storage: storage.prefault({ size: CLOUDNATIVEPG_CLUSTER_DEFAULTS.storageSize }),
  /** @default CLOUDNATIVEPG_CLUSTER_DEFAULTS.resources */
  resources: resourcesWithDefault(CLOUDNATIVEPG_CLUSTER_DEFAULTS.resources),
  /** WAL archiving and scheduled base backups; required in production. */
  backup: cloudnativepgBackup.optional(),
});

const externalDatabase = z.strictObject({
  /** A database outside the cluster, known only through a Secret (its keys: docs/charts.md, Secrets). */
  mode: z.literal('external'),
  /** Secret in the namespace with the connection settings. */
  secretName: dnsSubdomain,
  /** Where the database is, for the egress NetworkPolicy. */
  cidrs: distinctList(cidr, 'network').min(1, 'needs at least one network: the app may reach nothing else'),
  /** Port the database listens on. @default 5432 */
  port: networkPort.default(EXTERNAL_DATABASE_DEFAULTS.port),
  /** Key of the connection settings in the secret store, when secrets come from External Secrets. */
  remoteKey: storeKey.optional(),
  /** The provider takes scheduled backups (say so explicitly: production requires backups). */
  backupsManagedByProvider: z.boolean().default(false),
});

export const database = z.discriminatedUnion('mode', [statefulsetDatabase, cloudnativepgDatabase, externalDatabase], {
  error: 'mode must be one of: statefulset, cloudnativepg, external',
});
