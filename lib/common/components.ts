/**
 * The registry of components: every value of `app.kubernetes.io/component` the stack writes, with
 * what it is. The lists the chart, the sync order and the configuration schema need (database
 * clients, backing services, components egress rules may name...) are derived from it, so a new
 * component is described once, here.
 */

/** Deployment stages, in order (ArgoCD sync waves and Helm hooks; see lib/platform/sync-order.ts). */
export const SYNC_STAGES = ['config', 'backing-services', 'migration', 'workloads', 'smoke-test'] as const;
export type SyncStage = (typeof SYNC_STAGES)[number];

/** What one component is. */
export interface ComponentTraits {
  /**
   * Stage of the component's objects. Configuration kinds (ServiceAccount, ConfigMap, Secret,
   * NetworkPolicy...) always go to `config`; `migration` and `smoke-test` apply to the Job only.
   */
  readonly stage: SyncStage;
  /** A process of the app (the Django image or the docs site): egress rules and network rules name it. */
  readonly app?: boolean;
  /** Connects to PostgreSQL. @default false */
  readonly databaseClient?: boolean;
  /** Exists only with the in-namespace database's dump backup. @default false */
  readonly backupOnly?: boolean;
  /** Connects to Redis (cache and Celery broker). @default false */
  readonly redisClient?: boolean;
  /** Sends mail (to the mail catcher when there is one). @default false */
  readonly mailClient?: boolean;
  /** May publish an Ingress. @default false */
  readonly public?: boolean;
  /** Egress rules of the environment file may name it. @default false */
  readonly egress?: boolean;
  /** Key of its settings (and `resources` block) in the environment file, when it has one. */
  readonly configKey?: string;
}

/** Every component, in a fixed order (the derived lists keep it, so the manifests stay stable). */
export const COMPONENTS = {
  web: {
    stage: 'workloads',
    app: true,
    databaseClient: true,
    redisClient: true,
    mailClient: true,
    public: true,
    egress: true,
    configKey: 'web',
  },
  worker: {
    stage: 'workloads',
    app: true,
    databaseClient: true,
    redisClient: true,
    mailClient: true,
    egress: true,
    configKey: 'worker',
  },
  beat: {
    stage: 'workloads',
    app: true,
    databaseClient: true,
    redisClient: true,
    mailClient: true,
    egress: true,
    configKey: 'beat',
  },
  flower: {
    stage: 'workloads',
    app: true,
    databaseClient: true,
    redisClient: true,
    public: true,
    egress: true,
    configKey: 'flower',
  },
  // Migrations use Redis too: data migrations and post_migrate handlers may use the cache or queue tasks.
  migrate: {
    stage: 'migration',
    app: true,
    databaseClient: true,
    redisClient: true,
    egress: true,
    configKey: 'migrations',
  },
  // Uploads static files to object storage before web rolls out (the image's entrypoint waits for PostgreSQL).
  collectstatic: { stage: 'migration', app: true, databaseClient: true, egress: true },
  docs: { stage: 'workloads', app: true, public: true, egress: true, configKey: 'docs' },
  'smoke-test': { stage: 'smoke-test' },
  'database-backup': { stage: 'workloads', databaseClient: true, backupOnly: true },
  // The backup volume's pod reads nothing from PostgreSQL, but shares the backup's policies.
  'backup-store': { stage: 'backing-services', databaseClient: true, backupOnly: true },
  database: { stage: 'backing-services', egress: true, configKey: 'database' },
  redis: { stage: 'backing-services', configKey: 'redis' },
  mail: { stage: 'backing-services', configKey: 'mailCatcher' },
  // The media claim must exist before the pods that mount it.
  media: { stage: 'backing-services' },
  config: { stage: 'config' },
  secrets: { stage: 'config' },
  network: { stage: 'config' },
} as const satisfies Record<string, ComponentTraits>;

export type ComponentName = keyof typeof COMPONENTS;

const NAMES = Object.keys(COMPONENTS) as ComponentName[];

/** The components with a trait, in registry order. */
function where(predicate: (traits: ComponentTraits) => boolean | undefined): ComponentName[] {
  return NAMES.filter((name) => predicate(COMPONENTS[name]));
}

/** The trait of a component, when it is one of the registry's. */
export function componentTraits(component: string | undefined): ComponentTraits | undefined {
  return component !== undefined && Object.hasOwn(COMPONENTS, component)
    ? COMPONENTS[component as ComponentName]
    : undefined;
}

type Named<K extends keyof ComponentTraits> = {
  [N in ComponentName]: (typeof COMPONENTS)[N] extends Record<K, true> ? N : never;
}[ComponentName];

/** Components of the app, as network rules name them. */
export const APP_COMPONENTS = where((t) => t.app) as Named<'app'>[];
/** What egress rules may name: the app's components and the in-cluster database's pods. */
export const EGRESS_COMPONENTS = where((t) => t.egress) as [Named<'egress'>, ...Named<'egress'>[]];
/** Components that publish an Ingress when configured. */
export const PUBLIC_COMPONENTS = where((t) => t.public) as Named<'public'>[];
/** Django processes that talk to PostgreSQL (the image's entrypoint waits for it in every one). */
export const DATABASE_CLIENTS = where((t) => t.databaseClient && !t.backupOnly);
/** The database's clients, with the dump backup's pods when it runs. */
export function databaseClients(withBackup: boolean): ComponentName[] {
  return where((t) => t.databaseClient && (withBackup || !t.backupOnly));
}
export const REDIS_CLIENTS = where((t) => t.redisClient);
export const MAIL_CLIENTS = where((t) => t.mailClient);
/** Components the app depends on at start-up: they come up before migrations run. */
export const BACKING_COMPONENTS: ReadonlySet<string> = new Set(where((t) => t.stage === 'backing-services'));
/** Keys of the environment file's component sections (each with a `resources` block). */
export const CONFIG_KEYS = NAMES.flatMap((name) => {
  const key = (COMPONENTS[name] as ComponentTraits).configKey;
  return key === undefined ? [] : [key];
});
