/**
 * What the charts run from the app image and which settings each process reads, derived from the
 * contract. The process constructs, `check-app`, the Secret table of docs/charts.md and the example
 * Dockerfile's build-time placeholders all read the contract through these functions.
 */
import { compareText } from '../common/compare-text';
import { APP_PROCESSES, runsProcess, type AppContract, type AppSetting, type ProcessName } from './app-contract';

/** One process the charts run from the app image. */
export interface AppProcess {
  readonly name: ProcessName;
  /** The command line the charts run (before the flags each construct adds). */
  readonly command: readonly string[];
  /** Imports the Django settings (so needs every required setting). */
  readonly importsSettings: boolean;
  /** Runs through the image's entrypoint (false: the container overrides the entrypoint). */
  readonly viaEntrypoint: boolean;
}

/**
 * gunicorn's worker class for an ASGI app: cookiecutter-django's compose/production/django/start
 * (release 2026.8.18, `use_async`) runs `gunicorn config.asgi -k uvicorn_worker.UvicornWorker`.
 */
const ASGI_WORKER_CLASS = 'uvicorn_worker.UvicornWorker';

/** The command of each process the contract runs. */
function command(contract: AppContract, name: ProcessName): readonly string[] {
  const { web, celery } = contract.processes;
  switch (name) {
    case 'web':
      return web.interface === 'asgi' ? ['gunicorn', web.module, '-k', ASGI_WORKER_CLASS] : ['gunicorn', web.module];
    case 'worker':
    case 'beat':
    case 'flower':
      return ['celery', '-A', celery?.app ?? '', name];
    case 'migrate':
      return ['python', contract.paths.manage, 'migrate', '--noinput'];
    case 'smoke-test':
      return ['python', '-c'];
  }
}

/** The processes the charts run, in `APP_PROCESSES` order (worker, beat and Flower only with Celery). */
export function appProcesses(contract: AppContract): AppProcess[] {
  return APP_PROCESSES.filter((name) => runsProcess(contract, name)).map((name) => ({
    name,
    command: command(contract, name),
    // An HTTP request to the web Service with the standard library: it needs neither the database
    // nor the settings, so it gets no Secret (least privilege) and bypasses the entrypoint.
    importsSettings: name !== 'smoke-test',
    viaEntrypoint: name !== 'smoke-test',
  }));
}

/** The contract's process of that name. */
export function appProcess(contract: AppContract, name: ProcessName): AppProcess {
  const found = appProcesses(contract).find((p) => p.name === name);
  if (!found) throw new Error(`the app contract runs no process "${name}"`);
  return found;
}

/** Settings a process reads, required and optional. */
export function settingsOf(contract: AppContract, process: ProcessName): AppSetting[] {
  const proc = appProcess(contract, process);
  return contract.settings.filter((s) => (s.processes ? s.processes.includes(process) : proc.importsSettings));
}

/** Keys the environment's app Secret must (or may) hold. */
export function appSecretSettings(contract: AppContract): AppSetting[] {
  return contract.settings.filter((s) => s.source === 'secret');
}

/** The `POSTGRES_*` settings the image's entrypoint builds `DATABASE_URL` from. */
export const DATABASE_URL_PARTS = [
  'POSTGRES_HOST',
  'POSTGRES_PORT',
  'POSTGRES_DB',
  'POSTGRES_USER',
  'POSTGRES_PASSWORD',
];

/**
 * Settings the image's entrypoint exports before it runs the process, with what it builds them
 * from: `DATABASE_URL` from `POSTGRES_*` when the contract says the entrypoint builds it.
 */
export function entrypointSettings(contract: AppContract): ReadonlyMap<string, readonly string[]> {
  return new Map(contract.database === 'entrypoint-builds-url' ? [['DATABASE_URL', DATABASE_URL_PARTS]] : []);
}

/** Whether the app reads a Redis URL (then, and only then, the chart runs Redis). */
export function readsRedis(contract: AppContract): boolean {
  return contract.settings.some((s) => s.source === 'chart' && s.chart === 'redis-url');
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
