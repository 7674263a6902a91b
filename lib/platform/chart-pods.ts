/**
 * The pods a chart runs, as the NetworkPolicy evaluator sees them: one per workload (named by
 * its component), and the instances an operator starts for a CloudNativePG Cluster, which the
 * chart never writes as a pod template.
 */
import { CLOUDNATIVEPG_INSTANCE_PORTS, cloudNativePgInstanceLabels } from './cloudnativepg-instances';
import type { Manifest } from '../common/manifest';
import { find, podTemplate } from '../common/workloads';
import type { Pod } from './network-policy-evaluator';

/** The pods of `manifests`, in the order of the objects, one per component name. */
export function chartPods(manifests: readonly Manifest[]): Pod[] {
  const pods: Pod[] = [];
  for (const m of manifests) {
    const template = podTemplate(m);
    if (template) {
      pods.push({
        name: m.metadata.labels?.['app.kubernetes.io/component'] ?? m.metadata.name,
        namespace: m.metadata.namespace ?? '',
        labels: template.metadata.labels,
        ports: template.spec.containers.flatMap((c) => c.ports ?? []),
      });
    }
  }
  for (const cluster of find(manifests, 'Cluster')) {
    pods.push({
      name: 'database',
      namespace: cluster.metadata.namespace ?? '',
      labels: cloudNativePgInstanceLabels(cluster),
      ports: CLOUDNATIVEPG_INSTANCE_PORTS,
    });
  }
  return pods;
}
