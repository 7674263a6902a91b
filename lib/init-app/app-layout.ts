/**
 * The shape of a cookiecutter-django checkout, as the charts need it: the web module (ASGI when
 * `config/asgi.py` exists, as the template's `use_async` adds it), the Celery app module
 * (`config/celery_app.py`, only with `use_celery`), the docs (`docs/conf.py`), the media root's
 * package (`APPS_DIR = BASE_DIR / "<slug>"` in the settings), and whether the production
 * entrypoint builds DATABASE_URL (the template's entrypoint did until 2025; today's waits for
 * POSTGRES_HOST:POSTGRES_PORT and the settings read POSTGRES_*).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AppProcesses, DatabaseConnection, StaticFiles } from '../app/app-contract';
import { moduleFile } from '../check-app/settings-modules';

export interface AppLayout {
  readonly processes: AppProcesses;
  readonly database: DatabaseConnection;
  /** The package above `MEDIA_ROOT`, relative to the checkout. */
  readonly mediaPackage: string;
  /** Where `collectstatic` puts the static files, and the storage backend that says so. */
  readonly staticFiles: { readonly where: StaticFiles; readonly backend?: string };
}

/** The settings files' text by path relative to the checkout, in the order they were read. */
type SettingsSources = ReadonlyMap<string, string>;

const ENTRYPOINT = 'compose/production/django/entrypoint';
const IGNORED_PACKAGES = new Set(['config', 'docs', 'tests', 'locale', 'compose', 'utility']);

/** `APPS_DIR = BASE_DIR / "slug"` in the settings, else the one app package beside config/. */
function mediaPackage(root: string, settings: SettingsSources): string {
  for (const source of settings.values()) {
    const match = /^APPS_DIR\s*=\s*\w+\s*\/\s*["']([\w.-]+)["']/m.exec(source);
    if (match) return match[1];
  }
  const packages = fs
    .readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !IGNORED_PACKAGES.has(d.name) && !d.name.startsWith('.'))
    .filter((d) => fs.existsSync(path.join(root, d.name, '__init__.py')))
    .map((d) => d.name);
  if (packages.length === 1) return packages[0];
  throw new Error(
    `cannot tell the media root's package: no APPS_DIR = BASE_DIR / "<package>" in ${[...settings.keys()].join(', ')}, and ${packages.length} packages beside config/ (${packages.join(', ') || 'none'}); edit paths.mediaRoot in the written file`,
  );
}

/**
 * The static files' storage backend as the settings name it: Django 4.2+'s
 * `STORAGES = {"staticfiles": {"BACKEND": ...}}` or the older `STATICFILES_STORAGE = ...`.
 */
const STATIC_BACKEND = [
  /["']staticfiles["']\s*:\s*\{[^}]*?["']BACKEND["']\s*:\s*["']([\w.]+)["']/g,
  /^STATICFILES_STORAGE\s*=\s*["']([\w.]+)["']/gm,
];

/**
 * Backends that keep the files where `collectstatic` ran: Django's own
 * (django.contrib.staticfiles.storage) and WhiteNoise's, which the template picks with
 * `use_whitenoise=y`. Any other (django-storages' S3, GCS and Azure backends, or the older
 * template's `<slug>.utils.storages.Static*Storage` classes built on them) uploads to a bucket.
 */
const LOCAL_STATIC_BACKEND = /^(django\.contrib\.staticfiles\.storage\.|whitenoise\.)/;

/** Object storage when any settings file names a backend that uploads, else the image. */
function staticFiles(settings: SettingsSources): AppLayout['staticFiles'] {
  for (const text of settings.values()) {
    for (const pattern of STATIC_BACKEND) {
      for (const match of text.matchAll(pattern)) {
        if (!LOCAL_STATIC_BACKEND.test(match[1])) return { where: 'object-storage', backend: match[1] };
      }
    }
  }
  return { where: 'image' };
}

/** How the processes reach PostgreSQL, from the entrypoint and what the settings read. */
function databaseConnection(root: string, reads: ReadonlySet<string>): DatabaseConnection {
  const entrypoint = path.join(root, ENTRYPOINT);
  if (fs.existsSync(entrypoint) && /export\s+DATABASE_URL=/.test(fs.readFileSync(entrypoint, 'utf8'))) {
    return 'entrypoint-builds-url';
  }
  return reads.has('POSTGRES_DB') || reads.has('POSTGRES_HOST') ? 'chart-gives-parts' : 'chart-gives-url';
}

/**
 * Reads the layout of the checkout at `root`; `settings` are the settings files as check-app's
 * reader read them (settingsReads: path → source), `reads` the variables they read.
 */
export function appLayout(root: string, settings: SettingsSources, reads: ReadonlySet<string>): AppLayout {
  const asgi = moduleFile(root, 'config.asgi') !== undefined;
  if (!asgi && !moduleFile(root, 'config.wsgi')) {
    throw new Error(`no config/wsgi.py nor config/asgi.py in ${root}: is it a cookiecutter-django checkout?`);
  }
  const celery = moduleFile(root, 'config.celery_app') !== undefined;
  return {
    processes: {
      web: asgi ? { interface: 'asgi', module: 'config.asgi' } : { interface: 'wsgi', module: 'config.wsgi' },
      // The template runs beat and Flower with every Celery app (compose/production/django/celery/).
      ...(celery ? { celery: { app: 'config.celery_app', beat: true, flower: true } } : {}),
      docs: fs.existsSync(path.join(root, 'docs/conf.py')),
    },
    database: databaseConnection(root, reads),
    mediaPackage: mediaPackage(root, settings),
    staticFiles: staticFiles(settings),
  };
}
