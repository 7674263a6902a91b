/**
 * The props of `DjangoStack`, in the stack's own terms. Each section is built from the props of
 * the construct it configures (`Pick<DjangoWebProps, ...>`...), so a construct's documentation and
 * defaults are the stack's; the environment file's schema (lib/config/) fills the same defaults.
 */
import type { AppContract } from '../app/app-contract';
import type { IngressProps } from '../common/component-ingress';
import type { ContainerImage } from '../common/images';
import type { CloudNativePgClusterProps } from '../backing/cloudnativepg-cluster';
import type { MailCatcherProps } from '../backing/mail-catcher';
import type { PostgresStatefulSetProps } from '../backing/postgres-statefulset';
import type { RedisProps } from '../backing/redis';
import type { CeleryBeatProps } from '../django/celery-beat';
import type { CeleryWorkerProps } from '../django/celery-worker';
import type { DjangoSettingsProps } from '../django/django-settings';
import type { DjangoWebProps } from '../django/django-web';
import type { FlowerProps } from '../django/flower';
import type { MediaVolumeProps } from '../django/media-volume';
import type { MigrationJobProps } from '../django/migration-job';
import type { DocsSiteProps } from '../docs/docs-site';
import type { DnsServers, ExternalEgress, ForeignPods } from '../platform/network-policies';
import type { SyncedSecretProps } from '../platform/synced-secret';
import type { WorkloadIdentityProps } from '../platform/workload-identity';

/** Images of the stack. The backing services' default to the versions this project tested. */
export interface StackImages {
  /** The Django image: web, workers, beat, Flower, migrations and the smoke test. */
  readonly app: ContainerImage;
  /** @default DEFAULT_IMAGES.postgres (official image, current 16.x patch release) */
  readonly postgres?: ContainerImage;
  /** @default DEFAULT_IMAGES.redis */
  readonly redis?: ContainerImage;
  /** @default DEFAULT_IMAGES.mailpit */
  readonly mailpit?: ContainerImage;
  /** @default DEFAULT_IMAGES.mailhog */
  readonly mailhog?: ContainerImage;
  /** PostgreSQL operand image of CloudNativePG. @default DEFAULT_IMAGES.cloudnativepg */
  readonly cloudnativepg?: ContainerImage;
}

/** Django's own settings. */
export interface StackDjangoProps extends Pick<DjangoSettingsProps, 'sentryEnvironment' | 'extraSettings'> {
  /** `DJANGO_SETTINGS_MODULE`: one of the contract's. @default the contract's first settings module */
  readonly settingsModule?: string;
  /** Hosts Django serves; the first is sent by probes and the smoke test. @default the web Ingress hosts */
  readonly allowedHosts?: readonly string[];
}

/** The web process (gunicorn), as `DjangoWeb` takes it. */
export interface StackWebProps extends Pick<
  DjangoWebProps,
  | 'port'
  | 'replicas'
  | 'autoscaling'
  | 'concurrency'
  | 'healthPath'
  | 'drainSeconds'
  | 'serviceType'
  | 'nodePort'
  | 'resources'
> {
  /** Public entry, routed through the cluster's IngressClass. @default none (in-cluster or NodePort only) */
  readonly ingress?: IngressProps;
}

export type StackWorkerProps = Pick<
  CeleryWorkerProps,
  'replicas' | 'concurrency' | 'terminationGracePeriodSeconds' | 'resources'
>;
export type StackBeatProps = Pick<CeleryBeatProps, 'scheduler' | 'resources'>;
export type StackMigrationProps = Pick<MigrationJobProps, 'activeDeadlineSeconds' | 'backoffLimit' | 'resources'>;

export interface StackFlowerProps extends Pick<FlowerProps, 'resources'> {
  /** @default none: reachable in the namespace only (`kubectl port-forward`) */
  readonly ingress?: IngressProps;
}

export interface StackDocsProps extends Pick<DocsSiteProps, 'replicas' | 'resources'> {
  /** Sphinx HTML on nginx-unprivileged. */
  readonly image: ContainerImage;
  /** @default none */
  readonly ingress?: IngressProps;
}

/** PostgreSQL in the namespace: a StatefulSet from the official image. */
export interface StatefulSetDatabaseProps
  extends
    Partial<Pick<PostgresStatefulSetProps, 'database' | 'storageSize' | 'resources'>>,
    Pick<PostgresStatefulSetProps, 'storageClassName'> {
  readonly mode: 'statefulset';
  /** Nightly `pg_dump` to a volume. @default none */
  readonly backup?: {
    /** @default POSTGRES_BACKUP_DEFAULTS.schedule */
    readonly schedule?: string;
    /** @default POSTGRES_BACKUP_DEFAULTS.retentionDays */
    readonly retentionDays?: number;
    /** @default a volume of POSTGRES_BACKUP_DEFAULTS.storageSize on the default StorageClass */
    readonly storage?: { readonly size: string; readonly storageClassName?: string };
  };
}

/** A CloudNativePG `Cluster`, run by the operator the platform installed. */
export interface CloudNativePgDatabaseProps
  extends
    Partial<Pick<CloudNativePgClusterProps, 'database' | 'owner' | 'storageSize'>>,
    Pick<CloudNativePgClusterProps, 'instances' | 'storageClassName' | 'resources' | 'backup' | 'network'> {
  readonly mode: 'cloudnativepg';
}

/** A database outside the cluster, known by a Secret. */
export interface ExternalDatabaseProps {
  readonly mode: 'external';
  /** Secret with the connection settings (its keys: docs/charts.md, Secrets). */
  readonly secretName: string;
  /** Where it is, for the egress NetworkPolicy. */
  readonly cidrs: readonly string[];
  /** @default 5432 */
  readonly port?: number;
  /** Key of the connection settings in the secret store, synced like the app Secret. @default none */
  readonly remoteKey?: string;
}

export type StackDatabaseProps = StatefulSetDatabaseProps | CloudNativePgDatabaseProps | ExternalDatabaseProps;

/** Where the app's secret keys come from. */
export interface StackSecretsProps {
  /** The Secret the pods read (it must exist unless `external` syncs it). */
  readonly name: string;
  /** Sync it from a secret store with External Secrets. @default none: the Secret exists already */
  readonly external?: Pick<SyncedSecretProps, 'storeName' | 'remoteKey' | 'refreshInterval'>;
}

/**
 * Mail. The provider's own settings (a domain, an API key) are the contract's settings like any
 * other; this is only the development catcher that swallows every mail.
 */
export interface StackMailProps {
  /** A mail catcher instead of the world. Never in production. @default none */
  readonly catcher?: Partial<Pick<MailCatcherProps, 'kind' | 'resources'>>;
}

/** What the cluster provides, decided by the platform team. */
export interface StackPlatformProps {
  /** IngressClass of every Ingress. */
  readonly ingressClassName: string;
  /** Where the ingress controller runs: only it may reach the public components. */
  readonly ingressController: ForeignPods;
  /** Cluster DNS, which every pod may query. */
  readonly dns: DnsServers;
  /**
   * How the cluster's ACME issuers prove a host: with `http01`, an Ingress with a `clusterIssuer`
   * lets the ingress controller reach cert-manager's solver pods. @default 'http01'
   */
  readonly acmeChallenge?: 'http01' | 'dns01';
}

export interface DjangoStackProps {
  /** Product name, prefix of every object name (`acme`). */
  readonly product: string;
  /** Environment name (`production`); the Helm release is `<product>-<environment>`. */
  readonly environment: string;
  /** Namespace of every object (created by ArgoCD or the operator, never by the chart). */
  readonly namespace: string;
  /** What the app image needs and what it runs (config/app.yaml for the YAML configuration). */
  readonly app: AppContract;
  readonly images: StackImages;
  /** Secrets of type kubernetes.io/dockerconfigjson for the app and docs images. @default none */
  readonly imagePullSecrets?: readonly string[];
  readonly django?: StackDjangoProps;
  readonly secrets: StackSecretsProps;
  /** @default no mail catcher */
  readonly mail?: StackMailProps;
  /** @default DJANGO_WEB_DEFAULTS */
  readonly web?: StackWebProps;
  /** Celery workers, when the contract has Celery. @default CELERY_WORKER_DEFAULTS */
  readonly worker?: StackWorkerProps;
  /** Celery beat, when the contract runs it. @default CELERY_BEAT_DEFAULTS */
  readonly beat?: StackBeatProps;
  /** Flower when the contract runs it, or `false` for none. @default FLOWER_DEFAULTS, without an Ingress */
  readonly flower?: StackFlowerProps | false;
  /** The documentation site (only for a contract with `processes.docs`). @default none */
  readonly docs?: StackDocsProps;
  /** @default MIGRATION_JOB_DEFAULTS */
  readonly migrations?: StackMigrationProps;
  readonly database: StackDatabaseProps;
  /** Redis, run only when the contract reads a Redis URL. @default REDIS_DEFAULTS, without persistence */
  readonly redis?: Pick<RedisProps, 'resources' | 'persistentStorageSize' | 'storageClassName'>;
  /** A volume at MEDIA_ROOT for uploads. @default none (the seed has no upload fields) */
  readonly media?: Partial<Pick<MediaVolumeProps, 'size' | 'storageClassName' | 'accessMode'>>;
  /** Traffic to the outside world, per component; nothing else leaves the namespace. @default none */
  readonly egress?: readonly ExternalEgress[];
  /**
   * Cloud workload identity for some Django components (their ServiceAccount annotations, pod
   * labels and the egress to the provider's API); components the stack does not run are skipped.
   * @default none
   */
  readonly cloudIdentity?: WorkloadIdentityProps;
  readonly availability?: Pick<DjangoWebProps, 'spreadAcrossZones' | 'priorityClassName'>;
  readonly platform: StackPlatformProps;
}
