/**
 * The app contract: what a Django image needs from the charts and what the charts assume of the
 * image, as data. A project keeps it in `config/app.yaml` (validated by lib/config/app-schema.ts,
 * which satisfies these types); `DjangoStack` takes it as a prop. Nothing in the construct layer
 * names an app: every module, path, setting and user comes from here.
 */

/** The processes the charts may run from the app image (also their container names). */
export const APP_PROCESSES = ['web', 'worker', 'beat', 'flower', 'migrate', 'smoke-test'] as const;
export type ProcessName = (typeof APP_PROCESSES)[number];

/**
 * Values the chart computes for a setting the contract names (`source: chart`):
 * - `settings-module`: the environment's `django.settingsModule` (else the contract's first module);
 * - `allowed-hosts`: `django.allowedHosts`, else the web Ingress hosts, comma-separated;
 * - `ssl-redirect`: `True` (TLS ends at the Ingress, which sends X-Forwarded-Proto);
 * - `redis-url`: the environment's Redis (a setting with it makes the chart run Redis);
 * - `environment-name`: `django.sentryEnvironment`, else the environment's name;
 * - `mail-catcher-backend`, `-host`, `-port`: Django's SMTP backend and the catcher's Service,
 *   where the environment runs a mail catcher (unset elsewhere);
 * - `web-concurrency`: the web process's worker count (`web.concurrency`).
 */
export const CHART_VALUES = [
  'settings-module',
  'allowed-hosts',
  'ssl-redirect',
  'redis-url',
  'environment-name',
  'mail-catcher-backend',
  'mail-catcher-host',
  'mail-catcher-port',
  'web-concurrency',
] as const;
export type ChartValue = (typeof CHART_VALUES)[number];

/**
 * How the processes reach PostgreSQL:
 * - `entrypoint-builds-url`: the image's ENTRYPOINT builds `DATABASE_URL` from `POSTGRES_*`
 *   (cookiecutter-django's `compose/production/django/entrypoint` before 2025); the chart gives
 *   `POSTGRES_*`;
 * - `chart-gives-url`: the chart gives `DATABASE_URL` in each container's own environment (so
 *   `kubectl exec` sessions have it too; each backend's `DatabaseBackend.databaseUrl`), and
 *   `POSTGRES_*` beside it;
 * - `chart-gives-parts`: the chart gives `POSTGRES_*` and the settings read them.
 */
export const DATABASE_CONNECTIONS = ['entrypoint-builds-url', 'chart-gives-url', 'chart-gives-parts'] as const;
export type DatabaseConnection = (typeof DATABASE_CONNECTIONS)[number];

/** Where a setting's value comes from in the cluster. */
export const SETTING_SOURCES = ['secret', 'plain', 'chart', 'database'] as const;
export type SettingSource = (typeof SETTING_SOURCES)[number];

interface SettingFields {
  /** The environment variable. */
  readonly name: string;
  /** Read without a default: the process fails to start without it. */
  readonly required: boolean;
  /** Processes that read it. @default every process that imports the settings */
  readonly processes?: readonly ProcessName[];
  /** Where the app reads it, `file:line` in the app repository (and what reads it). */
  readonly readBy: string;
  /** What the app uses when it is unset (optional settings). @default none */
  readonly appDefault?: string;
  /**
   * Value that lets the settings module import while the image is built (collectstatic,
   * compilemessages); needed for every setting the settings module requires at import.
   * @default none: not needed at build time
   */
  readonly buildPlaceholder?: string;
  /** One line for the Secret table of docs/charts.md. */
  readonly description: string;
}

/**
 * One setting the app reads:
 * - `secret`: a key of the environment's app Secret, of the same name, passed key by key;
 * - `plain`: a per-environment value, `django.extraSettings.<NAME>` of each environment file
 *   (a required one must be there in every environment);
 * - `chart`: computed by the chart (`chart` says which value);
 * - `database`: given by the database backend (`DATABASE_URL` or `POSTGRES_*`, see `database`).
 */
export type AppSetting =
  | (SettingFields & { readonly source: Exclude<SettingSource, 'chart'> })
  | (SettingFields & { readonly source: 'chart'; readonly chart: ChartValue });

/** The web server. */
export interface WebProcess {
  /** `wsgi`: gunicorn's sync workers; `asgi`: gunicorn with uvicorn's worker class. */
  readonly interface: 'wsgi' | 'asgi';
  /** The module gunicorn loads (`config.wsgi`, `config.asgi`). */
  readonly module: string;
}

/** The Celery processes, when the app has Celery. */
export interface CeleryProcesses {
  /** Celery's `-A` application module (`config.celery_app`). */
  readonly app: string;
  /** Run the beat scheduler. */
  readonly beat: boolean;
  /** Run Flower, the monitor (an environment may still switch it off). */
  readonly flower: boolean;
}

export interface AppProcesses {
  readonly web: WebProcess;
  /** @default none: no worker, beat or Flower */
  readonly celery?: CeleryProcesses;
  /** The app builds a Sphinx docs image (an environment may still switch the site off). */
  readonly docs: boolean;
}

/** Paths inside the image. */
export interface AppPaths {
  /** Code and working directory. */
  readonly app: string;
  /** The image's ENTRYPOINT: waits for PostgreSQL (and builds what it builds), execs its arguments. */
  readonly entrypoint: string;
  /** `manage.py`. */
  readonly manage: string;
  /** Django's `MEDIA_ROOT` (where uploads go, the media volume's mount). */
  readonly mediaRoot: string;
}

export interface AppContract {
  /**
   * `DJANGO_SETTINGS_MODULE` values the app has (at least one); the first is what an environment runs unless its
   * `django.settingsModule` names another of them.
   */
  readonly settingsModules: readonly string[];
  readonly processes: AppProcesses;
  readonly database: DatabaseConnection;
  readonly paths: AppPaths;
  /** The image's USER. */
  readonly image: { readonly uid: number; readonly gid: number };
  /** Port the web server binds. */
  readonly port: number;
  /** Every setting the app reads (and the entrypoint, and the processes' own programs). */
  readonly settings: readonly AppSetting[];
  /**
   * Where `collectstatic` puts the static files: `image` when they are served from the image
   * (whitenoise, collected at build time); `object-storage` when STATICFILES_STORAGE is S3, GCS or
   * Azure (cookiecutter-django's `use_whitenoise=n`, whose `/start` runs collectstatic): the
   * charts then run it as a Job before web rolls out, with web's settings and cloud identity.
   * @default 'image'
   */
  readonly staticFiles?: StaticFiles;
}

export const STATIC_FILES = ['image', 'object-storage'] as const;
export type StaticFiles = (typeof STATIC_FILES)[number];

/** Whether the contract runs `process` (worker, beat and Flower only with Celery). */
export function runsProcess(contract: Pick<AppContract, 'processes'>, process: ProcessName): boolean {
  const celery = contract.processes.celery;
  if (process === 'worker') return celery !== undefined;
  if (process === 'beat') return celery?.beat === true;
  if (process === 'flower') return celery?.flower === true;
  return true;
}
