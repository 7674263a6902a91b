/**
 * The schema of one environment file (`config/environments/<env>.yaml`). It is the single
 * source of truth: the TypeScript types are inferred from it, so the constructs can only
 * read what the file was checked to contain. Each section is in `environment/<subject>.ts`, the
 * fields together in `environment/fields.ts`; the defaults are the constructs' own
 * (`DJANGO_WEB_DEFAULTS`...). Here: the checks across sections.
 */
import { checkDelivery } from './delivery-rules';
import { environmentFields } from './environment/fields';
import { checkData, checkResources, checkTierRules, checkWeb } from './environment/checks';
import { checkRoutes } from './environment/routes';

export { publishedIngressClaims } from './environment/routes';
export type { EnvironmentFile } from './environment/fields';
export type { EnvironmentConfig } from './environment-config';

export const environmentSchema = environmentFields.superRefine((env, ctx) => {
  checkResources(env, ctx);
  checkTierRules(env, ctx);
  checkWeb(env, ctx);
  checkData(env, ctx);
  checkRoutes(env, ctx);
  checkDelivery(env, ctx);
});
