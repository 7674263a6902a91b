/**
 * A change to a StatefulSet field Kubernetes will not update is found against the committed dist/
 * (by `synth` and `cli diff`), named with its environment, object and field, and comes with the
 * runbook; `--strict` refuses it without touching dist/.
 *
 * Source: kubernetes/kubernetes pkg/apis/apps/validation/validation.go, ValidateStatefulSetUpdate
 * (1.27 to 1.36): only replicas, ordinals, template, updateStrategy,
 * persistentVolumeClaimRetentionPolicy and minReadySeconds may differ from the old spec.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { runCli } from '../cli';
import { immutableChanges } from '../lib/synth/immutable-fields';
import { readTree } from '../lib/synth/write-tree';
import { main } from '../main';
import { editYaml } from './support/edit-config';
import { temporaryProject } from './support/project';

/**
 * The API server's rule, restated: which spec fields may an update change. Written out from
 * ValidateStatefulSetUpdate (kubernetes/kubernetes pkg/apis/apps/validation/validation.go, the
 * header's source), deliberately not imported from lib/synth/immutable-fields.ts
 * (STATEFULSET_MUTABLE_FIELDS), so that a wrong edit of that list fails here. It is the 1.27
 * list: newer API servers also let revisionHistoryLimit change (their refusal names it), but 1.27,
 * the oldest version targeted, does not, so that field stays immutable here (case below).
 */
const MUTABLE = [
  'replicas',
  'ordinals',
  'template',
  'updateStrategy',
  'persistentVolumeClaimRetentionPolicy',
  'minReadySeconds',
];

function tree(spec: Record<string, unknown>): Map<string, string> {
  const sts = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: 'ns', labels: { 'app.kubernetes.io/instance': 'acme-x' } },
    spec,
  };
  return new Map([['x/templates/database.yaml', stringify(sts)]]);
}

const BASE = {
  replicas: 1,
  serviceName: 'db-headless',
  selector: { matchLabels: { app: 'db' } },
  template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres:16.6' }] } },
  updateStrategy: { type: 'RollingUpdate' },
  volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { resources: { requests: { storage: '10Gi' } } } }],
};

describe('which StatefulSet changes are refused', () => {
  test.each<[string, Record<string, unknown>, boolean]>([
    ['replicas', { replicas: 3 }, false],
    [
      'the pod template',
      { template: { ...BASE.template, spec: { containers: [{ name: 'db', image: 'postgres:16.15' }] } } },
      false,
    ],
    ['updateStrategy', { updateStrategy: { type: 'OnDelete' } }, false],
    ['minReadySeconds', { minReadySeconds: 10 }, false],
    ['ordinals', { ordinals: { start: 1 } }, false],
    [
      'persistentVolumeClaimRetentionPolicy',
      { persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain' } },
      false,
    ],
    ['an explicit default podManagementPolicy', { podManagementPolicy: 'OrderedReady' }, false],
    [
      'a bigger volume',
      {
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { resources: { requests: { storage: '20Gi' } } } }],
      },
      true,
    ],
    [
      'a second claim template',
      { volumeClaimTemplates: [...BASE.volumeClaimTemplates, { metadata: { name: 'backups' } }] },
      true,
    ],
    ['serviceName', { serviceName: 'other' }, true],
    ['the selector', { selector: { matchLabels: { app: 'db2' } } }, true],
    ['podManagementPolicy', { podManagementPolicy: 'Parallel' }, true],
    ['revisionHistoryLimit', { revisionHistoryLimit: 3 }, true],
  ])('%s', (_what, change, refused) => {
    const changes = immutableChanges(tree(BASE), tree({ ...BASE, ...change }));
    expect(changes.length > 0).toBe(refused);
    // Exactly the fields the API server compares: never a mutable one.
    for (const c of changes) expect(c.fields.filter((f) => MUTABLE.includes(f))).toEqual([]);
  });
});

describe('in a project', () => {
  let root: string;
  beforeEach(() => {
    root = temporaryProject();
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  function synth(...args: string[]): { code: number; err: string } {
    let err = '';
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      err += String(chunk);
      return true;
    });
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      return { code: main(root, args), err };
    } finally {
      spy.mockRestore();
      stdout.mockRestore();
    }
  }

  test('growing a volume: synth names environment, object and field, prints the runbook, and writes', () => {
    editYaml(root, 'config/environments/staging.yaml', (d) => d.setIn(['database', 'storage', 'size'], '40Gi'));
    const { code, err } = synth();
    expect(code).toBe(0);
    expect(err).toMatch(
      /warning: staging: StatefulSet acme-staging\/acme-postgres: spec\.volumeClaimTemplates changed/,
    );
    expect(err).toContain('kubectl delete statefulset acme-postgres -n acme-staging --cascade=orphan');
    expect(err).toContain(
      `kubectl patch pvc data-acme-postgres-0 -n acme-staging -p '{"spec":{"resources":{"requests":{"storage":"40Gi"}}}}'`,
    );
    expect(err).toMatch(/allowVolumeExpansion/);
    expect(err).toContain('argocd app sync acme-staging');
    expect(fs.readFileSync(path.join(root, 'dist/staging/templates/database.yaml'), 'utf8')).toContain('storage: 40Gi');
    // Once written, the committed dist/ carries the change: a second synth is quiet.
    expect(synth().err).not.toMatch(/warning/);
  });

  test('turning on Redis persistence under --strict: refused, dist/ untouched', () => {
    const before = readTree(path.join(root, 'dist'));
    editYaml(root, 'config/environments/dev.yaml', (d) => d.setIn(['redis', 'persistence', 'enabled'], true));
    const { code, err } = synth('--strict');
    expect(code).toBe(1);
    expect(err).toMatch(/dev: StatefulSet acme-dev\/acme-redis: spec\.volumeClaimTemplates changed/);
    expect(err).toMatch(/synth refused \(--strict\), dist\/ left unchanged/);
    expect(readTree(path.join(root, 'dist'))).toEqual(before);
  });

  test('an image promotion changes only the template: nothing to warn about', () => {
    editYaml(root, 'config/environments/staging.yaml', (d) =>
      d.setIn(['images', 'postgres'], { repository: 'docker.io/library/postgres', tag: '16.16-bookworm' }),
    );
    expect(synth('--strict')).toEqual({ code: 0, err: '' });
  });

  test('cli diff shows it too, and --strict makes it fail', () => {
    editYaml(root, 'config/environments/staging.yaml', (d) => d.setIn(['database', 'storage', 'size'], '40Gi'));
    let out = '';
    const io = { root, out: (t: string) => (out += t), err: () => undefined };
    expect(runCli(['diff', '-e', 'staging'], io)).toBe(0);
    expect(out).toMatch(/StatefulSet acme-staging\/acme-postgres: spec\.volumeClaimTemplates changed/);
    expect(runCli(['diff', '-e', 'staging', '--strict'], io)).toBe(1);
    out = '';
    expect(runCli(['diff', '-e', 'staging', '--markdown'], io)).toBe(0);
    expect(out).toMatch(/\[!WARNING\][\s\S]*kubectl delete statefulset acme-postgres -n acme-staging --cascade=orphan/);
  });
});
