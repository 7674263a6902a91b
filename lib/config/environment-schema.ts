/**
 * The schema of one environment file (`config/environments/<env>.yaml`). It is the single
 * source of truth: the TypeScript types below are inferred from it, so the constructs can only
 * read what the file was checked to contain.
 */
import { z } from 'zod';
import { CONFIG_KEYS, EGRESS_COMPONENTS, PUBLIC_COMPONENTS } from '../common/components';
import { looksSecret } from '../common/secret-names';
import { DEFAULT_IMAGES } from '../stack/default-images';
import { DJANGO_SETTINGS_DEFAULTS } from '../django/django-settings';
import { CLOUDNATIVEPG_CLUSTER_DEFAULTS } from '../backing/cloudnativepg-cluster';
import { EXTERNAL_DATABASE_DEFAULTS } from '../backing/external-database';
import { MAIL_CATCHER_DEFAULTS } from '../backing/mail-catcher';
import { POSTGRES_BACKUP_DEFAULTS } from '../backing/postgres-backup';
import { POSTGRES_STATEFULSET_DEFAULTS } from '../backing/postgres-statefulset';
import { REDIS_DEFAULTS } from '../backing/redis';
import { CELERY_BEAT_DEFAULTS } from '../django/celery-beat';
import { CELERY_WORKER_DEFAULTS } from '../django/celery-worker';
import { DJANGO_WEB_DEFAULTS } from '../django/django-web';
import { FLOWER_DEFAULTS } from '../django/flower';
import { MEDIA_VOLUME_DEFAULTS } from '../django/media-volume';
import { MIGRATION_JOB_DEFAULTS } from '../django/migration-job';
import { DOCS_SITE_DEFAULTS } from '../docs/docs-site';
import { SYNCED_SECRET_DEFAULTS } from '../platform/synced-secret';
import { IN_CLUSTER, type ClusterConfig } from './cluster-schema';
import { parseCidr, isStrictSubnet } from '../common/cidr';
import { parseQuantity } from './quantities';
import { RESERVED_SETTINGS } from './reserved-settings';
import {
  byteQuantity,
  cronExpression,
  cidr,
  distinctList,
  duration,
  networkPort,
  dnsLabel,
  dnsSubdomain,
  hostName,
  image,
  ingress,
  port,
  replicas,
  type resources,
  resourcesWithDefault,
  semver,
} from './primitives';

const autoscaling = z.strictObject({
  minReplicas: replicas(50),
  maxReplicas: replicas(100),
  /** Average CPU utilisation, in percent of the request, that the HPA aims for. */
  targetCPUUtilizationPercentage: z.int().min(10).max(100).default(DJANGO_WEB_DEFAULTS.targetCPUUtilizationPercentage),
});

const web = z.strictObject({
  /** Port gunicorn binds; upstream cookiecutter moved to 5000, this app uses 8000. */
  port: port.default(DJANGO_WEB_DEFAULTS.port),
  /** Fixed replica count; ignored when `autoscaling` is set (the HPA owns the count). */
  replicas: replicas(50).default(DJANGO_WEB_DEFAULTS.replicas),
  autoscaling: autoscaling.optional(),
  /** gunicorn worker processes per pod (`WEB_CONCURRENCY`). */
  concurrency: z.int().min(1).max(32).default(DJANGO_WEB_DEFAULTS.concurrency),
  /** Path answered 200 by Django with production settings; probed with Host and X-Forwarded-Proto. */
  healthPath: z.string().regex(/^\/[A-Za-z0-9._~/-]*$/, 'must be an absolute URL path').default(DJANGO_WEB_DEFAULTS.healthPath),
  /** Seconds a stopping pod keeps serving while endpoints drain, before gunicorn gets SIGTERM. */
  drainSeconds: z.int().min(0).max(120).default(DJANGO_WEB_DEFAULTS.drainSeconds),
  service: z
    .strictObject({
      /** ClusterIP behind an Ingress (default), or NodePort as the seed's edge-proxy layout had it. */
      type: z.enum(['ClusterIP', 'NodePort']).default(DJANGO_WEB_DEFAULTS.serviceType),
      nodePort: z.int().min(30000).max(32767).optional(),
    })
    .prefault({}),
  ingress: ingress.optional(),
  resources: resourcesWithDefault(DJANGO_WEB_DEFAULTS.resources),
});

const worker = z.strictObject({
  replicas: replicas(50).default(CELERY_WORKER_DEFAULTS.replicas),
  /** Celery pool processes per pod. */
  concurrency: z.int().min(1).max(64).default(CELERY_WORKER_DEFAULTS.concurrency),
  /** Seconds a running task may take to finish after SIGTERM (Celery warm shutdown). */
  terminationGracePeriodSeconds: z.int().min(30).max(3600).default(CELERY_WORKER_DEFAULTS.terminationGracePeriodSeconds),
  resources: resourcesWithDefault(CELERY_WORKER_DEFAULTS.resources),
});

const beat = z.strictObject({
  /**
   * Where beat keeps its schedule: `database` is django-celery-beat's DatabaseScheduler (what
   * cookiecutter-django configures), `file` is Celery's own PersistentScheduler with a file in /tmp.
   */
  scheduler: z.enum(['database', 'file']).default(CELERY_BEAT_DEFAULTS.scheduler),
  resources: resourcesWithDefault(CELERY_BEAT_DEFAULTS.resources),
});

const flower = z.strictObject({
  enabled: z.boolean().default(true),
  ingress: ingress.optional(),
  resources: resourcesWithDefault(FLOWER_DEFAULTS.resources),
});

const docs = z.strictObject({
  enabled: z.boolean().default(true),
  replicas: replicas(10).default(DOCS_SITE_DEFAULTS.replicas),
  ingress: ingress.optional(),
  resources: resourcesWithDefault(DOCS_SITE_DEFAULTS.resources),
});

const migrations = z.strictObject({
  /** Upper bound for one `migrate` run; the Job fails (and the sync with it) past this. */
  activeDeadlineSeconds: z.int().min(60).max(7200).default(MIGRATION_JOB_DEFAULTS.activeDeadlineSeconds),
  /** Retries before the Job (and the sync) fails. */
  backoffLimit: z.int().min(0).max(10).default(MIGRATION_JOB_DEFAULTS.backoffLimit),
  resources: resourcesWithDefault(MIGRATION_JOB_DEFAULTS.resources),
});

const storage = z.strictObject({
  size: byteQuantity,
  /** StorageClass; the cluster default when unset. */
  storageClassName: dnsSubdomain.optional(),
});

const postgresIdentifier = z
  .string()
  .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a PostgreSQL identifier: lower-case letters, digits and _');

export { APP_COMPONENTS, EGRESS_COMPONENTS } from '../common/components';

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
  storage: storage.prefault({ size: POSTGRES_STATEFULSET_DEFAULTS.storageSize }),
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
  storage: storage.prefault({ size: CLOUDNATIVEPG_CLUSTER_DEFAULTS.storageSize }),
  resources: resourcesWithDefault(CLOUDNATIVEPG_CLUSTER_DEFAULTS.resources),
  backup: cloudnativepgBackup.optional(),
});

const externalDatabase = z.strictObject({
  /** A database outside the cluster, known only through a Secret (see README for its keys). */
  mode: z.literal('external'),
  secretName: dnsSubdomain,
  /** Where the database is, for the egress NetworkPolicy. */
  cidrs: distinctList(cidr, 'network').min(1, 'needs at least one network: the app may reach nothing else'),
  port: networkPort.default(EXTERNAL_DATABASE_DEFAULTS.port),
  /** Key of the connection settings in the secret store, when secrets come from External Secrets. */
  remoteKey: z.string().min(1).optional(),
  /** The provider takes scheduled backups (say so explicitly: production requires backups). */
  backupsManagedByProvider: z.boolean().default(false),
});

const database = z.discriminatedUnion('mode', [statefulsetDatabase, cloudnativepgDatabase, externalDatabase], {
  error: 'mode must be one of: statefulset, cloudnativepg, external',
});

const redis = z.strictObject({
  persistence: z
    .strictObject({
      /** Keep the append-only file on a volume; otherwise Redis is a cache that restarts empty. */
      enabled: z.boolean().default(false),
      size: byteQuantity.default(REDIS_DEFAULTS.persistentStorageSize),
      storageClassName: dnsSubdomain.optional(),
    })
    .prefault({}),
  resources: resourcesWithDefault(REDIS_DEFAULTS.resources),
});

const mailCatcher = z.strictObject({
  /** A development SMTP catcher that every outgoing mail goes to instead of the world. */
  enabled: z.boolean().default(false),
  /** Mailhog is what the seed used (unmaintained since 2020); Mailpit is its maintained successor. */
  kind: z.enum(['mailpit', 'mailhog']).default(MAIL_CATCHER_DEFAULTS.kind),
  resources: resourcesWithDefault(MAIL_CATCHER_DEFAULTS.resources),
});

const django = z.strictObject({
  settingsModule: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/, 'must be a dotted Python module path')
    .default(DJANGO_SETTINGS_DEFAULTS.settingsModule),
  /** Hosts Django serves; defaults to the web Ingress hosts. The first is used by probes. */
  allowedHosts: distinctList(hostName, 'host').min(1).optional(),
  /**
   * Mailgun sending domain (`MAILGUN_DOMAIN`, not a secret). Required in every environment: the
   * seed's production settings read it at import, even where a mail catcher receives the mail.
   */
  mailgunDomain: z
    .string({
      error: 'is required: the app reads MAILGUN_DOMAIN at import in every environment (see README, Deploying your own app)',
    })
    .pipe(hostName),
  /** `SENTRY_ENVIRONMENT`; defaults to the environment name. */
  sentryEnvironment: dnsLabel.optional(),
  /** Non-secret settings added to the ConfigMap. Secret-looking names are refused. */
  extraSettings: z
    .record(
      z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'setting names must be UPPER_SNAKE_CASE'),
      z.string(),
    )
    .default({}),
});

const media = z.strictObject({
  /**
   * A volume at Django's MEDIA_ROOT (the seed: /app/devops_interview_test/media, read-only in
   * the image). The seed has no upload fields, so it is off by default.
   */
  enabled: z.boolean().default(false),
  size: byteQuantity.default(MEDIA_VOLUME_DEFAULTS.size),
  storageClassName: dnsSubdomain.optional(),
  /** ReadWriteMany: shared by every web replica and the workers. ReadWriteOnce: one web pod only. */
  accessMode: z.enum(['ReadWriteMany', 'ReadWriteOnce']).default(MEDIA_VOLUME_DEFAULTS.accessMode),
});

const existingSecret = z.strictObject({
  /** An existing Secret in the namespace holding the app's secret keys (see README). */
  mode: z.literal('existing'),
  name: dnsSubdomain,
});

const externalSecret = z.strictObject({
  /** An ExternalSecret copies the keys from a secret store (Vault...) into a Secret of this name. */
  mode: z.literal('external-secrets'),
  name: dnsSubdomain,
  /** The ClusterSecretStore the platform provides (for example Vault with Kubernetes auth). */
  storeName: dnsSubdomain,
  /** Path of the app's keys in the store. */
  remoteKey: z.string().min(1),
  /** How often the operator re-reads the store. */
  refreshInterval: duration({
    seconds: true,
    example: '1h or 15m',
    // external-secrets.io/v1 ExternalSecret refreshInterval: "May be set to zero to fetch and create it once".
    zeroMeans: 'zero fetches the secret once, so a rotated value would never reach the pods',
  }).default(SYNCED_SECRET_DEFAULTS.refreshInterval),
});

const secrets = z.discriminatedUnion('mode', [existingSecret, externalSecret], {
  error: 'mode must be one of: existing, external-secrets',
});

const egressRule = z.strictObject({
  /** Name of the NetworkPolicy suffix: `<product>-egress-<name>`. */
  name: dnsLabel.max(40),
  /** Why the components need it (Mailgun, Sentry, object storage...). */
  description: z.string().min(1),
  components: distinctList(z.enum(EGRESS_COMPONENTS), 'component').min(1),
  cidrs: distinctList(cidr, 'network').min(1),
  /** Networks carved out of `cidrs` (the cluster's own ranges, say); each inside one of them. */
  except: distinctList(cidr, 'network').default([]),
  ports: distinctList(networkPort, 'port').min(1),
});

/** The cluster's ingress controller, DNS, API server and operators are in config/clusters/<name>.yaml. */
const network = z
  .strictObject({
    /** Traffic to the outside world, per component. Nothing else leaves the namespace. */
    egress: z.array(egressRule).default([]),
  })
  .prefault({});

/** A git branch, tag or commit as `targetRevision` accepts it (git check-ref-format, simplified). */
export const gitRevision = z
  .string()
  .min(1)
  .max(200)
  .regex(/^(?!\/|.*\/$|.*\.\.|.*\/\.|.*\.lock$|.*@\{)[A-Za-z0-9._/-]+$/, 'must be a git branch, tag or commit (no spaces, "..", or leading/trailing "/")');

const syncWindow = z.strictObject({
  /** `allow` opens the only times syncs may run; `deny` closes times they may not. */
  kind: z.enum(['allow', 'deny']),
  /** Cron schedule of the window's start (5 fields). */
  schedule: cronExpression(5, '0 8 * * 1-5'),
  /** Length of the window, such as 1h or 30m. */
  duration: duration({ seconds: false, example: '2h or 1h30m', zeroMeans: 'the window would never be open' }),
  /** IANA time zone of the schedule. @default UTC */
  timeZone: z
    .string()
    .refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin (ArgoCD loads it with Go\'s time.LoadLocation)')
    .default('UTC'),
  /** Let people sync by hand inside a deny window (or outside an allow window). @default false */
  manualSync: z.boolean().default(false),
});

const delivery = z
  .strictObject({
    /** Branch, tag or commit ArgoCD deploys this environment from. */
    targetRevision: gitRevision.default('main'),
    /**
     * Sync automatically on every commit (with prune and self-heal). Off means a person presses
     * sync. Defaults to on below production and off in production.
     */
    automated: z.boolean().optional(),
    /** Delete objects that left the chart, when syncing automatically. @default true */
    prune: z.boolean().default(true),
    /** Undo changes made to the cluster by hand, when syncing automatically. @default true */
    selfHeal: z.boolean().default(true),
    /** Times syncs may (allow) or may not (deny) happen. */
    syncWindows: z.array(syncWindow).default([]),
  })
  .prefault({});

const availability = z
  .strictObject({
    /** Spread replicas across zones (`topology.kubernetes.io/zone`) as well as nodes. */
    spreadAcrossZones: z.boolean().default(false),
    /** PriorityClass for the long-running pods. */
    priorityClassName: dnsSubdomain.optional(),
  })
  .prefault({});

export const environmentSchema = z
  .strictObject({
    /** Environment name; must equal the file name. */
    name: dnsLabel,
    /** What the environment is for: drives the guards (HA, no mail catcher in production). */
    tier: z.enum(['development', 'staging', 'production']),
    /**
     * The cluster it runs on: a file `config/clusters/<cluster>.yaml`, named as ArgoCD knows the
     * cluster. @default in-cluster (the cluster ArgoCD runs in)
     */
    cluster: dnsSubdomain.default(IN_CLUSTER),
    /** Unique among the environments of one cluster; the same namespace on two clusters is fine. */
    namespace: dnsLabel,
    chart: z.strictObject({
      /** Version of the generated Helm chart; bump on every change that reaches the cluster. */
      version: semver,
    }),
    images: z.strictObject({
      /** The Django image: web, workers, beat, Flower and migrations. */
      app: image,
      /** Sphinx HTML served by unprivileged nginx. */
      docs: image,
      postgres: image.default(DEFAULT_IMAGES.postgres),
      redis: image.default(DEFAULT_IMAGES.redis),
      mailpit: image.default(DEFAULT_IMAGES.mailpit),
      mailhog: image.default(DEFAULT_IMAGES.mailhog),
      /** PostgreSQL operand image of CloudNativePG (its own build, not the official image). */
      cloudnativepg: image.default(DEFAULT_IMAGES.cloudnativepg),
    }),
    /**
     * Secrets (type kubernetes.io/dockerconfigjson) in the namespace that pull the app and docs
     * images: GHCR packages are private when first pushed. Only the pods running those images
     * get them. @default [] (public images, or a node-level credential)
     */
    imagePullSecrets: z.array(dnsSubdomain).default([]),
    django,
    secrets,
    media: media.prefault({}),
    web: web.prefault({}),
    worker: worker.prefault({}),
    beat: beat.prefault({}),
    flower: flower.prefault({}),
    docs: docs.prefault({}),
    migrations: migrations.prefault({}),
    database,
    redis: redis.prefault({}),
    mailCatcher: mailCatcher.prefault({}),
    availability,
    delivery,
    network,
  })
  .superRefine((env, ctx) => {
    checkResources(env, ctx);
    checkTierRules(env, ctx);
    checkWeb(env, ctx);
    checkData(env, ctx);
    checkRoutes(env, ctx);
  });

/** An environment file as validated. */
export type EnvironmentFile = z.infer<typeof environmentSchema>;
/** An environment with the platform facts of its cluster, as the loader returns it. */
export type EnvironmentConfig = EnvironmentFile & { readonly platform: ClusterConfig };
export type WebConfig = EnvironmentFile['web'];
export type DatabaseConfig = EnvironmentFile['database'];

type Ctx = z.RefinementCtx;

/** Every `resources` block in the file, with its path (the registry's component sections). */
function resourceBlocks(env: EnvironmentFile): Array<[(string | number)[], z.infer<typeof resources>]> {
  return CONFIG_KEYS.flatMap((key) => {
    const section: unknown = env[key as keyof EnvironmentFile];
    return typeof section === 'object' && section !== null && 'resources' in section
      ? [[[key], section.resources as z.infer<typeof resources>] as [string[], z.infer<typeof resources>]]
      : [];
  });
}

function checkResources(env: EnvironmentFile, ctx: Ctx): void {
  for (const [path, block] of resourceBlocks(env)) {
    const { requests, limits } = block;
    // The object-level checks run even when a field failed (zod reports every issue at once), so
    // a quantity that did not parse is skipped here: its own field already reports it.
    const above = (request: string, limit: string | undefined) => {
      const [r, l] = [parseQuantity(request), limit === undefined ? undefined : parseQuantity(limit)];
      return r !== undefined && l !== undefined && r.value > l.value;
    };
    if (above(requests.cpu, limits.cpu)) {
      ctx.addIssue({
        code: 'custom',
        path: [...path, 'resources', 'requests', 'cpu'],
        message: `request ${requests.cpu} is above the limit ${limits.cpu}`,
      });
    }
    for (const key of ['memory', 'ephemeral-storage'] as const) {
      if (above(requests[key], limits[key])) {
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'resources', 'requests', key],
          message: `request ${requests[key]} is above the limit ${limits[key]}`,
        });
      }
    }
  }
}

function checkTierRules(env: EnvironmentFile, ctx: Ctx): void {
  if (env.tier === 'production' && env.mailCatcher.enabled) {
    ctx.addIssue({
      code: 'custom',
      path: ['mailCatcher', 'enabled'],
      message: 'a mail catcher must not run in production: it would swallow every mail to customers',
    });
  }
  if (env.tier !== 'development') {
    const webMin = env.web.autoscaling?.minReplicas ?? env.web.replicas;
    if (webMin < 2) {
      ctx.addIssue({
        code: 'custom',
        path: env.web.autoscaling ? ['web', 'autoscaling', 'minReplicas'] : ['web', 'replicas'],
        message: `must be at least 2 in a ${env.tier} environment so a node drain or rollout never stops serving`,
      });
    }
    if (env.worker.replicas < 2) {
      ctx.addIssue({
        code: 'custom',
        path: ['worker', 'replicas'],
        message: `must be at least 2 in a ${env.tier} environment so tasks keep running through a node drain`,
      });
    }
    if (env.web.ingress === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['web', 'ingress'],
        message: `is required in a ${env.tier} environment: users reach the app through an Ingress with TLS`,
      });
    }
  }
}

function checkWeb(env: EnvironmentFile, ctx: Ctx): void {
  const { autoscaling, service } = env.web;
  if (autoscaling && autoscaling.maxReplicas <= autoscaling.minReplicas) {
    ctx.addIssue({
      code: 'custom',
      path: ['web', 'autoscaling', 'maxReplicas'],
      message: `must be above minReplicas (${autoscaling.minReplicas}) or there is nothing to scale`,
    });
  }
  if (service.nodePort !== undefined && service.type !== 'NodePort') {
    ctx.addIssue({
      code: 'custom',
      path: ['web', 'service', 'nodePort'],
      message: 'is only allowed when service.type is NodePort',
    });
  }
  if (env.web.ingress === undefined && env.django.allowedHosts === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['django', 'allowedHosts'],
      message: 'is required when web has no ingress: Django needs at least one allowed host',
    });
  }
  if (env.media.enabled && env.media.accessMode === 'ReadWriteOnce') {
    const webPods = env.web.autoscaling ? `an autoscaler (up to ${env.web.autoscaling.maxReplicas})` : `${env.web.replicas} replicas`;
    if (env.web.autoscaling || env.web.replicas > 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['media', 'accessMode'],
        message: `ReadWriteOnce cannot be shared by web with ${webPods}: a second pod on another node never starts (Multi-Attach error); use ReadWriteMany or one web replica`,
      });
    }
  }
  for (const name of Object.keys(env.django.extraSettings)) {
    if (RESERVED_SETTINGS.includes(name)) {
      ctx.addIssue({
        code: 'custom',
        path: ['django', 'extraSettings', name],
        message: 'is set by the chart itself: change the setting it comes from (see README) instead of overriding it',
      });
    } else if (looksSecret(name)) {
      ctx.addIssue({
        code: 'custom',
        path: ['django', 'extraSettings', name],
        message: 'looks like a secret: put it in the environment Secret, never in configuration',
      });
    }
  }
}

function checkData(env: EnvironmentFile, ctx: Ctx): void {
  const db = env.database;
  if (env.tier === 'production') {
    if ((db.mode === 'statefulset' || db.mode === 'cloudnativepg') && db.backup === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['database', 'backup'],
        message: 'is required in production: a database without scheduled backups is refused',
      });
    }
    if (db.mode === 'external' && !db.backupsManagedByProvider) {
      ctx.addIssue({
        code: 'custom',
        path: ['database', 'backupsManagedByProvider'],
        message: 'must be true in production: confirm the provider takes scheduled backups',
      });
    }
    if (db.mode === 'cloudnativepg' && db.instances < 2) {
      ctx.addIssue({
        code: 'custom',
        path: ['database', 'instances'],
        message: 'must be at least 2 in production so a node failure fails over instead of going down',
      });
    }
  }
  if (db.mode === 'external' && env.secrets.mode === 'external-secrets' && db.remoteKey === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['database', 'remoteKey'],
      message: 'is required when secrets come from External Secrets: the database Secret is synced like the app Secret',
    });
  }
  // Skipped when the limit did not parse: its own field reports it (see checkResources).
  const redisLimit = parseQuantity(env.redis.resources.limits.memory);
  if (redisLimit !== undefined && redisLimit.value < 64 * 2 ** 20) {
    ctx.addIssue({
      code: 'custom',
      path: ['redis', 'resources', 'limits', 'memory'],
      message: 'must be at least 64Mi: Redis sets maxmemory to a share of it (lib/backing/redis-memory.ts)',
    });
  }
  env.network.egress.forEach((rule, index) => {
    const networks = rule.cidrs.map(parseCidr);
    rule.except.forEach((text, i) => {
      const inner = parseCidr(text);
      if (inner && !networks.some((outer) => outer !== undefined && isStrictSubnet(inner, outer)))
        ctx.addIssue({
          code: 'custom',
          path: ['network', 'egress', index, 'except', i],
          // kubernetes pkg/apis/networking/validation ValidateIPBlock refuses such an ipBlock.
          message: `${text} lies inside none of the rule's cidrs (${rule.cidrs.join(', ')}): Kubernetes requires every except to be a strict subset of its cidr`,
        });
    });
  });
  const names = env.network.egress.map((rule) => rule.name);
  names.forEach((name, index) => {
    if (names.indexOf(name) !== index) {
      ctx.addIssue({ code: 'custom', path: ['network', 'egress', index, 'name'], message: `"${name}" is used twice` });
    }
  });
}

/** True when the runtime knows `zone` as an IANA time zone (ICU's database, as Go's tzdata). */
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(zone);
  } catch {
    return false;
  }
}

/** The components that publish an Ingress, in the order they are checked. */
export const ROUTED_COMPONENTS = PUBLIC_COMPONENTS;

/** Every host an environment's Ingresses claim, with the field that claims it. */
export function ingressClaims(
  env: EnvironmentFile,
): Array<{ component: string; host: string; path: string; field: (string | number)[] }> {
  return ROUTED_COMPONENTS.flatMap((component) => {
    const ingress = env[component].ingress;
    if (!ingress) return [];
    return ingress.hosts.map((host, i) => ({ component, host, path: ingress.path, field: [component, 'ingress', 'hosts', i] }));
  });
}

/**
 * Two components of one environment must not claim the same host and path: ingress-nginx merges
 * the Ingresses of a host and sends the path to only one of them.
 */
function checkRoutes(env: EnvironmentFile, ctx: Ctx): void {
  const seen = new Map<string, { component: string; field: (string | number)[] }>();
  for (const claim of ingressClaims(env)) {
    const key = `${claim.host}${claim.path}`;
    const first = seen.get(key);
    if (first && first.component !== claim.component) {
      ctx.addIssue({
        code: 'custom',
        path: claim.field,
        message: `${claim.host}${claim.path} is already routed to ${first.component} (${first.field.join('.')}): give ${claim.component} its own host or path`,
      });
    } else if (!first) seen.set(key, claim);
  }

  // cert-manager names the Certificate of an Ingress TLS entry after its Secret and refuses to
  // update one another Ingress owns (cert-manager v1.19.6 pkg/controller/certificate-shim/sync.go),
  // so two issued Ingresses on one Secret leave the second without a certificate.
  const tls = new Map<string, string>();
  const appSecrets = [env.secrets.name, ...(env.database.mode === 'external' ? [env.database.secretName] : [])];
  for (const component of ROUTED_COMPONENTS) {
    const ingress = env[component].ingress;
    if (!ingress?.tlsSecretName) continue;
    const path = [component, 'ingress', 'tlsSecretName'];
    if (appSecrets.includes(ingress.tlsSecretName))
      ctx.addIssue({
        code: 'custom',
        path,
        message: `"${ingress.tlsSecretName}" is the app's own Secret: the certificate needs a Secret of its own`,
      });
    const first = tls.get(ingress.tlsSecretName);
    const issued = (c: string) => env[c as (typeof ROUTED_COMPONENTS)[number]].ingress?.clusterIssuer !== undefined;
    if (first !== undefined && (issued(first) || ingress.clusterIssuer !== undefined))
      ctx.addIssue({
        code: 'custom',
        path,
        message: `"${ingress.tlsSecretName}" is already the TLS Secret of ${first}: cert-manager issues one certificate per Secret, give ${component} its own`,
      });
    tls.set(ingress.tlsSecretName, first ?? component);
  }

  // Django answers 400 to any Host outside ALLOWED_HOSTS (django.http.request.get_host).
  const allowed = env.django.allowedHosts;
  if (allowed && env.web.ingress)
    env.web.ingress.hosts.forEach((host, i) => {
      if (!allowed.includes(host))
        ctx.addIssue({
          code: 'custom',
          path: ['web', 'ingress', 'hosts', i],
          message: `"${host}" is missing from django.allowedHosts: Django would answer every request for it with 400 Bad Request`,
        });
    });
}
