/**
 * The environment's namespace is not part of its chart: ArgoCD creates it (`CreateNamespace=true`
 * with these labels in `managedNamespaceMetadata`), and under plain Helm the operator creates and
 * labels it before `helm install` (docs/delivery.md, "Install with plain Helm"). A Namespace inside the chart
 * cannot work with Helm: without `--create-namespace` the release record has nowhere to go, and
 * with it Helm creates the namespace before the chart's own Namespace, which then fails with
 * AlreadyExists (helm v3.17.3 pkg/action/install.go: `i.CreateNamespace` before
 * `performInstall`'s `KubeClient.Create`).
 */

/** Pod Security Admission labels: enforce, audit and warn at "restricted". */
export function podSecurityLabels(): Record<string, string> {
  return {
    'pod-security.kubernetes.io/enforce': 'restricted',
    'pod-security.kubernetes.io/enforce-version': 'latest',
    'pod-security.kubernetes.io/audit': 'restricted',
    'pod-security.kubernetes.io/warn': 'restricted',
  };
}

/** Labels every environment namespace carries, whoever creates it: Pod Security and the product. */
export function environmentNamespaceLabels(product: string): Record<string, string> {
  return { ...podSecurityLabels(), 'app.kubernetes.io/part-of': product };
}
