/**
 * The pods CloudNativePG starts for a `Cluster`, which no chart writes as a pod template: their
 * labels and ports, read from the Cluster object. The one model of them, used by the
 * NetworkPolicy evaluator's view of a chart (`lib/platform/chart-pods.ts`) and by the policy
 * rules that ask whether a selector selects some pod (`lib/policy/rules/helpers.ts`).
 */
import type { Manifest } from '../common/manifest';

/** Port of the instance manager's status endpoint, polled by the operator. */
export const INSTANCE_MANAGER_PORT = 8000;

/** The ports an instance's container declares: PostgreSQL and the instance manager. */
export const CLOUDNATIVEPG_INSTANCE_PORTS: ReadonlyArray<{ readonly name: string; readonly containerPort: number }> = [
  { name: 'postgresql', containerPort: 5432 },
  { name: 'status', containerPort: INSTANCE_MANAGER_PORT },
];

/**
 * The labels of an instance pod of `cluster`: the operator's own (v1.30 pkg/specs/pods.go
 * NewInstance), then the Cluster's `inheritedMetadata.labels` written over them (pkg/utils
 * InheritLabels), then the cluster and role labels the operator always sets. Every instance is
 * modelled as the primary: the policies treat replicas the same.
 */
export function cloudNativePgInstanceLabels(cluster: Manifest): Record<string, string> {
  const inherited =
    (cluster.spec as { inheritedMetadata?: { labels?: Record<string, string> } } | undefined)?.inheritedMetadata
      ?.labels ?? {};
  return {
    'app.kubernetes.io/name': 'postgresql',
    'app.kubernetes.io/instance': cluster.metadata.name,
    'app.kubernetes.io/component': 'database',
    'app.kubernetes.io/managed-by': 'cloudnative-pg',
    'cnpg.io/podRole': 'instance',
    ...inherited,
    'cnpg.io/cluster': cluster.metadata.name,
    'cnpg.io/instanceRole': 'primary',
  };
}
