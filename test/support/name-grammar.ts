/**
 * The name grammars of k8s.io/apimachinery pkg/util/validation/validation.go, written once for the
 * test oracles that restate the API server's rules (fuzz/object-limits.ts, finalizer-warnings.ts):
 * the regular expressions of IsDNS1123Label, IsDNS1123Subdomain, IsDNS1035Label and
 * IsQualifiedName's name part (the lengths, 63 and 253, are checked where each is applied), and
 * IsQualifiedName itself, which label keys and finalizer names follow.
 */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
export const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** `IsQualifiedName`: an optional DNS-1123 subdomain prefix and "/", then a name of at most 63. */
export function qualifiedNameProblems(value: string): string[] {
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
