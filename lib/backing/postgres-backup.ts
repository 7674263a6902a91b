import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { envFromSecret, envValue, hardenedPodSpec } from '../common/pod';
import { POSTGRES_USER } from '../common/security';
import { ComponentServiceAccount } from '../common/service-account';
import {
  componentMetadata,
  recommendedLabels,
  type ComponentIdentity,
  type StackContext,
} from '../common/stack-context';
import { APP_SECRET_KEYS } from '../django/app-secret';
import { BACKUP_DIR, POSTGRES_PORT } from './postgres-statefulset';

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
  /** The StatefulSet's backup claim (`backups-<statefulset>-0`). */
  readonly claimName: string;
  /** Labels of the database pod: the job runs on its node, where the ReadWriteOnce claim is attached. */
  readonly databasePodLabels: Record<string, string>;
  /** 5-field cron schedule. */
  readonly schedule: string;
  /** Dumps older than this many days are deleted. */
  readonly retentionDays: number;
}

/**
 * A nightly `pg_dump` of the in-cluster database to its backup volume, one at a time, pruned to
 * the retention period. A dump is written under a temporary name and renamed when complete, so a
 * failed run never leaves a truncated file that looks like a backup.
 */
export class PostgresBackup extends Construct {
  public readonly identity: ComponentIdentity;

  public constructor(scope: Construct, id: string, props: PostgresBackupProps) {
    super(scope, id);
    const { ctx } = props;
    this.identity = { component: 'database-backup', software: 'postgresql', version: props.version };
    const serviceAccount = new ComponentServiceAccount(this, 'ServiceAccount', { ctx, id: this.identity });
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
                        labelSelector: { matchLabels: props.databasePodLabels },
                      },
                    ],
                  },
                },
                volumes: [{ name: 'backups', persistentVolumeClaim: { claimName: props.claimName } }],
                containers: [
                  {
                    name: 'pg-dump',
                    image: props.image,
                    command: ['sh', '-c', script],
                    env: [
                      envValue('PGHOST', props.host),
                      envValue('PGPORT', String(POSTGRES_PORT)),
                      envValue('POSTGRES_DB', props.database),
                      envFromSecret(APP_SECRET_KEYS.postgresUser, props.secretName),
                      envFromSecret('PGPASSWORD', props.secretName, APP_SECRET_KEYS.postgresPassword),
                    ],
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
}
