import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import type { Construct } from 'constructs';
import { allowedHosts, usesAcmeIssuer } from '../lib/config/derived';
import type { EnvironmentConfig } from '../lib/config/environment-schema';
import type { ProjectConfig } from '../lib/config/project-schema';
import type { IngressConfig } from '../lib/config/primitives';
import type { IngressRoute } from '../lib/common/component-ingress';
import { DATABASE_CLIENTS, databaseClients, MAIL_CLIENTS, REDIS_CLIENTS } from '../lib/common/components';
import { imageReference } from '../lib/common/images';
import { selectorLabels, stackContext, type StackContext } from '../lib/common/stack-context';
import { CloudNativePgCluster } from '../lib/backing/cloudnativepg-cluster';
import type { DatabaseBackend } from '../lib/backing/database-backend';
import { ExternalDatabase } from '../lib/backing/external-database';
import { MailCatcher, SMTP_PORT } from '../lib/backing/mail-catcher';
import { PostgresBackup } from '../lib/backing/postgres-backup';
import { PostgresStatefulSet } from '../lib/backing/postgres-statefulset';
import { Redis } from '../lib/backing/redis';
import { DocsSite } from '../lib/docs/docs-site';
import { CeleryBeat } from '../lib/django/celery-beat';
import { CeleryProbes } from '../lib/django/celery-probes';
import { CeleryWorker } from '../lib/django/celery-worker';
import { DjangoSettings, type MailRoute } from '../lib/django/django-settings';
import { DjangoWeb } from '../lib/django/django-web';
import { Flower } from '../lib/django/flower';
import { MediaVolume } from '../lib/django/media-volume';
import { MigrationJob } from '../lib/django/migration-job';
import { SmokeTestJob } from '../lib/django/smoke-test-job';
import { AppNetworkPolicies, type Connection, type PublicComponent } from '../lib/platform/network-policies';
import { SyncedSecret } from '../lib/platform/synced-secret';
import {
  migrationHookAnnotations,
  smokeTestHookAnnotations,
  stageOf,
  waveAnnotations,
} from '../lib/platform/sync-order';

export interface EnvironmentChartProps {
  readonly project: ProjectConfig;
  readonly env: EnvironmentConfig;
}

/** An Ingress of the environment, served by its cluster's IngressClass. */
function ingressRoute(env: EnvironmentConfig, ingress: IngressConfig | undefined): IngressRoute | undefined {
  return ingress && { ...ingress, className: env.platform.ingress.className };
}

/**
 * Everything one environment runs: the Django processes, the docs site and the backing services,
 * wired from one validated environment file. Becomes `dist/<env>/` (a Helm chart).
 */
export class EnvironmentChart extends Chart {
  public constructor(scope: Construct, id: string, props: EnvironmentChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { env, project } = props;
    const ctx = stackContext(project.product.name, env.name, env.namespace);
    const appImage = imageReference(env.images.app);
    const appVersion = env.images.app.tag;
    const connections: Connection[] = [];

    // No Namespace object: ArgoCD or the operator creates it (see lib/platform/environment-namespace.ts),
    // so neither deleting the Application nor `helm uninstall` can take the namespace and its volumes.
    this.secrets(ctx, env);

    const database = this.database(ctx, env);
    if (database.server)
      connections.push({ name: 'database', server: database.server, clients: this.databaseClients(env) });
    const redis = new Redis(this, 'Redis', {
      ctx,
      image: imageReference(env.images.redis),
      version: env.images.redis.tag,
      resources: env.redis.resources,
      persistentStorageSize: env.redis.persistence.enabled ? env.redis.persistence.size : undefined,
      storageClassName: env.redis.persistence.storageClassName,
    });
    connections.push({ name: 'redis', server: redis.server, clients: REDIS_CLIENTS });

    // The seed's production settings read MAILGUN_DOMAIN at import everywhere (the schema requires it).
    let mail: MailRoute = { mailgunDomain: env.django.mailgunDomain };
    if (env.mailCatcher.enabled) {
      const kind = env.mailCatcher.kind;
      const catcher = new MailCatcher(this, 'MailCatcher', {
        ctx,
        kind,
        image: imageReference(env.images[kind]),
        version: env.images[kind].tag,
        resources: env.mailCatcher.resources,
      });
      mail = { ...mail, catcher: { host: catcher.service.name, port: SMTP_PORT } };
      connections.push({ name: 'mail', server: catcher.server, clients: MAIL_CLIENTS });
    }

    const hosts = allowedHosts(env);
    const settings = new DjangoSettings(this, 'DjangoSettings', {
      ctx,
      settingsModule: env.django.settingsModule,
      allowedHosts: hosts,
      redisUrl: redis.url(),
      database,
      mail,
      secretName: env.secrets.name,
      sentryEnvironment: env.django.sentryEnvironment,
      extraSettings: env.django.extraSettings,
    });

    const common = { ctx, image: appImage, version: appVersion, settings };
    const probes = new CeleryProbes(this, 'CeleryProbes', { ctx, contract: settings.contract });
    new MigrationJob(this, 'Migrations', {
      ...common,
      resources: env.migrations.resources,
      activeDeadlineSeconds: env.migrations.activeDeadlineSeconds,
      backoffLimit: env.migrations.backoffLimit,
      hookAnnotations: migrationHookAnnotations(),
    });
    const media = env.media.enabled
      ? new MediaVolume(this, 'Media', {
          ctx,
          size: env.media.size,
          storageClassName: env.media.storageClassName,
          accessMode: env.media.accessMode,
          mountPath: settings.contract.paths.mediaRoot,
        })
      : undefined;
    const web = new DjangoWeb(this, 'Web', {
      ...common,
      media,
      resources: env.web.resources,
      port: env.web.port,
      replicas: env.web.replicas,
      autoscaling: env.web.autoscaling,
      concurrency: env.web.concurrency,
      healthPath: env.web.healthPath,
      drainSeconds: env.web.drainSeconds,
      serviceType: env.web.service.type,
      nodePort: env.web.service.nodePort,
      ingress: ingressRoute(env, env.web.ingress),
      spreadAcrossZones: env.availability.spreadAcrossZones,
      priorityClassName: env.availability.priorityClassName,
    });
    const publicComponents: PublicComponent[] = [{ component: 'web', port: web.port }];
    new CeleryWorker(this, 'Worker', {
      ...common,
      probes,
      // A ReadWriteOnce volume attaches to one node: only web (one replica) mounts it.
      media: media?.accessMode === 'ReadWriteMany' ? media : undefined,
      resources: env.worker.resources,
      replicas: env.worker.replicas,
      concurrency: env.worker.concurrency,
      terminationGracePeriodSeconds: env.worker.terminationGracePeriodSeconds,
      spreadAcrossZones: env.availability.spreadAcrossZones,
      priorityClassName: env.availability.priorityClassName,
    });
    new CeleryBeat(this, 'Beat', {
      ...common,
      probes,
      resources: env.beat.resources,
      scheduler: env.beat.scheduler,
      priorityClassName: env.availability.priorityClassName,
    });
    if (env.flower.enabled) {
      const flower = new Flower(this, 'Flower', {
        ...common,
        resources: env.flower.resources,
        ingress: ingressRoute(env, env.flower.ingress),
      });
      if (env.flower.ingress) publicComponents.push({ component: 'flower', port: flower.port });
    }
    if (env.docs.enabled) {
      const docs = new DocsSite(this, 'Docs', {
        ctx,
        image: imageReference(env.images.docs),
        version: env.images.docs.tag,
        resources: env.docs.resources,
        replicas: env.docs.replicas,
        ingress: ingressRoute(env, env.docs.ingress),
      });
      if (env.docs.ingress) publicComponents.push({ component: 'docs', port: docs.port });
    }
    new SmokeTestJob(this, 'SmokeTest', {
      ctx,
      image: appImage,
      version: appVersion,
      url: `http://${web.service.name}:${web.port}${env.web.healthPath}`,
      host: hosts[0],
      hookAnnotations: smokeTestHookAnnotations(),
    });
    connections.push({
      name: 'web',
      server: { podLabels: selectorLabels(ctx, web.identity), port: web.port },
      clients: ['smoke-test'],
    });

    new AppNetworkPolicies(this, 'NetworkPolicies', {
      ctx,
      ingressController: env.platform.ingress.controller,
      dns: env.platform.dns,
      acmeHttp01Solver: env.platform.acmeChallenge === 'http01' && usesAcmeIssuer(env),
      publicComponents,
      connections,
      externalEgress: [
        ...env.network.egress,
        ...(database.external
          ? [
              {
                name: 'database',
                components: DATABASE_CLIENTS,
                cidrs: database.external.cidrs,
                ports: [database.external.port],
              },
            ]
          : []),
      ],
      componentPodLabels: database.server ? { database: database.server.podLabels } : {},
    });

    this.annotateSyncWaves();
    this.addImagePullSecrets(env.imagePullSecrets, [env.images.app.repository, env.images.docs.repository]);
  }

  /** The pull secrets go to every pod that runs one of `repositories` (the app's own images). */
  private addImagePullSecrets(secrets: readonly string[], repositories: readonly string[]): void {
    if (secrets.length === 0) return;
    const podSpecPath: Record<string, string> = {
      Deployment: '/spec/template/spec',
      StatefulSet: '/spec/template/spec',
      Job: '/spec/template/spec',
      CronJob: '/spec/jobTemplate/spec/template/spec',
    };
    for (const child of this.node.findAll()) {
      if (!(child instanceof ApiObject) || podSpecPath[child.kind] === undefined) continue;
      const images = JSON.stringify(child.toJson());
      if (!repositories.some((repository) => images.includes(`"image":"${repository}:`))) continue;
      child.addJsonPatch(
        JsonPatch.add(
          `${podSpecPath[child.kind]}/imagePullSecrets`,
          secrets.map((name) => ({ name })),
        ),
      );
    }
  }

  private databaseClients(env: EnvironmentConfig): string[] {
    return databaseClients(env.database.mode === 'statefulset' && env.database.backup !== undefined);
  }

  /** With External Secrets, the Secrets the pods read are synced from the store by the chart. */
  private secrets(ctx: StackContext, env: EnvironmentConfig): void {
    if (env.secrets.mode !== 'external-secrets') return;
    const { storeName, refreshInterval } = env.secrets;
    new SyncedSecret(this, 'AppSecret', {
      ctx,
      name: env.secrets.name,
      storeName,
      remoteKey: env.secrets.remoteKey,
      refreshInterval,
    });
    if (env.database.mode === 'external' && env.database.remoteKey !== undefined) {
      new SyncedSecret(this, 'DatabaseSecret', {
        ctx,
        name: env.database.secretName,
        storeName,
        remoteKey: env.database.remoteKey,
        refreshInterval,
      });
    }
  }

  private database(ctx: StackContext, env: EnvironmentConfig): DatabaseBackend {
    const db = env.database;
    if (db.mode === 'external') {
      return new ExternalDatabase(db.secretName, { cidrs: db.cidrs, port: db.port });
    }
    if (db.mode === 'cloudnativepg') {
      const api = env.platform.kubernetesApi;
      const operator = env.platform.operators.cloudnativepg;
      // The loader refuses cloudnativepg on a cluster without the operator or the API's networks.
      if (!api || !operator) throw new Error(`cluster ${env.cluster} lacks what cloudnativepg needs`);
      return new CloudNativePgCluster(this, 'Postgres', {
        ctx,
        image: imageReference(env.images.cloudnativepg),
        version: env.images.cloudnativepg.tag,
        instances: db.instances,
        database: db.database,
        owner: db.owner,
        storageSize: db.storage.size,
        storageClassName: db.storage.storageClassName,
        resources: db.resources,
        backup: db.backup,
        priorityClassName: env.availability.priorityClassName,
        spreadAcrossZones: env.availability.spreadAcrossZones,
        network: { operatorNamespace: operator.namespace, kubernetesApi: api },
      });
    }
    const postgres = new PostgresStatefulSet(this, 'Postgres', {
      ctx,
      image: imageReference(env.images.postgres),
      version: env.images.postgres.tag,
      resources: db.resources,
      database: db.database,
      secretName: env.secrets.name,
      storageSize: db.storage.size,
      storageClassName: db.storage.storageClassName,
    });
    if (db.backup) {
      new PostgresBackup(this, 'PostgresBackup', {
        ctx,
        image: imageReference(env.images.postgres),
        version: env.images.postgres.tag,
        host: postgres.service.name,
        database: db.database,
        secretName: env.secrets.name,
        storage: db.backup.storage,
        schedule: db.backup.schedule,
        retentionDays: db.backup.retentionDays,
      });
    }
    return postgres;
  }

  /** Every plain object gets the wave of its stage; hooks already carry their own annotations. */
  private annotateSyncWaves(): void {
    for (const child of this.node.findAll()) {
      if (!(child instanceof ApiObject)) continue;
      const stage = stageOf(child.kind, child.metadata.getLabel('app.kubernetes.io/component'));
      if (stage === 'migration' || stage === 'smoke-test') continue;
      for (const [key, value] of Object.entries(waveAnnotations(stage))) child.metadata.addAnnotation(key, value);
    }
  }
}
