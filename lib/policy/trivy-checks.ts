/**
 * The checklist rules and the Trivy checks that cover the same ground, so the exceptions of
 * lib/policy/exceptions.ts become Trivy ignores (`npm run cli -- scanner-config` writes them).
 *
 * Verified in aquasecurity/trivy-checks at commit 79d27547baf5 (checks/kubernetes/*.rego), the
 * checks Trivy v0.74.0 embeds (its go.mod: trivy-checks v1.12.2-0.20251219190323-79d27547baf5).
 * CI runs Trivy with `--skip-check-update`, so it evaluates exactly those and not a newer bundle.
 */

/** Trivy release CI installs (it embeds trivy-checks 79d27547baf5). */
export const TRIVY_VERSION = '0.74.0';

/** The Trivy checks referenced here, with their titles at that commit. */
export const TRIVY_CHECK_TITLES: Readonly<Record<string, string>> = {
  'KSV-0001': 'Can elevate its own privileges',
  'KSV-0003': 'Default capabilities: some containers do not drop all',
  'KSV-0011': 'CPU not limited',
  'KSV-0012': 'Runs as root user',
  'KSV-0013': 'Image tag ":latest" used',
  'KSV-0014': 'Root file system is not read-only',
  'KSV-0015': 'CPU requests not specified',
  'KSV-0016': 'Memory requests not specified',
  'KSV-0017': 'Privileged',
  'KSV-0018': 'Memory not limited',
  'KSV-0020': 'Runs with UID <= 10000',
  'KSV-0021': 'Runs with GID <= 10000',
  'KSV-0022': 'Specific capabilities added',
  'KSV-0023': 'hostPath volumes mounted',
  'KSV-0024': 'Access to host ports',
  'KSV-0026': 'Unsafe sysctl options set',
  'KSV-0028': 'Non-core volume types used',
  'KSV-0030': 'Runtime/Default Seccomp profile not set',
  'KSV-0036': 'Protecting Pod service account tokens',
  'KSV-0038': 'Selector usage in network policies',
  'KSV-0107': "The deprecated 'apiVersion' and 'kind' should not be used",
  'KSV-0109': 'ConfigMap with secrets',
  'KSV-0110': 'Workloads in the default namespace',
  'KSV-0116': 'Runs with a root primary or supplementary GID',
  'KSV-0117': 'Prevent binding to privileged ports',
  'KSV-0118': 'Default security context configured',
  'KSV-0125': 'Restrict container images to trusted registries',
  'KSV-01010': 'ConfigMap with sensitive content',
};

/** Checklist rule ID → the Trivy checks that test the same property. */
export const TRIVY_CHECKS: Readonly<Record<string, readonly string[]>> = {
  'API-STABLE': ['KSV-0107'],
  NAMESPACE: ['KSV-0110'],
  'IMG-TAG': ['KSV-0013'],
  'IMG-REGISTRY': ['KSV-0125'],
  'CPU-REQ': ['KSV-0015'],
  'MEM-REQ': ['KSV-0016'],
  'CPU-LIM': ['KSV-0011'],
  'MEM-LIM': ['KSV-0018'],
  PRIVILEGED: ['KSV-0017'],
  'NO-PRIV-ESC': ['KSV-0001'],
  'NON-ROOT': ['KSV-0012'],
  // KSV-0020 checks runAsUser, KSV-0021 runAsGroup, both on the container (not the pod).
  'HIGH-UID': ['KSV-0020', 'KSV-0021'],
  'NONROOT-GID': ['KSV-0116'],
  'RO-ROOTFS': ['KSV-0014'],
  'DROP-ALL': ['KSV-0003'],
  'ADD-NONE': ['KSV-0022'],
  SECCOMP: ['KSV-0030'],
  'NO-HOSTPATH': ['KSV-0023'],
  'VOLUME-TYPES': ['KSV-0028'],
  'NO-HOSTPORT': ['KSV-0024'],
  SYSCTLS: ['KSV-0026'],
  'SA-TOKEN': ['KSV-0036'],
  'SECCTX-PRESENT': ['KSV-0118'],
  'NO-LITERAL-SECRETS': ['KSV-0109'],
  'NP-SELECTS': ['KSV-0038'],
  'NO-PRIV-PORTS': ['KSV-0117'],
};

/** Checklist rules with no Trivy counterpart, and why; an exception to one needs no Trivy ignore. */
export const NO_TRIVY_CHECK: Readonly<Record<string, string>> = {
  REPLICAS:
    'trivy-checks has no replica-count check (checks/kubernetes at 79d27547baf5); kube-score and Polaris have one',
};

/** Trivy checks skipped for every object, each with the reason; the only ignores not from exceptions.ts. */
export const TRIVY_SKIPPED: ReadonlyArray<{ readonly id: string; readonly reason: string }> = [
  {
    id: 'KSV-01010',
    reason:
      'a heuristic (configmap_with_sensitive.rego) that flags every key containing "email" and every value of 3-20 capitals or digits as sensitive: our settings EMAIL_HOST, EMAIL_PORT and "5432" are not; NO-LITERAL-SECRETS and KSV-0109 still check ConfigMaps for secrets',
  },
];
