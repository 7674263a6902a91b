/**
 * Small readers shared by the rule files: an object's spec, the pods' labels, what an HPA
 * scales and how many replicas a workload really runs.
 */
import { cloudNativePgInstanceLabels } from '../../platform/cloudnativepg-instances';
import type { Manifest } from '../../common/manifest';
import { find, labelsMatch, podTemplate, replicasOf } from '../../common/workloads';

/** The spec of an object, as the caller expects it. */
export const spec = <T>(o: Manifest) => (o.spec ?? {}) as T;
/** Labels of every pod the objects run, the instances of a CloudNativePG Cluster included. */
export const labelsOfPods = (objects: readonly Manifest[]) =>
  objects.flatMap((o) => {
    const pod = podTemplate(o);
    if (pod) return [pod.metadata.labels];
    if (o.kind === 'Cluster') return [cloudNativePgInstanceLabels(o)];
    return [];
  });
/** A workload's `selector.matchLabels`. */
export const selectorOf = (o: Manifest) =>
  spec<{ selector?: { matchLabels?: Record<string, string> } }>(o).selector?.matchLabels;
/** Deployments that serve traffic: selected by a Service. */
export const behindService = (o: Manifest, objects: readonly Manifest[]) => {
  const pod = podTemplate(o);
  return (
    pod !== undefined &&
    find(objects, 'Service').some((s) =>
      labelsMatch(spec<{ selector: Record<string, string> }>(s).selector ?? {}, pod.metadata.labels),
    )
  );
};
/** Names of the workloads an HPA scales. */
export const hpaTargets = (objects: readonly Manifest[]) =>
  new Set(
    find(objects, 'HorizontalPodAutoscaler').map(
      (h) => spec<{ scaleTargetRef: { name: string } }>(h).scaleTargetRef.name,
    ),
  );
/** Replicas a workload runs at least: the HPA's minimum, else its own count (1 when unset). */
export const effectiveReplicas = (o: Manifest, objects: readonly Manifest[]) => {
  const hpa = find(objects, 'HorizontalPodAutoscaler').find(
    (h) => spec<{ scaleTargetRef: { name: string } }>(h).scaleTargetRef.name === o.metadata.name,
  );
  return hpa ? spec<{ minReplicas: number }>(hpa).minReplicas : (replicasOf(o) ?? 1);
};
