import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
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
import { POSTGRES_PORT } from './postgres-statefulset';

/** Mount path of the backup volume in the job and the store pod. */
export const BACKUP_DIR = '/backups';

/** The dump backup's defaults; the environment file's defaults are the same values. */
export const POSTGRES_BACKUP_DEFAULTS = {
  /** Nightly, at a quarter past three (the controller's time zone). */
  schedule: '15 3 * * *',
  retentionDays: 7,
  storageSize: '20Gi',
} as const;

export interface PostgresBackupProps {
  readonly ctx: StackContext;
  /** The postgres image (same major version as the server, for a compatible pg_dump). */
  readonly image: string;
  readonly version: string;
  /** Service of the database. */
  readonly host: string;
  readonly database: string;
  /** Secret with `POSTGRES_USER` and `POSTGRES_PASSWORD`. */
  readonly secretName: string;
  /** The volume the dumps are kept on. */
  readonly storage: { readonly size: string; readonly storageClassName?: string };
  /** 5-field cron schedule. */
  readonly schedule: string;
  /** Dumps older than this many days are deleted. */
  readonly retentionDays: number;
}

/**
 * A nightly `pg_dump` of the in-cluster database to a volume of its own, one at a time, pruned to
 * the retention period. A dump is written under a temporary name and renamed when complete, so a
 * failed run never leaves a truncated file that looks like a backup.
 *
 * The volume is claimed by a one-pod StatefulSet, the backup store, not by the database: its pod
 * binds the claim as soon as it is scheduled (a standalone claim would stay Pending under a
 * WaitForFirstConsumer StorageClass until the first night and hold the ArgoCD sync, argo-cd#12840),
 * and it is where an operator lists and restores dumps (`kubectl exec` has pg_restore). The job
 * runs on the store's node, where the ReadWriteOnce volume is attached. The database pod mounts
 * only its own data, so it never waits for a Multi-Attach while a dump runs.
 */
export class PostgresBackup extends Construct {
  public readonly identity: ComponentIdentity;

  public constructor(scope: Construct, id: string, props: PostgresBackupProps) {
    super(scope, id);
    const { ctx } = props;
    this.identity = { component: 'database-backup', software: 'postgresql', version: props.version };
    const serviceAccount = new ComponentServiceAccount(this, 'ServiceAccount', { ctx, id: this.identity });
    const store = this.store(props);
    const script = [
      'set -eu',
      `target="${BACKUP_DIR}/$POSTGRES_DB-$(date -u +%Y%m%dT%H%M%SZ).dump"`,
      'pg_dump --host="$PGHOST" --port="$PGPORT" --username="$POSTGRES_USER" --dbname="$POSTGRES_DB" --format=custom --file="$target.partial"',
      'mv "$target.partial" "$target"',
      `find ${BACKUP_DIR} -name '*.dump' -mtime +${props.retentionDays} -print -delete`,
      `find ${BACKUP_DIR} -name '*.partial' -mmin +60 -delete`,
      'ls -l "$target"',
    ].join('\n');
    new k8s.KubeCronJob(this, 'CronJob', {
      metadata: componentMetadata(ctx, this.identity),
      spec: {
        schedule: props.schedule,
        timeZone: 'Etc/UTC',
        concurrencyPolicy: 'Forbid',
        // A run missed by more than an hour (controller down) is skipped, not run late in the day.
        startingDeadlineSeconds: 3600,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          metadata: { labels: recommendedLabels(ctx, this.identity) },
          spec: {
            backoffLimit: 2,
            activeDeadlineSeconds: 3 * 3600,
            ttlSecondsAfterFinished: 7 * 86400,
            template: {
              metadata: { labels: recommendedLabels(ctx, this.identity) },
              spec: hardenedPodSpec({
                serviceAccountName: serviceAccount.name,
                user: POSTGRES_USER,
                restartPolicy: 'Never',
                affinity: {
                  podAffinity: {
                    requiredDuringSchedulingIgnoredDuringExecution: [
                      {
                        topologyKey: 'kubernetes.io/hostname',
                        labelSelector: { matchLabels: store.podLabels },
                      },
                    ],
                  },
                },
                volumes: [{ name: 'backups', persistentVolumeClaim: { claimName: store.claimName } }],
                containers: [
                  {
                    name: 'pg-dump',
                    image: props.image,
                    command: ['sh', '-c', script],
                    env: connectionEnv(props),
                    resources: {
                      requests: { cpu: '100m', memory: '128Mi', 'ephemeral-storage': '64Mi' },
                      limits: { cpu: '1', memory: '512Mi', 'ephemeral-storage': '256Mi' },
                    },
                    volumeMounts: [{ name: 'backups', mountPath: BACKUP_DIR }],
                    writablePaths: [{ name: 'tmp', mountPath: '/tmp', sizeLimit: '64Mi' }],
                  },
                ],
              }),
            },
          },
        },
      },
    });
  }

  /**
   * The backup store: one idle pod from the same postgres image that holds the backup claim.
   * Its claim (a volumeClaimTemplate) is never deleted with the StatefulSet.
   */
  private store(props: PostgresBackupProps): { podLabels: Record<string, string>; claimName: string } {
    const { ctx } = props;
    const id: ComponentIdentity = { component: 'backup-store', software: 'postgresql', version: props.version };
    const name = `${ctx.product}-backup-store`;
    const serviceAccount = new ComponentServiceAccount(this, 'StoreServiceAccount', { ctx, id });
    const podLabels = selectorLabels(ctx, id);
    // A StatefulSet names its governing Service; the store serves nothing, so it has no ports.
    const headless = new ComponentService(this, 'StoreHeadlessService', { ctx, id, headless: true, ports: [] });
    const ready = `test -d ${BACKUP_DIR} && test -w ${BACKUP_DIR}`;
    new k8s.KubeStatefulSet(this, 'Store', {
      metadata: componentMetadata(ctx, id, name),
      spec: {
        replicas: 1,
        serviceName: headless.name,
        updateStrategy: { type: 'RollingUpdate' },
        selector: { matchLabels: podLabels },
        template: {
          metadata: { labels: recommendedLabels(ctx, id) },
          spec: hardenedPodSpec({
            serviceAccountName: serviceAccount.name,
            user: POSTGRES_USER,
            terminationGracePeriodSeconds: 5,
            containers: [
              {
                name: 'store',
                image: props.image,
                // Idles until stopped; SIGTERM ends the sleep at once.
                command: ['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 3600 & wait $!; done'],
                // For a restore by hand: kubectl exec ... -- pg_restore --clean --if-exists
                //   --username="$POSTGRES_USER" --dbname="$POSTGRES_DB" /backups/<file>.dump
                env: connectionEnv(props),
                resources: {
                  requests: { cpu: '10m', memory: '16Mi', 'ephemeral-storage': '16Mi' },
                  limits: { cpu: '100m', memory: '64Mi', 'ephemeral-storage': '64Mi' },
                },
                readinessProbe: shellProbe(ready, { periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 3 }),
                livenessProbe: shellProbe(ready, { periodSeconds: 60, timeoutSeconds: 5, failureThreshold: 3 }),
                volumeMounts: [{ name: 'backups', mountPath: BACKUP_DIR }],
                writablePaths: [{ name: 'tmp', mountPath: '/tmp', sizeLimit: '16Mi' }],
              },
            ],
          }),
        },
        // The dumps outlive the StatefulSet (the API server's default, stated).
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
        volumeClaimTemplates: [
          {
            metadata: { name: 'backups', labels: recommendedLabels(ctx, { ...id, version: undefined }) },
            spec: {
              accessModes: ['ReadWriteOnce'],
              // The API server's default, stated: volumeClaimTemplates is an atomic list.
              volumeMode: 'Filesystem',
              storageClassName: props.storage.storageClassName,
              resources: { requests: { storage: k8s.Quantity.fromString(props.storage.size) } },
            },
          },
        ],
      },
    });
    return { podLabels, claimName: `backups-${name}-0` };
  }
}

/** How the job and the store reach the database (libpq's PGHOST, PGPORT, PGPASSWORD). */
function connectionEnv(props: PostgresBackupProps): k8s.EnvVar[] {
  return [
    envValue('PGHOST', props.host),
    envValue('PGPORT', String(POSTGRES_PORT)),
    envValue('POSTGRES_DB', props.database),
    envFromSecret(APP_SECRET_KEYS.postgresUser, props.secretName),
    envFromSecret('PGPASSWORD', props.secretName, APP_SECRET_KEYS.postgresPassword),
  ];
}
