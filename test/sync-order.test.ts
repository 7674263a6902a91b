/**
 * The order ArgoCD deploys in, computed from hook phases and sync waves as ArgoCD does, for
 * every environment: configuration and secret references, then databases, then the migration,
 * then the workloads, then the smoke test.
 */
import { requirePodTemplate } from '../lib/common/workloads';
import { environmentRows } from './support/project';
import type { Manifest } from '../lib/common/manifest';

const PHASES = ['PreSync', 'Sync', 'PostSync'];

/** [phase index, wave]: ArgoCD runs phases in order, waves in order inside a phase. */
function syncKey(m: Manifest): [number, number] {
  const annotations = m.metadata.annotations ?? {};
  const phase = annotations['argocd.argoproj.io/hook'] ?? 'Sync';
  expect(PHASES).toContain(phase);
  // Without its own wave ArgoCD takes the Helm hook weight (argo-cd v3.5.1 gitops-engine/pkg/sync/syncwaves/waves.go).
  const wave = annotations['argocd.argoproj.io/sync-wave'] ?? annotations['helm.sh/hook-weight'] ?? '0';
  return [PHASES.indexOf(phase), Number(wave)];
}

const before = (a: [number, number], b: [number, number]) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);

/** Groups by what the object is, judged from its content rather than from the code's own stage table. */
function groups(manifests: Manifest[]): Record<string, Manifest[]> {
  const component = (m: Manifest) => m.metadata.labels?.['app.kubernetes.io/component'];
  const command = (m: Manifest) =>
    JSON.stringify(requirePodTemplate(m).spec.containers.map((c) => [c, (c as { args?: string[] }).args]));
  return {
    config: manifests.filter((m) =>
      ['ConfigMap', 'ServiceAccount', 'Secret', 'ExternalSecret', 'NetworkPolicy'].includes(m.kind),
    ),
    databases: manifests.filter(
      (m) => ['StatefulSet', 'Cluster'].includes(m.kind) || (m.kind === 'Deployment' && component(m) === 'mail'),
    ),
    migration: manifests.filter((m) => m.kind === 'Job' && command(m).includes('"migrate"')),
    workloads: manifests.filter((m) => m.kind === 'Deployment' && component(m) !== 'mail'),
    smokeTest: manifests.filter((m) => m.kind === 'Job' && component(m) === 'smoke-test'),
  };
}

describe.each(environmentRows())('%s', (_name, { manifests }) => {
  const g = groups(manifests);

  test('every stage has objects', () => {
    for (const [stage, objects] of Object.entries(g)) expect([stage, objects.length > 0]).toEqual([stage, true]);
  });

  test.each([
    ['config', 'databases'],
    ['databases', 'migration'],
    ['migration', 'workloads'],
    ['workloads', 'smokeTest'],
  ])('%s deploy strictly before %s', (first, second) => {
    for (const a of g[first]) {
      for (const b of g[second]) {
        expect([
          `${a.kind}/${a.metadata.name}`,
          `${b.kind}/${b.metadata.name}`,
          before(syncKey(a), syncKey(b)),
        ]).toEqual([`${a.kind}/${a.metadata.name}`, `${b.kind}/${b.metadata.name}`, true]);
      }
    }
  });

  test('the migration is a Sync hook recreated per sync, bounded, and a Helm post-install/pre-upgrade hook', () => {
    const [job] = g.migration;
    expect(job.metadata.annotations).toEqual(
      expect.objectContaining({
        'argocd.argoproj.io/hook': 'Sync',
        'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
        'helm.sh/hook': 'post-install,pre-upgrade',
        'helm.sh/hook-delete-policy': 'before-hook-creation',
      }),
    );
    const spec = job.spec as { activeDeadlineSeconds: number; backoffLimit: number; ttlSecondsAfterFinished?: number };
    expect(spec.activeDeadlineSeconds).toBeGreaterThan(0);
    expect(spec.activeDeadlineSeconds).toBeLessThanOrEqual(7200);
    expect(spec.backoffLimit).toBeLessThanOrEqual(10);
    // A very short TTL can leave ArgoCD waiting for a hook that vanished (argo-cd#21055).
    if (spec.ttlSecondsAfterFinished !== undefined) expect(spec.ttlSecondsAfterFinished).toBeGreaterThanOrEqual(3600);
  });

  test('the smoke test is a PostSync hook and a Helm post-install/post-upgrade hook', () => {
    const [job] = g.smokeTest;
    expect(job.metadata.annotations).toEqual(
      expect.objectContaining({
        'argocd.argoproj.io/hook': 'PostSync',
        'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
        'helm.sh/hook': 'post-install,post-upgrade',
      }),
    );
  });

  test('hook Job names carry no timestamp or revision', () => {
    for (const job of [...g.migration, ...g.smokeTest]) {
      expect(job.metadata.name).not.toMatch(/\d{6,}|[0-9a-f]{7,}$/);
      expect((job.metadata as { generateName?: string }).generateName).toBeUndefined();
    }
  });
});
