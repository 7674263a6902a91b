/**
 * Read-only views of synthesized objects: pod templates, containers, selectors. Shared by the
 * policy rules, the NetworkPolicy evaluator, the traffic diagrams, the app's provided settings
 * and the tests, so all read manifests the same way; here in lib/common, below all of them.
 */
import type { Manifest } from './manifest';

export interface Probe {
  httpGet?: { port: string | number; path?: string; host?: string };
  tcpSocket?: { port: string | number; host?: string };
  exec?: { command: string[] };
  grpc?: { port: number };
  periodSeconds?: number;
}
export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string }; configMapKeyRef?: { name: string; key: string } };
}
export interface Container {
  name: string;
  image: string;
  imagePullPolicy?: string;
  command?: string[];
  args?: string[];
  ports?: Array<{ name?: string; containerPort: number; hostPort?: number; protocol?: string }>;
  env?: EnvVar[];
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  lifecycle?: {
    preStop?: { httpGet?: { host?: string }; tcpSocket?: { host?: string } };
    postStart?: { httpGet?: { host?: string } };
  };
  securityContext?: Record<string, unknown> & {
    capabilities?: { drop?: string[]; add?: string[] };
    seLinuxOptions?: unknown;
    appArmorProfile?: { type?: string };
    procMount?: string;
  };
  volumeMounts?: Array<{ name: string; mountPath: string }>;
}
export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  volumes?: Array<{ name: string } & Record<string, unknown>>;
  securityContext?: Record<string, unknown> & { sysctls?: unknown[]; seLinuxOptions?: unknown };
  serviceAccountName?: string;
  serviceAccount?: string;
  automountServiceAccountToken?: boolean;
  restartPolicy?: string;
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  priorityClassName?: string;
  affinity?: { podAntiAffinity?: Record<string, unknown> };
  topologySpreadConstraints?: Array<{
    maxSkew: number;
    topologyKey: string;
    whenUnsatisfiable: string;
    labelSelector?: unknown;
  }>;
}
export interface PodTemplate {
  metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
  spec: PodSpec;
}

export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'];
export const LONG_RUNNING_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet'];

/** The pod template of a workload object, or undefined for other kinds. */
export function podTemplate(m: Manifest): PodTemplate | undefined {
  const spec = m.spec as Record<string, unknown> | undefined;
  if (!spec || !WORKLOAD_KINDS.includes(m.kind)) return undefined;
  if (m.kind === 'CronJob') {
    return ((spec.jobTemplate as Record<string, unknown>).spec as Record<string, unknown>).template as PodTemplate;
  }
  return spec.template as PodTemplate;
}

/** The pod template of a workload; throws for other kinds. */
export function requirePodTemplate(m: Manifest): PodTemplate {
  const pod = podTemplate(m);
  if (!pod) throw new Error(`${m.kind}/${m.metadata.name} has no pod template`);
  return pod;
}

/** `[objectLabel, container, pod, manifest]` for every container of every workload. */
export function allContainers(manifests: readonly Manifest[]): Array<[string, Container, PodTemplate, Manifest]> {
  const rows: Array<[string, Container, PodTemplate, Manifest]> = [];
  for (const m of manifests) {
    const pod = podTemplate(m);
    if (!pod) continue;
    for (const c of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) {
      rows.push([`${m.kind}/${m.metadata.name}:${c.name}`, c, pod, m]);
    }
  }
  return rows;
}

export function labelsMatch(selector: Record<string, string>, labels: Record<string, string>): boolean {
  // for-in, not Object.keys or entries, which allocate an array per call: the policy checks and
  // the traffic diagrams call this tens of thousands of times. Selectors are plain JSON objects.
  for (const key in selector) if (labels[key] !== selector[key]) return false;
  return true;
}

export function find(manifests: readonly Manifest[], kind: string, name?: string): Manifest[] {
  return manifests.filter((m) => m.kind === kind && (name === undefined || m.metadata.name === name));
}

/** Replica count of a workload (HPA-managed Deployments leave it unset). */
export function replicasOf(m: Manifest): number | undefined {
  return (m.spec as { replicas?: number } | undefined)?.replicas;
}

/** A Kubernetes label selector (matchLabels and matchExpressions). */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }>;
}

/** Whether a label selector selects these labels; an absent or empty selector selects everything. */
export function selectorMatches(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return true;
  if (!labelsMatch(selector.matchLabels ?? {}, labels)) return false;
  return (selector.matchExpressions ?? []).every((e) => {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    switch (e.operator) {
      case 'In':
        return has && (e.values ?? []).includes(labels[e.key]);
      case 'NotIn':
        return !has || !(e.values ?? []).includes(labels[e.key]);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
    }
  });
}
