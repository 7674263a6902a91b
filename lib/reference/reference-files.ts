/**
 * The generated references the `docs` command writes beside the environment matrix, by path.
 * The API reference (docs/reference/api/) is TypeDoc's: `npm run docs:api`.
 */
import { configurationReference, CONFIGURATION_REFERENCE_FILE } from './config-reference';
import { policyReference, POLICY_REFERENCE_FILE } from './policy-reference';

/** Path under the repository root → content, for `writeOrCheck`. */
export function referenceFiles(root: string): Map<string, string> {
  return new Map([
    [CONFIGURATION_REFERENCE_FILE, configurationReference(root)],
    [POLICY_REFERENCE_FILE, policyReference()],
  ]);
}
