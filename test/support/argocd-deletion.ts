/**
 * A model of what ArgoCD and Kubernetes delete when an environment leaves git, from the
 * committed objects before and after. Rules, each from its source:
 *
 * 1. The bootstrap Application prunes an Application that left `dist/argocd/` when its
 *    `automated.prune` is on, unless the object says `Prune=false` (kept) or `Prune=confirm`
 *    (waits for a person); the object's annotation overrides the Application's syncOptions
 *    (argo-cd v3.5.1 docs/user-guide/sync-options.md; gitops-engine pkg/sync/sync_context.go).
 * 2. A deleted Application with the resources finalizer deletes each object it manages unless
 *    the object (else the Application's syncOptions) says `Delete=false`, or it carries
 *    `helm.sh/resource-policy: keep`, or it is a CRD; `Delete=confirm` waits for a person
 *    (controller/appcontroller.go `finalizeApplicationDeletion`, `shouldBeDeleted`).
 *    A namespace ArgoCD created for `CreateNamespace=true` is not tracked, so never deleted
 *    (controller/sync_namespace.go: no tracking annotation is set).
 * 3. Kubernetes garbage collection deletes the dependents of a deleted owner, and deleting a
 *    Namespace deletes everything in it. Dependents that controllers create:
 *    - StatefulSet PVCs are owned by it only with `persistentVolumeClaimRetentionPolicy.whenDeleted:
 *      Delete`; the API server defaults it to Retain (kubernetes pkg/apis/apps/v1/defaults.go);
 *    - CloudNativePG owns each instance's PVC and the `<cluster>-app` Secret (v1.30
 *      internal/controller/cluster_create.go SetInheritedDataAndOwnership; PVCs indexed by their
 *      controller owner in cluster_controller.go), as cloudnative-pg#8442 reports;
 *    - an ExternalSecret with `creationPolicy: Owner` (the default) owns its Secret (ESO docs,
 *      "Lifecycle: Owner ... subject to garbage collection");
 *    - a ScheduledBackup with `backupOwnerReference: self` owns its Backups.
 */
import type { Manifest } from '../../lib/common/manifest';

export interface LiveObject {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  /** Key of the object whose deletion garbage-collects this one. */
  readonly owner?: string;
  /** The object as applied, for managed objects. */
  readonly manifest?: Manifest;
}

export const keyOf = (o: { kind: string; name: string; namespace?: string }) =>
  `${o.kind}/${o.namespace ?? ''}/${o.name}`;

/** One sync option (`Delete`, `Prune`) of an object's annotation, else of the Application. */
/** `spec.syncPolicy` of an Application manifest. */
function syncPolicy(app: Manifest): { automated?: { prune?: boolean }; syncOptions?: string[] } | undefined {
  return (app.spec as { syncPolicy?: { automated?: { prune?: boolean }; syncOptions?: string[] } } | undefined)
    ?.syncPolicy;
}

export function syncOption(manifest: Manifest, option: string, appOptions: readonly string[] = []): string | undefined {
  const fromAnnotation = (manifest.metadata.annotations?.['argocd.argoproj.io/sync-options'] ?? '')
    .split(',')
    .map((o) => o.trim());
  const find = (list: readonly string[]) => list.find((o) => o.startsWith(`${option}=`))?.split('=')[1];
  return find(fromAnnotation) ?? find(appOptions);
}

/** The live objects an environment's chart puts in the cluster: managed ones and their dependents. */
export function liveObjects(manifests: readonly Manifest[], preexisting: readonly LiveObject[] = []): LiveObject[] {
  const live: LiveObject[] = [...preexisting];
  for (const m of manifests) {
    const object: LiveObject = { kind: m.kind, name: m.metadata.name, namespace: m.metadata.namespace, manifest: m };
    live.push(object);
    const spec = (m as { spec?: Record<string, unknown> }).spec ?? {};
    const ns = m.metadata.namespace;
    if (m.kind === 'StatefulSet') {
      const policy = spec.persistentVolumeClaimRetentionPolicy as { whenDeleted?: string } | undefined;
      const owned = (policy?.whenDeleted ?? 'Retain') === 'Delete';
      const templates = (spec.volumeClaimTemplates as Array<{ metadata: { name: string } }> | undefined) ?? [];
      for (let i = 0; i < ((spec.replicas as number | undefined) ?? 1); i++)
        for (const t of templates)
          live.push({
            kind: 'PersistentVolumeClaim',
            name: `${t.metadata.name}-${m.metadata.name}-${i}`,
            namespace: ns,
            owner: owned ? keyOf(object) : undefined,
          });
    }
    if (m.kind === 'Cluster' && m.apiVersion.startsWith('postgresql.cnpg.io/')) {
      for (let i = 1; i <= ((spec.instances as number | undefined) ?? 1); i++)
        live.push({
          kind: 'PersistentVolumeClaim',
          name: `${m.metadata.name}-${i}`,
          namespace: ns,
          owner: keyOf(object),
        });
      live.push({ kind: 'Secret', name: `${m.metadata.name}-app`, namespace: ns, owner: keyOf(object) });
    }
    if (m.kind === 'ExternalSecret') {
      const target = spec.target as { name?: string; creationPolicy?: string } | undefined;
      const owned = (target?.creationPolicy ?? 'Owner') === 'Owner';
      live.push({
        kind: 'Secret',
        name: target?.name ?? m.metadata.name,
        namespace: ns,
        owner: owned ? keyOf(object) : undefined,
      });
    }
    if (m.kind === 'ScheduledBackup' && spec.backupOwnerReference === 'self')
      live.push({ kind: 'Backup', name: `${m.metadata.name}-first`, namespace: ns, owner: keyOf(object) });
  }
  return live;
}

export interface DeletionOutcome {
  /** Deleted without anyone being asked. */
  readonly deleted: string[];
  /** Waiting for a person to confirm (Prune=confirm / Delete=confirm). */
  readonly awaitingConfirmation: string[];
}

interface Application {
  readonly manifest: Manifest;
  readonly live: readonly LiveObject[];
}

/**
 * What happens when the bootstrap syncs after `removed` left git. With `confirmed`, a person
 * has approved every pending confirmation (the worst case a confirmation can lead to).
 */
export function removeApplications(
  bootstrap: Manifest,
  removed: readonly Application[],
  options: { confirmed: boolean },
): DeletionOutcome {
  const deleted = new Set<string>();
  const awaiting: string[] = [];
  const bootstrapPolicy = syncPolicy(bootstrap);
  if (!bootstrapPolicy?.automated?.prune) return { deleted: [], awaitingConfirmation: [] };
  const everything = removed.flatMap((a) => a.live);
  for (const app of removed) {
    const prune = syncOption(app.manifest, 'Prune', bootstrapPolicy.syncOptions);
    if (prune === 'false') continue;
    if (prune === 'confirm' && !options.confirmed) {
      awaiting.push(keyOf({ kind: 'Application', name: app.manifest.metadata.name }));
      continue;
    }
    deleted.add(keyOf({ kind: 'Application', name: app.manifest.metadata.name }));
    const finalizers = (app.manifest.metadata as { finalizers?: string[] }).finalizers ?? [];
    if (!finalizers.includes('resources-finalizer.argocd.argoproj.io')) continue;
    const appOptions = syncPolicy(app.manifest)?.syncOptions;
    for (const object of app.live.filter((o) => o.manifest !== undefined)) {
      const m = object.manifest as Manifest;
      const del = syncOption(m, 'Delete', appOptions);
      const keep = m.metadata.annotations?.['helm.sh/resource-policy'] === 'keep';
      if (del === 'false' || keep || m.kind === 'CustomResourceDefinition') continue;
      if (del === 'confirm' && !options.confirmed) {
        awaiting.push(keyOf(object));
        continue;
      }
      deleted.add(keyOf(object));
    }
  }
  // Garbage collection and namespace deletion, until nothing changes.
  for (let changed = true; changed;) {
    changed = false;
    for (const o of everything) {
      if (deleted.has(keyOf(o))) continue;
      const ownerGone = o.owner !== undefined && deleted.has(o.owner);
      const namespaceGone = o.namespace !== undefined && deleted.has(keyOf({ kind: 'Namespace', name: o.namespace }));
      if (ownerGone || namespaceGone) {
        deleted.add(keyOf(o));
        changed = true;
      }
    }
  }
  return { deleted: [...deleted].sort(), awaitingConfirmation: awaiting.sort() };
}
