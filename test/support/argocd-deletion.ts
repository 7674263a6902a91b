/**
 * A model of what ArgoCD and Kubernetes delete when an environment leaves git, from the
 * committed ArgoCD objects before and after and the environment's objects. Rules, each from
 * argo-cd v3.5.1 (gitops-engine is in its tree) or Kubernetes:
 *
 * 1. The bootstrap Application prunes an Application that left `dist/argocd/` when its
 *    `automated.prune` is on, unless the object says `Prune=false` (kept) or `Prune=confirm`
 *    (waits for a person); the object's annotation overrides the Application's syncOptions
 *    (docs/user-guide/sync-options.md; gitops-engine/pkg/sync/sync_context.go `runTasks`).
 * 2. The bootstrap's sync runs wave by wave (sync_context.go `Sync`, `getSyncTasks`): an applied
 *    object's wave is its `argocd.argoproj.io/sync-wave`, a pruned object's that of the live
 *    object; the prune waves are swapped end for end (reverse creation order); with `PruneLast`
 *    every prune moves to the last wave + 1. A wave starts only when no pruned object of an
 *    earlier one is still being deleted ("if pruned tasks pending deletion, then wait"). So the
 *    AppProject the removed Application's finalizer reads is the new one when the project is
 *    applied in the Application's prune wave or before, and the old one otherwise.
 * 3. A deleted Application whose finalizers include a propagation finalizer
 *    (pkg/apis/application/v1alpha1/types.go `isPropagationPolicyFinalizer`: the plain
 *    `resources-finalizer.argocd.argoproj.io`, `/foreground` or `/background`) deletes the live
 *    objects it manages that its project still permits (controller/appcontroller.go
 *    `getPermittedAppLiveObjects`: `AppProject.IsLiveResourcePermitted`, i.e. the kind white-lists
 *    of app_project_types.go `IsGroupKindNamePermitted` and, for a namespaced object,
 *    `IsDestinationPermitted`), unless the object (else the Application's syncOptions) says
 *    `Delete=false`, or it carries `helm.sh/resource-policy: keep`, or it is a CRD
 *    (`shouldBeDeleted`); `Delete=confirm` waits for a person. Objects the project no longer
 *    permits are left alone, and the finalizer is removed as if they were deleted. Without the
 *    project at all, the finalizer fails and nothing is deleted.
 *    A namespace ArgoCD created for `CreateNamespace=true` is not tracked, so never deleted
 *    (controller/sync_namespace.go: no tracking annotation is set).
 * 4. Each deletion has the finalizer's propagation (`finalizeApplicationDeletion`: Background for
 *    `/background`, else Foreground). Kubernetes garbage collection deletes the dependents of a
 *    deleted owner and, deleting a Namespace, everything in it; in the foreground the owner
 *    stays until its dependents are gone, so they are gone before the Application is; in the
 *    background they may outlive it. Dependents that controllers create:
 *    - a Deployment's ReplicaSet and its Pods, a StatefulSet's Pods, a Job's Pods, a CronJob's Jobs;
 *    - StatefulSet PVCs are owned by it only with `persistentVolumeClaimRetentionPolicy.whenDeleted:
 *      Delete`; the API server defaults it to Retain (kubernetes pkg/apis/apps/v1/defaults.go);
 *    - CloudNativePG owns each instance's PVC and the `<cluster>-app` Secret (v1.30
 *      internal/controller/cluster_create.go SetInheritedDataAndOwnership), cloudnative-pg#8442;
 *    - an ExternalSecret with `creationPolicy: Owner` (the default) owns its Secret;
 *    - a ScheduledBackup with `backupOwnerReference: self` owns its Backups.
 */
import type { Manifest } from '../../lib/common/manifest';
import { apiGroup } from '../../lib/delivery/resource-kinds';
import { liveObjects, keyOf, type LiveObject } from './argocd-live-objects';
import { isLivePermitted, type ProjectSpec } from './argocd-project-permission';

export { keyOf, liveObjects, type LiveObject };

const SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';
const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';
const PROPAGATION_FINALIZERS = {
  'resources-finalizer.argocd.argoproj.io': 'Foreground',
  'resources-finalizer.argocd.argoproj.io/foreground': 'Foreground',
  'resources-finalizer.argocd.argoproj.io/background': 'Background',
} as const;

type SyncPolicy = { automated?: { prune?: boolean }; syncOptions?: string[] };
const syncPolicy = (app: Manifest): SyncPolicy | undefined =>
  (app.spec as { syncPolicy?: SyncPolicy } | undefined)?.syncPolicy;

/** One sync option (`Delete`, `Prune`) of an object's annotation, else of the Application. */
function syncOption(manifest: Manifest, option: string, appOptions: readonly string[] = []): string | undefined {
  const fromAnnotation = (manifest.metadata.annotations?.[SYNC_OPTIONS] ?? '').split(',').map((o) => o.trim());
  const find = (list: readonly string[]) => list.find((o) => o.startsWith(`${option}=`))?.split('=')[1];
  return find(fromAnnotation) ?? find(appOptions);
}

/**
 * The propagation of an Application's cascade, from the first propagation finalizer in its list
 * (types.go `GetPropagationPolicy`), or undefined when it has none (no cascade).
 */
export function propagationOf(finalizers: readonly string[]): 'Foreground' | 'Background' | undefined {
  const first = finalizers.find((f) => f in PROPAGATION_FINALIZERS) as keyof typeof PROPAGATION_FINALIZERS | undefined;
  return first === undefined ? undefined : PROPAGATION_FINALIZERS[first];
}

const objectKey = (m: Manifest) =>
  `${apiGroup(m.apiVersion)}/${m.kind}/${m.metadata.namespace ?? ''}/${m.metadata.name}`;
const waveOf = (m: Manifest) => Number(m.metadata.annotations?.[SYNC_WAVE] ?? '0');

/**
 * The wave of each task of the bootstrap's sync from `before` (live) to `after` (git), by
 * object key: applies at their own wave, prunes swapped end for end, then moved after the last
 * wave with PruneLast (gitops-engine sync_context.go `getSyncTasks`).
 */
function bootstrapWaves(
  bootstrap: Manifest,
  before: readonly Manifest[],
  after: readonly Manifest[],
): Map<string, { wave: number; prune: boolean }> {
  const waves = new Map<string, { wave: number; prune: boolean }>();
  const inGit = new Set(after.map(objectKey));
  for (const m of after) waves.set(objectKey(m), { wave: waveOf(m), prune: false });
  const pruned = before.filter((m) => !inGit.has(objectKey(m)));
  const pruneWaves = [...new Set(pruned.map(waveOf))].sort((a, b) => a - b);
  const swapped = (w: number) => pruneWaves[pruneWaves.length - 1 - pruneWaves.indexOf(w)];
  for (const m of pruned) waves.set(objectKey(m), { wave: swapped(waveOf(m)), prune: true });
  const pruneLast = (m: Manifest) =>
    (syncPolicy(bootstrap)?.syncOptions ?? []).includes('PruneLast=true') ||
    (m.metadata.annotations?.[SYNC_OPTIONS] ?? '').includes('PruneLast=true');
  const last = Math.max(0, ...[...waves.values()].map((t) => t.wave)) + 1;
  for (const m of pruned.filter(pruneLast)) waves.set(objectKey(m), { wave: last, prune: true });
  return waves;
}

export interface DeletionOutcome {
  /** Deleted without anyone being asked (eventually, garbage collection included). */
  readonly deleted: string[];
  /** Waiting for a person to confirm (Prune=confirm / Delete=confirm). */
  readonly awaitingConfirmation: string[];
  /** Deleted, but possibly still there when the Application is gone (background propagation). */
  readonly outliveTheApplication: string[];
  /** Per removed Application, whether its finalizer read the project before or after the change. */
  readonly projectRead: Record<string, 'before' | 'after' | 'none'>;
}

/** An Application that left git, with the live objects of its environment. */
export interface RemovedApplication {
  readonly manifest: Manifest;
  readonly live: readonly LiveObject[];
}

/** The ArgoCD objects of `dist/argocd/` before and after the change, and the bootstrap Application. */
export interface DeliveryChange {
  readonly bootstrap: Manifest;
  readonly before: readonly Manifest[];
  readonly after: readonly Manifest[];
}

/** Which version of the Application's project its finalizer reads (rule 2). */
function projectAtDeletion(
  change: DeliveryChange,
  app: Manifest,
): { read: 'before' | 'after' | 'none'; spec?: ProjectSpec } {
  const name = (app.spec as { project: string }).project;
  const find = (list: readonly Manifest[]) => list.find((m) => m.kind === 'AppProject' && m.metadata.name === name);
  const waves = bootstrapWaves(change.bootstrap, change.before, change.after);
  const appWave = waves.get(objectKey(app))?.wave ?? 0;
  const oldProject = find(change.before);
  const project = oldProject ?? find(change.after);
  const projectTask = project ? waves.get(objectKey(project)) : undefined;
  if (projectTask === undefined || projectTask.wave > appWave)
    return oldProject ? { read: 'before', spec: oldProject.spec as ProjectSpec } : { read: 'none' };
  const newProject = find(change.after);
  return newProject ? { read: 'after', spec: newProject.spec as ProjectSpec } : { read: 'none' };
}

/**
 * What happens when the bootstrap syncs `change`, in which `removed` left git. With
 * `confirmed`, a person has approved every pending confirmation (the worst case a confirmation
 * can lead to).
 */
export function removeApplications(
  change: DeliveryChange,
  removed: readonly RemovedApplication[],
  options: { confirmed: boolean },
): DeletionOutcome {
  const deleted = new Set<string>();
  const awaiting: string[] = [];
  const projectRead: Record<string, 'before' | 'after' | 'none'> = {};
  const propagation = new Map<string, 'Foreground' | 'Background'>();
  const bootstrapPolicy = syncPolicy(change.bootstrap);
  const nothing = { deleted: [], awaitingConfirmation: [], outliveTheApplication: [], projectRead };
  if (!bootstrapPolicy?.automated?.prune) return nothing;
  const everything = removed.flatMap((a) => a.live);
  for (const app of removed) {
    const appKey = keyOf({ kind: 'Application', name: app.manifest.metadata.name });
    const prune = syncOption(app.manifest, 'Prune', bootstrapPolicy.syncOptions);
    if (prune === 'false') continue;
    if (prune === 'confirm' && !options.confirmed) {
      awaiting.push(appKey);
      continue;
    }
    deleted.add(appKey);
    const policy = propagationOf((app.manifest.metadata as { finalizers?: string[] }).finalizers ?? []);
    if (policy === undefined) continue;
    const project = projectAtDeletion(change, app.manifest);
    projectRead[app.manifest.metadata.name] = project.read;
    if (project.spec === undefined) continue;
    const destination = (app.manifest.spec as { destination: { name?: string; server?: string } }).destination;
    const appOptions = syncPolicy(app.manifest)?.syncOptions;
    for (const object of app.live.filter((o) => o.manifest !== undefined)) {
      const m = object.manifest as Manifest;
      if (!isLivePermitted(project.spec, m, destination)) continue;
      const del = syncOption(m, 'Delete', appOptions);
      const keep = m.metadata.annotations?.['helm.sh/resource-policy'] === 'keep';
      if (del === 'false' || keep || m.kind === 'CustomResourceDefinition') continue;
      if (del === 'confirm' && !options.confirmed) {
        awaiting.push(keyOf(object));
        continue;
      }
      deleted.add(keyOf(object));
      propagation.set(keyOf(object), policy);
    }
  }
  // Garbage collection and namespace deletion, until nothing changes; a dependent inherits the
  // propagation of the deletion that reached it.
  const outlive = new Set<string>();
  for (let changed = true; changed;) {
    changed = false;
    for (const o of everything) {
      if (deleted.has(keyOf(o))) continue;
      const ownerGone = o.owner !== undefined && deleted.has(o.owner);
      const namespaceGone = o.namespace !== undefined && deleted.has(keyOf({ kind: 'Namespace', name: o.namespace }));
      if (ownerGone || namespaceGone) {
        deleted.add(keyOf(o));
        const policy = (o.owner && propagation.get(o.owner)) || 'Foreground';
        propagation.set(keyOf(o), policy);
        if (policy === 'Background' || (o.owner !== undefined && outlive.has(o.owner))) outlive.add(keyOf(o));
        changed = true;
      }
    }
  }
  return {
    deleted: [...deleted].sort(),
    awaitingConfirmation: awaiting.sort(),
    outliveTheApplication: [...outlive].sort(),
    projectRead,
  };
}
