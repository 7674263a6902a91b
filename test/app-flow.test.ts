/**
 * The documented flow (docs/your-app.md, "Deploy your own cookiecutter-django app") on each fixture
 * app of test/fixtures/apps (written for these tests, one per cookiecutter-django combination and
 * the seed's pattern), with no TypeScript edit between them: `init-app`, the per-environment
 * values in the environment files (data only), the synth, then `check-app` with no gap; every
 * Django container gets every setting its process requires; an app without Celery renders no
 * Celery object; every object validates against the Kubernetes schemas and passes the policy rules.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Document } from 'yaml';
import { runCli } from '../cli';
import { settingsOf } from '../lib/app/app-processes';
import { djangoContainers, providedSettings } from '../lib/app/provided-settings';
import type { AppContract } from '../lib/app/app-contract';
import type { Manifest } from '../lib/common/manifest';
import { loadAppContract, loadConfig } from '../lib/config/load';
import { synthesize } from '../lib/synth/synthesize';
import { CHARTS, environmentManifests } from '../charts/render';
import { sources } from '../scripts/schema-dir.cjs';
import { editYaml } from './support/edit-config';
import { kubernetesValidator } from './support/kubernetes-schemas';
import { policyViolations, schemaFailures } from './support/manifest-checks';
import { configCopy, ROOT } from './support/project';

const FIXTURES = path.join(ROOT, 'test/fixtures/apps');
const APPS = fs.readdirSync(FIXTURES).sort();
const ENVIRONMENTS = ['dev', 'staging', 'production'];
const CELERY_PROCESSES = ['worker', 'beat', 'flower'];

function cli(root: string, ...argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runCli(argv, { root, out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

/**
 * What a user writes in each environment file after init-app (the steps of docs/your-app.md): a value for
 * each required plain setting, `mailgunDomain` gone (mail is just settings), and no Flower, docs
 * or Celery egress for an app that has none.
 */
function giveEnvironmentValues(doc: Document, app: AppContract, environment: string): void {
  doc.deleteIn(['django', 'mailgunDomain']);
  const plain = app.settings.filter((s) => s.source === 'plain' && s.required);
  doc.setIn(
    ['django', 'extraSettings'],
    doc.createNode(
      Object.fromEntries(plain.map((s) => [s.name, `${s.name.toLowerCase().replace(/_/g, '-')}-${environment}`])),
    ),
  );
  if (!app.processes.celery) {
    doc.deleteIn(['flower']);
    const egress = doc.getIn(['network', 'egress']) as { items: unknown[] } | undefined;
    egress?.items.forEach((_, i) => {
      const components = (doc.getIn(['network', 'egress', i, 'components']) as { toJSON(): string[] }).toJSON();
      doc.setIn(
        ['network', 'egress', i, 'components'],
        doc.createNode(components.filter((c) => !CELERY_PROCESSES.includes(c))),
      );
    });
  }
  if (!app.processes.docs) {
    doc.deleteIn(['docs']);
    doc.deleteIn(['images', 'docs']);
  }
}

test('the fixtures hold apps with and without Celery, so both sides of the Celery checks run', () => {
  const withCelery = APPS.map((app) => fs.existsSync(path.join(FIXTURES, app, 'config/celery_app.py')));
  expect(new Set(withCelery)).toEqual(new Set([true, false]));
});

describe.each(APPS)('%s', (fixture) => {
  const checkout = path.join(FIXTURES, fixture);
  let root: string;
  let init: ReturnType<typeof cli>;
  let manifests: Map<string, Manifest[]>;
  let app: AppContract;
  let dist: ReadonlyMap<string, unknown>;
  let config: ReturnType<typeof loadConfig>;

  beforeAll(() => {
    root = configCopy('app-flow-');
    init = cli(root, 'init-app', checkout, '--force');
    // The contract alone: the environment files do not give its values yet.
    app = loadAppContract(root);
    for (const environment of ENVIRONMENTS) {
      editYaml(root, `config/environments/${environment}.yaml`, (doc) => giveEnvironmentValues(doc, app, environment));
    }
    config = loadConfig(root);
    manifests = new Map(config.environments.map((e) => [e.name, environmentManifests(config.project, e)]));
    dist = synthesize(root, { charts: CHARTS });
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test('init-app writes the contract; the synth then renders every environment', () => {
    expect(init.code).toBe(0);
    expect([...dist.keys()].filter((f) => f.endsWith('Chart.yaml')).length).toBe(ENVIRONMENTS.length);
  });

  test('check-app finds no gap and no missing module', () => {
    const result = cli(root, 'check-app', checkout);
    expect(result.err).toBe('');
    expect(result.out).not.toContain('missing:');
    expect(result.out).toMatch(/check-app: no gap\n$/);
    expect(result.code).toBe(0);
  });

  test.each(ENVIRONMENTS)('%s: every Django container gets every setting its process requires', (environment) => {
    const objects = manifests.get(environment) ?? [];
    const env = config.environments.find((e) => e.name === environment);
    const containers = djangoContainers(objects, env?.images.app.repository ?? '');
    expect(containers.length).toBeGreaterThanOrEqual(3);
    for (const { process, where, container } of containers) {
      const provided = providedSettings(container, objects, app);
      for (const setting of settingsOf(app, process).filter((s) => s.required)) {
        expect([where, setting.name, provided.has(setting.name)]).toEqual([where, setting.name, true]);
      }
    }
  });

  test.each(ENVIRONMENTS)('%s: Celery objects exactly when the app has Celery', (environment) => {
    const objects = manifests.get(environment) ?? [];
    const components = new Set(objects.map((m) => m.metadata.labels?.['app.kubernetes.io/component']));
    for (const process of ['worker', 'beat']) {
      expect([process, components.has(process)]).toEqual([process, app.processes.celery !== undefined]);
    }
    if (!app.processes.celery) expect(JSON.stringify(objects)).not.toMatch(/celery/i);
  });

  test.each(ENVIRONMENTS)('%s: the policy rules hold', (environment) => {
    const env = config.environments.find((e) => e.name === environment);
    const objects = manifests.get(environment) ?? [];
    expect(policyViolations(objects, env?.tier ?? 'production', config.project.product.name)).toEqual([]);
  });

  test('every object validates strictly against the newest Kubernetes schemas', () => {
    // The validators' schemas are compiled once per jest worker (kubernetes-schemas.ts), not per fixture.
    const validator = kubernetesValidator(sources.kubernetes.at(-1)?.version as string);
    expect(schemaFailures(manifests, validator)).toEqual([]);
  });
});
