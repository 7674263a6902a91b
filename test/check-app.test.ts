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
import { tokenize } from '../lib/check-app/python-tokens';
import { ROOT } from './support/project';

const FIXTURES = path.join(ROOT, 'test/fixtures/check-app');

function cli(...argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runCli(argv, { root: ROOT, out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('reading the settings', () => {
  const reads = settingsReads(path.join(FIXTURES, 'good'), 'config.settings.production');
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

  test('the tokenizer refuses what Python would, with the line', () => {
    expect(() => tokenize('A = 1\nB = env("X)\n')).toThrow('unterminated string');
    expect(() => tokenize('A = env(\n  "X"\n')).toThrow('bracket never closed');
    expect(tokenize('x = r"a\\"b" + """\n"""\ny = 1')).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'name', value: 'y', line: 3 })]),
    );
  });
});

describe('npm run cli -- check-app', () => {
  test('passes when every environment provides every required variable', () => {
    const result = cli('check-app', path.join(FIXTURES, 'good'));
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toContain(
      'config.settings.production (dev, production, staging): 8 variable(s) read without a default',
    );
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
    expect(result.err).toBe('error: config/settings/production.py:19: unterminated string\n');
  });

  test('--help describes it', () => {
    const result = cli('check-app', '--help');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/Usage: deploy check-app \[options\] <app>/);
  });
});
