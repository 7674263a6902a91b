/**
 * The schema of one environment file (`config/environments/<env>.yaml`). It is the single
 * source of truth: the TypeScript types below are inferred from it, so the constructs can only
 * read what the file was checked to contain. Each section is in `environment/<subject>.ts`; the
 * defaults are the constructs' own (`DJANGO_WEB_DEFAULTS`...).
 */
import * as z from './zod';
import { DEFAULT_IMAGES } from '../stack/default-images';
import { IN_CLUSTER, type ClusterConfig } from './cluster-schema';
import { checkDelivery } from './delivery-rules';
import { dnsLabel, dnsSubdomain, image, semver } from './primitives';
import { beat, flower, worker } from './environment/celery';
import { checkData, checkResources, checkTierRules, checkWeb } from './environment/checks';
import { mailCatcher, redis } from './environment/backing';
import { database } from './environment/database';
import { delivery } from './environment/delivery';
import { django, media, migrations } from './environment/django';
import { availability, network } from './environment/network';
import { checkRoutes, sharedHosts } from './environment/routes';
import { secrets } from './environment/secrets';
import { docs, web } from './environment/web';

export { APP_COMPONENTS, EGRESS_COMPONENTS } from '../common/components';
export { gitRevision } from './environment/delivery';
export { ingressClaims, ROUTED_COMPONENTS } from './environment/routes';

export const environmentSchema = z
  .strictObject({
    /** Environment name; must equal the file name. */
    name: dnsLabel,
    /** What the environment is for: drives the guards (HA, no mail catcher in production). */
    tier: z.enum(['development', 'staging', 'production']),
    /**
     * The cluster it runs on: a file `config/clusters/<cluster>.yaml`, named as ArgoCD knows the
     * cluster. @default in-cluster (the cluster ArgoCD runs in)
     */
    cluster: dnsSubdomain.default(IN_CLUSTER),
    /**
     * Unique among the environments of one cluster; the same namespace on two clusters is fine.
     * Never a namespace of Kubernetes itself: the environment's default-deny NetworkPolicy
     * selects every pod of its namespace.
     */
    namespace: dnsLabel.refine(
      (ns) => ns !== 'default' && !ns.startsWith('kube-'),
      'must not be "default" or start with "kube-" (Kubernetes\'s own namespaces): the environment\'s default-deny NetworkPolicy would cut off every pod there',
    ),
    /** The generated Helm chart. */
    chart: z.strictObject({
      /**
       * `version` of the generated Chart.yaml: the development line plain `helm` sees (ArgoCD
       * deploys by path and ignores it). Released packages take the tag's version (release.yml).
       */
      version: semver,
    }),
    /** Images by role; the backing services default to tested versions. */
    images: z.strictObject({
      /** The Django image: web, workers, beat, Flower and migrations. */
      app: image,
      /** Sphinx HTML served by unprivileged nginx. */
      docs: image,
      /** Official PostgreSQL image (statefulset mode and its backup). @default DEFAULT_IMAGES.postgres */
      postgres: image.default(DEFAULT_IMAGES.postgres),
      /** @default DEFAULT_IMAGES.redis */
      redis: image.default(DEFAULT_IMAGES.redis),
      /** @default DEFAULT_IMAGES.mailpit */
      mailpit: image.default(DEFAULT_IMAGES.mailpit),
      /** @default DEFAULT_IMAGES.mailhog */
      mailhog: image.default(DEFAULT_IMAGES.mailhog),
      /** PostgreSQL operand image of CloudNativePG (its own build, not the official image). */
      cloudnativepg: image.default(DEFAULT_IMAGES.cloudnativepg),
    }),
    /**
     * Secrets (type kubernetes.io/dockerconfigjson) in the namespace that pull the app and docs
     * images: GHCR packages are private when first pushed. Only the pods running those images
     * get them. @default [] (public images, or a node-level credential)
     */
    imagePullSecrets: z.array(dnsSubdomain).default([]),
    django,
    secrets,
    /** Uploads volume (environment/django.ts). */
    media: media.prefault({}),
    /** gunicorn (environment/web.ts). */
    web: web.prefault({}),
    /** Celery workers (environment/celery.ts). */
    worker: worker.prefault({}),
    /** Celery beat, one replica (environment/celery.ts). */
    beat: beat.prefault({}),
    /** Flower (environment/celery.ts). */
    flower: flower.prefault({}),
    /** The docs site (environment/web.ts). */
    docs: docs.prefault({}),
    /** The migration Job (environment/django.ts). */
    migrations: migrations.prefault({}),
    database,
    /** Redis (environment/backing.ts). */
    redis: redis.prefault({}),
    /** Development mail catcher (environment/backing.ts). */
    mailCatcher: mailCatcher.prefault({}),
    availability,
    /** Hosts this environment serves together with an environment on another cluster (routes.ts). */
    sharedHosts,
    delivery,
    network,
  })
  .superRefine((env, ctx) => {
    checkResources(env, ctx);
    checkTierRules(env, ctx);
    checkWeb(env, ctx);
    checkData(env, ctx);
    checkRoutes(env, ctx);
    checkDelivery(env, ctx);
  });

/** An environment file as validated. */
export type EnvironmentFile = z.infer<typeof environmentSchema>;
/** What a CloudNativePG database needs from its cluster: the operator and the API server. */
export interface CloudNativePgPlatform {
  /** Namespace of the operator, which must reach the instances. */
  readonly operatorNamespace: string;
  /** The API server's networks, which the instances watch. */
  readonly kubernetesApi: { readonly cidrs: readonly string[]; readonly ports: readonly number[] };
}
type FileDatabase = EnvironmentFile['database'];
/** The database as configured, with what a CloudNativePG one takes from its cluster. */
export type ResolvedDatabase =
  | Exclude<FileDatabase, { mode: 'cloudnativepg' }>
  | (Extract<FileDatabase, { mode: 'cloudnativepg' }> & { readonly platform: CloudNativePgPlatform });
/**
 * An environment with the platform facts of its cluster, as the loader returns it: narrowed once
 * there, where a cluster that lacks something is refused with its file and line.
 */
export type EnvironmentConfig = Omit<EnvironmentFile, 'database'> & {
  readonly database: ResolvedDatabase;
  readonly platform: ClusterConfig;
};

