/**
 * init-app on fixture settings packages written for these tests (test/fixtures/apps), one per
 * cookiecutter-django combination the issue names (Mailgun+Sentry+whitenoise, Amazon SES+AWS,
 * SendGrid+GCP without Sentry, Postmark without Celery, Mailjet+Azure without Celery) plus the
 * seed's older pattern (the entrypoint builds DATABASE_URL). Each reproduces the kinds of reads
 * such an app makes: names, default forms, conditional reads, a default refused by a raise, an
 * unbound Env, a module loaded by importlib. No TypeScript changes between them: only data.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../cli';
import type { AppContract, AppSetting } from '../lib/app/app-contract';
import { appContractModules, missingModules } from '../lib/check-app/app-modules';
import { loadAppContract } from '../lib/config/load';
import { ROOT } from './support/project';

const FIXTURES = path.join(ROOT, 'test/fixtures/apps');

interface Expected {
  readonly celery: boolean;
  readonly docs: boolean;
  readonly database: AppContract['database'];
  readonly mediaRoot: string;
  /** Required secrets (keys of the app Secret). */
  readonly secrets: readonly string[];
  /** Required plain settings: every environment file must give them. */
  readonly plain: readonly string[];
  /** Reads without a default in a conditional block: optional, with a warning. */
  readonly conditional: readonly string[];
  /** Where collectstatic puts the files: the storage backend the settings name, if it uploads. */
  readonly staticBackend?: string;
}

const FLOWER = ['CELERY_FLOWER_USER', 'CELERY_FLOWER_PASSWORD'];
const DJANGO = ['DJANGO_SECRET_KEY', 'DJANGO_ADMIN_URL'];

const CASES: Readonly<Record<string, Expected>> = {
  'mailgun-sentry': {
    celery: true,
    docs: true,
    database: 'chart-gives-parts',
    mediaRoot: '/app/shop/media',
    secrets: [...DJANGO, 'MAILGUN_API_KEY', 'SENTRY_DSN', ...FLOWER],
    plain: ['MAILGUN_DOMAIN'],
    conditional: ['DATABASE_URL'],
  },
  'ses-aws': {
    celery: true,
    docs: true,
    database: 'chart-gives-parts',
    mediaRoot: '/app/store/media',
    secrets: [...DJANGO, 'DJANGO_AWS_ACCESS_KEY_ID', 'DJANGO_AWS_SECRET_ACCESS_KEY', 'SENTRY_DSN', ...FLOWER],
    // The SES region: a default refused by `raise ImproperlyConfigured`.
    plain: ['DJANGO_AWS_STORAGE_BUCKET_NAME', 'DJANGO_AWS_SES_REGION_NAME'],
    conditional: ['DATABASE_URL'],
    staticBackend: 'storages.backends.s3.S3Storage',
  },
  'sendgrid-gcp': {
    celery: true,
    docs: true,
    database: 'chart-gives-parts',
    mediaRoot: '/app/portal/media',
    secrets: [...DJANGO, 'SENDGRID_API_KEY', ...FLOWER],
    // The project id: os.environ.get refused by `raise RuntimeError`.
    plain: ['DJANGO_GCP_STORAGE_BUCKET_NAME', 'DJANGO_GCP_PROJECT_ID'],
    conditional: ['DATABASE_URL'],
    staticBackend: 'portal.utils.storages.StaticGoogleCloudStorage',
  },
  'postmark-nocelery': {
    celery: false,
    docs: true,
    database: 'chart-gives-parts',
    mediaRoot: '/app/blog/media',
    secrets: [...DJANGO, 'POSTMARK_SERVER_TOKEN', 'SENTRY_DSN'],
    plain: [],
    conditional: ['ANALYTICS_SITE_ID', 'DATABASE_URL'],
  },
  'mailjet-azure-nocelery': {
    celery: false,
    docs: false,
    database: 'chart-gives-parts',
    mediaRoot: '/app/forum/media',
    secrets: [...DJANGO, 'DJANGO_AZURE_ACCOUNT_KEY', 'MAILJET_API_KEY', 'MAILJET_SECRET_KEY'],
    // The container by an unbound environ.Env(); the tenant in a module loaded by importlib.
    plain: ['DJANGO_AZURE_ACCOUNT_NAME', 'DJANGO_AZURE_CONTAINER_NAME', 'AZURE_TENANT_ID'],
    conditional: ['DATABASE_URL'],
  },
  'seed-pattern': {
    celery: true,
    docs: true,
    database: 'entrypoint-builds-url',
    mediaRoot: '/app/legacy_app/media',
    secrets: [...DJANGO, 'MAILGUN_API_KEY', 'SENTRY_DSN', ...FLOWER],
    plain: ['MAILGUN_DOMAIN'],
    conditional: [],
  },
};

function cli(root: string, ...argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runCli(argv, { root, out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

/** A copy of this project's config/ to write config/app.yaml into. */
function projectCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'init-app-'));
  fs.cpSync(path.join(ROOT, 'config'), path.join(dir, 'config'), { recursive: true });
  return dir;
}

const names = (settings: readonly AppSetting[], keep: (s: AppSetting) => boolean) =>
  settings.filter(keep).map((s) => s.name);

describe.each(Object.entries(CASES))('init-app on %s', (fixture, expected) => {
  let root: string;
  let run: ReturnType<typeof cli>;
  let contract: AppContract;
  beforeAll(() => {
    root = projectCopy();
    run = cli(root, 'init-app', path.join(FIXTURES, fixture), '--force');
    contract = loadAppContract(root);
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test('writes a config/app.yaml the schema accepts, and says what it found', () => {
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toContain('wrote config/app.yaml');
    expect(run.out).toContain(
      expected.celery
        ? 'celery: config.celery_app (worker, beat, flower)'
        : 'celery: none (no config/celery_app.py): no worker, beat or Flower',
    );
  });

  test('the processes, database connection and media root of the checkout', () => {
    expect(contract.processes).toEqual({
      web: { interface: 'wsgi', module: 'config.wsgi' },
      ...(expected.celery ? { celery: { app: 'config.celery_app', beat: true, flower: true } } : {}),
      docs: expected.docs,
    });
    expect(contract.database).toBe(expected.database);
    expect(contract.paths.mediaRoot).toBe(expected.mediaRoot);
  });

  test('static files in object storage when the settings name a backend that uploads (whitenoise does not)', () => {
    expect(contract.staticFiles ?? 'image').toBe(expected.staticBackend ? 'object-storage' : 'image');
    expect(run.out).toContain(
      expected.staticBackend
        ? `static files: object storage (${expected.staticBackend})`
        : 'static files: in the image (collectstatic at build time)',
    );
  });

  test('required secrets and the plain settings every environment must give', () => {
    expect(names(contract.settings, (s) => s.source === 'secret' && s.required).sort()).toEqual(
      [...expected.secrets].sort(),
    );
    expect(names(contract.settings, (s) => s.source === 'plain' && s.required).sort()).toEqual(
      [...expected.plain].sort(),
    );
    for (const name of expected.plain) expect(run.out).toMatch(new RegExp(`^  ${name}  config/settings/`, 'm'));
    // Every required setting read at import has a build-time placeholder.
    const atImport = contract.settings.filter((s) => s.required && s.readBy.startsWith('config/'));
    expect(atImport.filter((s) => s.buildPlaceholder === undefined).map((s) => s.name)).toEqual([]);
  });

  test('reads in conditional blocks are optional, with a warning naming the line', () => {
    // Exactly the expected ones are warned about (none for a fixture without conditional reads).
    const warned = [...run.out.matchAll(/^warning: \S+: (\w+) is read without a default inside /gm)].map((m) => m[1]);
    expect([...new Set(warned)].sort()).toEqual([...expected.conditional].sort());
    for (const name of expected.conditional) {
      expect(contract.settings.find((s) => s.name === name)?.required).toBe(false);
      expect(run.out).toMatch(
        new RegExp(`warning: config/settings/\\w+\\.py:\\d+: ${name} is read without a default inside if`),
      );
    }
  });

  test('every module the written contract names is in the checkout (what check-app checks)', () => {
    expect(missingModules(path.join(FIXTURES, fixture), appContractModules(contract))).toEqual([]);
  });
});

describe('init-app keeps a hand-edited file', () => {
  const fixture = path.join(FIXTURES, 'postmark-nocelery');

  test('refuses to replace a file it did not write (the seed contract) without --force, and writes nothing', () => {
    const root = projectCopy();
    const before = fs.readFileSync(path.join(root, 'config/app.yaml'), 'utf8');
    const result = cli(root, 'init-app', fixture);
    const after = fs.readFileSync(path.join(root, 'config/app.yaml'), 'utf8');
    fs.rmSync(root, { recursive: true, force: true });
    expect(result.code).toBe(1);
    expect(result.err).toBe(
      'error: config/app.yaml was edited by hand (or not written by init-app): kept as it is; run again with --force to replace it\n',
    );
    expect(after).toBe(before);
  });

  test('replaces its own untouched file, refuses once edited, replaces with --force', () => {
    const root = projectCopy();
    const file = path.join(root, 'config/app.yaml');
    expect(cli(root, 'init-app', fixture, '--force').code).toBe(0);
    expect(cli(root, 'init-app', fixture).code).toBe(0);
    fs.appendFileSync(file, '# a note of ours\n');
    const edited = cli(root, 'init-app', fixture);
    expect(edited.code).toBe(1);
    expect(fs.readFileSync(file, 'utf8')).toMatch(/# a note of ours\n$/);
    expect(cli(root, 'init-app', fixture, '--force').code).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).not.toContain('a note of ours');
    fs.rmSync(root, { recursive: true, force: true });
  });

  test.each([
    [
      ['init-app', '/nonexistent'],
      /^error: \/nonexistent: no manage\.py there: give the path of a Django app checkout\n$/,
    ],
    [['init-app', fixture, '--settings', 'config/settings'], /must be a dotted module path/],
    [
      ['init-app', fixture, '--settings', 'config.settings.staging'],
      /^error: no settings module config\.settings\.staging in .*\n$/,
    ],
  ])('refuses %j in one line', (argv, message) => {
    const root = projectCopy();
    const result = cli(root, ...argv);
    fs.rmSync(root, { recursive: true, force: true });
    expect(result.code).toBe(1);
    expect(result.err).toMatch(message);
  });
});
