/**
 * The TypeScript example (examples/typescript/main.ts) builds a stack from lib/index.ts alone,
 * without YAML, and what it synthesizes passes the checks every environment passes: strict
 * Kubernetes and CRD schemas, and the policy rules with the same exceptions.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { Testing } from 'cdk8s';
import { buildSync } from 'esbuild';
import { AcmeChart } from '../examples/typescript/main';
import { evaluateRule, formatViolation } from '../lib/policy/evaluate';
import { policyExceptions } from '../lib/policy/exceptions';
import { RULES } from '../lib/policy/rules';
import type { Manifest } from '../lib/common/manifest';
import { sources } from '../scripts/schema-dir.cjs';
import { CrdValidator } from './support/crd-schemas';
import { KubernetesValidator } from './support/kubernetes-schemas';
import { expectEach } from './support/expect-each';
import { ROOT } from './support/project';

const manifests = new AcmeChart(Testing.app(), 'acme-demo').toJson() as Manifest[];
const byName = (kind: string, name: string) => manifests.find((m) => m.kind === kind && m.metadata.name === name);

test('the example synthesizes the whole stack', () => {
  const expected = [
    ['Deployment', 'acme-web'],
    ['HorizontalPodAutoscaler', 'acme-web'],
    ['Deployment', 'acme-worker'],
    ['Deployment', 'acme-beat'],
    ['Deployment', 'acme-docs'],
    ['StatefulSet', 'acme-postgres'],
    ['CronJob', 'acme-database-backup'],
    ['StatefulSet', 'acme-redis'],
    ['Job', 'acme-migrate'],
    ['Job', 'acme-smoke-test'],
    ['NetworkPolicy', 'acme-default-deny'],
  ];
  expectEach(
    expected,
    ([kind, name]) => `${kind}/${name}`,
    ([kind, name]) => byName(kind, name) !== undefined,
  );
  // `flower: false` leaves Flower out; every object is in the stack's namespace.
  expect(manifests.filter((m) => m.metadata.labels?.['app.kubernetes.io/component'] === 'flower')).toEqual([]);
  expect(new Set(manifests.filter((m) => m.metadata.namespace).map((m) => m.metadata.namespace))).toEqual(
    new Set(['acme-demo']),
  );
});

describe.each(sources.kubernetes.map((k) => [k.version]))('Kubernetes %s', (version) => {
  test('every object validates strictly', () => {
    const validator = new KubernetesValidator(version);
    const crds = new CrdValidator();
    const failures = manifests
      .map((m) => [
        `${m.kind}/${m.metadata.name}`,
        (crds.knows(m.apiVersion, m.kind) ? crds : validator).validate(m).errors,
      ])
      .filter(([, errors]) => errors.length > 0);
    expect(failures).toEqual([]);
  });
});

test.each(RULES.map((r) => [r.id, r] as const))('policy %s holds (production tier)', (_id, rule) => {
  const result = evaluateRule(rule, { objects: manifests, tier: 'production' }, policyExceptions('acme'));
  expect(result.violations.map(formatViolation)).toEqual([]);
});

test('run as a program, it writes the manifests with app.synth()', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'example-'));
  const bundle = path.join(dir, 'main.js');
  // Bundled with the build's esbuild (the project has no ts-node), then run where a user would.
  buildSync({
    entryPoints: [path.join(ROOT, 'examples/typescript/main.ts')],
    bundle: true,
    platform: 'node',
    outfile: bundle,
    logLevel: 'warning',
  });
  execFileSync(process.execPath, [bundle], { cwd: dir });
  const written = fs.readFileSync(path.join(dir, 'cdk8s.out', 'acme-demo.k8s.yaml'), 'utf8');
  expect(written).toContain('name: acme-web');
  expect(written.split('\n---\n').length).toBe(manifests.length);
});
