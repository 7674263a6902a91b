/**
 * What kind of value a setting holds, from its name as cookiecutter-django and the libraries it
 * configures name them: a secret (key, password, token, DSN, credentials: a key of the app
 * Secret), a value the chart computes, a database part, or a plain per-environment value.
 */
import type { ChartValue } from '../app/app-contract';
import { looksSecret } from '../common/secret-names';

/** Secret kinds, first match wins; each says what the value is, for the Secret table of docs/charts.md. */
const SECRET_KINDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/DSN$/, 'DSN (a URL with a key in it)'],
  [/PASSWORD|PASSWD/, 'password'],
  [/TOKEN/, 'token'],
  [/CREDENTIAL/, 'credentials'],
  // Flower's basic-auth user goes with its password (compose/production/django/celery/flower/start).
  [/FLOWER_USER$/, 'credentials'],
  [/DATABASE_URL$/, 'DSN (a URL with a password in it)'],
  [/(SECRET|API|ACCESS|ACCOUNT|PRIVATE|SIGNING)_?KEY(_ID)?$|SECRET_KEY|_KEY$/, 'key'],
  [/SECRET/, 'secret'],
  // cookiecutter-django: "Admin URL ... kept secret so it is not guessable".
  [/ADMIN_URL$/, 'unguessable admin path'],
];

/** Values the chart computes, by the variable cookiecutter-django reads them from. */
const CHART_SETTINGS: Readonly<Record<string, ChartValue>> = {
  DJANGO_SETTINGS_MODULE: 'settings-module',
  DJANGO_ALLOWED_HOSTS: 'allowed-hosts',
  DJANGO_SECURE_SSL_REDIRECT: 'ssl-redirect',
  REDIS_URL: 'redis-url',
  CELERY_BROKER_URL: 'redis-url',
  SENTRY_ENVIRONMENT: 'environment-name',
  DJANGO_EMAIL_BACKEND: 'mail-catcher-backend',
  EMAIL_HOST: 'mail-catcher-host',
  EMAIL_PORT: 'mail-catcher-port',
  WEB_CONCURRENCY: 'web-concurrency',
};

export type Classification =
  | { readonly source: 'secret'; readonly kind: string }
  | { readonly source: 'chart'; readonly chart: ChartValue }
  | { readonly source: 'database' }
  | { readonly source: 'plain' };

/** How the contract gives one setting; `database` lists what the database backend gives. */
export function classifySetting(name: string, database: readonly string[]): Classification {
  if (database.includes(name)) return { source: 'database' };
  const chart = CHART_SETTINGS[name];
  if (chart) return { source: 'chart', chart };
  const kind = SECRET_KINDS.find(([pattern]) => pattern.test(name))?.[1];
  if (kind) return { source: 'secret', kind };
  // The schema refuses a plain setting whose name looks secret: such a name is a secret too.
  if (looksSecret(name)) return { source: 'secret', kind: 'secret' };
  return { source: 'plain' };
}

/**
 * A value that lets the settings import during the image build, for a setting required at import.
 * Nothing connects then: a URL only has to parse, a key only has to be there.
 */
export function buildPlaceholder(name: string, classification: Classification): string {
  if (name.endsWith('ADMIN_URL')) return 'admin/';
  // sentry-sdk sends nothing with an empty DSN (sentry_sdk/transport.py make_transport).
  if (name === 'SENTRY_DSN') return '';
  if (name === 'DATABASE_URL') return 'sqlite:////tmp/build.sqlite3';
  if (classification.source === 'chart' && classification.chart === 'redis-url') return 'redis://localhost:6379/0';
  if (classification.source === 'secret') return 'build-time-placeholder-not-used-at-run-time';
  return 'build-time-placeholder';
}
