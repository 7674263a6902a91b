/**
 * check-app on fixture settings packages written for these tests (test/fixtures/check-app): the
 * parser reads django-environ's forms as django-environ 0.10.0 does (defaults by keyword, by
 * position per method, from the Env scheme), ignores comments and strings, follows star-imports,
 * and the command fails, naming the variable and file:line, when the charts do not provide one.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../cli';
import { settingsReads } from '../lib/check-app/check-app';
import { envInstances, envReads, type EnvRead } from '../lib/check-app/env-reads';
import { parsePython } from '../lib/check-app/python-tree';
import { ROOT } from './support/project';

const FIXTURES = path.join(ROOT, 'test/fixtures/check-app');

function cli(...argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runCli(argv, { root: ROOT, out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('reading the settings', () => {
  const { reads } = settingsReads(path.join(FIXTURES, 'good'), 'config.settings.production');
  const byName = new Map(reads.map((r) => [r.variable, r]));
  const required = (name: string) => byName.get(name)?.required;

  test('reads without a default are required, wherever the call is split or commented', () => {
    for (const name of [
      'DJANGO_SECRET_KEY',
      'DJANGO_ADMIN_URL',
      'REDIS_URL', // env("X", str): the second positional is the cast
      'MAILGUN_API_KEY',
      'MAILGUN_DOMAIN',
      'SENTRY_DSN',
      'DATABASE_URL',
      'CELERY_BROKER_URL',
      'DJANGO_DEFAULT_FROM_EMAIL', // inside another read's default: evaluated first, with its own default
    ]) {
      expect([name, required(name)]).toEqual([name, name === 'DJANGO_DEFAULT_FROM_EMAIL' ? false : true]);
    }
    expect(byName.get('CELERY_BROKER_URL')).toEqual(
      expect.objectContaining({ file: 'config/settings/base.py', line: 27, form: 'env' }),
    );
    expect(byName.get('DATABASE_URL')).toEqual(expect.objectContaining({ line: 19, form: 'env.db' }));
  });

  test('defaults by keyword, by position per method, None, and from the Env scheme', () => {
    for (const name of [
      'DJANGO_READ_DOT_ENV_FILE',
      'DJANGO_DEBUG', // env.bool(var, default)
      'FEATURE_FLAGS', // Env(FEATURE_FLAGS=(list, []))
      'SECONDARY_DATABASE_URL',
      'CACHE_URL', // env.cache() reads CACHE_URL
      'TIMEOUT',
      'RATE',
      'EXTRA_HOSTS', // env.list(var, cast, default)
      'ORIGINS',
      'LIMITS', // env.dict(var, cast, default)
      'PAYLOAD',
      'ROOT_URL', // default=None
      'SITE_NAME', // var= by keyword
      'LONG_VALUE', // env(var, cast, default) over several lines, default concatenated
      'DJANGO_ALLOWED_HOSTS',
      'DJANGO_SERVER_EMAIL',
      'SENTRY_ENVIRONMENT',
      'DJANGO_SECURE_SSL_REDIRECT',
    ]) {
      expect([name, required(name)]).toEqual([name, false]);
    }
  });

  test('comments, strings and docstrings are not reads; only app modules are followed', () => {
    const names = reads.map((r) => r.variable);
    for (const name of ['COMMENTED_OUT', 'IN_A_STRING', 'IN_A_DOCSTRING']) expect(names).not.toContain(name);
    expect(new Set(reads.map((r) => r.file))).toEqual(
      new Set(['config/settings/production.py', 'config/settings/base.py']),
    );
  });

  test('the parser refuses what Python would, with the line', () => {
    expect(() => parsePython('A = 1\nB = env("X)\n')).toThrow(expect.objectContaining({ line: 2 }));
    expect(() => parsePython('A = env(\n  "X"\n')).toThrow(expect.objectContaining({ line: 1 }));
    expect(() => parsePython('x = r"a\\"b" + """\n"""\ny = 1\nmatch y:\n    case 1:\n        pass\n')).not.toThrow();
  });
});

/** The reads of one module's source, with its own Env names (or `env`). */
function readsOf(source: string): EnvRead[] {
  const module = parsePython(source);
  const found = envInstances(module);
  if (found.names.size === 0) found.names.add('env');
  return envReads(module, 'settings.py', found);
}
const only = (reads: EnvRead[], variable: string) => reads.filter((r) => r.variable === variable);

describe('forms the hand-written tokenizer missed', () => {
  test('a default refused by a raise makes the read required (ImproperlyConfigured, RuntimeError, ValueError)', () => {
    const reads = readsOf(
      [
        'import os',
        'from django.core.exceptions import ImproperlyConfigured',
        'KEY = env("API_KEY", default="")',
        'OTHER = 1',
        'if not KEY:',
        '    raise ImproperlyConfigured("API_KEY is required")',
        'TOKEN = os.environ.get("API_TOKEN")',
        'if TOKEN is None or TOKEN == "":',
        '    raise RuntimeError("API_TOKEN")',
        'if not env.str("REGION", default=""):',
        '    raise ValueError',
        'SOFT = env("SOFT_FLAG", default="")',
        'if not SOFT:',
        '    print("SOFT_FLAG unset")',
        'LOG = os.getenv("LOG_LEVEL", "INFO")',
      ].join('\n'),
    );
    expect(only(reads, 'API_KEY')).toEqual([expect.objectContaining({ required: true, line: 3, raisedAt: 6 })]);
    expect(only(reads, 'API_TOKEN')).toEqual([
      expect.objectContaining({ required: true, form: 'os.environ.get', raisedAt: 9 }),
    ]);
    expect(only(reads, 'REGION')).toEqual([expect.objectContaining({ required: true, raisedAt: 11 })]);
    // A default nothing refuses stays a default.
    expect(only(reads, 'SOFT_FLAG')).toEqual([expect.objectContaining({ required: false })]);
    expect(only(reads, 'LOG_LEVEL')).toEqual([expect.objectContaining({ required: false, defaultText: '"INFO"' })]);
  });

  test('unbound Env() calls and an Env imported by name', () => {
    const reads = readsOf(
      [
        'import environ',
        'from environ import Env',
        'A = environ.Env().str("UNBOUND_A")',
        'B = Env()("UNBOUND_B", default="x")',
        'e = Env(SCHEMED=(int, 3))',
        'C = e.int("SCHEMED")',
        'D = e("BOUND_D")',
      ].join('\n'),
    );
    expect(only(reads, 'UNBOUND_A')).toEqual([expect.objectContaining({ required: true, form: 'environ.Env().str' })]);
    expect(only(reads, 'UNBOUND_B')).toEqual([expect.objectContaining({ required: false, form: 'Env()' })]);
    expect(only(reads, 'SCHEMED')).toEqual([expect.objectContaining({ required: false })]);
    expect(only(reads, 'BOUND_D')).toEqual([expect.objectContaining({ required: true, form: 'e' })]);
  });

  test('reads in if/try/def/for/lambda bodies carry their block; class and with bodies run at import', () => {
    const reads = readsOf(
      [
        'if env.bool("USE_X", default=False):',
        '    X = env("IN_IF")',
        'try:',
        '    Y = env("IN_TRY")',
        'except KeyError:',
        '    pass',
        'def f():',
        '    return os.environ["IN_DEF"]',
        'g = lambda: env("IN_LAMBDA")',
        'class Config:',
        '    Z = env("IN_CLASS")',
        'with open("f") as fh:',
        '    W = env("IN_WITH")',
        'os.environ["SET_NOT_READ"] = "1"',
      ].join('\n'),
    );
    // Each read once, so a read the parser missed cannot pass as one with no block.
    const block = (name: string) => only(reads, name).map((r) => r.block);
    expect(['IN_IF', 'IN_TRY', 'IN_DEF', 'IN_LAMBDA', 'IN_CLASS', 'IN_WITH', 'USE_X'].map(block)).toEqual([
      ['if'],
      ['try'],
      ['def'],
      ['lambda'],
      [undefined],
      [undefined],
      [undefined],
    ]);
    expect(only(reads, 'SET_NOT_READ')).toEqual([]);
  });

  test('f-strings and variables are computed names; adjacent literals and escapes are constants', () => {
    const reads = readsOf('A = env(f"X_{n}")\nB = env(name)\nC = env("JOIN" "ED")\nD = env(r"RAW\\N")\n');
    expect(reads.map((r) => r.variable)).toEqual([undefined, undefined, 'JOINED', 'RAW\\N']);
  });

  test('importlib.import_module with a literal is followed; python-dotenv and python-decouple are reported', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-app-'));
    fs.mkdirSync(path.join(dir, 'config/settings'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'config/settings/production.py'),
      'import importlib\nfrom importlib import import_module\nimportlib.import_module("config.settings.extra")\nimport_module("config.settings.more")\nfrom dotenv import load_dotenv\nfrom decouple import config\n',
    );
    fs.writeFileSync(path.join(dir, 'config/settings/extra.py'), 'X = env("FROM_EXTRA")\n');
    fs.writeFileSync(path.join(dir, 'config/settings/more.py'), 'Y = env("FROM_MORE")\n');
    const found = settingsReads(dir, 'config.settings.production');
    fs.rmSync(dir, { recursive: true, force: true });
    expect(found.reads.map((r) => [r.variable, r.file])).toEqual([
      ['FROM_EXTRA', 'config/settings/extra.py'],
      ['FROM_MORE', 'config/settings/more.py'],
    ]);
    expect(found.unfollowed).toEqual([
      { library: 'python-dotenv', file: 'config/settings/production.py', line: 5 },
      { library: 'python-decouple', file: 'config/settings/production.py', line: 6 },
    ]);
    // The text of each file read, the settings module first (init-app's layout reads it, not the disk).
    expect([...found.sources]).toEqual([
      ['config/settings/production.py', expect.stringContaining('importlib.import_module("config.settings.extra")')],
      ['config/settings/extra.py', 'X = env("FROM_EXTRA")\n'],
      ['config/settings/more.py', 'Y = env("FROM_MORE")\n'],
    ]);
  });
});

describe('npm run cli -- check-app', () => {
  test('passes when every environment provides every required variable', () => {
    const result = cli('check-app', path.join(FIXTURES, 'good'));
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toContain('config.settings.production (dev, production, staging): 8 variable(s) required');
    for (const env of ['dev', 'staging', 'production']) {
      expect(result.out).toContain(`${env}: every Django container gets every one`);
    }
  });

  test('fails naming the variable, the container and the settings file:line', () => {
    const result = cli('check-app', path.join(FIXTURES, 'gap'), '--settings', 'config.settings.production');
    expect(result.code).toBe(1);
    expect(result.out).toContain(
      'production: Deployment/acme-worker:worker lacks STRIPE_API_KEY (read without a default at config/settings/production.py:23)',
    );
    expect(result.out).toContain('dev: Job/acme-migrate:migrate lacks STRIPE_API_KEY');
    // A positional default (env(var, cast, default)) is a default.
    expect(result.out).not.toContain('STRIPE_WEBHOOK_SECRET');
    // Every container that imports the settings, in every environment: 5 processes x 3 environments.
    expect(result.out).toContain('check-app: 15 gap(s)');
  });

  test.each([
    [
      ['check-app', '/nonexistent/app'],
      /^error: \/nonexistent\/app is not a directory: give the path of an app checkout\n$/,
    ],
    [
      ['check-app', path.join(FIXTURES, 'good'), '--settings', 'config.settings.staging'],
      /^error: no settings module config\.settings\.staging in .* \(looked for config\/settings\/staging\.py and config\/settings\/staging\/__init__\.py\)\n$/,
    ],
    [['check-app', path.join(FIXTURES, 'good'), '--settings', 'config/settings'], /must be a dotted module path/],
    [['check-app'], /missing required argument 'app'/],
  ])('refuses %j in one line', (argv, message) => {
    const result = cli(...argv);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(message);
    expect(result.err).not.toMatch(/\n\s+at /);
  });

  test('a settings file Python could not read is refused with its file:line', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-app-'));
    fs.cpSync(path.join(FIXTURES, 'good'), dir, { recursive: true });
    fs.appendFileSync(path.join(dir, 'config/settings/production.py'), 'BROKEN = env("X\n');
    const result = cli('check-app', dir);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(result.code).toBe(1);
    expect(result.err).toMatch(
      /^error: config\/settings\/production.py:19: Python cannot read the statement that starts here: BROKEN = env\("X\n$/,
    );
  });

  /** check-app on a copy of the good fixture changed by `change`. */
  function checkChanged(change: (dir: string) => void): { code: number; out: string; err: string } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-app-'));
    fs.cpSync(path.join(FIXTURES, 'good'), dir, { recursive: true });
    change(dir);
    const result = cli('check-app', dir);
    fs.rmSync(dir, { recursive: true, force: true });
    return result;
  }

  test('a read without a default inside a conditional block is a warning, not a gap', () => {
    const result = checkChanged((dir) =>
      fs.appendFileSync(
        path.join(dir, 'config/settings/production.py'),
        'if env.bool("USE_S3", default=False):\n    BUCKET = env("AWS_STORAGE_BUCKET_NAME")\n',
      ),
    );
    expect(result.code).toBe(0);
    expect(result.out).toContain(
      'warning: config/settings/production.py:20: AWS_STORAGE_BUCKET_NAME is read without a default inside if, and some Django container lacks it',
    );
    expect(result.out).toContain('check-app: no gap');
  });

  test('a default refused by a raise is a gap like a read without a default', () => {
    const result = checkChanged((dir) =>
      fs.appendFileSync(
        path.join(dir, 'config/settings/production.py'),
        'KEY = env("STRIPE_API_KEY", default="")\nif not KEY:\n    raise ImproperlyConfigured("set STRIPE_API_KEY")\n',
      ),
    );
    expect(result.code).toBe(1);
    expect(result.out).toContain(
      'production: Deployment/acme-web:web lacks STRIPE_API_KEY (read with default "" that config/settings/production.py:21 refuses with a raise at config/settings/production.py:19)',
    );
  });

  test("each module the contract names must be in the app (manage.py, the WSGI module, the Celery app, the media root's package)", () => {
    const result = checkChanged((dir) => {
      for (const file of ['manage.py', 'config/wsgi.py', 'config/celery_app.py']) fs.rmSync(path.join(dir, file));
      fs.rmSync(path.join(dir, 'devops_interview_test'), { recursive: true });
    });
    expect(result.code).toBe(1);
    for (const line of [
      'missing: manage.py manage.py is not in the app (looked for manage.py)',
      'missing: the WSGI/ASGI module config.wsgi is not in the app (looked for config/wsgi.py or config/wsgi/__init__.py)',
      'missing: the Celery app module config.celery_app is not in the app (looked for config/celery_app.py)',
      "missing: the media root's package devops_interview_test is not in the app (looked for devops_interview_test/)",
    ]) {
      expect(result.out).toContain(line);
    }
    expect(result.out).toContain('check-app: 0 gap(s), 4 missing module(s)');
  });

  test('--help describes it', () => {
    const result = cli('check-app', '--help');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/Usage: deploy check-app \[options\] <app>/);
  });
});
