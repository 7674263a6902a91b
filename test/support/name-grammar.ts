/**
 * The name grammars of k8s.io/apimachinery pkg/util/validation/validation.go, written once for the
 * test oracles that restate the API server's rules (fuzz/object-limits.ts, finalizer-warnings.ts):
 * the regular expressions of IsDNS1123Label, IsDNS1123Subdomain, IsDNS1035Label and
 * IsQualifiedName's name part. The lengths (63, 253) are checked where each rule is applied.
 */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
export const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
