/**
 * The pg_dump backup never holds the database down: the database pod shares no volume with any
 * other pod, so a ReadWriteOnce claim can never keep it waiting on a Multi-Attach error when it is
 * rescheduled. The dumps' volume binds with a pod of its own (a WaitForFirstConsumer StorageClass
 * binds a claim only when a pod uses it; a standalone claim would hold the ArgoCD sync until the
 * first night, argo-cd#12840) and survives its StatefulSet.
 */
import { find, podTemplate } from '../lib/common/workloads';
import type { Manifest } from '../lib/common/manifest';
import { selectorMatches } from '../lib/common/workloads';
import { environmentRows } from './support/project';

interface Claimant {
  readonly object: string;
  readonly component: string;
  readonly labels: Record<string, string>;
  readonly claims: string[];
}

/** Every pod template with the claims its pods mount (StatefulSet replica 0 for templates). */
function claimants(manifests: Manifest[]): Claimant[] {
  return manifests.flatMap((m) => {
    const template = podTemplate(m);
    if (!template) return [];
    const spec = m.spec as {
      volumeClaimTemplates?: Array<{ metadata: { name: string } }>;
      jobTemplate?: unknown;
    };
    const fromTemplates = (spec.volumeClaimTemplates ?? []).map((t) => `${t.metadata.name}-${m.metadata.name}-0`);
    const volumes =
      (template.spec as { volumes?: Array<{ persistentVolumeClaim?: { claimName: string } }> }).volumes ?? [];
    const direct = volumes.flatMap((v) => (v.persistentVolumeClaim ? [v.persistentVolumeClaim.claimName] : []));
    return [
      {
        object: `${m.kind}/${m.metadata.name}`,
        component: m.metadata.labels?.['app.kubernetes.io/component'] ?? '',
        labels: template.metadata.labels,
        claims: [...fromTemplates, ...direct],
      },
    ];
  });
}

describe.each(environmentRows())('%s', (_name, { env, manifests }) => {
  const pods = claimants(manifests);

  test('the database pod mounts only its own claims', () => {
    for (const db of pods.filter((p) => p.component === 'database')) {
      const others = pods.filter((p) => p !== db && p.claims.some((c) => db.claims.includes(c)));
      expect([db.object, others.map((o) => o.object)]).toEqual([db.object, []]);
    }
  });

  test('no StatefulSet deletes its claims with itself or on scale-down', () => {
    for (const sts of find(manifests, 'StatefulSet')) {
      const policy = (sts.spec as { persistentVolumeClaimRetentionPolicy?: Record<string, string> })
        .persistentVolumeClaimRetentionPolicy;
      expect([sts.metadata.name, policy?.whenDeleted ?? 'Retain', policy?.whenScaled ?? 'Retain']).toEqual([
        sts.metadata.name,
        'Retain',
        'Retain',
      ]);
    }
  });

  if (env.database.mode === 'statefulset' && env.database.backup) {
    test("the dump job's claim is bound by a StatefulSet pod, and the job runs on that pod's node", () => {
      const job = pods.find((p) => p.component === 'database-backup');
      if (!job) throw new Error('no backup job');
      expect(job.claims).toHaveLength(1);
      const holders = pods.filter(
        (p) => p !== job && p.object.startsWith('StatefulSet/') && p.claims.includes(job.claims[0]),
      );
      expect(holders.map((h) => h.component)).toEqual(['backup-store']);
      const cron = find(manifests, 'CronJob')[0];
      const affinity = podTemplate(cron)?.spec.affinity as {
        podAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: Array<{
            topologyKey: string;
            labelSelector: { matchLabels: Record<string, string> };
          }>;
        };
      };
      const [term] = affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution;
      expect(term.topologyKey).toBe('kubernetes.io/hostname');
      // Selects the store pod, and neither the job's own pods nor the database.
      expect(selectorMatches(term.labelSelector, holders[0].labels)).toBe(true);
      expect(selectorMatches(term.labelSelector, job.labels)).toBe(false);
      expect(
        pods.filter((p) => p.component === 'database').some((db) => selectorMatches(term.labelSelector, db.labels)),
      ).toBe(false);
    });
  }
});
