/**
 * The merged checklist of kube-score, kube-linter, Polaris, Pod Security Standards (restricted)
 * and Checkov, as executable rules under the checklist's IDs. SCHEMA is checked by the schema
 * tests; rules the project does not adopt are listed in NOT_ADOPTED with the reason.
 */
import type { PolicyRule } from '../policy-rule';
import { AVAILABILITY_RULES } from './availability';
import { IMAGE_RULES } from './images';
import { NETWORKING_RULES } from './networking';
import { REFERENCE_RULES } from './references';
import { RESOURCE_AND_PROBE_RULES } from './resources-and-probes';
import { SECURITY_RULES } from './security';

export { GA_API_VERSIONS } from './references';

/** Every rule, by subject. */
export const RULES: readonly PolicyRule[] = [
  ...REFERENCE_RULES,
  ...NETWORKING_RULES,
  ...IMAGE_RULES,
  ...RESOURCE_AND_PROBE_RULES,
  ...AVAILABILITY_RULES,
  ...SECURITY_RULES,
];

/** Checklist entries deliberately not enforced, with the reason. */
export const NOT_ADOPTED: Readonly<Record<string, string>> = {
  SCHEMA: 'enforced by test/schemas.test.ts against the Kubernetes 1.27 and 1.36 schemas and the CRDs, not per rule',
  'INSTANCE-LABEL':
    'app.kubernetes.io/instance is the Helm release (<product>-<env>), as Helm and ArgoCD use it; the checklist marks it exempt',
  'IMG-DIGEST':
    'optional in the checklist; tags are validated and immutable by policy, and `images.*.digest` pins by digest where wanted',
  PRIORITY: 'optional in the checklist; `availability.priorityClassName` sets one where the cluster defines classes',
  'SECRETS-AS-FILES':
    'conflicts with NO-LITERAL-SECRETS; Django reads its settings from the environment (django-environ)',
};
