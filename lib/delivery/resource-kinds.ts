/** A Kubernetes kind as AppProject white-lists name it. */
import { compareText } from '../common/compare-text';
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
  const seen = new Map<string, ResourceKind>();
  for (const o of objects) {
    const kind = { group: apiGroup(o.apiVersion), kind: o.kind };
    seen.set(`${kind.group}/${kind.kind}`, kind);
  }
  return [...seen.values()].sort((a, b) => compareText(a.group, b.group) || compareText(a.kind, b.kind));
}
