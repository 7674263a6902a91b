/** The Ingress routes of one environment: no host and path claimed twice, TLS Secrets of their own. */
import type * as z from '../zod';
import { PUBLIC_COMPONENTS } from '../../common/components';
import type { EnvironmentFile } from './fields';

type Ctx = z.RefinementCtx;

/** The components that publish an Ingress, in the order they are checked. */
const ROUTED_COMPONENTS = PUBLIC_COMPONENTS;

/** Every host an environment's Ingresses claim, with the field that claims it. */
function ingressClaims(
  env: EnvironmentFile,
): Array<{ component: string; host: string; path: string; field: (string | number)[] }> {
  return ROUTED_COMPONENTS.flatMap((component) => {
    const ingress = env[component].ingress;
    if (!ingress) return [];
    return ingress.hosts.map((host, i) => ({
      component,
      host,
      path: ingress.path,
      field: [component, 'ingress', 'hosts', i],
    }));
  });
}

/**
 * The claims of the Ingresses the chart renders: web's, and flower's and docs' when the section
 * is enabled (a disabled section's ingress is kept in the file but not rendered).
 */
export function publishedIngressClaims(env: EnvironmentFile): ReturnType<typeof ingressClaims> {
  return ingressClaims(env).filter((c) => c.component === 'web' || env[c.component as 'flower' | 'docs'].enabled);
}

/**
 * Two components of one environment must not claim the same host and path: ingress-nginx merges
 * the Ingresses of a host and sends the path to only one of them.
 */
export function checkRoutes(env: EnvironmentFile, ctx: Ctx): void {
  const seen = new Map<string, { component: string; field: (string | number)[] }>();
  for (const claim of ingressClaims(env)) {
    const key = `${claim.host}${claim.path}`;
    const first = seen.get(key);
    if (first && first.component !== claim.component) {
      ctx.addIssue({
        code: 'custom',
        path: claim.field,
        message: `${claim.host}${claim.path} is already routed to ${first.component} (${first.field.join('.')}): give ${claim.component} its own host or path`,
      });
    } else if (!first) seen.set(key, claim);
  }

  // cert-manager names the Certificate of an Ingress TLS entry after its Secret and refuses to
  // update one another Ingress owns (cert-manager v1.19.6 pkg/controller/certificate-shim/sync.go),
  // so two issued Ingresses on one Secret leave the second without a certificate.
  const tls = new Map<string, string>();
  const appSecrets = [env.secrets.name, ...(env.database.mode === 'external' ? [env.database.secretName] : [])];
  for (const component of ROUTED_COMPONENTS) {
    const ingress = env[component].ingress;
    if (!ingress?.tlsSecretName) continue;
    const path = [component, 'ingress', 'tlsSecretName'];
    if (appSecrets.includes(ingress.tlsSecretName))
      ctx.addIssue({
        code: 'custom',
        path,
        message: `"${ingress.tlsSecretName}" is the app's own Secret: the certificate needs a Secret of its own`,
      });
    const first = tls.get(ingress.tlsSecretName);
    const issued = (c: string) => env[c as (typeof ROUTED_COMPONENTS)[number]].ingress?.clusterIssuer !== undefined;
    if (first !== undefined && (issued(first) || ingress.clusterIssuer !== undefined))
      ctx.addIssue({
        code: 'custom',
        path,
        message: `"${ingress.tlsSecretName}" is already the TLS Secret of ${first}: cert-manager issues one certificate per Secret, give ${component} its own`,
      });
    tls.set(ingress.tlsSecretName, first ?? component);
  }

  env.sharedHosts.forEach((shared, i) => {
    const path = ['sharedHosts', i];
    if (shared.environment === env.name)
      ctx.addIssue({
        code: 'custom',
        path: [...path, 'environment'],
        message: 'names this environment itself: name the environment on the other cluster',
      });
    if (!ingressClaims(env).some((claim) => claim.host === shared.host))
      ctx.addIssue({
        code: 'custom',
        path: [...path, 'host'],
        message: `"${shared.host}" is not a host of this environment's Ingresses: list only hosts it serves`,
      });
  });

  // Django answers 400 to any Host outside ALLOWED_HOSTS (django.http.request.get_host).
  const allowed = env.django.allowedHosts;
  if (allowed && env.web.ingress)
    env.web.ingress.hosts.forEach((host, i) => {
      if (!allowed.includes(host))
        ctx.addIssue({
          code: 'custom',
          path: ['web', 'ingress', 'hosts', i],
          message: `"${host}" is missing from django.allowedHosts: Django would answer every request for it with 400 Bad Request`,
        });
    });
}
