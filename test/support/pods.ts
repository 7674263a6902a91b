import type { Manifest } from '../../lib/synth/render-environment';

/* Loose shapes of the parts of objects the tests read. */
export interface Probe {
  httpGet?: { port: string | number; path?: string };
  tcpSocket?: { port: string | number };
  exec?: { command: string[] };
}
export interface Container {
  name: string;
  image: string;
  ports?: Array<{ name?: string; containerPort: number }>;
  env?: Array<{
    name: string;
    value?: string;
    valueFrom?: { secretKeyRef?: { name: string; key: string }; configMapKeyRef?: { name: string; key: string } };
  }>;
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  securityContext?: Record<string, unknown> & { capabilities?: { drop?: string[]; add?: string[] } };
  volumeMounts?: Array<{ name: string; mountPath: string }>;
}
export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  volumes?: Array<{ name: string } & Record<string, unknown>>;
  securityContext?: Record<string, unknown>;
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  restartPolicy?: string;
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

/** `[objectLabel, container, pod, manifest]` for every container of every workload. */
export function allContainers(manifests: Manifest[]): Array<[string, Container, PodTemplate, Manifest]> {
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
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

export function find(manifests: Manifest[], kind: string, name?: string): Manifest[] {
  return manifests.filter((m) => m.kind === kind && (name === undefined || m.metadata.name === name));
}

/** Parses a Kubernetes quantity to a number in base units (cores or bytes). */
export function quantity(value: string): number {
  const m = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(value);
  if (!m) throw new Error(`bad quantity ${value}`);
  const unit: Record<string, number> = {
    '': 1,
    m: 1e-3,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    Ki: 1024,
    Mi: 1024 ** 2,
    Gi: 1024 ** 3,
    Ti: 1024 ** 4,
  };
  return Number(m[1]) * unit[m[2] ?? ''];
}

/** The pod template of a workload; throws for other kinds. */
export function requirePodTemplate(m: Manifest): PodTemplate {
  const pod = podTemplate(m);
  if (!pod) throw new Error(`${m.kind}/${m.metadata.name} has no pod template`);
  return pod;
}
