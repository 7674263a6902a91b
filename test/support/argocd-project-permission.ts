/**
 * Whether an AppProject permits a live object, as argo-cd v3.5.1 decides it before deleting an
 * Application's resources (controller/appcontroller.go `getPermittedAppLiveObjects` calls
 * `AppProject.IsLiveResourcePermitted`, pkg/apis/application/v1alpha1/app_project_types.go):
 * - `IsGroupKindNamePermitted`: a namespaced kind must be in `namespaceResourceWhitelist` (a
 *   missing list permits every kind, an empty one none) and not in the blacklist; a
 *   cluster-scoped kind must be in `clusterResourceWhitelist` (empty permits none) and not in
 *   its blacklist; entries match by `filepath.Match` on kind and group (types.go
 *   `isResourceInList`, `isNamedResourceInList`, which also matches an optional name);
 * - `IsDestinationPermitted` for a namespaced object: some destination matches the
 *   Application's cluster (by name or server) and the object's namespace (`isDestinationMatched`,
 *   globs with `!` for a denial).
 */
import type { Manifest } from '../../lib/common/manifest';
import { apiGroup } from '../../lib/delivery/resource-kinds';
// gobwas/glob as `globMatch` calls it (no separators), as for sync windows.
import { globMatches } from '../../lib/delivery/sync-windows';

interface GroupKind {
  readonly group: string;
  readonly kind: string;
  readonly name?: string;
}
interface Destination {
  readonly name?: string;
  readonly server?: string;
  readonly namespace?: string;
}
/** The fields of an AppProject's spec the permission check reads. */
export interface ProjectSpec {
  readonly destinations?: readonly Destination[];
  readonly namespaceResourceWhitelist?: readonly GroupKind[];
  readonly namespaceResourceBlacklist?: readonly GroupKind[];
  readonly clusterResourceWhitelist?: readonly GroupKind[];
  readonly clusterResourceBlacklist?: readonly GroupKind[];
}

/** Go's `filepath.Match` for the patterns a project uses (`*`, `?`, literal text). */
function filepathMatch(pattern: string, value: string): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]');
  return new RegExp(`^${regex}$`).test(value);
}

const isDeny = (pattern: string | undefined) => pattern?.startsWith('!') ?? false;
const globMatch = (pattern: string | undefined, value: string) =>
  pattern !== undefined && (isDeny(pattern) ? !globMatches(pattern.slice(1), value) : globMatches(pattern, value));

function inList(res: GroupKind, name: string, list: readonly GroupKind[]): boolean {
  return list.some(
    (item) =>
      filepathMatch(item.kind, res.kind) &&
      filepathMatch(item.group, res.group) &&
      (item.name === undefined || item.name === '' || filepathMatch(item.name, name)),
  );
}

/** `IsGroupKindNamePermitted`. */
function isKindPermitted(project: ProjectSpec, res: GroupKind, name: string, namespaced: boolean): boolean {
  if (namespaced) {
    const white = project.namespaceResourceWhitelist;
    const black = project.namespaceResourceBlacklist ?? [];
    const whiteListed = white === undefined || (white.length !== 0 && inList(res, name, white));
    return whiteListed && !(black.length !== 0 && inList(res, name, black));
  }
  const white = project.clusterResourceWhitelist ?? [];
  const black = project.clusterResourceBlacklist ?? [];
  return white.length !== 0 && inList(res, name, white) && !(black.length !== 0 && inList(res, name, black));
}

/** `IsDestinationPermitted` / `isDestinationMatched` (without project-scoped clusters). */
function isDestinationPermitted(project: ProjectSpec, cluster: Destination, namespace: string): boolean {
  let matched = false;
  for (const item of project.destinations ?? []) {
    const nameMatched = cluster.name !== undefined && cluster.name !== '' && globMatch(item.name, cluster.name);
    const serverMatched =
      cluster.server !== undefined && cluster.server !== '' && globMatch(item.server, cluster.server);
    const namespaceMatched = globMatch(item.namespace, namespace);
    if ((serverMatched || nameMatched) && namespaceMatched) matched = true;
    else if ((!nameMatched && isDeny(item.name)) || (!serverMatched && isDeny(item.server) && namespaceMatched))
      return false;
    else if (!namespaceMatched && isDeny(item.namespace) && serverMatched) return false;
  }
  return matched;
}

/** `IsLiveResourcePermitted` for an object of an Application deployed to `cluster`. */
export function isLivePermitted(project: ProjectSpec, object: Manifest, cluster: Destination): boolean {
  const namespace = object.metadata.namespace ?? '';
  const res = { group: apiGroup(object.apiVersion), kind: object.kind };
  if (!isKindPermitted(project, res, object.metadata.name, namespace !== '')) return false;
  return namespace === '' || isDestinationPermitted(project, cluster, namespace);
}
