/**
 * Another app, no TypeScript edit: a fixture contract without Celery or docs (ASGI, settings that
 * read POSTGRES_* themselves, a required per-environment setting, an optional Sentry DSN) goes
 * through the documented flow: config/app.yaml replaced, the environment files given the app's
 * plain settings (as the loader's overrides of the committed files), then the loader and the charts. What it renders has no Celery object, gives
 * every Django container every setting it requires, validates against the Kubernetes schemas and
 * passes the policy rules; without a Redis URL in the contract, Redis goes too.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMap, isSeq, parseDocument } from 'yaml';
import { providedSettings, djangoContainers } from '../lib/app/provided-settings';
import { settingsOf } from '../lib/app/app-processes';
import { APP_FILE } from '../lib/config/app-schema';
import { loadConfig, type LoadedConfig } from '../lib/config/load';
import type { Manifest } from '../lib/common/manifest';
import { allContainers } from '../lib/common/workloads';
import { environmentManifests } from '../charts/render';
import { sources } from '../scripts/schema-dir.cjs';
import { kubernetesValidator } from './support/kubernetes-schemas';
import { policyViolations, schemaFailures } from './support/manifest-checks';
import { ROOT } from './support/project';

const FIXTURE = fs.readFileSync(path.join(ROOT, 'test/fixtures/app-contracts/no-celery.yaml'), 'utf8');
const ENVIRONMENTS = ['dev', 'staging', 'production'];

/** An environment file of the project, edited as a user would (as the loader's override). */
function editedEnvironment(name: string): string {
  const doc = parseDocument(fs.readFileSync(path.join(ROOT, `config/environments/${name}.yaml`), 'utf8'));
  doc.deleteIn(['django', 'extraSettings']);
  doc.setIn(['django', 'extraSettings'], doc.createNode({ SHOP_MAIL_DOMAIN: `mail.${name}.shop.example` }));
  if (name === 'staging') doc.setIn(['django', 'settingsModule'], 'config.settings.staging');
  doc.deleteIn(['flower']);
  doc.deleteIn(['docs']);
  doc.deleteIn(['images', 'docs']);
  doc.setIn(['network', 'egress', 0, 'components'], doc.createNode(['web', 'migrate']));
  return doc.toString();
}

/** The project deploying the fixture app: config/app.yaml replaced, the environment files edited. */
function rendered(app: string): { config: LoadedConfig; manifests: Map<string, Manifest[]> } {
  const overrides = new Map([
    [APP_FILE, app],
    ...ENVIRONMENTS.map((name) => [`config/environments/${name}.yaml`, editedEnvironment(name)] as const),
  ]);
  const config = loadConfig(ROOT, overrides);
  return {
    config,
    manifests: new Map(config.environments.map((e) => [e.name, environmentManifests(config.project, e)])),
  };
}

const { config, manifests } = rendered(FIXTURE);
const components = (objects: Manifest[]) =>
  new Set(objects.map((m) => m.metadata.labels?.['app.kubernetes.io/component']));

describe.each(ENVIRONMENTS)('%s', (name) => {
  const env = config.environments.find((e) => e.name === name);
  const objects = manifests.get(name) ?? [];

  test('no Celery object: no worker, beat, Flower, probe module or docs site', () => {
    const present = components(objects);
    for (const c of ['worker', 'beat', 'flower', 'docs']) expect([c, present.has(c)]).toEqual([c, false]);
    expect(objects.filter((m) => m.metadata.name.includes('celery'))).toEqual([]);
    expect(JSON.stringify(objects)).not.toMatch(/celery|CELERY_/i);
  });

  test('no NetworkPolicy names a process the app does not run', () => {
    const policies = objects.filter((m) => m.kind === 'NetworkPolicy');
    expect(policies.length).toBeGreaterThan(3);
    expect(JSON.stringify(policies)).not.toMatch(/"(worker|beat|flower|docs)"/);
  });

  test('every Django container gets every setting its process requires, each secret key by key', () => {
    const containers = djangoContainers(objects, env?.images.app.repository ?? '');
    expect(containers.map((c) => c.process).sort()).toEqual(['migrate', 'smoke-test', 'web']);
    for (const { process, where, container } of containers) {
      const provided = providedSettings(container, objects, config.app);
      for (const setting of settingsOf(config.app, process).filter((s) => s.required)) {
        expect([where, setting.name, provided.has(setting.name)]).toEqual([where, setting.name, true]);
      }
      if (process === 'smoke-test') continue;
      const secretRef = (key: string) => container.env?.find((e) => e.name === key)?.valueFrom?.secretKeyRef;
      expect(secretRef('POSTMARK_SERVER_TOKEN')).toEqual({ name: env?.secrets.name, key: 'POSTMARK_SERVER_TOKEN' });
      // Sentry is optional here: its key may be missing from the Secret.
      expect(secretRef('SENTRY_DSN')).toEqual({ name: env?.secrets.name, key: 'SENTRY_DSN', optional: true });
    }
  });

  test('the per-environment value, the settings module, the ASGI server, the port and the user', () => {
    const configMap = objects.find((m) => m.kind === 'ConfigMap' && m.metadata.name === 'acme-django') as unknown as {
      data: Record<string, string>;
    };
    expect(configMap.data.SHOP_MAIL_DOMAIN).toBe(`mail.${name}.shop.example`);
    expect(configMap.data.DJANGO_SETTINGS_MODULE).toBe(
      name === 'staging' ? 'config.settings.staging' : 'config.settings.production',
    );
    expect(configMap.data).not.toHaveProperty('DATABASE_URL');
    const web = allContainers(objects).find(([where]) => where.startsWith('Deployment/acme-web:'))?.[1];
    expect(web?.args?.slice(0, 4)).toEqual(['gunicorn', 'config.asgi', '-k', 'uvicorn_worker.UvicornWorker']);
    expect(web?.args).toContain('--bind=0.0.0.0:5000');
    expect(web?.args).toContain('--chdir=/srv/app');
    const pods = objects.flatMap((m) => {
      const spec = (
        m.spec as { template?: { spec?: { securityContext?: { runAsUser?: number; runAsGroup?: number } } } }
      )?.template?.spec;
      return m.metadata.labels?.['app.kubernetes.io/name'] === 'django' && spec ? [spec.securityContext] : [];
    });
    expect(pods.length).toBeGreaterThan(0);
    for (const context of pods) expect(context).toMatchObject({ runAsUser: 20001, runAsGroup: 20002 });
  });

  test('the policy rules hold', () => {
    expect(policyViolations(objects, env?.tier ?? 'production', config.project.product.name)).toEqual([]);
  });
});

test.each(sources.kubernetes.map((k) => [k.version]))('every object validates strictly on Kubernetes %s', (version) => {
  expect(schemaFailures(manifests, kubernetesValidator(version))).toEqual([]);
});

test('an app that reads no Redis URL gets no Redis, and no NetworkPolicy for it', () => {
  const doc = parseDocument(FIXTURE);
  const settings = doc.get('settings', true);
  if (!isSeq(settings)) throw new Error('the fixture has no settings list');
  settings.items = settings.items.filter((item) => !(isMap(item) && item.get('name') === 'REDIS_URL'));
  const withoutRedis = doc.toString();
  expect(withoutRedis).not.toContain('REDIS_URL');
  const { manifests: objects } = rendered(withoutRedis);
  for (const [name, list] of objects) {
    expect([name, components(list).has('redis')]).toEqual([name, false]);
    expect([name, list.filter((m) => m.metadata.name.includes('redis')).map((m) => m.metadata.name)]).toEqual([
      name,
      [],
    ]);
  }
});

test('the seed renders its Celery processes, with the contract it was given', () => {
  const seed = loadConfig(ROOT);
  const dev = seed.environments.find((e) => e.name === 'dev');
  const present = components(dev ? environmentManifests(seed.project, dev) : []);
  for (const c of ['worker', 'beat', 'flower', 'docs', 'redis']) expect([c, present.has(c)]).toEqual([c, true]);
});
