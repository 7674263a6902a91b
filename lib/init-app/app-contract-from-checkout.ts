/**
 * The app contract of a cookiecutter-django checkout, from what its settings read (the reader
 * behind check-app) and its layout: every setting, required or optional, classified as a secret,
 * a chart value, a database part or a plain per-environment value, with where it is read.
 */
import type { AppContract, AppSetting } from '../app/app-contract';
import { DATABASE_URL_PARTS } from '../app/app-processes';
import { settingsReads } from '../check-app/check-app';
import type { EnvRead } from '../check-app/env-reads';
import type { UnfollowedReader } from '../check-app/settings-modules';
import { appLayout } from './app-layout';
import { buildPlaceholder, classifySetting, type Classification } from './classify-setting';

/**
 * What init-app classifies as the database backend's in each connection mode: the settings it
 * must give (app-schema.ts's DATABASE_SETTINGS says what a contract may name, a wider set).
 */
const DATABASE_GIVES: Readonly<Record<AppContract['database'], readonly string[]>> = {
  'entrypoint-builds-url': ['DATABASE_URL', ...DATABASE_URL_PARTS],
  'chart-gives-url': ['DATABASE_URL'],
  'chart-gives-parts': DATABASE_URL_PARTS,
};

/** The image the example Dockerfiles build (examples/app-repo): code in /app, user 10001. */
const IMAGE = { app: '/app', entrypoint: '/entrypoint', uid: 10001, gid: 10001, port: 8000 } as const;

export interface InitAppResult {
  readonly contract: AppContract;
  /** What each setting is, for the report: its classification and the read it came from. */
  readonly found: ReadonlyArray<{ readonly setting: AppSetting; readonly classification: Classification }>;
  /** Required reads inside a conditional block: written as optional, reported. */
  readonly conditional: readonly EnvRead[];
  readonly unchecked: readonly EnvRead[];
  readonly unfollowed: readonly UnfollowedReader[];
  /** The static files' storage backend named by the settings, when they name one that uploads. */
  readonly staticBackend?: string;
}

const readBy = (read: EnvRead) =>
  `${read.file}:${read.line} ${read.form}("${read.variable}")${read.raisedAt === undefined ? '' : `, default refused by the raise at line ${read.raisedAt}`}`;

/** What the template's own processes read besides the settings. */
function processSettings(
  contract: Pick<AppContract, 'processes'>,
): Array<{ name: string; read: string; processes?: AppSetting['processes'] }> {
  const found: Array<{ name: string; read: string; processes?: AppSetting['processes'] }> = [
    { name: 'DJANGO_SETTINGS_MODULE', read: 'config/wsgi.py (os.environ.setdefault)' },
    { name: 'WEB_CONCURRENCY', read: 'gunicorn gunicorn/config.py (Workers default)', processes: ['web'] },
  ];
  if (contract.processes.celery?.flower) {
    for (const name of ['CELERY_FLOWER_USER', 'CELERY_FLOWER_PASSWORD']) {
      found.push({ name, read: 'compose/production/django/celery/flower/start', processes: ['flower'] });
    }
  }
  return found;
}

function describe(name: string, c: Classification, read: EnvRead | undefined): string {
  const where = read?.block ? ` (read inside ${read.block}: only when that runs)` : '';
  switch (c.source) {
    case 'secret':
      return `${c.kind}: a key of the app Secret${where}`;
    case 'chart':
      return `computed by the chart (${c.chart})`;
    case 'database':
      return 'given by the database backend';
    case 'plain':
      return read && !read.required
        ? `app default unless \`django.extraSettings.${name}\` sets it`
        : `\`django.extraSettings.${name}\` of every environment file${where}`;
  }
}

/** Builds the contract of the checkout at `root` for the given settings modules. */
export function appContractFromCheckout(root: string, settingsModules: readonly string[]): InitAppResult {
  const reads: EnvRead[] = [];
  const unfollowed: UnfollowedReader[] = [];
  const sources = new Map<string, string>();
  for (const module of settingsModules) {
    const found = settingsReads(root, module);
    reads.push(...found.reads);
    unfollowed.push(...found.unfollowed.filter((u) => !unfollowed.some((v) => v.file === u.file && v.line === u.line)));
    for (const [file, source] of found.sources) if (!sources.has(file)) sources.set(file, source);
  }
  const named = reads.filter((r): r is EnvRead & { variable: string } => r.variable !== undefined);
  const layout = appLayout(root, sources, new Set(named.map((r) => r.variable)));
  const database = DATABASE_GIVES[layout.database];
  // One setting per variable: required when any read needs it at import.
  const byName = new Map<string, EnvRead>();
  const requiredAtImport = new Set<string>();
  for (const read of named) {
    if (!byName.has(read.variable)) byName.set(read.variable, read);
    if (read.required && !read.block) requiredAtImport.add(read.variable);
  }
  const processes = layout.processes;
  const found: Array<{ setting: AppSetting; classification: Classification }> = [];
  const add = (
    name: string,
    required: boolean,
    read: EnvRead | undefined,
    readText: string,
    only?: AppSetting['processes'],
  ) => {
    const classification = classifySetting(name, database);
    const source =
      classification.source === 'chart'
        ? { source: 'chart' as const, chart: classification.chart }
        : { source: classification.source };
    const setting: AppSetting = {
      name,
      required,
      ...source,
      ...(only ? { processes: only } : {}),
      readBy: readText,
      ...(read?.defaultText !== undefined && !required ? { appDefault: read.defaultText } : {}),
      ...(required && read ? { buildPlaceholder: buildPlaceholder(name, classification) } : {}),
      description: describe(name, classification, read),
    } as AppSetting;
    found.push({ setting, classification });
  };
  // The database backend gives its parts in every environment: the entrypoint and the settings need them.
  for (const [name, read] of byName)
    add(name, requiredAtImport.has(name) || database.includes(name), read, readBy(read));
  // The database backend's parts are needed by the entrypoint (wait-for-it POSTGRES_HOST:PORT).
  for (const name of database) if (!byName.has(name)) add(name, true, undefined, 'the image entrypoint');
  for (const extra of processSettings({ processes })) {
    if (!byName.has(extra.name))
      add(extra.name, extra.name.startsWith('CELERY_FLOWER'), undefined, extra.read, extra.processes);
  }
  const contract: AppContract = {
    settingsModules,
    processes,
    database: layout.database,
    paths: {
      app: IMAGE.app,
      entrypoint: IMAGE.entrypoint,
      manage: `${IMAGE.app}/manage.py`,
      mediaRoot: `${IMAGE.app}/${layout.mediaPackage}/media`,
    },
    image: { uid: IMAGE.uid, gid: IMAGE.gid },
    port: IMAGE.port,
    ...(layout.staticFiles.where === 'object-storage' ? { staticFiles: 'object-storage' as const } : {}),
    settings: found.map((f) => f.setting),
  };
  const conditional = named.filter(
    (r) => r.required && r.block && !requiredAtImport.has(r.variable) && !database.includes(r.variable),
  );
  const unchecked = reads.filter((r) => r.variable === undefined);
  const staticBackend = layout.staticFiles.backend;
  return { contract, found, conditional, unchecked, unfollowed, ...(staticBackend ? { staticBackend } : {}) };
}
