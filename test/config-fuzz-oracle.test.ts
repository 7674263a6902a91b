/**
 * The checks of the configuration property tests can fail: each rule of the oracle
 * (test/support/fuzz/) is shown refusing a broken object, refusal or chart, and accepting the
 * committed ones, so a passing property run means something.
 */
import * as path from 'node:path';
import type { Manifest } from '../lib/common/manifest';
import { readTree } from '../lib/synth/write-tree';
import { materialize } from './support/fuzz/config-case';
import { checkChartsWithHelm } from './support/fuzz/helm-batch';
import {
  gitRevisionProblem,
  imageProblem,
  objectLimitProblems,
  releaseNameProblem,
} from './support/fuzz/object-limits';
import { ObjectChecker, problemViolations, runCase } from './support/fuzz/synth-oracle';
import { environments, ROOT } from './support/project';

const object = (kind: string, name: string, extra: Record<string, unknown> = {}): Manifest =>
  ({ apiVersion: 'v1', kind, metadata: { name, namespace: 'acme-dev' }, ...extra }) as Manifest;

describe('object limits', () => {
  test('names: a Service is a DNS-1035 label, a CronJob at most 52 characters, any name a DNS subdomain', () => {
    expect(objectLimitProblems(object('Service', '0-postgres'))).toEqual([
      'Service/0-postgres: name is not a DNS-1035 label (Service)',
    ]);
    expect(objectLimitProblems(object('CronJob', 'a'.repeat(53)))).toHaveLength(1);
    expect(objectLimitProblems(object('ConfigMap', 'a_b'))).toHaveLength(1);
    expect(objectLimitProblems(object('ConfigMap', 'a'.repeat(253)))).toEqual([]);
  });

  test('labels: values of at most 63 characters with alphanumeric ends', () => {
    const labelled = (value: string) =>
      ({
        ...object('ConfigMap', 'a'),
        metadata: { name: 'a', labels: { 'app.kubernetes.io/instance': value } },
      }) as Manifest;
    expect(objectLimitProblems(labelled('a'.repeat(63)))).toEqual([]);
    expect(objectLimitProblems(labelled('a'.repeat(64)))).toHaveLength(1);
    expect(objectLimitProblems(labelled('a-'))).toHaveLength(1);
  });

  test('resources: quantities within int64, requests at most their limits', () => {
    const pod = (resources: unknown) =>
      object('Deployment', 'web', {
        spec: { template: { spec: { containers: [{ name: 'web', image: 'ghcr.io/a/b:1', resources }] } } },
      });
    expect(
      objectLimitProblems(pod({ requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '1Gi' } })),
    ).toEqual([]);
    expect(objectLimitProblems(pod({ limits: { memory: '1e308' } }))).toEqual([
      expect.stringMatching(/overflows int64/),
    ]);
    expect(objectLimitProblems(pod({ requests: { cpu: '9223372036854775807' } }))).toEqual([
      expect.stringMatching(/overflows int64/),
    ]);
    // Exact at the edge: 2^63 - 1 bytes fit, 2^63 do not (one double holds both).
    expect(objectLimitProblems(pod({ limits: { memory: '9223372036854775807' } }))).toEqual([]);
    expect(objectLimitProblems(pod({ limits: { memory: '9223372036854775808' } }))).toEqual([
      expect.stringMatching(/overflows int64/),
    ]);
    expect(objectLimitProblems(pod({ limits: { memory: '8Ei' } }))).toEqual([expect.stringMatching(/overflows int64/)]);
    expect(objectLimitProblems(pod({ limits: { cpu: '9223372036854775807m' } }))).toEqual([]);
    expect(objectLimitProblems(pod({ requests: { memory: '2Gi' }, limits: { memory: '1Gi' } }))).toEqual([
      expect.stringMatching(/above the limit/),
    ]);
  });

  test('images, release names and git revisions', () => {
    expect(imageProblem('ghcr.io/acme/acme-django:1.4.2')).toBeUndefined();
    expect(imageProblem(`ghcr.io/${'a'.repeat(250)}:1`)).toMatch(/over 255/);
    expect(imageProblem('ghcr.io/A/b:1')).toMatch(/not a valid reference/);
    expect(releaseNameProblem('acme-dev')).toBeUndefined();
    expect(releaseNameProblem(`acme-${'a'.repeat(49)}`)).toMatch(/53/);
    for (const ok of ['main', 'v1.2.3', 'release/1.x', 'HEAD']) expect(gitRevisionProblem(ok)).toBeUndefined();
    for (const bad of ['main.lock', 'main^', 'a b', '../x', '', '-x'])
      expect([bad, gitRevisionProblem(bad)]).toEqual([bad, expect.stringMatching(/refused/)]);
  });
});

describe('refusals', () => {
  const c = materialize([{ op: 'text', file: 3, trick: 'empty', at: 0 }]);
  test('a problem in a file the loader reads needs a line; one about a changed file is the blame', () => {
    const rules = problemViolations(c, [
      { file: 'config/environments/dev.yaml', field: 'name', message: 'is required' },
    ]).map((v) => v.rule);
    expect(rules).toEqual(['a problem in a read file has no line']);
    expect(
      problemViolations(c, [
        { file: 'config/environments/dev.yaml', field: '', line: 1, column: 1, message: 'is empty' },
      ]),
    ).toEqual([]);
  });

  test('a refusal that names only a file nobody changed blames the wrong file', () => {
    const rules = problemViolations(c, [
      { file: 'config/project.yaml', field: 'product', line: 2, column: 1, message: 'bad' },
    ]).map((v) => v.rule);
    expect(rules).toEqual(['the refusal blames no file that changed']);
  });
});

describe('the synth oracle on the committed configuration', () => {
  const checker = new ObjectChecker();
  test('accepts it with no violation, one chart per environment', () => {
    const outcome = runCase(materialize([]), checker);
    expect(outcome.verdict).toBe('accepted');
    expect(outcome.violations).toEqual([]);
    expect(outcome.charts.map((c) => c.env)).toEqual(['dev', 'production', 'staging']);
  });

  test('finds an object the schemas refuse', () => {
    const deployment = structuredClone(environments()[0].manifests.find((m) => m.kind === 'Deployment')) as Manifest & {
      spec: { replica?: number };
    };
    deployment.spec.replica = 2;
    expect(checker.problems(deployment).join('\n')).toMatch(/must NOT have additional properties: replica/);
  });
});

describe('helm over many charts at once', () => {
  const committed = environments().map(({ env, manifests }) => ({
    chart: { env: env.name, namespace: env.namespace, files: chartFiles(env.name), manifests },
    origin: 'committed',
  }));

  test('the committed charts lint and render exactly their objects; a broken template and a changed object are found', () => {
    const [dev] = committed;
    const files = new Map(dev.chart.files);
    files.set('templates/config.yaml', `${files.get('templates/config.yaml')}---\n# {{ broken\n`);
    const broken = { chart: { ...dev.chart, env: 'broken', files }, origin: 'broken template' };
    const changed = {
      chart: { ...dev.chart, env: 'changed', manifests: dev.chart.manifests.slice(1) },
      origin: 'one object fewer',
    };
    const findings = checkChartsWithHelm([...committed, broken, changed]);
    expect([...new Set(findings.map((f) => f.origin))].sort()).toEqual(['broken template', 'one object fewer']);
  });
});

function chartFiles(env: string): Map<string, string> {
  return new Map(readTree(path.join(ROOT, 'dist', env)));
}
