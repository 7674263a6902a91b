/**
 * Looks for secret material in rendered objects: the last line of defence before git, whatever
 * code or configuration put it there.
 */
import { looksSecret } from '../common/secret-names';

const PATTERNS: Array<[string, RegExp]> = [
  // A password that is a reference to another variable, `$(POSTGRES_PASSWORD)`, which the
  // kubelet expands from a Secret, is not a literal.
  ['URL with a password', /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:(?!\$\([A-Z_][A-Z0-9_]*\)@)[^/\s@]+@/i],
  ['private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['AWS access key', /\bAKIA[0-9A-Z]{16}\b/],
  ['GitHub token', /\bgh[pousr]_[A-Za-z0-9]{30,}\b/],
  ['Slack token', /\bxox[baprs]-[A-Za-z0-9-]{10,}\b/],
  ['Stripe key', /\b[sr]k_(live|test)_[A-Za-z0-9]{10,}\b/],
  ['JSON web token', /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/],
];

export interface SecretFinding {
  readonly path: string;
  readonly what: string;
}

/** Every finding in one object, with the path of the offending value. */
export function scanForSecrets(object: unknown): SecretFinding[] {
  const findings: SecretFinding[] = [];
  const root = object as { kind?: string; data?: unknown; stringData?: unknown };
  if (root.kind === 'Secret' && (root.data !== undefined || root.stringData !== undefined)) {
    findings.push({ path: '', what: 'Secret object with data' });
  }
  const visit = (value: unknown, path: string): void => {
    if (typeof value === 'string') {
      for (const [what, pattern] of PATTERNS) if (pattern.test(value)) findings.push({ path, what });
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, `${path}[${i}]`));
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    // An env entry: a secret-looking name must come from valueFrom, not from a literal (a
    // reference to other variables, `$(A):$(B)`, is not a literal).
    if (typeof record.name === 'string' && typeof record.value === 'string' && looksSecret(record.name)) {
      if (!/^(\$\([A-Z_][A-Z0-9_]*\):?)+$/.test(record.value))
        findings.push({ path: `${path}.${record.name}`, what: 'secret-looking variable with a literal value' });
    }
    for (const [key, child] of Object.entries(record)) {
      if (root.kind === 'ConfigMap' && path === '.data' && looksSecret(key))
        findings.push({ path: `${path}.${key}`, what: 'secret-looking ConfigMap key' });
      visit(child, `${path}.${key}`);
    }
  };
  visit(object, '');
  return findings;
}
