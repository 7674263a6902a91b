import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { containerResources, type ContainerResources } from '../common/resources';
import { ComponentService } from '../common/component-service';
import { envFromSecret, envValue, hardenedPodSpec, shellProbe } from '../common/pod';
import { POSTGRES_USER } from '../common/security';
import { ComponentServiceAccount } from '../common/service-account';
import {
  componentMetadata,
  recommendedLabels,
  selectorLabels,
  type ComponentIdentity,
  type StackContext,
} from '../common/stack-context';
import { APP_SECRET_KEYS } from '../app/app-secret';
import { retainOnDelete } from '../platform/retention';
import type { NetworkPeer } from '../platform/network-policies';
import type { DatabaseBackend } from './database-backend';

export const POSTGRES_PORT = 5432;
const DATA_DIR = '/var/lib/postgresql/data';

/** What PostgresStatefulSet does with a prop left out; the environment file's defaults are the same values. */
export const POSTGRES_STATEFULSET_DEFAULTS = {
  /** `POSTGRES_DB`. */
  database: 'app',
  storageSize: '10Gi',
  resources: containerResources('250m', '512Mi', '1', '1Gi'),
} as const;

export interface PostgresStatefulSetProps {
  readonly ctx: StackContext;
  readonly image: string;
  readonly version: string;
  /** @default POSTGRES_STATEFULSET_DEFAULTS.resources (250m/512Mi requested, 1 CPU/1Gi limits) */
  readonly resources?: ContainerResources;
  /** `POSTGRES_DB`. */
  readonly database: string;
  /** Secret with `POSTGRES_USER` and `POSTGRES_PASSWORD` (the app Secret). */
  readonly secretName: string;
  /** Size of the data volume. */
  readonly storageSize: string;
  /** @default the cluster's default StorageClass */
  readonly storageClassName?: string;
}

/**
 * `DATABASE_URL` of the in-cluster database, composed by the kubelet from the credentials in the
 * app Secret (`$(POSTGRES_USER)`, `$(POSTGRES_PASSWORD)`, declared before it in the container).
 * The kubelet does not URL-encode, so the in-cluster database's user and password must be
 * URL-safe (letters, digits, `-._~`); the example entrypoint refuses a URL that does not hold
 * them as they are. The database name is ours, encoded here.
 */
function composedDatabaseUrl(host: string, database: string): string {
  const { postgresUser, postgresPassword } = APP_SECRET_KEYS;
  return `postgres://$(${postgresUser}):$(${postgresPassword})@${host}:${POSTGRES_PORT}/${encodeURIComponent(database)}`;
}

/**
 * PostgreSQL from the official image in a one-replica StatefulSet with its own volume: the
 * simple option for development and staging. Production should prefer an operator.
 */
export class PostgresStatefulSet extends Construct implements DatabaseBackend {
  public readonly identity: ComponentIdentity;
  public readonly settings: Readonly<Record<string, string>>;
  public readonly secretEnv: readonly k8s.EnvVar[];
  public readonly databaseUrl: k8s.EnvVar;
  public readonly server: NetworkPeer;
  public readonly service: ComponentService;
  public readonly statefulSetName: string;
  private readonly ctx: StackContext;

  public constructor(scope: Construct, id: string, props: PostgresStatefulSetProps) {
    super(scope, id);
    const { ctx } = props;
    this.ctx = ctx;
    this.statefulSetName = `${ctx.product}-postgres`;
    this.identity = { component: 'database', software: 'postgresql', version: props.version };
    const serviceAccount = new ComponentServiceAccount(this, 'ServiceAccount', { ctx, id: this.identity });
    const credentials = [
      envFromSecret(APP_SECRET_KEYS.postgresUser, props.secretName),
      envFromSecret(APP_SECRET_KEYS.postgresPassword, props.secretName),
    ];
    const isReady = 'pg_isready -U "$POSTGRES_USER" -d "$POSTGRES_DB" -h 127.0.0.1 -p 5432';

    const headless = new ComponentService(this, 'HeadlessService', {
      ctx,
      id: this.identity,
      headless: true,
      ports: [{ name: 'postgresql', port: POSTGRES_PORT }],
    });
    this.service = new ComponentService(this, 'Service', {
      ctx,
      id: this.identity,
      name: `${ctx.product}-postgres`,
      ports: [{ name: 'postgresql', port: POSTGRES_PORT }],
    });

    const statefulSet = new k8s.KubeStatefulSet(this, 'StatefulSet', {
      metadata: componentMetadata(ctx, this.identity, this.statefulSetName),
      spec: {
        replicas: 1,
        serviceName: headless.name,
        podManagementPolicy: 'OrderedReady',
        updateStrategy: { type: 'RollingUpdate' },
        selector: { matchLabels: selectorLabels(ctx, this.identity) },
        template: {
          metadata: { labels: recommendedLabels(ctx, this.identity) },
          spec: hardenedPodSpec({
            serviceAccountName: serviceAccount.name,
            user: POSTGRES_USER,
            // A fast shutdown checkpoint must finish before SIGKILL, or the next start replays WAL.
            terminationGracePeriodSeconds: 60,
            containers: [
              {
                name: 'postgres',
                image: props.image,
                ports: [{ name: 'postgresql', containerPort: POSTGRES_PORT, protocol: 'TCP' }],
                env: [
                  envValue('POSTGRES_DB', props.database),
                  ...credentials,
                  // initdb refuses a mount point that holds lost+found: use a subfolder.
                  envValue('PGDATA', `${DATA_DIR}/pgdata`),
                ],
                resources: props.resources ?? POSTGRES_STATEFULSET_DEFAULTS.resources,
                startupProbe: shellProbe(isReady, { periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 60 }),
                readinessProbe: shellProbe(isReady, { periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 }),
                livenessProbe: shellProbe(isReady, { periodSeconds: 30, timeoutSeconds: 10, failureThreshold: 6 }),
                // Only its own data: the dumps live on the backup job's volume (PostgresBackup), so
                // a database pod moving to another node never waits on a claim a dump holds.
                volumeMounts: [{ name: 'data', mountPath: DATA_DIR }],
                writablePaths: [
                  { name: 'run', mountPath: '/var/run/postgresql', sizeLimit: '16Mi' },
                  { name: 'tmp', mountPath: '/tmp', sizeLimit: '256Mi' },
                  // The container runtime's 64 MiB /dev/shm is too small for parallel queries.
                  { name: 'shm', mountPath: '/dev/shm', sizeLimit: '256Mi', inMemory: true },
                ],
              },
            ],
          }),
        },
        volumeClaimTemplates: [this.claim('data', props.storageSize, props.storageClassName)],
        // The volumes outlive the StatefulSet (the API server's default, stated so nobody has to know).
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      },
    });
    retainOnDelete(statefulSet);

    this.settings = {
      POSTGRES_HOST: this.service.name,
      POSTGRES_PORT: String(POSTGRES_PORT),
      POSTGRES_DB: props.database,
    };
    this.secretEnv = credentials;
    this.databaseUrl = envValue('DATABASE_URL', composedDatabaseUrl(this.service.name, props.database));
    this.server = { podLabels: selectorLabels(ctx, this.identity), port: POSTGRES_PORT };
  }

  private claim(name: string, size: string, storageClassName: string | undefined): k8s.KubePersistentVolumeClaimProps {
    return {
      metadata: { name, labels: recommendedLabels(this.ctx, { ...this.identity, version: undefined }) },
      spec: {
        accessModes: ['ReadWriteOnce'],
        // volumeClaimTemplates is an atomic list: a default the API server adds inside it
        // (core/v1 SetDefaults_PersistentVolumeClaimSpec) would read as a diff, so it is stated.
        volumeMode: 'Filesystem',
        storageClassName,
        resources: { requests: { storage: k8s.Quantity.fromString(size) } },
      },
    };
  }
}
