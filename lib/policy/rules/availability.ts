/**
 * Availability: replicas, autoscaling, spreading, disruption budgets, rolling updates, and
 * Jobs and CronJobs that finish and are cleaned up.
 */
import { objectRule, podRule, type PolicyRule } from '../policy-rule';
import { behindService, effectiveReplicas, hpaTargets, selectorOf, spec } from './helpers';
import { find, labelsMatch, podTemplate, replicasOf } from '../../common/workloads';

interface AffinityTerm {
  topologyKey?: string;
  labelSelector?: { matchLabels?: Record<string, string> };
}

export const AVAILABILITY_RULES: readonly PolicyRule[] = [
  objectRule(
    'REPLICAS',
    'Deployments behind a Service run at least 2 replicas',
    'kube-score, Polaris',
    (o, ctx) =>
      behindService(o, ctx.objects) && effectiveReplicas(o, ctx.objects) < 2
        ? `${effectiveReplicas(o, ctx.objects)} replica`
        : undefined,
    { kinds: ['Deployment'], tiers: ['staging', 'production'] },
  ),
  objectRule(
    'HPA-NO-REPLICAS',
    'HPA-scaled Deployment leaves replicas unset',
    'kube-score',
    (o, ctx) =>
      hpaTargets(ctx.objects).has(o.metadata.name) && replicasOf(o) !== undefined
        ? 'sets replicas under an HPA'
        : undefined,
    { kinds: ['Deployment'] },
  ),
  objectRule(
    'HPA-MIN-MAX',
    'HPA minReplicas >= 2 and maxReplicas > minReplicas',
    'kube-score, Polaris',
    (o) => {
      const s = spec<{ minReplicas?: number; maxReplicas: number }>(o);
      return [
        (s.minReplicas ?? 1) < 2 ? 'minReplicas below 2' : undefined,
        s.maxReplicas <= (s.minReplicas ?? 1) ? 'maxReplicas not above minReplicas' : undefined,
      ];
    },
    { kinds: ['HorizontalPodAutoscaler'] },
  ),
  podRule(
    'ANTI-AFFINITY',
    'replicated workloads prefer one pod per node',
    'kube-score, kube-linter',
    (pod, o, ctx) => {
      if (effectiveReplicas(o, ctx.objects) < 2) return undefined;
      const anti = pod.spec.affinity?.podAntiAffinity as
        Record<string, Array<{ podAffinityTerm?: AffinityTerm } & AffinityTerm>> | undefined;
      const terms = Object.values(anti ?? {})
        .flat()
        .map((t) => t.podAffinityTerm ?? t);
      return terms.some(
        (t) =>
          t.topologyKey === 'kubernetes.io/hostname' &&
          labelsMatch(t.labelSelector?.matchLabels ?? { none: 'set' }, pod.metadata.labels),
      )
        ? undefined
        : 'no podAntiAffinity on its own labels by hostname';
    },
    { kinds: ['Deployment', 'StatefulSet'] },
  ),
  podRule('TOPOLOGY-SPREAD', 'topology spread constraints are valid', 'Polaris, kube-score', (pod) =>
    (pod.spec.topologySpreadConstraints ?? []).map((t) =>
      t.maxSkew > 0 &&
      t.topologyKey &&
      ['DoNotSchedule', 'ScheduleAnyway'].includes(t.whenUnsatisfiable) &&
      t.labelSelector
        ? undefined
        : 'invalid topology spread constraint',
    ),
  ),
  objectRule(
    'PDB',
    'replicated workloads have a PodDisruptionBudget that never blocks a drain',
    'kube-score, kube-linter, Polaris',
    (o, ctx) => {
      const replicas = effectiveReplicas(o, ctx.objects);
      if (replicas < 2) return undefined;
      const pod = podTemplate(o);
      const pdbs = find(ctx.objects, 'PodDisruptionBudget').filter((p) =>
        labelsMatch(selectorOf(p) ?? { never: 'matches' }, pod?.metadata.labels ?? {}),
      );
      if (pdbs.length !== 1) return `${pdbs.length} PodDisruptionBudgets select it`;
      const s = spec<{
        maxUnavailable?: number | string;
        minAvailable?: number | string;
        unhealthyPodEvictionPolicy?: string;
      }>(pdbs[0]);
      return [
        s.maxUnavailable === 0 || s.maxUnavailable === '0%' ? 'maxUnavailable 0 blocks drains' : undefined,
        typeof s.minAvailable === 'number' && s.minAvailable >= replicas ? 'minAvailable blocks drains' : undefined,
        s.maxUnavailable === undefined && s.minAvailable === undefined ? 'PDB sets no policy' : undefined,
        s.unhealthyPodEvictionPolicy ? undefined : 'unhealthyPodEvictionPolicy unset',
      ];
    },
    { kinds: ['Deployment', 'StatefulSet'] },
  ),
  objectRule(
    'ROLLING',
    'Deployments behind a Service roll',
    'kube-score',
    (o, ctx) => {
      const type = spec<{ strategy?: { type?: string } }>(o).strategy?.type ?? 'RollingUpdate';
      return behindService(o, ctx.objects) && type !== 'RollingUpdate' ? `strategy ${type}` : undefined;
    },
    { kinds: ['Deployment'] },
  ),
  objectRule(
    'CRON-DEADLINE',
    'CronJob startingDeadlineSeconds',
    'kube-score',
    (o) =>
      spec<{ startingDeadlineSeconds?: number }>(o).startingDeadlineSeconds ? undefined : 'no startingDeadlineSeconds',
    { kinds: ['CronJob'] },
  ),
  podRule(
    'JOB-RESTART',
    'Job pods restart Never or OnFailure, explicitly',
    'kube-score',
    (pod) =>
      ['Never', 'OnFailure'].includes(pod.spec.restartPolicy ?? '')
        ? undefined
        : `restartPolicy ${pod.spec.restartPolicy ?? 'unset'}`,
    { kinds: ['Job', 'CronJob'] },
  ),
  objectRule(
    'JOB-TTL',
    'Jobs are cleaned up (ttlSecondsAfterFinished)',
    'kube-linter',
    (o) => {
      const s =
        o.kind === 'CronJob'
          ? spec<{ jobTemplate: { spec: { ttlSecondsAfterFinished?: number } } }>(o).jobTemplate.spec
          : spec<{ ttlSecondsAfterFinished?: number }>(o);
      return s.ttlSecondsAfterFinished !== undefined ? undefined : 'no ttlSecondsAfterFinished';
    },
    { kinds: ['Job', 'CronJob'] },
  ),
];
