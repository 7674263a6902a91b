/**
 * The app contract: what the Django image needs from the charts and what the charts assume of the
 * image. The manifests (`DjangoSettings` and the process constructs), the README's Secret table,
 * `check-app` and the example Dockerfile's build-time placeholders are all derived from or checked
 * against one contract, so they cannot drift apart.
 */
import type { RunAsUser } from '../common/security';
import { compareText } from '../common/compare-text';

/** The processes the charts run from the app image. */
export const APP_PROCESSES = ['web', 'worker', 'beat', 'flower', 'migrate', 'smoke-test'] as const;
export type ProcessName = (typeof APP_PROCESSES)[number];

/** Where a setting's value comes from in the cluster. */
export type SettingSource =
  /** A key of the environment's app Secret, of the same name as the variable. */
  | { readonly kind: 'app-secret' }
  /** The environment's ConfigMap; the chart computes the value (Redis URL, hosts...). */
  | { readonly kind: 'config-map' }
  /** The database backend: the ConfigMap (host, port, name) or a database Secret (credentials). */
  | { readonly kind: 'database' }
  /** Exported by the image's entrypoint from other settings before it runs the process. */
  | { readonly kind: 'entrypoint'; readonly from: readonly string[] }
  /** Set on the container of the processes that use it (`WEB_CONCURRENCY`...). */
  | { readonly kind: 'process' };

export interface AppSetting {
  /** The environment variable. */
  readonly name: string;
  /** Read without a default: the process fails to start without it. */
  readonly required: boolean;
  readonly source: SettingSource;
  /** Processes that read it. @default every process whose `importsSettings` is true */
  readonly processes?: readonly ProcessName[];
  /** Where the app reads it, `file:line` in the app repository (documentation). */
  readonly readBy: string;
  /** What the app uses when it is unset (optional settings). @default none */
  readonly appDefault?: string;
  /**
   * Value that lets the settings module import while the image is built (collectstatic,
   * compilemessages), for every setting the settings module requires at import.
   * @default none: not needed at build time
   */
  readonly buildPlaceholder?: string;
  /** One line for the README. */
  readonly description: string;
}

export interface AppProcess {
  readonly name: ProcessName;
  /** The command line the charts run (before the flags each construct adds). */
  readonly command: readonly string[];
  /** Imports the Django settings (so needs every required setting). */
  readonly importsSettings: boolean;
  /** Runs through the image's entrypoint (false: the container overrides the entrypoint). */
  readonly viaEntrypoint: boolean;
}

export interface AppContract {
  /** `DJANGO_SETTINGS_MODULE` of the deployed processes. */
  readonly settingsModule: string;
  /** gunicorn's WSGI module. */
  readonly wsgiModule: string;
  /** Celery's `-A` application. */
  readonly celeryApp: string;
  readonly paths: {
    /** Code and working directory. */
    readonly app: string;
    /** The image's ENTRYPOINT: waits for PostgreSQL, exports what it builds, execs its arguments. */
    readonly entrypoint: string;
    /** `manage.py`. */
    readonly manage: string;
    /** Django's `MEDIA_ROOT` in the image (where uploads go). */
    readonly mediaRoot: string;
  };
  /** The image's USER. */
  readonly user: RunAsUser;
  /** Port gunicorn binds. */
  readonly port: number;
  readonly settings: readonly AppSetting[];
  readonly processes: readonly AppProcess[];
}

/** The contract's process of that name. */
export function appProcess(contract: AppContract, name: ProcessName): AppProcess {
  const found = contract.processes.find((p) => p.name === name);
  if (!found) throw new Error(`the app contract declares no process "${name}"`);
  return found;
}

/** Settings a process needs, required and optional. */
export function settingsOf(contract: AppContract, process: ProcessName): AppSetting[] {
  const proc = appProcess(contract, process);
  return contract.settings.filter((s) => (s.processes ? s.processes.includes(process) : proc.importsSettings));
}

/** Keys the environment's app Secret must (or may) hold. */
export function appSecretSettings(contract: AppContract): AppSetting[] {
  return contract.settings.filter((s) => s.source.kind === 'app-secret');
}

/**
 * What the image build must set for `manage.py collectstatic` and `compilemessages` to import the
 * settings: every setting the settings module requires at import, with its placeholder. Nothing
 * here reaches a running pod (the charts provide the real values).
 */
export function buildTimeSettings(contract: AppContract): Readonly<Record<string, string>> {
  const entries = contract.settings
    .filter((s) => s.required && s.buildPlaceholder !== undefined)
    .map((s) => [s.name, s.buildPlaceholder as string] as const)
    .sort(([a], [b]) => compareText(a, b));
  return Object.fromEntries(entries);
}
