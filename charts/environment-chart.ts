import { ApiObject, Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../lib/config/environment-schema';
import type { ProjectConfig } from '../lib/config/project-schema';
import { allowedHosts } from '../lib/config/derived';
import { imageReference } from '../lib/common/images';
import { stackContext, type StackContext } from '../lib/common/stack-context';
import type { DatabaseBackend } from '../lib/backing/database-backend';
import { ExternalDatabase } from '../lib/backing/external-database';
import { MailCatcher, SMTP_PORT } from '../lib/backing/mail-catcher';
import { PostgresStatefulSet } from '../lib/backing/postgres-statefulset';
import { Redis } from '../lib/backing/redis';
import { DocsSite } from '../lib/docs/docs-site';
import { CeleryBeat } from '../lib/django/celery-beat';
import { CeleryWorker } from '../lib/django/celery-worker';
import { DjangoSettings, type MailRoute } from '../lib/django/django-settings';
import { DjangoWeb } from '../lib/django/django-web';
import { Flower } from '../lib/django/flower';
import { MigrationJob } from '../lib/django/migration-job';
import { SmokeTestJob } from '../lib/django/smoke-test-job';
import { EnvironmentNamespace } from '../lib/platform/environment-namespace';
import {
  ARGOCD_SYNC_OPTIONS,
  migrationHookAnnotations,
  smokeTestHookAnnotations,
  stageOf,
  waveAnnotations,
} from '../lib/platform/sync-order';

export interface EnvironmentChartProps {
  readonly project: ProjectConfig;
  readonly env: EnvironmentConfig;
}

/**
 * Everything one environment runs: the Django processes, the docs site and the backing services,
 * wired from one validated environment file. Becomes `dist/<env>/` (a Helm chart).
 */
export class EnvironmentChart extends Chart {
  public readonly ctx: StackContext;

  public constructor(scope: Construct, id: string, props: EnvironmentChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { env, project } = props;
    const ctx = stackContext(project.product.name, env.name, env.namespace);
    this.ctx = ctx;
    const appImage = imageReference(env.images.app);
    const appVersion = env.images.app.tag;

    new EnvironmentNamespace(this, 'Namespace', {
      ctx,
      // Deleting the Application must never delete the namespace and the volumes in it.
      annotations: { [ARGOCD_SYNC_OPTIONS]: 'Prune=false,Delete=false', 'helm.sh/resource-policy': 'keep' },
    });

    const database = this.database(ctx, env);
    const redis = new Redis(this, 'Redis', {
      ctx,
      image: imageReference(env.images.redis),
      version: env.images.redis.tag,
      resources: env.redis.resources,
      persistentStorageSize: env.redis.persistence.enabled ? env.redis.persistence.size : undefined,
      storageClassName: env.redis.persistence.storageClassName,
    });

    let mail: MailRoute;
    if (env.mailCatcher.enabled) {
      const kind = env.mailCatcher.kind;
      const catcher = new MailCatcher(this, 'MailCatcher', {
        ctx,
        kind,
        image: imageReference(env.images[kind]),
        version: env.images[kind].tag,
        resources: env.mailCatcher.resources,
      });
      mail = { kind: 'catcher', host: catcher.service.name, port: SMTP_PORT };
    } else {
      // The schema requires a Mailgun domain whenever the catcher is off.
      mail = { kind: 'mailgun', domain: env.django.mailgunDomain ?? '' };
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
    new MigrationJob(this, 'Migrations', {
      ...common,
      resources: env.migrations.resources,
      activeDeadlineSeconds: env.migrations.activeDeadlineSeconds,
      backoffLimit: env.migrations.backoffLimit,
      hookAnnotations: migrationHookAnnotations(),
    });
    const web = new DjangoWeb(this, 'Web', {
      ...common,
      resources: env.web.resources,
      port: env.web.port,
      replicas: env.web.replicas,
      autoscaling: env.web.autoscaling,
      concurrency: env.web.concurrency,
      healthPath: env.web.healthPath,
      drainSeconds: env.web.drainSeconds,
      serviceType: env.web.service.type,
      nodePort: env.web.service.nodePort,
      ingress: env.web.ingress,
      spreadAcrossZones: env.availability.spreadAcrossZones,
      priorityClassName: env.availability.priorityClassName,
    });
    new CeleryWorker(this, 'Worker', {
      ...common,
      resources: env.worker.resources,
      replicas: env.worker.replicas,
      concurrency: env.worker.concurrency,
      terminationGracePeriodSeconds: env.worker.terminationGracePeriodSeconds,
      spreadAcrossZones: env.availability.spreadAcrossZones,
      priorityClassName: env.availability.priorityClassName,
    });
    new CeleryBeat(this, 'Beat', {
      ...common,
      resources: env.beat.resources,
      priorityClassName: env.availability.priorityClassName,
    });
    if (env.flower.enabled) {
      new Flower(this, 'Flower', { ...common, resources: env.flower.resources, ingress: env.flower.ingress });
    }
    if (env.docs.enabled) {
      new DocsSite(this, 'Docs', {
        ctx,
        image: imageReference(env.images.docs),
        version: env.images.docs.tag,
        resources: env.docs.resources,
        replicas: env.docs.replicas,
        ingress: env.docs.ingress,
      });
    }
    new SmokeTestJob(this, 'SmokeTest', {
      ctx,
      image: appImage,
      version: appVersion,
      url: `http://${web.service.name}:${web.port}${env.web.healthPath}`,
      host: hosts[0],
      hookAnnotations: smokeTestHookAnnotations(),
    });

    this.annotateSyncWaves();
  }

  private database(ctx: StackContext, env: EnvironmentConfig): DatabaseBackend {
    const db = env.database;
    switch (db.mode) {
      case 'statefulset':
        return new PostgresStatefulSet(this, 'Postgres', {
          ctx,
          image: imageReference(env.images.postgres),
          version: env.images.postgres.tag,
          resources: db.resources,
          database: db.database,
          secretName: env.secrets.name,
          storageSize: db.storage.size,
          storageClassName: db.storage.storageClassName,
        });
      case 'external':
        return new ExternalDatabase(db.secretName);
    }
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
