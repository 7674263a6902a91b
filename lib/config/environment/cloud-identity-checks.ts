/**
 * The loader's checks of an environment's cloud identity against the app contract, with the
 * line of the environment file each problem is on.
 */
import type { AppContract } from '../../app/app-contract';
import { APP_FILE } from '../app-schema';
import type { ConfigProblem } from '../config-error';
import { fieldProblem, type ParsedFile } from '../yaml-file';
import { CLOUD_IDENTITY_EGRESS, GKE_METADATA_EGRESS } from '../../platform/workload-identity';
import { runsIdentityComponent } from './cloud-identity';
import type { EnvironmentFile } from './fields';

/**
 * What the identity may not name: components the app does not run, and egress rule names its
 * own NetworkPolicies take. Each problem points at the environment file's line.
 */
export function cloudIdentityProblems(parsed: ParsedFile, env: EnvironmentFile, app: AppContract): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const at = (field: Array<string | number>, message: string) => problems.push(fieldProblem(parsed, field, message));
  const noCollectstatic = `the chart runs collectstatic only when ${APP_FILE} says staticFiles: object-storage`;
  // An egress rule for collectstatic where it does not run would be dropped unseen (lib/config/app-checks.ts
  // refuses the same for the other processes).
  env.network.egress.forEach((rule, i) =>
    rule.components.forEach((component, j) => {
      if (component === 'collectstatic' && !runsIdentityComponent(app, component)) {
        at(['network', 'egress', i, 'components', j], `names collectstatic, but ${noCollectstatic}`);
      }
    }),
  );
  const identity = env.cloudIdentity;
  if (!identity) return problems;
  identity.components.forEach((component, i) => {
    if (runsIdentityComponent(app, component)) return;
    const why = component === 'collectstatic' ? noCollectstatic : `the app contract (${APP_FILE}) does not run it`;
    at(['cloudIdentity', 'components', i], `names ${component}, but ${why}`);
  });
  const taken: readonly string[] = [CLOUD_IDENTITY_EGRESS, ...(identity.provider === 'gcp' ? GKE_METADATA_EGRESS : [])];
  env.network.egress.forEach((rule, i) => {
    if (taken.includes(rule.name)) {
      at(
        ['network', 'egress', i, 'name'],
        `"${rule.name}" is the name of the cloud identity's own egress rule: choose another`,
      );
    }
  });
  return problems;
}
