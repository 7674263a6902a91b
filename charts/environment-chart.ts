import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../lib/config/environment-schema';
import type { ProjectConfig } from '../lib/config/project-schema';
import type { CloudIdentityConfig } from '../lib/config/environment/cloud-identity';
import type { WorkloadIdentityProps } from '../lib/platform/workload-identity';
import { DjangoStack } from '../lib/stack/django-stack';
import type { DjangoStackProps, StackDatabaseProps } from '../lib/stack/django-stack-props';

export interface EnvironmentChartProps {
  readonly project: ProjectConfig;
  readonly env: EnvironmentConfig;
}

/**
 * One environment: a `DjangoStack` built from the validated environment file. Becomes
 * `dist/<env>/` (a Helm chart).
 */
export class EnvironmentChart extends Chart {
  public constructor(scope: Construct, id: string, props: EnvironmentChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    new DjangoStack(this, 'Stack', djangoStackProps(props.project, props.env));
  }
}

/** The stack an environment file describes; the file's defaults are already filled by the schema. */
export function djangoStackProps(project: ProjectConfig, env: EnvironmentConfig): DjangoStackProps {
  const { platform, secrets } = env;
  return {
    product: project.product.name,
    environment: env.name,
    namespace: env.namespace,
    app: env.app,
    images: env.images,
    imagePullSecrets: env.imagePullSecrets,
    django: env.django,
    secrets: {
      name: secrets.name,
      external:
        secrets.mode === 'external-secrets'
          ? { storeName: secrets.storeName, remoteKey: secrets.remoteKey, refreshInterval: secrets.refreshInterval }
          : undefined,
    },
    mail: { catcher: env.mailCatcher.enabled ? env.mailCatcher : undefined },
    web: { ...env.web, serviceType: env.web.service.type, nodePort: env.web.service.nodePort },
    worker: env.worker,
    beat: env.beat,
    flower: env.flower.enabled && env.flower,
    // The loader refuses an environment that runs docs without their image (lib/config/app-checks.ts).
    docs: env.docs.enabled && env.images.docs ? { ...env.docs, image: env.images.docs } : undefined,
    migrations: env.migrations,
    database: databaseProps(env),
    redis: {
      resources: env.redis.resources,
      persistentStorageSize: env.redis.persistence.enabled ? env.redis.persistence.size : undefined,
      storageClassName: env.redis.persistence.storageClassName,
    },
    media: env.media.enabled ? env.media : undefined,
    egress: env.network.egress,
    cloudIdentity: env.cloudIdentity && cloudIdentityProps(env.cloudIdentity),
    availability: env.availability,
    platform: {
      ingressClassName: platform.ingress.className,
      ingressController: platform.ingress.controller,
      dns: platform.dns,
      acmeChallenge: platform.acmeChallenge,
    },
  };
}

/** The file's identity, in the stack's terms: the provider's own fields, the components and the API networks. */
function cloudIdentityProps(config: CloudIdentityConfig): WorkloadIdentityProps {
  const { components, apiCidrs, ...identity } = config;
  return { identity, components, apiCidrs };
}

function databaseProps(env: EnvironmentConfig): StackDatabaseProps {
  const db = env.database;
  if (db.mode !== 'cloudnativepg') {
    return db.mode === 'external'
      ? db
      : { ...db, storageSize: db.storage.size, storageClassName: db.storage.storageClassName };
  }
  const { platform, ...cluster } = db;
  return {
    ...cluster,
    storageSize: db.storage.size,
    storageClassName: db.storage.storageClassName,
    network: platform,
  };
}
