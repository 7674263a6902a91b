/**
 * The merged checklist of kube-score, kube-linter, Polaris, Pod Security Standards (restricted)
 * and Checkov, as executable rules under the checklist's IDs. SCHEMA is checked by the schema
 * tests; rules the project does not adopt are listed in NOT_ADOPTED with the reason.
 */
import type { Manifest } from '../common/manifest';
import { containerRule, objectRule, podRule, type PolicyRule } from './policy-rule';
import { bytes } from '../config/quantities';
import { explicitRegistry, TRUSTED_REGISTRIES } from './registries';
import { scanForSecrets } from './secret-scan';
import {
  find,
  labelsMatch,
  LONG_RUNNING_KINDS,
  podTemplate,
  replicasOf,
  selectorMatches,
  type LabelSelector,
  type Probe,
} from './workloads';

/** Stable API versions the charts may use (checklist API-STABLE). */
export const GA_API_VERSIONS = ['v1', 'apps/v1', 'batch/v1', 'networking.k8s.io/v1', 'policy/v1', 'autoscaling/v2'];
/** Custom resources the charts may create, by group and version. */
const CUSTOM_API_VERSIONS = ['argoproj.io/v1alpha1', 'external-secrets.io/v1', 'postgresql.cnpg.io/v1'];
const CLUSTER_SCOPED = ['Namespace'];
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const PORT_NAME = /^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/;
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

const spec = <T>(o: Manifest) => (o.spec ?? {}) as T;
const labelsOfPods = (objects: readonly Manifest[]) =>
  objects.flatMap((o) => {
    const pod = podTemplate(o);
    if (pod) return [pod.metadata.labels];
    if (o.kind === 'Cluster') {
      const inherited = spec<{ inheritedMetadata?: { labels?: Record<string, string> } }>(o).inheritedMetadata?.labels;
      return [{ ...inherited, 'cnpg.io/cluster': o.metadata.name }];
    }
    return [];
  });
const selectorOf = (o: Manifest) =>
  spec<{ selector?: { matchLabels?: Record<string, string> } }>(o).selector?.matchLabels;
/** Deployments that serve traffic: selected by a Service. */
const behindService = (o: Manifest, objects: readonly Manifest[]) => {
  const pod = podTemplate(o);
  return (
    pod !== undefined &&
    find(objects, 'Service').some((s) =>
      labelsMatch(spec<{ selector: Record<string, string> }>(s).selector ?? {}, pod.metadata.labels),
    )
  );
};
const hpaTargets = (objects: readonly Manifest[]) =>
  new Set(
    find(objects, 'HorizontalPodAutoscaler').map(
      (h) => spec<{ scaleTargetRef: { name: string } }>(h).scaleTargetRef.name,
    ),
  );
const effectiveReplicas = (o: Manifest, objects: readonly Manifest[]) => {
  const hpa = find(objects, 'HorizontalPodAutoscaler').find(
    (h) => spec<{ scaleTargetRef: { name: string } }>(h).scaleTargetRef.name === o.metadata.name,
  );
  return hpa ? spec<{ minReplicas: number }>(hpa).minReplicas : (replicasOf(o) ?? 1);
};
interface NetworkPolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
}
interface AffinityTerm {
  topologyKey?: string;
  labelSelector?: { matchLabels?: Record<string, string> };
}
const probePort = (p: Probe | undefined) => p?.httpGet?.port ?? p?.tcpSocket?.port ?? p?.grpc?.port;

export const RULES: readonly PolicyRule[] = [
  objectRule('API-STABLE', 'GA API versions only', 'kube-score', (o) =>
    GA_API_VERSIONS.includes(o.apiVersion) || CUSTOM_API_VERSIONS.includes(o.apiVersion)
      ? undefined
      : `uses ${o.apiVersion}`,
  ),
  objectRule('NAMESPACE', 'namespace set, not default', 'Checkov CKV_K8S_21', (o) => {
    if (CLUSTER_SCOPED.includes(o.kind))
      return o.metadata.namespace ? 'cluster-scoped kind with a namespace' : undefined;
    if (!o.metadata.namespace) return 'no namespace';
    return o.metadata.namespace === 'default' ? 'in the default namespace' : undefined;
  }),
  objectRule('LABEL-VALUES', 'label values valid', 'kube-score', (o) => {
    const all = { ...o.metadata.labels, ...(podTemplate(o)?.metadata.labels ?? {}) };
    return Object.entries(all).map(([k, v]) =>
      v.length <= 63 && LABEL_VALUE.test(v) ? undefined : `label ${k}="${v}" is invalid`,
    );
  }),
  objectRule('SELECTOR-MATCH', 'selector selects the pod template', 'kube-score, kube-linter', (o) => {
    const pod = podTemplate(o);
    const selector = selectorOf(o);
    if (!pod || o.kind === 'Job' || o.kind === 'CronJob') return undefined;
    return selector && labelsMatch(selector, pod.metadata.labels)
      ? undefined
      : 'selector does not select its pod template';
  }),
  objectRule(
    'SVC-SELECTS-POD',
    'Service selects a pod template',
    'kube-score, kube-linter',
    (o, ctx) => {
      const selector = spec<{ selector?: Record<string, string> }>(o).selector;
      if (!selector || Object.keys(selector).length === 0) return 'has no selector';
      return labelsOfPods(ctx.objects).some((l) => labelsMatch(selector, l)) ? undefined : 'selects no pod';
    },
    { kinds: ['Service'] },
  ),
  objectRule(
    'SVC-TARGET-PORT',
    'Service target ports are declared by the pods it selects',
    'kube-linter invalid-target-ports (format only), kube-score',
    (o, ctx) => {
      const s = spec<{
        selector?: Record<string, string>;
        ports?: Array<{ port: number; targetPort?: number | string }>;
      }>(o);
      if (!s.selector || Object.keys(s.selector).length === 0) return undefined;
      const pods = ctx.objects.flatMap((m) => {
        const pod = podTemplate(m);
        return pod && labelsMatch(s.selector ?? {}, pod.metadata.labels) ? [{ m, pod }] : [];
      });
      // The endpoints controller resolves a named targetPort in each pod's container ports and
      // leaves out a pod that lacks it (kubernetes pkg/controller/endpoint/endpoints_controller.go:
      // `podutil.FindPort` fails, `continue`).
      return (s.ports ?? []).flatMap((port) => {
        const target = port.targetPort ?? port.port;
        return pods.map(({ m, pod }) =>
          pod.spec.containers.some((c) =>
            (c.ports ?? []).some((cp) => cp.name === target || cp.containerPort === target),
          )
            ? undefined
            : `target port ${target} is not a container port of ${m.kind}/${m.metadata.name}`,
        );
      });
    },
    { kinds: ['Service'] },
  ),
  containerRule('PORT-NAMES', 'container ports named (IANA), unique, set', 'kube-linter', (c) => {
    const names = (c.ports ?? []).map((p) => p.name ?? '');
    return [
      ...(c.ports ?? []).map((p) => (p.containerPort ? undefined : 'port without containerPort')),
      ...names.map((n) => (PORT_NAME.test(n) ? undefined : `port name "${n}" is not an IANA service name`)),
      new Set(names).size === names.length ? undefined : 'duplicate port names',
    ];
  }),
  objectRule(
    'SVC-TYPE',
    'Services are ClusterIP',
    'kube-score',
    (o) => {
      const type = spec<{ type?: string }>(o).type ?? 'ClusterIP';
      return type === 'ClusterIP' ? undefined : `type ${type}`;
    },
    { kinds: ['Service'] },
  ),
  objectRule(
    'STS-HEADLESS',
    'StatefulSet names an existing headless Service',
    'kube-score',
    (o, ctx) => {
      const svc = find(ctx.objects, 'Service', spec<{ serviceName: string }>(o).serviceName)[0];
      return svc && spec<{ clusterIP?: string }>(svc).clusterIP === 'None'
        ? undefined
        : 'serviceName is not a headless Service';
    },
    { kinds: ['StatefulSet'] },
  ),
  objectRule(
    'ING-BACKEND',
    'Ingress backends exist',
    'kube-score',
    (o, ctx) => {
      const rules = spec<{
        rules: Array<{
          http: { paths: Array<{ backend: { service: { name: string; port: { name?: string; number?: number } } } }> };
        }>;
      }>(o).rules;
      return rules.flatMap((r) =>
        r.http.paths.map(({ backend }) => {
          const svc = find(ctx.objects, 'Service', backend.service.name)[0];
          const ports = svc ? spec<{ ports: Array<{ name: string; port: number }> }>(svc).ports : [];
          const found = ports.some(
            (p) => p.name === backend.service.port.name || p.port === backend.service.port.number,
          );
          return found ? undefined : `backend ${backend.service.name} does not exist`;
        }),
      );
    },
    { kinds: ['Ingress'] },
  ),
  objectRule(
    'ING-TLS',
    'Ingress has TLS',
    'Polaris',
    (o) => ((spec<{ tls?: unknown[] }>(o).tls ?? []).length > 0 ? undefined : 'no TLS'),
    {
      kinds: ['Ingress'],
    },
  ),
  objectRule('ING-NO-SNIPPETS', 'no ingress-nginx snippet annotations', 'Checkov CKV_K8S_152-154', (o) =>
    Object.keys(o.metadata.annotations ?? {}).map((k) => (/snippet/i.test(k) ? `annotation ${k}` : undefined)),
  ),
  objectRule(
    'NP-SELECTS',
    'NetworkPolicies select pods',
    'kube-score',
    (o, ctx) => {
      const selector = spec<{ podSelector: LabelSelector }>(o).podSelector;
      if (!selector.matchLabels && !selector.matchExpressions) return undefined; // all pods
      const match = labelsOfPods(ctx.objects).some((labels) => selectorMatches(selector, labels));
      return match ? undefined : 'selects no pod';
    },
    { kinds: ['NetworkPolicy'] },
  ),
  objectRule(
    'NP-PEER-SELECTS',
    'NetworkPolicy peers in the namespace select pods',
    'kube-linter dangling-networkpolicypeer-podselector',
    (o, ctx) => {
      const s = spec<{ ingress?: Array<{ from?: NetworkPolicyPeer[] }>; egress?: Array<{ to?: NetworkPolicyPeer[] }> }>(
        o,
      );
      const peers = [...(s.ingress ?? []).flatMap((r) => r.from ?? []), ...(s.egress ?? []).flatMap((r) => r.to ?? [])];
      // A peer without namespaceSelector means pods of this namespace (NetworkPolicyPeer API docs);
      // one that selects none opens a path for pods that do not exist, or misses the ones meant.
      return peers
        .filter(
          (p) => p.podSelector && !p.namespaceSelector && (p.podSelector.matchLabels || p.podSelector.matchExpressions),
        )
        .map((p) =>
          labelsOfPods(ctx.objects).some((labels) => selectorMatches(p.podSelector, labels))
            ? undefined
            : `peer ${JSON.stringify(p.podSelector)} selects no pod`,
        );
    },
    { kinds: ['NetworkPolicy'] },
  ),
  objectRule(
    'HPA-TARGET',
    'HPA target exists',
    'kube-score',
    (o, ctx) => {
      const ref = spec<{ scaleTargetRef: { kind: string; name: string } }>(o).scaleTargetRef;
      return find(ctx.objects, ref.kind, ref.name).length === 1 ? undefined : `target ${ref.kind}/${ref.name} missing`;
    },
    { kinds: ['HorizontalPodAutoscaler'] },
  ),
  podRule('SA-REF', 'ServiceAccount exists; no deprecated serviceAccount field', 'kube-linter', (pod, _o, ctx) => [
    pod.spec.serviceAccount !== undefined ? 'uses the deprecated serviceAccount field' : undefined,
    find(ctx.objects, 'ServiceAccount', pod.spec.serviceAccountName).length === 1
      ? undefined
      : `ServiceAccount ${pod.spec.serviceAccountName} missing`,
  ]),
  containerRule('ENV-NO-DUP', 'no duplicate env names', 'kube-score, kube-linter', (c) => {
    const names = (c.env ?? []).map((e) => e.name);
    return names.filter((n, i) => names.indexOf(n) !== i).map((n) => `duplicate env ${n}`);
  }),
  containerRule(
    'IMG-TAG',
    'explicit image tag, not latest',
    'kube-score, kube-linter, Polaris, Checkov CKV_K8S_14',
    (c) => {
      const ref = c.image.split('@')[0];
      const tag = ref.slice(ref.lastIndexOf('/') + 1).split(':')[1];
      return tag && tag !== 'latest' ? undefined : `image ${c.image} has no pinned tag`;
    },
  ),
  containerRule(
    'IMG-REGISTRY',
    'image names its registry, one of the trusted registries',
    'Trivy KSV-0125, Kyverno/Gatekeeper allowed repositories',
    (c) => {
      const registry = explicitRegistry(c.image);
      if (!registry) return `image ${c.image} names no registry (the node's search list would decide)`;
      return TRUSTED_REGISTRIES.includes(registry)
        ? undefined
        : `image ${c.image} is from ${registry}, not one of ${TRUSTED_REGISTRIES.join(', ')}`;
    },
  ),
  containerRule('PULL-ALWAYS', 'imagePullPolicy Always', 'kube-score, Polaris, Checkov CKV_K8S_15', (c) =>
    c.imagePullPolicy === 'Always' ? undefined : `imagePullPolicy ${c.imagePullPolicy ?? 'unset'}`,
  ),
  containerRule('CPU-REQ', 'CPU request', 'kube-score, kube-linter, Polaris, Checkov CKV_K8S_10', (c) =>
    c.resources?.requests?.cpu ? undefined : 'no CPU request',
  ),
  containerRule('MEM-REQ', 'memory request', 'kube-score, kube-linter, Polaris, Checkov CKV_K8S_12', (c) =>
    c.resources?.requests?.memory ? undefined : 'no memory request',
  ),
  containerRule('MEM-LIM', 'memory limit', 'kube-score, kube-linter, Polaris, Checkov CKV_K8S_13', (c) =>
    c.resources?.limits?.memory ? undefined : 'no memory limit',
  ),
  containerRule('CPU-LIM', 'CPU limit', 'kube-score, Polaris, Checkov CKV_K8S_11', (c) =>
    c.resources?.limits?.cpu ? undefined : 'no CPU limit',
  ),
  containerRule('EPHEMERAL', 'ephemeral-storage request and limit', 'kube-score', (c) => {
    const request = c.resources?.requests?.['ephemeral-storage'];
    const limit = c.resources?.limits?.['ephemeral-storage'];
    if (!request || !limit) return 'no ephemeral-storage request and limit';
    return bytes(request) <= bytes(limit) ? undefined : 'ephemeral-storage request above limit';
  }),
  containerRule(
    'READINESS',
    'readiness probe on long-running containers',
    'kube-score, Polaris, Checkov CKV_K8S_9',
    (c) => (c.readinessProbe ? undefined : 'no readinessProbe'),
    { kinds: LONG_RUNNING_KINDS },
  ),
  containerRule(
    'LIVENESS',
    'liveness probe on long-running containers',
    'Polaris, Checkov CKV_K8S_8',
    (c) => (c.livenessProbe ? undefined : 'no livenessProbe'),
    { kinds: LONG_RUNNING_KINDS },
  ),
  containerRule(
    'PROBES-DIFFER',
    'readiness and liveness probes differ',
    'kube-score',
    (c) =>
      c.readinessProbe && JSON.stringify(c.readinessProbe) === JSON.stringify(c.livenessProbe)
        ? 'identical probes'
        : undefined,
    { kinds: LONG_RUNNING_KINDS },
  ),
  containerRule('PROBE-PORT', 'probe ports are declared', 'kube-linter', (c) =>
    [c.readinessProbe, c.livenessProbe, c.startupProbe].map((p) => {
      const port = probePort(p);
      if (port === undefined) return undefined;
      const declared = (c.ports ?? []).some((cp) => cp.name === port || cp.containerPort === port);
      return declared ? undefined : `probe port ${port} is not a container port`;
    }),
  ),
  containerRule('PROBE-HOST', 'probes and lifecycle handlers set no host', 'PSS baseline (1.34+)', (c) =>
    [c.readinessProbe, c.livenessProbe, c.startupProbe].map((p) =>
      p?.httpGet?.host !== undefined || p?.tcpSocket?.host !== undefined ? 'probe sets host' : undefined,
    ),
  ),
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
  // Judged for every pod template: the charts hold no Namespace object to hang it on.
  podRule(
    'NETPOL-COVERAGE',
    'every pod isolated by a NetworkPolicy in both directions, with DNS allowed',
    'kube-score, Polaris, Checkov CKV2_K8S_6',
    (_pod, _object, ctx) => {
      const policies = find(ctx.objects, 'NetworkPolicy').map((p) =>
        spec<{ podSelector: Record<string, unknown>; policyTypes?: string[]; egress?: unknown[] }>(p),
      );
      const denyAll = policies.some(
        (p) =>
          Object.keys(p.podSelector).length === 0 &&
          (p.policyTypes ?? []).includes('Ingress') &&
          (p.policyTypes ?? []).includes('Egress'),
      );
      const dns = policies.some(
        (p) => Object.keys(p.podSelector).length === 0 && JSON.stringify(p.egress ?? []).includes('"port":53'),
      );
      return [
        denyAll ? undefined : 'no default-deny policy for ingress and egress',
        dns ? undefined : 'no DNS egress for every pod',
      ];
    },
  ),
  containerRule('PORTS', 'no SSH port', 'kube-linter', (c) =>
    (c.ports ?? []).map((p) => (p.containerPort === 22 ? 'exposes port 22' : undefined)),
  ),
  // Non-root processes without NET_BIND_SERVICE cannot bind below 1024: such a port means a
  // container that crashes at start, or one that needs privileges it must not have.
  containerRule('NO-PRIV-PORTS', 'no container port below 1024', 'kube-linter privileged-ports, Trivy KSV-0117', (c) =>
    (c.ports ?? []).map((p) => (p.containerPort < 1024 ? `port ${p.containerPort} is privileged` : undefined)),
  ),
  containerRule('KNOWN-RISKY', 'no dashboard, tiller or git-sync images', 'Checkov', (c) =>
    /kubernetes-dashboard|tiller|git-sync/.test(c.image) ? `risky image ${c.image}` : undefined,
  ),
];

/** Checklist entries deliberately not enforced, with the reason. */
export const NOT_ADOPTED: Readonly<Record<string, string>> = {
  SCHEMA: 'enforced by test/schemas.test.ts against the Kubernetes 1.27 and 1.36 schemas and the CRDs, not per rule',
  'INSTANCE-LABEL':
    'app.kubernetes.io/instance is the Helm release (acme-<env>), as Helm and ArgoCD use it; the checklist marks it exempt',
  'IMG-DIGEST':
    'optional in the checklist; tags are validated and immutable by policy, and `images.*.digest` pins by digest where wanted',
  PRIORITY: 'optional in the checklist; `availability.priorityClassName` sets one where the cluster defines classes',
  'SECRETS-AS-FILES':
    'conflicts with NO-LITERAL-SECRETS; Django reads its settings from the environment (django-environ)',
};
