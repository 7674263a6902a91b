/**
 * The live objects an environment's chart puts in a cluster: the managed ones (as applied) and
 * the dependents their controllers create, each with the owner whose deletion garbage-collects
 * it (see the rules in argocd-deletion.ts).
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

type Spec = Record<string, unknown>;

/** The dependents a workload controller creates: what runs. */
function runningDependents(m: Manifest, owner: string, spec: Spec): LiveObject[] {
  const ns = m.metadata.namespace;
  const pod = (name: string, podOwner: string): LiveObject => ({ kind: 'Pod', name, namespace: ns, owner: podOwner });
  switch (m.kind) {
    case 'Deployment': {
      const replicaSet: LiveObject = { kind: 'ReplicaSet', name: `${m.metadata.name}-1`, namespace: ns, owner };
      return [replicaSet, pod(`${m.metadata.name}-1-a`, keyOf(replicaSet))];
    }
    case 'StatefulSet':
      return Array.from({ length: (spec.replicas as number | undefined) ?? 1 }, (_, i) =>
        pod(`${m.metadata.name}-${i}`, owner),
      );
    case 'Job':
      return [pod(`${m.metadata.name}-a`, owner)];
    case 'CronJob': {
      const job: LiveObject = { kind: 'Job', name: `${m.metadata.name}-1`, namespace: ns, owner };
      return [job, pod(`${m.metadata.name}-1-a`, keyOf(job))];
    }
    default:
      return [];
  }
}

/** The data a controller keeps beside the managed object. */
function stateDependents(m: Manifest, owner: string, spec: Spec): LiveObject[] {
  const ns = m.metadata.namespace;
  const found: LiveObject[] = [];
  if (m.kind === 'StatefulSet') {
    const policy = spec.persistentVolumeClaimRetentionPolicy as { whenDeleted?: string } | undefined;
    const owned = (policy?.whenDeleted ?? 'Retain') === 'Delete';
    const templates = (spec.volumeClaimTemplates as Array<{ metadata: { name: string } }> | undefined) ?? [];
    for (let i = 0; i < ((spec.replicas as number | undefined) ?? 1); i++)
      for (const t of templates)
        found.push({
          kind: 'PersistentVolumeClaim',
          name: `${t.metadata.name}-${m.metadata.name}-${i}`,
          namespace: ns,
          owner: owned ? owner : undefined,
        });
  }
  if (m.kind === 'Cluster' && m.apiVersion.startsWith('postgresql.cnpg.io/')) {
    for (let i = 1; i <= ((spec.instances as number | undefined) ?? 1); i++) {
      found.push({ kind: 'PersistentVolumeClaim', name: `${m.metadata.name}-${i}`, namespace: ns, owner });
      found.push({ kind: 'Pod', name: `${m.metadata.name}-${i}`, namespace: ns, owner });
    }
    found.push({ kind: 'Secret', name: `${m.metadata.name}-app`, namespace: ns, owner });
  }
  if (m.kind === 'ExternalSecret') {
    const target = spec.target as { name?: string; creationPolicy?: string } | undefined;
    const owned = (target?.creationPolicy ?? 'Owner') === 'Owner';
    found.push({
      kind: 'Secret',
      name: target?.name ?? m.metadata.name,
      namespace: ns,
      owner: owned ? owner : undefined,
    });
  }
  if (m.kind === 'ScheduledBackup' && spec.backupOwnerReference === 'self')
    found.push({ kind: 'Backup', name: `${m.metadata.name}-first`, namespace: ns, owner });
  return found;
}

/** The live objects of an environment: its managed objects, their dependents and `preexisting`. */
export function liveObjects(manifests: readonly Manifest[], preexisting: readonly LiveObject[] = []): LiveObject[] {
  const live: LiveObject[] = [...preexisting];
  for (const m of manifests) {
    const object: LiveObject = { kind: m.kind, name: m.metadata.name, namespace: m.metadata.namespace, manifest: m };
    const spec = (m as { spec?: Spec }).spec ?? {};
    live.push(object, ...runningDependents(m, keyOf(object), spec), ...stateDependents(m, keyOf(object), spec));
  }
  return live;
}
