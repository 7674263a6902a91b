/**
 * Orphaned-resource warnings limited to one product's names. ArgoCD matches each ignore rule's
 * name as a gobwas glob (argo-cd v3.5.1 controller/appcontroller.go
 * `isKnownOrphanedResourceExclusion`; docs/user-guide/orphaned-resources.md): a glob cannot say
 * "not starting with", but a set of negated character classes can.
 */

/** An `orphanedResources.ignore` rule of an AppProject. */
export interface OrphanIgnoreRule {
  readonly group: string;
  readonly kind?: string;
  readonly name: string;
}

/**
 * Globs that together match every non-empty name that does not start with `prefix`:
 * `[!a]*`, `a[!c]*`, `ac[!m]*`... and the proper prefixes themselves (`a`, `ac`...).
 */
export function namesNotStartingWith(prefix: string): string[] {
  if (!/^[a-z0-9-]+$/.test(prefix)) throw new Error(`prefix "${prefix}" must be a DNS label`);
  const globs: string[] = [];
  for (let i = 0; i < prefix.length; i++) globs.push(`${prefix.slice(0, i)}[!${prefix[i]}]*`);
  for (let i = 1; i < prefix.length; i++) globs.push(prefix.slice(0, i));
  return globs;
}

/** Ignore rules for every object of `group` whose name does not start with `prefix`. */
export function ignoreOrphansNotNamed(group: string, prefix: string): OrphanIgnoreRule[] {
  return namesNotStartingWith(prefix).map((name) => ({ group, name }));
}
