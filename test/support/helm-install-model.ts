/**
 * What plain Helm does with a chart, step by step, and what each hook needs to exist when it
 * runs. Modelled on helm v3.17.3 (github.com/helm/helm):
 *
 * - pkg/releaseutil/manifest_sorter.go: an object with a `helm.sh/hook` annotation is a hook, the
 *   rest are the release's manifests; both are pre-sorted by kind (kind_sorter.go `InstallOrder`,
 *   unknown kinds last, alphabetically). `helm template` prints the manifests in that order,
 *   then the hooks, so the tests take the kind order from the real binary.
 * - pkg/action/install.go `performInstall`: pre-install hooks, then `KubeClient.Create` of the
 *   manifests, then post-install hooks. upgrade.go: pre-upgrade hooks, `KubeClient.Update`,
 *   post-upgrade hooks.
 * - pkg/kube/client.go `batchPerform`: objects are created in that order, one kind after the
 *   other (objects of one kind concurrently).
 * - pkg/action/hooks.go `execHook`: the hooks of one event are stable-sorted by weight, then by
 *   name (`hookByWeight`), and each runs to completion before the next (`WatchUntilReady`).
 */
import type { Manifest } from '../../lib/common/manifest';

export type HelmOperation = 'install' | 'upgrade';

/** One step of the operation: the objects created together. */
export interface HelmStep {
  readonly phase: 'previous-release' | 'pre' | 'manifests' | 'post';
  readonly objects: readonly Manifest[];
}

const HOOK = 'helm.sh/hook';
const HOOK_WEIGHT = 'helm.sh/hook-weight';

export const isHelmHook = (m: Manifest): boolean => m.metadata.annotations?.[HOOK] !== undefined;

export function hookEvents(m: Manifest): string[] {
  return (m.metadata.annotations?.[HOOK] ?? '').split(',').map((e) => e.trim().toLowerCase());
}

/** `calculateHookWeight`: the annotation as an integer, 0 when absent or not a number. */
function hookWeight(m: Manifest): number {
  const weight = Number.parseInt(m.metadata.annotations?.[HOOK_WEIGHT] ?? '', 10);
  return Number.isNaN(weight) ? 0 : weight;
}

/** The hooks of one event in execution order; `hooks` in Helm's kind order (as `helm template` prints them). */
export function hooksInExecutionOrder(hooks: readonly Manifest[], event: string): Manifest[] {
  const selected = hooks.filter((h) => hookEvents(h).includes(event));
  // Array.prototype.sort is stable, as Go's sort.Stable.
  return selected.sort((a, b) =>
    hookWeight(a) !== hookWeight(b)
      ? hookWeight(a) - hookWeight(b)
      : a.metadata.name < b.metadata.name
        ? -1
        : a.metadata.name > b.metadata.name
          ? 1
          : 0,
  );
}

/**
 * The steps of a plain `helm install` or `helm upgrade` of `rendered`, the objects in the order
 * `helm template` printed them. An upgrade starts from a release of the same chart.
 */
export function helmSteps(rendered: readonly Manifest[], operation: HelmOperation): HelmStep[] {
  const hooks = rendered.filter(isHelmHook);
  const manifests = rendered.filter((m) => !isHelmHook(m));
  const steps: HelmStep[] = [];
  if (operation === 'upgrade') steps.push({ phase: 'previous-release', objects: manifests });
  const pre = operation === 'install' ? 'pre-install' : 'pre-upgrade';
  const post = operation === 'install' ? 'post-install' : 'post-upgrade';
  for (const hook of hooksInExecutionOrder(hooks, pre)) steps.push({ phase: 'pre', objects: [hook] });
  let group: Manifest[] = [];
  for (const m of manifests) {
    if (group.length > 0 && group[0].kind !== m.kind) {
      steps.push({ phase: 'manifests', objects: group });
      group = [];
    }
    group.push(m);
  }
  if (group.length > 0) steps.push({ phase: 'manifests', objects: group });
  for (const hook of hooksInExecutionOrder(hooks, post)) steps.push({ phase: 'post', objects: [hook] });
  return steps;
}

/** An object a hook's pod cannot run without. */
export interface Need {
  readonly kind: string;
  readonly name: string;
  /** Where in the hook it is referenced. */
  readonly why: string;
}

interface PodSpecLike {
  serviceAccountName?: string;
  containers: Array<Record<string, unknown>>;
  initContainers?: Array<Record<string, unknown>>;
  volumes?: Array<{
    configMap?: { name: string; optional?: boolean };
    secret?: { secretName: string; optional?: boolean };
  }>;
}

/** ServiceAccount, ConfigMaps, Secrets and Services (by host name in its settings) a Job's pod uses. */
function hookNeeds(hook: Manifest, serviceNames: readonly string[]): Need[] {
  const pod = (hook.spec as { template: { spec: PodSpecLike } }).template.spec;
  const needs: Need[] = [];
  if (pod.serviceAccountName)
    needs.push({ kind: 'ServiceAccount', name: pod.serviceAccountName, why: 'serviceAccountName' });
  for (const volume of pod.volumes ?? []) {
    if (volume.configMap && !volume.configMap.optional)
      needs.push({ kind: 'ConfigMap', name: volume.configMap.name, why: 'volume' });
    if (volume.secret && !volume.secret.optional)
      needs.push({ kind: 'Secret', name: volume.secret.secretName, why: 'volume' });
  }
  for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
    const container = c as {
      name: string;
      command?: string[];
      args?: string[];
      env?: Array<{ name: string; value?: string; valueFrom?: Record<string, { name: string; optional?: boolean }> }>;
      envFrom?: Array<{
        configMapRef?: { name: string; optional?: boolean };
        secretRef?: { name: string; optional?: boolean };
      }>;
    };
    for (const from of container.envFrom ?? []) {
      if (from.configMapRef && !from.configMapRef.optional)
        needs.push({ kind: 'ConfigMap', name: from.configMapRef.name, why: `${container.name} envFrom` });
      if (from.secretRef && !from.secretRef.optional)
        needs.push({ kind: 'Secret', name: from.secretRef.name, why: `${container.name} envFrom` });
    }
    const strings = [...(container.command ?? []), ...(container.args ?? [])];
    for (const e of container.env ?? []) {
      const ref = e.valueFrom?.configMapKeyRef ?? e.valueFrom?.secretKeyRef;
      if (ref && !ref.optional)
        needs.push({
          kind: e.valueFrom?.configMapKeyRef ? 'ConfigMap' : 'Secret',
          name: ref.name,
          why: `${container.name} env ${e.name}`,
        });
      if (e.value !== undefined) strings.push(e.value);
    }
    // A Service is needed when a setting names it as a host: "acme-postgres", "redis://acme-redis:6379/0".
    for (const value of strings) {
      for (const service of serviceNames) {
        const host = new RegExp(`(^|//|@)${service.replace(/[-.]/g, '\\$&')}(\\.[a-z0-9.-]+)?(:|/|$)`);
        if (host.test(value)) needs.push({ kind: 'Service', name: service, why: `${container.name}: ${value}` });
      }
    }
  }
  const seen = new Set<string>();
  return needs.filter((n) => {
    const key = `${n.kind}/${n.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * What an object brings into the namespace besides itself: an ExternalSecret its target Secret
 * (external-secrets.io/v1 `spec.target.name`, default its own name); a CloudNativePG Cluster its
 * `<name>-rw`, `-ro`, `-r` Services and `<name>-app` Secret (cloudnative-pg v1.30.0
 * docs/src/applications.md).
 */
export function provides(m: Manifest): Array<{ kind: string; name: string }> {
  const own = [{ kind: m.kind, name: m.metadata.name }];
  if (m.kind === 'ExternalSecret') {
    const target = (m.spec as { target?: { name?: string } }).target?.name ?? m.metadata.name;
    return [...own, { kind: 'Secret', name: target }];
  }
  if (m.kind === 'Cluster' && m.apiVersion.startsWith('postgresql.cnpg.io/')) {
    const n = m.metadata.name;
    return [
      ...own,
      ...['rw', 'ro', 'r'].map((s) => ({ kind: 'Service', name: `${n}-${s}` })),
      { kind: 'Secret', name: `${n}-app` },
    ];
  }
  return own;
}

/** Service names a chart's objects define or bring (for spotting them in settings). */
function serviceNames(objects: readonly Manifest[]): string[] {
  return objects
    .flatMap(provides)
    .filter((p) => p.kind === 'Service')
    .map((p) => p.name);
}

/** For each hook step: the needs no earlier step provides and no precondition covers. */
export function unmetNeeds(
  steps: readonly HelmStep[],
  preconditions: ReadonlyArray<{ kind: string; name: string }>,
): Array<{ hook: string; phase: string; missing: Need }> {
  const all = steps.flatMap((s) => s.objects);
  const services = serviceNames(all);
  const available = new Set(preconditions.map((p) => `${p.kind}/${p.name}`));
  const result: Array<{ hook: string; phase: string; missing: Need }> = [];
  for (const step of steps) {
    if (step.phase === 'pre' || step.phase === 'post') {
      for (const hook of step.objects) {
        const needs = hookNeeds(hook, services);
        // A Service answers only when the workload behind it exists too.
        for (const need of needs.filter((n) => n.kind === 'Service'))
          for (const backend of backends(all, need.name))
            needs.push({ kind: backend.kind, name: backend.metadata.name, why: `behind Service ${need.name}` });
        for (const need of needs)
          if (!available.has(`${need.kind}/${need.name}`))
            result.push({ hook: `${hook.kind}/${hook.metadata.name}`, phase: step.phase, missing: need });
      }
    }
    // Objects of this step exist for the steps after it, never for their own step.
    for (const m of step.objects) for (const p of provides(m)) available.add(`${p.kind}/${p.name}`);
  }
  return result;
}

/** The workloads whose pods a chart Service selects. */
function backends(objects: readonly Manifest[], service: string): Manifest[] {
  const svc = objects.find((o) => o.kind === 'Service' && o.metadata.name === service);
  const selector = (svc?.spec as { selector?: Record<string, string> } | undefined)?.selector;
  if (!selector) return [];
  return objects.filter((o) => {
    if (!['Deployment', 'StatefulSet'].includes(o.kind)) return false;
    const labels =
      (o.spec as { template: { metadata?: { labels?: Record<string, string> } } }).template.metadata?.labels ?? {};
    return Object.entries(selector).every(([k, v]) => labels[k] === v);
  });
}
