/**
 * The app contract is met by every environment's manifests: every Django container gets every
 * setting its process requires (from its env, the ConfigMap, the app Secret or the entrypoint),
 * runs the contract's command, and the Secret table of docs/charts.md is the contract's.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Chart } from 'cdk8s';
import type { AppContract } from '../lib/app/app-contract';
import { appProcess, appProcesses, buildTimeSettings, entrypointSettings, settingsOf } from '../lib/app/app-processes';
import { djangoContainers, providedSettings } from '../lib/app/provided-settings';
import { appSecretTable, SECRET_TABLE_END, SECRET_TABLE_START } from '../lib/app/secret-table';
import { stackContext } from '../lib/common/stack-context';
import { DjangoSettings } from '../lib/django/django-settings';
import { ExternalDatabase } from '../lib/backing/external-database';
import { environmentRows, projectConfig, ROOT } from './support/project';

const contract = projectConfig().app;

describe.each(environmentRows())('%s', (_name, { env, manifests }) => {
  const containers = djangoContainers(manifests, env.images.app.repository);

  test('runs every process of the contract (Flower when enabled) from the app image', () => {
    const expected = appProcesses(contract)
      .map((p) => p.name)
      .filter((p) => p !== 'flower' || env.flower.enabled);
    expect(containers.map((c) => c.process).sort()).toEqual([...expected].sort());
  });

  test('every Django container gets every setting its process requires', () => {
    for (const { process, where, container } of containers) {
      const provided = providedSettings(container, manifests, contract);
      for (const setting of settingsOf(contract, process).filter((s) => s.required)) {
        expect([where, setting.name, provided.has(setting.name)]).toEqual([where, setting.name, true]);
        const how = provided.get(setting.name);
        // Each comes from where the contract says, never from a literal secret in the manifest.
        // The migration is the exception for ConfigMap settings: it runs as a Helm pre-upgrade
        // hook before Helm updates the ConfigMap, so it carries the same values inline
        // (DjangoSettings.inlineEnv).
        const sharedVia = process === 'migrate' ? 'value' : 'config-map';
        const database =
          env.database.mode === 'external' || setting.name.match(/USER|PASSWORD/)
            ? 'secret'
            : setting.name !== 'DATABASE_URL'
              ? sharedVia
              : // CloudNativePG's `-app` Secret holds the URL; for the StatefulSet the kubelet composes it.
                { cloudnativepg: 'secret', statefulset: 'value' }[env.database.mode];
        const expectedVia = {
          secret: 'secret',
          plain: sharedVia,
          chart: setting.source === 'chart' && setting.chart === 'web-concurrency' ? 'value' : sharedVia,
          database: entrypointSettings(contract).has(setting.name) ? 'entrypoint' : database,
        }[setting.source];
        expect([where, setting.name, how?.via]).toEqual([where, setting.name, expectedVia]);
        if (setting.source === 'secret' && how?.via === 'secret') {
          expect([where, how.secret, how.key, how.optional]).toEqual([where, env.secrets.name, setting.name, false]);
        }
      }
    }
  });

  test('the production settings get MAILGUN_* and SENTRY_DSN even where a mail catcher runs', () => {
    for (const { process, container } of containers.filter((c) => appProcess(contract, c.process).importsSettings)) {
      const provided = providedSettings(container, manifests, contract);
      for (const name of ['MAILGUN_API_KEY', 'MAILGUN_DOMAIN', 'SENTRY_DSN', 'DATABASE_URL']) {
        expect([process, name, provided.has(name)]).toEqual([process, name, true]);
      }
    }
  });

  test('processes run the contract command through the entrypoint; the smoke test needs no settings', () => {
    for (const { process, container } of containers) {
      const declared = appProcess(contract, process);
      expect([process, container.command === undefined]).toEqual([process, declared.viaEntrypoint]);
      const line = [...(container.command ?? []), ...(container.args ?? [])];
      if (process === 'worker' || process === 'beat') {
        // The app's Celery application, loaded through the probe module (lib/django/celery-probes.ts).
        expect(line.slice(0, 4)).toEqual(['celery', '-A', 'k8s_celery_probes', process]);
        expect(container.env).toContainEqual({ name: 'CELERY_PROBES_APP', value: contract.processes.celery?.app });
      } else {
        expect(line.slice(0, declared.command.length)).toEqual(declared.command);
      }
      if (!declared.importsSettings) {
        expect(container.envFrom ?? []).toEqual([]);
        expect((container.env ?? []).filter((e) => e.valueFrom)).toEqual([]);
        expect(line.join(' ')).not.toMatch(/django|DJANGO_SETTINGS_MODULE/);
      }
    }
  });
});

test('the build-time placeholders are exactly the settings the production settings require at import', () => {
  // The seed's base.py (DATABASE_URL via env.db, CELERY_BROKER_URL) and production.py
  // (DJANGO_SECRET_KEY, DJANGO_ADMIN_URL, REDIS_URL, MAILGUN_API_KEY, MAILGUN_DOMAIN, SENTRY_DSN).
  expect(Object.keys(buildTimeSettings(contract))).toEqual([
    'CELERY_BROKER_URL',
    'DATABASE_URL',
    'DJANGO_ADMIN_URL',
    'DJANGO_SECRET_KEY',
    'MAILGUN_API_KEY',
    'MAILGUN_DOMAIN',
    'REDIS_URL',
    'SENTRY_DSN',
  ]);
  // env.db must parse the placeholder without a server; an empty DSN keeps sentry-sdk off.
  expect(buildTimeSettings(contract).DATABASE_URL).toMatch(/^sqlite:\/\/\/\//);
  expect(buildTimeSettings(contract).SENTRY_DSN).toBe('');
});

test('a contract requiring a setting the chart cannot provide stops the synth, naming it', () => {
  const strict: AppContract = {
    ...contract,
    settings: [
      ...contract.settings,
      {
        name: 'STRIPE_PUBLIC_KEY',
        required: true,
        source: 'plain',
        readBy: 'config/settings/production.py:200',
        description: 'test',
      },
    ],
  };
  const chart = new Chart(new App(), 'test');
  expect(
    () =>
      new DjangoSettings(chart, 'Settings', {
        ctx: stackContext('acme', 'dev', 'acme-dev'),
        contract: strict,
        settingsModule: 'config.settings.production',
        allowedHosts: ['app.example.com'],
        redisUrl: 'redis://redis:6379/0',
        database: new ExternalDatabase('db', { cidrs: ['10.0.0.0/8'], port: 5432 }),
        extraSettings: { MAILGUN_DOMAIN: 'mg.example.com' },
        secretName: 'app',
      }),
  ).toThrow(
    'the app contract requires STRIPE_PUBLIC_KEY (config/settings/production.py:200), but extraSettings gives it no value',
  );
});

test("the app Secret table of docs/charts.md is the contract's", () => {
  const readme = fs.readFileSync(path.join(ROOT, 'docs/charts.md'), 'utf8');
  const start = readme.indexOf(SECRET_TABLE_START);
  const end = readme.indexOf(SECRET_TABLE_END);
  expect(start).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  const table = readme.slice(start + SECRET_TABLE_START.length, end).trim();
  expect(table).toBe(appSecretTable(contract));
  // And every required app-Secret key is in it by name.
  for (const s of contract.settings.filter((x) => x.source === 'secret' && x.required)) {
    expect(table).toContain(`| \`${s.name}\` | yes |`);
  }
});
