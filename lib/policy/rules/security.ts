/**
 * Security: Pod Security Standards (baseline and restricted), ServiceAccounts and tokens,
 * security contexts and secrets kept out of literals.
 */
import { containerRule, objectRule, podRule, type PolicyRule } from '../policy-rule';
import { scanForSecrets } from '../secret-scan';

/** Volume types Pod Security "restricted" allows. */
const RESTRICTED_VOLUMES = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
];

export const SECURITY_RULES: readonly PolicyRule[] = [
  podRule('HOST-NS', 'no host network, PID or IPC', 'PSS baseline', (pod) =>
    pod.spec.hostNetwork || pod.spec.hostPID || pod.spec.hostIPC ? 'shares a host namespace' : undefined,
  ),
  containerRule('PRIVILEGED', 'not privileged', 'PSS baseline', (c) =>
    c.securityContext?.privileged === true ? 'privileged' : undefined,
  ),
  containerRule('NO-PRIV-ESC', 'allowPrivilegeEscalation false', 'PSS restricted, Polaris, Checkov CKV_K8S_20', (c) =>
    c.securityContext?.allowPrivilegeEscalation === false ? undefined : 'allowPrivilegeEscalation not false',
  ),
  containerRule(
    'NON-ROOT',
    'runAsNonRoot and a numeric non-zero user',
    'PSS restricted, kube-linter, Polaris, Checkov CKV_K8S_23',
    (c, pod) => {
      const user = c.securityContext?.runAsUser ?? pod.spec.securityContext?.runAsUser;
      const nonRoot = c.securityContext?.runAsNonRoot ?? pod.spec.securityContext?.runAsNonRoot;
      return nonRoot === true && typeof user === 'number' && user > 0 ? undefined : 'may run as root';
    },
  ),
  // Above 10000, not at 10000: Trivy's KSV-0020/KSV-0021 (trivy-checks, runs_with_UID_le_10000.rego)
  // fail `runAsUser <= 10000`, the stricter of the scanners.
  containerRule(
    'HIGH-UID',
    'user and group ids above 10000',
    'kube-score, Checkov CKV_K8S_40, Trivy KSV-0020/21',
    (c, pod) => {
      const user = (c.securityContext?.runAsUser ?? pod.spec.securityContext?.runAsUser) as number | undefined;
      const group = (c.securityContext?.runAsGroup ?? pod.spec.securityContext?.runAsGroup) as number | undefined;
      return (user ?? 0) > 10000 && (group ?? 0) > 10000 ? undefined : `runs as ${user}:${group}`;
    },
  ),
  podRule('NONROOT-GID', 'no root group anywhere, fsGroup for volume writers', 'kube-linter, Trivy KSV-0116', (pod) => {
    const security = pod.spec.securityContext as
      { runAsGroup?: number; fsGroup?: number; supplementalGroups?: number[] } | undefined;
    const hasClaims = (pod.spec.volumes ?? []).some((v) => 'persistentVolumeClaim' in v);
    return [
      security?.runAsGroup === undefined || security.runAsGroup === 0 ? 'runs with group 0' : undefined,
      security?.fsGroup === 0 ? 'fsGroup 0 gives the volumes to the root group' : undefined,
      (security?.supplementalGroups ?? []).includes(0) ? 'root (0) among supplementalGroups' : undefined,
      ...[...(pod.spec.initContainers ?? []), ...pod.spec.containers].map((c) =>
        c.securityContext?.runAsGroup === 0 ? `container ${c.name} runs with group 0` : undefined,
      ),
      hasClaims && !security?.fsGroup ? 'writes a volume without fsGroup' : undefined,
    ];
  }),
  containerRule(
    'RO-ROOTFS',
    'read-only root filesystem',
    'kube-score, kube-linter, Polaris, Checkov CKV_K8S_22',
    (c) => (c.securityContext?.readOnlyRootFilesystem === true ? undefined : 'writable root filesystem'),
  ),
  containerRule('DROP-ALL', 'drops ALL capabilities', 'PSS restricted, Checkov CKV_K8S_37', (c) =>
    (c.securityContext?.capabilities?.drop ?? []).includes('ALL') ? undefined : 'does not drop ALL',
  ),
  containerRule('ADD-NONE', 'adds no capabilities', 'PSS restricted, Checkov CKV_K8S_25', (c) =>
    (c.securityContext?.capabilities?.add ?? []).filter((a) => a !== 'NET_BIND_SERVICE').map((a) => `adds ${a}`),
  ),
  containerRule('SECCOMP', 'RuntimeDefault or Localhost seccomp', 'PSS restricted, Checkov CKV_K8S_31', (c, pod) => {
    const type =
      (c.securityContext?.seccompProfile as { type?: string } | undefined)?.type ??
      (pod.spec.securityContext?.seccompProfile as { type?: string } | undefined)?.type;
    return type === 'RuntimeDefault' || type === 'Localhost' ? undefined : `seccomp ${type ?? 'unset'}`;
  }),
  podRule('NO-HOSTPATH', 'no hostPath volumes', 'PSS baseline', (pod) =>
    (pod.spec.volumes ?? []).map((v) => ('hostPath' in v ? `hostPath volume ${v.name}` : undefined)),
  ),
  podRule('VOLUME-TYPES', 'only volume types Pod Security restricted allows', 'PSS restricted', (pod) =>
    (pod.spec.volumes ?? []).map((v) => {
      const type = Object.keys(v).find((k) => k !== 'name') ?? 'none';
      return RESTRICTED_VOLUMES.includes(type) ? undefined : `volume ${v.name} of type ${type}`;
    }),
  ),
  containerRule('NO-HOSTPORT', 'no hostPort', 'PSS baseline', (c) =>
    (c.ports ?? []).map((p) => (p.hostPort ? `hostPort ${p.hostPort}` : undefined)),
  ),
  containerRule(
    'PROCMOUNT-SELINUX-APPARMOR',
    'default procMount, no custom SELinux, AppArmor not unconfined',
    'PSS baseline',
    (c) => [
      c.securityContext?.procMount && c.securityContext.procMount !== 'Default' ? 'custom procMount' : undefined,
      c.securityContext?.seLinuxOptions ? 'custom SELinux options' : undefined,
      c.securityContext?.appArmorProfile?.type === 'Unconfined' ? 'AppArmor unconfined' : undefined,
    ],
  ),
  podRule('SYSCTLS', 'no unsafe sysctls', 'PSS baseline', (pod) =>
    (pod.spec.securityContext?.sysctls ?? []).length > 0 ? 'sets sysctls' : undefined,
  ),
  podRule('SA-TOKEN', 'no service-account token mounted', 'Polaris, Checkov CKV_K8S_38', (pod) =>
    pod.spec.automountServiceAccountToken === false ? undefined : 'mounts a service-account token',
  ),
  podRule('SA-NOT-DEFAULT', 'a ServiceAccount of its own', 'kube-linter, Checkov CKV_K8S_41', (pod) =>
    pod.spec.serviceAccountName && pod.spec.serviceAccountName !== 'default' ? undefined : 'default ServiceAccount',
  ),
  podRule('SECCTX-PRESENT', 'pod and container securityContext present', 'Checkov CKV_K8S_29/30', (pod) => [
    pod.spec.securityContext ? undefined : 'no pod securityContext',
    ...pod.spec.containers.map((c) => (c.securityContext ? undefined : `container ${c.name} has no securityContext`)),
  ]),
  objectRule(
    'NO-LITERAL-SECRETS',
    'no secrets in literals, ConfigMaps or Secret objects',
    'Polaris, kube-linter',
    (o) => scanForSecrets(o).map((f) => `${f.what}${f.path ? ` at ${f.path}` : ''}`),
  ),
];
