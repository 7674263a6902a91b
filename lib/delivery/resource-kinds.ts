import { compareText } from '../common/compare-text';

/** A Kubernetes kind as AppProject white-lists name it. */
export interface ResourceKind {
  /** API group; '' for the core group. */
  readonly group: string;
  readonly kind: string;
}

/** Group of an `apiVersion` (`apps/v1` -> `apps`, `v1` -> ''). */
export function apiGroup(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

/** Distinct kinds of the objects, sorted by group then kind. */
export function distinctKinds(objects: ReadonlyArray<{ apiVersion: string; kind: string }>): ResourceKind[] {
  // Distinct (apiVersion, kind) first: a fleet has thousands of objects of a few dozen kinds.
  const versions = new Map<string, Set<string>>();
  for (const { apiVersion, kind } of objects) {
    let kinds = versions.get(apiVersion);
    if (!kinds) versions.set(apiVersion, (kinds = new Set()));
    kinds.add(kind);
  }
  const seen = new Map<string, ResourceKind>();
  for (const [apiVersion, kinds] of versions) {
    const group = apiGroup(apiVersion);
    for (const kind of kinds) seen.set(`${group}/${kind}`, { group, kind });
  }
  return [...seen.values()].sort((a, b) => compareText(a.group, b.group) || compareText(a.kind, b.kind));
}
