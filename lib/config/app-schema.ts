/**
 * The schema of `config/app.yaml`, the app contract as data: what the Django image needs from the
 * charts and what the charts assume of it. It satisfies the construct layer's `AppContract`
 * (lib/app/app-contract.ts), so a validated file is the prop `DjangoStack` takes.
 */
import * as z from './zod';
import {
  APP_PROCESSES,
  CHART_VALUES,
  DATABASE_CONNECTIONS,
  runsProcess,
  STATIC_FILES,
  type AppContract,
  type AppSetting,
} from '../app/app-contract';
import { DATABASE_URL_PARTS } from '../app/app-processes';
import { looksSecret } from '../common/secret-names';
import { FLOWER_CREDENTIALS } from '../django/flower';
import { networkPort } from './primitives';

export const APP_FILE = 'config/app.yaml';

/** A dotted Python module path (`config.settings.production`). */
export const pythonModule = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/, 'must be a dotted Python module path');

const absolutePath = z.string().regex(/^\/[^\s]*$/, 'must be an absolute path in the image, without spaces');
const settingName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an UPPER_SNAKE_CASE environment variable');
/** A non-root id: Kubernetes' runAsNonRoot refuses uid 0. */
const nonRootId = z.int().min(1, 'must not be 0: the pods run as non-root').max(2147483647);

const settingFields = {
  /** The environment variable. */
  name: settingName,
  /** Read without a default: the process fails to start without it. */
  required: z.boolean(),
  /** Processes that read it. @default every process that imports the settings */
  processes: z.array(z.enum(APP_PROCESSES)).min(1).optional(),
  /** Where the app reads it: `file:line` in the app repository. */
  readBy: z.string().min(1),
  /** What the app uses when it is unset. @default none */
  appDefault: z.string().optional(),
  /** Value that lets the settings import while the image is built. @default none */
  buildPlaceholder: z.string().optional(),
  /** One line for the Secret table of docs/charts.md. */
  description: z.string().min(1),
};

const setting = z.discriminatedUnion(
  'source',
  [
    z.strictObject({ ...settingFields, source: z.enum(['secret', 'plain', 'database']) }),
    z.strictObject({ ...settingFields, source: z.literal('chart'), chart: z.enum(CHART_VALUES) }),
  ],
  { error: 'source must be one of: secret, plain, chart, database' },
) satisfies z.ZodType<AppSetting>;

/** What `database` lets the backend give. */
const DATABASE_SETTINGS: Record<AppContract['database'], readonly string[]> = {
  'entrypoint-builds-url': ['DATABASE_URL', ...DATABASE_URL_PARTS],
  'chart-gives-url': ['DATABASE_URL', ...DATABASE_URL_PARTS],
  'chart-gives-parts': DATABASE_URL_PARTS,
};

export const appSchema = z
  .strictObject({
    /** `DJANGO_SETTINGS_MODULE` values the app has; the first is the default of every environment. */
    settingsModules: z.array(pythonModule).min(1, 'must name at least one settings module'),
    processes: z.strictObject({
      /** The web server: `wsgi` (gunicorn) or `asgi` (gunicorn with uvicorn's worker), and its module. */
      web: z.strictObject({ interface: z.enum(['wsgi', 'asgi']), module: pythonModule }),
      /** Celery's application module, beat and Flower. @default none: no worker, beat or Flower */
      celery: z.strictObject({ app: pythonModule, beat: z.boolean(), flower: z.boolean() }).optional(),
      /** The app builds a Sphinx docs image. */
      docs: z.boolean(),
    }),
    /** How the processes reach PostgreSQL (lib/app/app-contract.ts DATABASE_CONNECTIONS). */
    database: z.enum(DATABASE_CONNECTIONS),
    paths: z.strictObject({
      app: absolutePath,
      entrypoint: absolutePath,
      manage: absolutePath,
      mediaRoot: absolutePath,
    }),
    /** The image's USER, as numbers (Kubernetes checks runAsNonRoot against them). */
    image: z.strictObject({ uid: nonRootId, gid: nonRootId }),
    /** Port the web server binds. */
    port: networkPort,
    settings: z.array(setting),
    /** `object-storage`: the charts run collectstatic as a hook Job (lib/app/app-contract.ts). @default image */
    staticFiles: z.enum(STATIC_FILES).optional(),
  })
  .superRefine((app, ctx) => {
    if (app.processes.celery?.flower) {
      // lib/django/flower.ts builds Flower's basic auth from these two keys of the app Secret.
      for (const name of FLOWER_CREDENTIALS) {
        if (!app.settings.some((s) => s.name === name && s.source === 'secret' && s.required)) {
          ctx.addIssue({
            code: 'custom',
            path: ['processes', 'celery', 'flower'],
            message: `Flower runs behind basic auth from the app Secret: declare ${name} (required, source: secret, processes: [flower]) or set flower: false`,
          });
        }
      }
    }
    const seen = new Set<string>();
    app.settings.forEach((s, index) => {
      const at = (field: string) => ['settings', index, field];
      if (seen.has(s.name)) ctx.addIssue({ code: 'custom', path: at('name'), message: `${s.name} is declared twice` });
      seen.add(s.name);
      const absent = (s.processes ?? []).filter((p) => !runsProcess(app, p));
      if (absent.length > 0) {
        ctx.addIssue({
          code: 'custom',
          path: at('processes'),
          message: `names ${absent.join(', ')}, which the contract does not run`,
        });
      }
      if (s.source === 'database' && !DATABASE_SETTINGS[app.database].includes(s.name)) {
        ctx.addIssue({
          code: 'custom',
          path: at('source'),
          message: `the database backend does not give ${s.name} with database: ${app.database} (it gives ${DATABASE_SETTINGS[app.database].join(', ')})`,
        });
      }
      if (s.source === 'plain' && looksSecret(s.name)) {
        ctx.addIssue({
          code: 'custom',
          path: at('source'),
          message: `${s.name} looks like a secret: make it source: secret (a key of the app Secret), never a plain value`,
        });
      }
    });
  }) satisfies z.ZodType<AppContract>;
