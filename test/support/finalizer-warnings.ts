/**
 * The warnings the Kubernetes API server (1.29+) returns for the finalizers of a custom resource,
 * as kubernetes staging/src/k8s.io/apiextensions-apiserver/pkg/registry/customresource/validator.go
 * `validateKubeFinalizerName` writes them: every message of `IsQualifiedName`
 * (apimachinery pkg/util/validation/validation.go), and, for a name without a path that is not
 * one of the standard finalizers, "prefer a domain-qualified finalizer name". `kubectl apply
 * --warnings-as-errors` turns any of them into a failure.
 */
import { DNS1123_SUBDOMAIN, QUALIFIED_NAME } from './name-grammar';

/** metav1.FinalizerOrphanDependents, FinalizerDeleteDependents, corev1.FinalizerKubernetes. */
const STANDARD_FINALIZERS = new Set(['orphan', 'foregroundDeletion', 'kubernetes']);

/** `IsQualifiedName`: an optional DNS-1123 subdomain prefix and "/", then a name of at most 63. */
function qualifiedNameProblems(value: string): string[] {
  const parts = value.split('/');
  if (parts.length > 2) return ['a qualified name must consist of alphanumeric characters... (too many "/")'];
  const name = parts[parts.length - 1];
  const problems: string[] = [];
  if (parts.length === 2) {
    const prefix = parts[0];
    if (prefix.length === 0) problems.push('prefix part must be non-empty');
    else if (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))
      problems.push('prefix part must be a lowercase RFC 1123 subdomain');
  }
  if (name.length === 0) problems.push('name part must be non-empty');
  else if (name.length > 63) problems.push('name part must be no more than 63 characters');
  else if (!QUALIFIED_NAME.test(name)) problems.push('name part must consist of alphanumeric characters');
  return problems;
}

/** The warnings for one finalizer name, in the API server's wording. */
export function finalizerWarnings(finalizer: string): string[] {
  const warnings = qualifiedNameProblems(finalizer).map((m) => `metadata.finalizers: "${finalizer}": ${m}`);
  if (!finalizer.includes('/') && !STANDARD_FINALIZERS.has(finalizer))
    warnings.push(
      `metadata.finalizers: "${finalizer}": prefer a domain-qualified finalizer name to avoid accidental conflicts with other finalizer writers`,
    );
  return warnings;
}
