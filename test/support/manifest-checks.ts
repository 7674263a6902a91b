/**
 * The two checks every rendered variant of the project must pass: the policy rules and strict
 * schema validation. One place, so each test that renders a variant states the same property.
 */
import type { Manifest } from '../../lib/common/manifest';
import { evaluateRule, formatViolation } from '../../lib/policy/evaluate';
import { policyExceptions } from '../../lib/policy/exceptions';
import type { Tier } from '../../lib/policy/policy-rule';
import { RULES } from '../../lib/policy/rules';
import { CrdValidator } from './crd-schemas';
import type { KubernetesValidator } from './kubernetes-schemas';

/** Every rule's violations of these objects, with the product's exceptions, as `RULE-ID Kind/name: message`. */
export function policyViolations(objects: readonly Manifest[], tier: Tier, product: string): string[] {
  const exceptions = policyExceptions(product);
  return RULES.flatMap((rule) =>
    evaluateRule(rule, { objects, tier }, exceptions).violations.map((v) => `${rule.id} ${formatViolation(v)}`),
  );
}

/**
 * The objects, of each named list, that fail strict validation (a CRD's schema for a custom
 * resource, else the Kubernetes version's), as `[name: Kind/name, errors]`; empty when all pass.
 */
export function schemaFailures(
  lists: Iterable<readonly [string, readonly Manifest[]]>,
  validator: KubernetesValidator,
): Array<[string, string[]]> {
  const crds = new CrdValidator();
  return [...lists].flatMap(([name, objects]) =>
    objects
      .map((m): [string, string[]] => [
        `${name}: ${m.kind}/${m.metadata.name}`,
        (crds.knows(m.apiVersion, m.kind) ? crds : validator).validate(m).errors,
      ])
      .filter(([, errors]) => errors.length > 0),
  );
}
