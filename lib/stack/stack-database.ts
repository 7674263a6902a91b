/**
 * The database of a `DjangoStack`, whichever backend the props choose, and the components that
 * connect to it.
 */
import type { Construct } from 'constructs';
import { CLOUDNATIVEPG_CLUSTER_DEFAULTS, CloudNativePgCluster } from '../backing/cloudnativepg-cluster';
import type { DatabaseBackend } from '../backing/database-backend';
import { EXTERNAL_DATABASE_DEFAULTS, ExternalDatabase } from '../backing/external-database';
import { POSTGRES_BACKUP_DEFAULTS, PostgresBackup } from '../backing/postgres-backup';
import { POSTGRES_STATEFULSET_DEFAULTS, PostgresStatefulSet } from '../backing/postgres-statefulset';
import { databaseClients } from '../common/components';
import { imageReference, type ContainerImage } from '../common/images';
import type { StackContext } from '../common/stack-context';
import { DEFAULT_IMAGES } from './default-images';
import type { DjangoStackProps, StackDatabaseProps } from './django-stack-props';

/** The database backend, with its dump backup when the in-namespace StatefulSet has one. */
export function stackDatabase(
  scope: Construct,
  ctx: StackContext,
  props: DjangoStackProps,
): { backend: DatabaseBackend; clients: string[] } {
  const db = props.database;
  if (db.mode === 'external') {
    return {
      backend: new ExternalDatabase(db.secretName, {
        cidrs: db.cidrs,
        port: db.port ?? EXTERNAL_DATABASE_DEFAULTS.port,
      }),
      clients: databaseClients(false),
    };
  }
  const availability = props.availability ?? {};
  if (db.mode === 'cloudnativepg') {
    const image = props.images.cloudnativepg ?? DEFAULT_IMAGES.cloudnativepg;
    const backend = new CloudNativePgCluster(scope, 'Postgres', {
      ctx,
      image: imageReference(image),
      version: image.tag,
      instances: db.instances,
      database: db.database ?? CLOUDNATIVEPG_CLUSTER_DEFAULTS.database,
      owner: db.owner ?? CLOUDNATIVEPG_CLUSTER_DEFAULTS.owner,
      storageSize: db.storageSize ?? CLOUDNATIVEPG_CLUSTER_DEFAULTS.storageSize,
      storageClassName: db.storageClassName,
      resources: db.resources,
      backup: db.backup,
      priorityClassName: availability.priorityClassName,
      spreadAcrossZones: availability.spreadAcrossZones,
      network: db.network,
    });
    return { backend, clients: databaseClients(false) };
  }
  const image: ContainerImage = props.images.postgres ?? DEFAULT_IMAGES.postgres;
  const database = db.database ?? POSTGRES_STATEFULSET_DEFAULTS.database;
  const postgres = new PostgresStatefulSet(scope, 'Postgres', {
    ctx,
    image: imageReference(image),
    version: image.tag,
    resources: db.resources,
    database,
    secretName: props.secrets.name,
    storageSize: db.storageSize ?? POSTGRES_STATEFULSET_DEFAULTS.storageSize,
    storageClassName: db.storageClassName,
  });
  if (db.backup) {
    new PostgresBackup(scope, 'PostgresBackup', {
      ctx,
      image: imageReference(image),
      version: image.tag,
      host: postgres.service.name,
      database,
      secretName: props.secrets.name,
      storage: db.backup.storage ?? { size: POSTGRES_BACKUP_DEFAULTS.storageSize },
      schedule: db.backup.schedule ?? POSTGRES_BACKUP_DEFAULTS.schedule,
      retentionDays: db.backup.retentionDays ?? POSTGRES_BACKUP_DEFAULTS.retentionDays,
    });
  }
  return { backend: postgres, clients: databaseClients(db.backup !== undefined) };
}

/** The database's own Secret, synced from the store, when it is external and secrets are synced. */
export function databaseRemoteKey(db: StackDatabaseProps): { secretName: string; remoteKey: string } | undefined {
  return db.mode === 'external' && db.remoteKey !== undefined
    ? { secretName: db.secretName, remoteKey: db.remoteKey }
    : undefined;
}
