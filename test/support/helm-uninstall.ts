/**
 * What `helm uninstall` (helm v3.17.3) deletes of a release, from the objects the chart renders:
 * - the release's manifest holds no hooks: `releaseutil.SortManifests`
 *   (pkg/releaseutil/manifest_sorter.go) sets every object with a `helm.sh/hook` annotation
 *   apart, and `Uninstall.deleteRelease` (pkg/action/uninstall.go) deletes only the manifest;
 *   hooks other than pre-/post-delete are left as they are;
 * - `filterManifestsToKeep` (pkg/action/resource_policy.go) keeps every object whose
 *   `helm.sh/resource-policy`, trimmed and lower-cased, is `keep`, and reports it ("These
 *   resources were kept due to the resource policy"); an object with another value is neither
 *   kept nor deleted; the rest is deleted;
 * - with `--cascade background` (the default, `parseCascadingFlag`), Kubernetes garbage collection
 *   then deletes what the deleted objects own (argocd-live-objects.ts lists the dependents).
 */
import type { Manifest } from '../../lib/common/manifest';
import { keyOf, liveObjects, type LiveObject } from './argocd-live-objects';
import { isHelmHook } from './helm-install-model';

const RESOURCE_POLICY = 'helm.sh/resource-policy';

export interface UninstallOutcome {
  /** Deleted by helm, or garbage-collected after it. */
  readonly deleted: string[];
  /** Reported as kept due to the resource policy. */
  readonly keptByPolicy: string[];
  /** Still there afterwards: kept, hooks, dependents of kept objects, and what was there before. */
  readonly survivors: string[];
}

/** The uninstall of a release rendered as `rendered`, in a namespace holding `preexisting`. */
export function helmUninstall(
  rendered: readonly Manifest[],
  preexisting: readonly LiveObject[] = [],
): UninstallOutcome {
  const live = liveObjects(rendered, preexisting);
  const deleted = new Set<string>();
  const keptByPolicy: string[] = [];
  for (const m of rendered.filter((o) => !isHelmHook(o))) {
    const key = keyOf({ kind: m.kind, name: m.metadata.name, namespace: m.metadata.namespace });
    const policy = m.metadata.annotations?.[RESOURCE_POLICY];
    if (policy === undefined) deleted.add(key);
    else if (policy.trim().toLowerCase() === 'keep') keptByPolicy.push(key);
  }
  for (let changed = true; changed;) {
    changed = false;
    for (const o of live)
      if (!deleted.has(keyOf(o)) && o.owner !== undefined && deleted.has(o.owner)) {
        deleted.add(keyOf(o));
        changed = true;
      }
  }
  return {
    deleted: [...deleted].sort(),
    keptByPolicy: keptByPolicy.sort(),
    survivors: live
      .map(keyOf)
      .filter((k) => !deleted.has(k))
      .sort(),
  };
}
