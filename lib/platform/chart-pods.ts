/**
 * The pods a chart runs, as the NetworkPolicy evaluator sees them: one per workload (named by
 * its component), and the instances an operator starts for a CloudNativePG Cluster, which the
 * chart never writes as a pod template.
 */
import type { Manifest } from '../common/manifest';
import { find, podTemplate } from '../policy/workloads';
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
    const inherited =
      (cluster.spec as { inheritedMetadata?: { labels?: Record<string, string> } }).inheritedMetadata?.labels ?? {};
    pods.push({
      name: 'database',
      namespace: cluster.metadata.namespace ?? '',
      // The operator's own labels (v1.30 pkg/specs/pods.go NewInstance), then the inherited ones
      // written over them (pkg/utils InheritLabels).
      labels: {
        'app.kubernetes.io/name': 'postgresql',
        'app.kubernetes.io/instance': cluster.metadata.name,
        'app.kubernetes.io/component': 'database',
        'app.kubernetes.io/managed-by': 'cloudnative-pg',
        'cnpg.io/podRole': 'instance',
        ...inherited,
        'cnpg.io/cluster': cluster.metadata.name,
        'cnpg.io/instanceRole': 'primary',
      },
      ports: [
        { name: 'postgresql', containerPort: 5432 },
        { name: 'status', containerPort: 8000 },
      ],
    });
  }
  return pods;
}
