/** The web process (gunicorn) and the docs site: what serves HTTP. */
import * as z from '../zod';
import type { WebAutoscaling } from '../../django/django-web';
import { DJANGO_WEB_DEFAULTS } from '../../django/django-web';
import { DOCS_SITE_DEFAULTS } from '../../docs/docs-site';
import { ingress, port, replicas, resourcesWithDefault } from '../primitives';

export const autoscaling = z.strictObject({
  /** Fewest pods; at least 2 above development. */
  minReplicas: replicas(50),
  /** Most pods; above minReplicas. */
  maxReplicas: replicas(100),
  /** Average CPU utilisation, in percent of the request, that the HPA aims for. */
  targetCPUUtilizationPercentage: z.int().min(10).max(100).default(DJANGO_WEB_DEFAULTS.targetCPUUtilizationPercentage),
}) satisfies z.ZodType<WebAutoscaling>;

export const web = z.strictObject({
  /** Port gunicorn binds. @default `port` of config/app.yaml (the image's) */
  port: port.optional(),
  /** Fixed replica count; ignored when `autoscaling` is set (the HPA owns the count). */
  replicas: replicas(50).default(DJANGO_WEB_DEFAULTS.replicas),
  /** Scale on CPU with an HPA, which then owns the replica count. @default none */
  autoscaling: autoscaling.optional(),
  /** gunicorn worker processes per pod (`WEB_CONCURRENCY`). */
  concurrency: z.int().min(1).max(32).default(DJANGO_WEB_DEFAULTS.concurrency),
  /** Path answered 200 by Django with production settings; probed with Host and X-Forwarded-Proto. */
  healthPath: z
    .string()
    .regex(/^\/[A-Za-z0-9._~/-]*$/, 'must be an absolute URL path')
    .default(DJANGO_WEB_DEFAULTS.healthPath),
  /** Seconds a stopping pod keeps serving while endpoints drain, before gunicorn gets SIGTERM. */
  drainSeconds: z.int().min(0).max(120).default(DJANGO_WEB_DEFAULTS.drainSeconds),
  /** The web Service. */
  service: z
    .strictObject({
      /** ClusterIP behind an Ingress (default), or NodePort as the seed's edge-proxy layout had it. */
      type: z.enum(['ClusterIP', 'NodePort']).default(DJANGO_WEB_DEFAULTS.serviceType),
      /** Fixed node port (NodePort only); Kubernetes picks one when unset. */
      nodePort: z.int().min(30000).max(32767).optional(),
    })
    .prefault({}),
  /** Public entry with TLS; required above development. @default none */
  ingress: ingress.optional(),
  /** @default DJANGO_WEB_DEFAULTS.resources */
  resources: resourcesWithDefault(DJANGO_WEB_DEFAULTS.resources),
});

export const docs = z.strictObject({
  /** Serve the Sphinx docs. @default true */
  enabled: z.boolean().default(true),
  /** @default 1 */
  replicas: replicas(10).default(DOCS_SITE_DEFAULTS.replicas),
  /** Own host, or a path on the web host. @default none */
  ingress: ingress.optional(),
  /** @default DOCS_SITE_DEFAULTS.resources */
  resources: resourcesWithDefault(DOCS_SITE_DEFAULTS.resources),
});
