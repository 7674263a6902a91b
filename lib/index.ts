/**
 * The construct library: `DjangoStack` for a whole cookiecutter-django product, and every
 * construct it is built from, for those who assemble their own.
 */
export { DjangoStack } from './stack/django-stack';
export type * from './stack/django-stack-props';
export { DEFAULT_IMAGES } from './stack/default-images';

export { COMPONENTS, type ComponentName, type ComponentTraits, SYNC_STAGES, type SyncStage } from './common/components';
export { stackContext, type StackContext, type ComponentIdentity } from './common/stack-context';
export { containerResources, EPHEMERAL_STORAGE_DEFAULTS, type ContainerResources } from './common/resources';
export type { ContainerImage } from './common/images';
export type { IngressProps } from './common/component-ingress';
export { MountedFile, type MountedFileProps } from './common/mounted-file';
// The environment file's shapes of the same blocks (lib/config checks them against the props types).
export type { ImageConfig, IngressConfig, ResourcesConfig } from './config/primitives';

export type * from './app/app-contract';
export { APP_PROCESSES, CHART_VALUES, DATABASE_CONNECTIONS, SETTING_SOURCES, runsProcess } from './app/app-contract';
export { appProcesses, settingsOf, buildTimeSettings, type AppProcess } from './app/app-processes';

export { DjangoSettings, type DjangoSettingsProps, type MailCatcherRoute } from './django/django-settings';
export { DjangoWeb, DJANGO_WEB_DEFAULTS, type DjangoWebProps, type WebAutoscaling } from './django/django-web';
export { CeleryWorker, CELERY_WORKER_DEFAULTS, type CeleryWorkerProps } from './django/celery-worker';
export { CeleryBeat, CELERY_BEAT_DEFAULTS, type CeleryBeatProps } from './django/celery-beat';
export { CeleryProbes } from './django/celery-probes';
export { GunicornConfig } from './django/gunicorn-config';
export { Flower, FLOWER_DEFAULTS, type FlowerProps } from './django/flower';
export { MediaVolume, MEDIA_VOLUME_DEFAULTS, type MediaVolumeProps } from './django/media-volume';
export { type DjangoCommandJobProps } from './django/django-command-job';
export { MigrationJob, MIGRATION_JOB_DEFAULTS, type MigrationJobProps } from './django/migration-job';
export { SmokeTestJob, type SmokeTestJobProps } from './django/smoke-test-job';
export { DocsSite, DOCS_SITE_DEFAULTS, type DocsSiteProps } from './docs/docs-site';

export type { DatabaseBackend } from './backing/database-backend';
export {
  PostgresStatefulSet,
  POSTGRES_STATEFULSET_DEFAULTS,
  type PostgresStatefulSetProps,
} from './backing/postgres-statefulset';
export { PostgresBackup, POSTGRES_BACKUP_DEFAULTS, type PostgresBackupProps } from './backing/postgres-backup';
export {
  CloudNativePgCluster,
  CLOUDNATIVEPG_CLUSTER_DEFAULTS,
  type CloudNativePgClusterProps,
} from './backing/cloudnativepg-cluster';
export { ExternalDatabase, EXTERNAL_DATABASE_DEFAULTS } from './backing/external-database';
export { Redis, REDIS_DEFAULTS, type RedisProps } from './backing/redis';
export { MailCatcher, MAIL_CATCHER_DEFAULTS, type MailCatcherProps } from './backing/mail-catcher';

export {
  AppNetworkPolicies,
  type AppNetworkPoliciesProps,
  type Connection,
  type DnsServers,
  type ExternalEgress,
  type ForeignPods,
  type NetworkPeer,
  type PublicComponent,
} from './platform/network-policies';
export { SyncedSecret, SYNCED_SECRET_DEFAULTS, type SyncedSecretProps } from './platform/synced-secret';
