/**
 * The fields of one environment file (`config/environments/<env>.yaml`), each section from its
 * file in this folder. The checks across sections (environment-schema.ts) run on the parsed
 * object; they and the loader's checks name its type, `EnvironmentFile`, from here, so no
 * section file imports the schema that imports it.
 */
import * as z from '../zod';
import { DEFAULT_IMAGES } from '../../stack/default-images';
import { IN_CLUSTER } from '../cluster-schema';
import { dnsLabel, dnsSubdomain, image, semver } from '../primitives';
import { mailCatcher, redis } from './backing';
import { beat, flower, worker } from './celery';
import { cloudIdentity } from './cloud-identity';
import { database } from './database';
import { delivery } from './delivery';
import { django, media, migrations } from './django';
import { availability, network } from './network';
import { sharedHosts } from './shared-hosts';
import { secrets } from './secrets';
import { docs, web } from './web';

export const environmentFields = z.strictObject({
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
    /** Sphinx HTML served by unprivileged nginx; required when the app builds docs and `docs.enabled`. */
    docs: image.optional(),
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
  /**
   * Cloud workload identity (IRSA, GKE or Azure Workload Identity) for some Django components
   * (environment/cloud-identity.ts). @default none
   */
  cloudIdentity: cloudIdentity.optional(),
});

/** An environment file as validated. */
export type EnvironmentFile = z.infer<typeof environmentFields>;
