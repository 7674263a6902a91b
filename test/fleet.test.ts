/**
 * A fleet of 30 environments over 5 clusters (scripts/fleet.cjs, the one `npm run bench` times)
 * synthesizes, and every object it writes is valid: read back from the YAML files, strictly
 * against the Kubernetes schemas of the oldest and newest version we target and custom resources
 * against their CRDs. No two environments on one cluster share a namespace or an ingress host,
 * while the same namespace on two clusters is fine; ArgoCD gets one Application per environment
 * and the AppProject exactly their (cluster, namespace) pairs. Guards the fast paths of lib/synth
 * (direct YAML, per-folder mkdir) at scale.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { clusterName, createFleetProject, fleetEnvironments, fleetName, TEMPLATE } from '../scripts/fleet.cjs';
import { sources } from '../scripts/schema-dir.cjs';
import { synthesizeAll, type SynthesisResult } from '../lib/synth/synthesize';
import { CHARTS } from '../charts/render';
import type { Manifest } from '../lib/common/manifest';
import { CrdValidator } from './support/crd-schemas';
import { KubernetesValidator } from './support/kubernetes-schemas';
import { ROOT } from './support/project';

const SIZE = 30;
const CLUSTERS = 5;
let root: string;
let result: SynthesisResult;
/** Every object of every YAML file written, with the file it came from. */
let objects: Array<[string, Manifest]>;

beforeAll(() => {
  root = createFleetProject(SIZE, ROOT, CLUSTERS);
  result = synthesizeAll(root, { charts: CHARTS });
  objects = [...result.dist]
    .filter(([file]) => file.endsWith('.yaml') && !file.endsWith('/Chart.yaml') && !file.endsWith('/values.yaml'))
    .flatMap(([file, text]) =>
      parseAllDocuments(text, { uniqueKeys: true }).map((doc) => {
        expect([file, doc.errors]).toEqual([file, []]);
        return [file, doc.toJS() as Manifest] as [string, Manifest];
      }),
    );
});

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

test('the generator makes distinct environments from the staging file', () => {
  const files = fleetEnvironments(3);
  expect([...files.keys()]).toEqual(['fleet-1.yaml', 'fleet-2.yaml', 'fleet-3.yaml']);
  expect(fleetName(0, SIZE)).toBe('fleet-01');
  const text = files.get('fleet-2.yaml') ?? '';
  expect(text).toMatch(/^name: fleet-2$/m);
  expect(text).toMatch(/^namespace: acme-fleet-2$/m);
  expect(text).toMatch(/^tier: staging$/m); // the tier is not the name
  expect(text).toMatch(/- fleet-2\.acme\.example\.com$/m);
  expect(text).not.toMatch(/\bstaging\.acme/);
  expect(() => fleetEnvironments(0)).toThrow(/positive integer/);
  // Over clusters: round-robin, each namespace once per cluster.
  const spread = fleetEnvironments(4, undefined, 2);
  expect(spread.get('fleet-3.yaml')).toMatch(new RegExp(`^cluster: ${clusterName(0)}$`, 'm'));
  expect(spread.get('fleet-3.yaml')).toMatch(/^namespace: acme-slot-2$/m);
  expect(spread.get('fleet-4.yaml')).toMatch(new RegExp(`^cluster: ${clusterName(1)}$`, 'm'));
  expect(fs.readFileSync(path.join(ROOT, TEMPLATE), 'utf8')).toMatch(/^name: staging$/m);
});

test(`${SIZE} environments load as distinct environments, each a chart in dist/`, () => {
  // The configuration the synth loaded from the fleet's files (loading them again gives the same).
  const { config } = result;
  expect(config.environments.map((e) => e.name)).toEqual(Array.from({ length: SIZE }, (_, i) => fleetName(i, SIZE)));
  // Unique per cluster, repeated across clusters.
  expect(new Set(config.environments.map(onClusterKey)).size).toBe(SIZE);
  expect(new Set(config.environments.map((e) => e.namespace)).size).toBe(SIZE / CLUSTERS);
  expect(new Set(config.environments.map((e) => e.cluster)).size).toBe(CLUSTERS);
  const hosts = config.environments.flatMap((e) => e.web.ingress?.hosts ?? []);
  expect(new Set(hosts).size).toBe(SIZE);
  for (const env of config.environments) {
    expect(result.dist.get(`${env.name}/Chart.yaml`)).toMatch(new RegExp(`^name: acme-${env.name}$`, 'm'));
  }
  const applications = objects.filter(([, m]) => m.kind === 'Application');
  // One Application per environment, and the bootstrap Application of dist/argocd itself.
  expect(applications.map(([, m]) => m.metadata.name).sort()).toEqual(
    ['acme-delivery', ...config.environments.map((e) => `acme-${e.name}`)].sort(),
  );
});

test('every object of an environment lives in its namespace, and ArgoCD deploys it to its cluster', () => {
  const { config } = result;
  const byName = new Map(config.environments.map((e) => [e.name, e]));
  for (const [file, m] of objects.filter(([f]) => f.startsWith('fleet-'))) {
    const env = byName.get(file.split('/')[0]);
    expect([file, m.kind, m.metadata.namespace]).toEqual([file, m.kind, env?.namespace]);
  }
  // No two Ingresses on one cluster route the same host.
  const routed = new Map<string, string>();
  for (const [file, m] of objects.filter(([, o]) => o.kind === 'Ingress')) {
    const env = byName.get(file.split('/')[0]);
    for (const rule of (m.spec as { rules: Array<{ host: string }> }).rules) {
      const key = `${env?.cluster} ${rule.host}`;
      expect([key, routed.get(key)]).toEqual([key, undefined]);
      routed.set(key, file);
    }
  }
  const destinations = objects
    .filter(([, m]) => m.kind === 'Application' && m.metadata.name !== 'acme-delivery')
    .map(([, m]) => (m.spec as { destination: { name: string; namespace: string } }).destination);
  expect(destinations.map((d) => `${d.name}/${d.namespace}`).sort()).toEqual(
    config.environments.map(onClusterKey).sort(),
  );
  const project = objects.find(([, m]) => m.kind === 'AppProject' && m.metadata.name === 'acme')?.[1];
  const allowed = (project?.spec as { destinations: Array<{ name: string; namespace: string }> }).destinations;
  expect(allowed.map((d) => `${d.name}/${d.namespace}`).sort()).toEqual(config.environments.map(onClusterKey).sort());
});

function onClusterKey(e: { cluster: string; namespace: string }): string {
  return `${e.cluster}/${e.namespace}`;
}

test('every object written validates strictly (Kubernetes schemas, CRDs)', () => {
  expect(objects.length).toBeGreaterThan(SIZE * 30);
  const crds = new CrdValidator();
  const validators = sources.kubernetes.map((k) => new KubernetesValidator(k.version));
  const failures: string[] = [];
  for (const [file, m] of objects) {
    const results = crds.knows(m.apiVersion, m.kind)
      ? [crds.validate(m)]
      : validators.map((validator) => validator.validate(m));
    for (const r of results)
      if (!r.valid) failures.push(`${file} ${m.kind}/${m.metadata.name}: ${r.errors.join('; ')}`);
  }
  expect(failures).toEqual([]);
});
