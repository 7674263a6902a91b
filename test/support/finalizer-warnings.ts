/**
 * The warnings the Kubernetes API server (1.29+) returns for the finalizers of a custom resource,
 * as kubernetes staging/src/k8s.io/apiextensions-apiserver/pkg/registry/customresource/validator.go
 * `validateKubeFinalizerName` writes them: every message of `IsQualifiedName`
 * (apimachinery pkg/util/validation/validation.go), and, for a name without a path that is not
 * one of the standard finalizers, "prefer a domain-qualified finalizer name". `kubectl apply
 * --warnings-as-errors` turns any of them into a failure.
 */
import { qualifiedNameProblems } from './name-grammar';

/** metav1.FinalizerOrphanDependents, FinalizerDeleteDependents, corev1.FinalizerKubernetes. */
const STANDARD_FINALIZERS = new Set(['orphan', 'foregroundDeletion', 'kubernetes']);

/** The warnings for one finalizer name, in the API server's wording. */
export function finalizerWarnings(finalizer: string): string[] {
  const warnings = qualifiedNameProblems(finalizer).map((m) => `metadata.finalizers: "${finalizer}": ${m}`);
  if (!finalizer.includes('/') && !STANDARD_FINALIZERS.has(finalizer))
    warnings.push(
      `metadata.finalizers: "${finalizer}": prefer a domain-qualified finalizer name to avoid accidental conflicts with other finalizer writers`,
    );
  return warnings;
}
