/**
 * Objects that hold data nobody can recreate from git (a database, its volumes, the Secret its
 * pods start with) are never deleted by a tool, only by a person with kubectl.
 */
import type { ApiObject } from 'cdk8s';
import { ARGOCD_SYNC_OPTIONS } from './sync-order';

/**
 * - `Delete=false`: ArgoCD leaves the object when its Application is deleted, even with the
 *   resources finalizer (argo-cd v3.5.1 controller/appcontroller.go `shouldBeDeleted`).
 * - `Prune=false`: a sync never prunes it when it leaves the chart (the Application then shows
 *   it as OutOfSync, "requires pruning", until a person deletes it).
 * - `helm.sh/resource-policy: keep`: `helm uninstall` and upgrades that drop it keep it; ArgoCD
 *   honours it on Application deletion too (`shouldBeDeleted`).
 * Source of the ArgoCD options: argo-cd v3.5.1 docs/user-guide/sync-options.md.
 */
export const RETAIN_ANNOTATIONS: Readonly<Record<string, string>> = {
  [ARGOCD_SYNC_OPTIONS]: 'Delete=false,Prune=false',
  'helm.sh/resource-policy': 'keep',
};

/** Marks a stateful object so neither ArgoCD nor Helm ever deletes it. */
export function retainOnDelete(object: ApiObject): void {
  for (const [key, value] of Object.entries(RETAIN_ANNOTATIONS)) object.metadata.addAnnotation(key, value);
}
