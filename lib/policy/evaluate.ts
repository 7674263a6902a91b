import type { PolicyException } from './exceptions';
import type { PolicyContext, PolicyRule, Violation } from './policy-rule';

export interface RuleResult {
  readonly rule: PolicyRule;
  /** Findings no exception covers. */
  readonly violations: readonly Violation[];
  /** Findings covered by an exception, with it. */
  readonly excepted: ReadonlyArray<{ readonly violation: Violation; readonly exception: PolicyException }>;
  /** The rule does not apply to this tier. */
  readonly skipped: boolean;
}

/** Runs one rule over an environment's objects and sorts its findings by the exceptions. */
export function evaluateRule(rule: PolicyRule, ctx: PolicyContext, exceptions: readonly PolicyException[]): RuleResult {
  if (rule.tiers && !rule.tiers.includes(ctx.tier)) return { rule, violations: [], excepted: [], skipped: true };
  const violations: Violation[] = [];
  const excepted: Array<{ violation: Violation; exception: PolicyException }> = [];
  for (const violation of rule.check(ctx)) {
    const exception = exceptions.find(
      (e) => e.rule === rule.id && e.kind === violation.kind && e.name === violation.name,
    );
    if (exception) excepted.push({ violation, exception });
    else violations.push(violation);
  }
  return { rule, violations, excepted, skipped: false };
}

export function formatViolation(v: Violation): string {
  return `${v.kind}/${v.name}${v.container ? ` (${v.container})` : ''}: ${v.message}`;
}
