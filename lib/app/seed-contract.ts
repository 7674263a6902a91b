/**
 * The contract of the seed app (tomctm/devops-coding-challenge @ 4b8da4e8, a cookiecutter-django
 * project, package `devops_interview_test`), read from its `config/settings/base.py` and
 * `production.py` (django-environ 0.10.0, Django 4.1.8, celery 5.2.7, flower 1.2.0, gunicorn
 * 20.1.0). `readBy` gives the line of each read; `npm run cli -- check-app <checkout>` re-reads
 * them from an app checkout and reports what the charts do not provide.
 */
import { DJANGO_USER } from '../common/security';
import type { AppContract, AppSetting } from './legacy-contract';

export { buildTimeSettings } from './legacy-contract';

const DATABASE_PARTS = ['POSTGRES_HOST', 'POSTGRES_PORT', 'POSTGRES_DB', 'POSTGRES_USER', 'POSTGRES_PASSWORD'];

const SETTINGS: readonly AppSetting[] = [
  // Required at import by the production settings (no default).
  {
    name: 'DATABASE_URL',
    required: true,
    source: { kind: 'entrypoint', from: DATABASE_PARTS },
    readBy: 'config/settings/base.py:41 env.db("DATABASE_URL")',
    // env.db only parses the URL; nothing connects during collectstatic.
    buildPlaceholder: 'sqlite:////tmp/build.sqlite3',
    description: 'built by /entrypoint from POSTGRES_* (user and password URL-quoted)',
  },
  ...DATABASE_PARTS.map((name): AppSetting => ({
    name,
    required: true,
    source: { kind: 'database' },
    readBy: '/entrypoint (builds DATABASE_URL)',
    description:
      name.endsWith('USER') || name.endsWith('PASSWORD')
        ? 'database credentials: the app Secret (in-cluster StatefulSet), `<cluster>-app` (CloudNativePG) or the external database Secret'
        : 'the ConfigMap (in-cluster databases) or the external database Secret',
  })),
  {
    name: 'CELERY_BROKER_URL',
    required: true,
    source: { kind: 'config-map' },
    readBy: 'config/settings/base.py:257 env("CELERY_BROKER_URL")',
    buildPlaceholder: 'redis://localhost:6379/0',
    description: "the environment's Redis (also the result backend)",
  },
  {
    name: 'REDIS_URL',
    required: true,
    source: { kind: 'config-map' },
    readBy: 'config/settings/production.py:28 env("REDIS_URL")',
    buildPlaceholder: 'redis://localhost:6379/0',
    description: "the environment's Redis (cache)",
  },
  {
    name: 'DJANGO_SECRET_KEY',
    required: true,
    source: { kind: 'app-secret' },
    readBy: 'config/settings/production.py:15 env("DJANGO_SECRET_KEY")',
    buildPlaceholder: 'build-time-placeholder-not-used-at-run-time',
    description: "Django's SECRET_KEY: 50 or more random characters",
  },
  {
    name: 'DJANGO_ADMIN_URL',
    required: true,
    source: { kind: 'app-secret' },
    readBy: 'config/settings/production.py:83 env("DJANGO_ADMIN_URL")',
    buildPlaceholder: 'admin/',
    description: 'path of the admin site, ending in "/": kept secret so it is not guessable',
  },
  {
    name: 'MAILGUN_API_KEY',
    required: true,
    source: { kind: 'app-secret' },
    readBy: 'config/settings/production.py:94 env("MAILGUN_API_KEY")',
    buildPlaceholder: 'build-time-placeholder-not-used-at-run-time',
    description: 'Mailgun API key; read in every environment (where a mail catcher runs, any value)',
  },
  {
    name: 'MAILGUN_DOMAIN',
    required: true,
    source: { kind: 'config-map' },
    readBy: 'config/settings/production.py:95 env("MAILGUN_DOMAIN")',
    buildPlaceholder: 'example.com',
    description: '`django.mailgunDomain` of the environment file (not a secret)',
  },
  {
    name: 'SENTRY_DSN',
    required: true,
    source: { kind: 'app-secret' },
    readBy: 'config/settings/production.py:140 env("SENTRY_DSN")',
    // sentry-sdk 1.21.0 sends nothing when the DSN is empty (sentry_sdk/transport.py make_transport:
    // a transport only `if options["dsn"]`).
    buildPlaceholder: '',
    description: 'Sentry DSN; required by the settings: an empty value turns Sentry off',
  },
  // Set by the charts although the settings have defaults.
  {
    name: 'DJANGO_SETTINGS_MODULE',
    required: true,
    source: { kind: 'config-map' },
    readBy: 'config/wsgi.py, config/celery_app.py (os.environ.setdefault)',
    description: '`django.settingsModule` of the environment file',
  },
  {
    name: 'DJANGO_ALLOWED_HOSTS',
    required: false,
    source: { kind: 'config-map' },
    readBy: 'config/settings/production.py:17 env.list("DJANGO_ALLOWED_HOSTS", default=...)',
    appDefault: '["mrmilu.com"]',
    description: 'the web Ingress hosts, or `django.allowedHosts`',
  },
  {
    name: 'DJANGO_SECURE_SSL_REDIRECT',
    required: false,
    source: { kind: 'config-map' },
    readBy: 'config/settings/production.py:43',
    appDefault: 'True',
    description: 'True: TLS ends at the Ingress, which sends X-Forwarded-Proto',
  },
  {
    name: 'SENTRY_ENVIRONMENT',
    required: false,
    source: { kind: 'config-map' },
    readBy: 'config/settings/production.py:156',
    appDefault: 'production',
    description: 'the environment name, or `django.sentryEnvironment`',
  },
  // Read only by the example's dev settings patch (examples/app-repo): the seed's production
  // settings hard-code Anymail's Mailgun backend.
  ...(['DJANGO_EMAIL_BACKEND', 'EMAIL_HOST', 'EMAIL_PORT'] as const).map((name): AppSetting => ({
    name,
    required: false,
    source: { kind: 'config-map' },
    readBy:
      name === 'DJANGO_EMAIL_BACKEND'
        ? 'config/settings/base.py:212 (overridden in production.py:92)'
        : 'the dev settings patch',
    description: 'set where a mail catcher runs (development)',
  })),
  // Optional settings the charts leave to the app's defaults; `django.extraSettings` sets them.
  ...(
    [
      ['DJANGO_READ_DOT_ENV_FILE', 'base.py:13', 'False'],
      ['DJANGO_DEBUG', 'base.py:21', 'False'],
      ['DJANGO_ACCOUNT_ALLOW_REGISTRATION', 'base.py:287', 'True'],
      ['CONN_MAX_AGE', 'production.py:21', '60'],
      ['DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS', 'production.py:53', 'True'],
      ['DJANGO_SECURE_HSTS_PRELOAD', 'production.py:55', 'True'],
      ['DJANGO_SECURE_CONTENT_TYPE_NOSNIFF', 'production.py:57', 'True'],
      ['DJANGO_DEFAULT_FROM_EMAIL', 'production.py:68', 'devops_interview_test <noreply@mrmilu.com>'],
      ['DJANGO_SERVER_EMAIL', 'production.py:73', 'DJANGO_DEFAULT_FROM_EMAIL'],
      ['DJANGO_EMAIL_SUBJECT_PREFIX', 'production.py:75', '[devops_interview_test]'],
      ['MAILGUN_API_URL', 'production.py:96', 'https://api.mailgun.net/v3'],
      ['DJANGO_SENTRY_LOG_LEVEL', 'production.py:141', '20 (logging.INFO)'],
      ['SENTRY_TRACES_SAMPLE_RATE', 'production.py:157', '0.0'],
    ] as const
  ).map(([name, where, appDefault]): AppSetting => ({
    name,
    required: false,
    source: { kind: 'config-map' },
    readBy: `config/settings/${where}`,
    appDefault,
    description: 'app default unless `django.extraSettings` sets it',
  })),
  // Per process.
  {
    name: 'WEB_CONCURRENCY',
    required: false,
    source: { kind: 'process' },
    processes: ['web'],
    readBy: 'gunicorn 20.1.0 gunicorn/config.py (Workers default)',
    appDefault: '1',
    description: 'gunicorn worker processes (`web.concurrency`)',
  },
  {
    name: 'CELERY_FLOWER_USER',
    required: true,
    source: { kind: 'app-secret' },
    processes: ['flower'],
    readBy: "the seed's compose/local/django/celery/flower/start",
    description: 'Flower basic-auth user (only when Flower is enabled)',
  },
  {
    name: 'CELERY_FLOWER_PASSWORD',
    required: true,
    source: { kind: 'app-secret' },
    processes: ['flower'],
    readBy: "the seed's compose/local/django/celery/flower/start",
    description: 'Flower basic-auth password (only when Flower is enabled)',
  },
];

/** The seed app, as the charts deploy it. */
export const SEED_APP_CONTRACT: AppContract = {
  settingsModule: 'config.settings.production',
  wsgiModule: 'config.wsgi',
  celeryApp: 'config.celery_app',
  paths: {
    app: '/app',
    entrypoint: '/entrypoint',
    manage: '/app/manage.py',
    // base.py:156 MEDIA_ROOT = str(APPS_DIR / "media"), APPS_DIR = BASE_DIR / "devops_interview_test".
    mediaRoot: '/app/devops_interview_test/media',
  },
  user: DJANGO_USER,
  port: 8000,
  settings: SETTINGS,
  processes: [
    { name: 'web', command: ['gunicorn', 'config.wsgi'], importsSettings: true, viaEntrypoint: true },
    {
      name: 'worker',
      command: ['celery', '-A', 'config.celery_app', 'worker'],
      importsSettings: true,
      viaEntrypoint: true,
    },
    {
      name: 'beat',
      command: ['celery', '-A', 'config.celery_app', 'beat'],
      importsSettings: true,
      viaEntrypoint: true,
    },
    {
      name: 'flower',
      command: ['celery', '-A', 'config.celery_app', 'flower'],
      importsSettings: true,
      viaEntrypoint: true,
    },
    {
      name: 'migrate',
      command: ['python', '/app/manage.py', 'migrate', '--noinput'],
      importsSettings: true,
      viaEntrypoint: true,
    },
    // An HTTP request to the web Service with the standard library: it needs neither the database
    // nor the settings, so it gets no Secret (least privilege) and bypasses the entrypoint.
    { name: 'smoke-test', command: ['python', '-c'], importsSettings: false, viaEntrypoint: false },
  ],
};
