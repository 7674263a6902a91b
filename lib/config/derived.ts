/**
 * Values derived from an environment's configuration, in one place so the chart, the ArgoCD
 * objects and the documentation matrix agree.
 */
import { stackContext } from '../common/stack-context';
import type { EnvironmentConfig } from './environment-config';
import type { EnvironmentFile } from './environment/fields';

/**
 * Folder of `dist/` that holds the ArgoCD objects, beside one folder per environment (so no
 * environment may be called this).
 */
export const DELIVERY_DIR = 'argocd';

/** Hosts Django accepts: the configured list, else the web Ingress hosts. */
export function allowedHosts(env: EnvironmentConfig): string[] {
  return env.django.allowedHosts ?? env.web.ingress?.hosts ?? [];
}

/** Whether ArgoCD syncs by itself: configured, else on below production and off in production. */
export function syncAutomated(env: Pick<EnvironmentFile, 'delivery' | 'tier'>): boolean {
  return env.delivery.automated ?? env.tier !== 'production';
}

/** `dist/` folder of the environment's chart, as ArgoCD's `source.path`. */
export function chartPath(env: EnvironmentConfig): string {
  return `dist/${env.name}`;
}

/** Helm release name the chart is rendered with. */
export function releaseName(product: string, env: Pick<EnvironmentFile, 'name' | 'namespace'>): string {
  return stackContext(product, env.name, env.namespace).release;
}
