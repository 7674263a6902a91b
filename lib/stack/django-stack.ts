import { Construct } from 'constructs';
import { MAIL_CATCHER_DEFAULTS, MailCatcher, SMTP_PORT } from '../backing/mail-catcher';
import { Redis } from '../backing/redis';
import { MAIL_CLIENTS, REDIS_CLIENTS, DATABASE_CLIENTS } from '../common/components';
import { readsRedis } from '../app/app-processes';
import type { IngressProps, IngressRoute } from '../common/component-ingress';
import { addImagePullSecrets } from '../common/image-pull-secrets';
import { imageReference } from '../common/images';
import { selectorLabels, stackContext, type StackContext } from '../common/stack-context';
import { CeleryBeat } from '../django/celery-beat';
import { CeleryProbes } from '../django/celery-probes';
import { CeleryWorker } from '../django/celery-worker';
import { DjangoSettings, type MailCatcherRoute } from '../django/django-settings';
import { DjangoWeb } from '../django/django-web';
import { Flower } from '../django/flower';
import { MEDIA_VOLUME_DEFAULTS, MediaVolume } from '../django/media-volume';
import { MigrationJob } from '../django/migration-job';
import { CollectstaticJob } from '../django/collectstatic-job';
import { SmokeTestJob } from '../django/smoke-test-job';
import { DocsSite } from '../docs/docs-site';
import { AppNetworkPolicies, type Connection, type PublicComponent } from '../platform/network-policies';
import {
  annotateSyncWaves,
  collectstaticHookAnnotations,
  migrationHookAnnotations,
  smokeTestHookAnnotations,
} from '../platform/sync-order';
import { applyWorkloadIdentity, identityEgress } from '../platform/workload-identity';
import { SyncedSecret } from '../platform/synced-secret';
import { DEFAULT_IMAGES } from './default-images';
import type { DjangoStackProps } from './django-stack-props';
import { databaseRemoteKey, stackDatabase } from './stack-database';

/**
 * A cookiecutter-django product on Kubernetes: gunicorn, and as its app contract says Celery
 * worker and beat, Flower, the docs site and Redis; PostgreSQL and a mail catcher, wired together:
 * the settings every process reads (from the contract),
 * NetworkPolicies that let each client reach only its servers, public components behind the
 * ingress controller, and the deployment order (sync waves and Helm hooks).
 *
 * @example
 * new DjangoStack(chart, 'acme', {
 *   product: 'acme', environment: 'staging', namespace: 'acme-staging',
 *   app: contract, // an AppContract, e.g. loadAppContract(root) of config/app.yaml
 *   images: { app: { repository: 'ghcr.io/acme/app', tag: '1.0.0' } },
 *   secrets: { name: 'acme-secrets' }, django: { extraSettings: { MAILGUN_DOMAIN: 'mg.acme.example' } },
 *   database: { mode: 'statefulset' }, web: { ingress: { hosts: ['acme.example'], path: '/' } },
 *   platform: { ingressClassName: 'nginx', ingressController: {...}, dns: {...} },
 * });
 */
export class DjangoStack extends Construct {
  /** Names, labels and namespace every object of the stack shares. */
  public readonly ctx: StackContext;
  public readonly web: DjangoWeb;
  public readonly settings: DjangoSettings;

  public constructor(scope: Construct, id: string, props: DjangoStackProps) {
    super(scope, id);
    const ctx = stackContext(props.product, props.environment, props.namespace);
    this.ctx = ctx;
    const { platform, images, app } = props;
    const celery = app.processes.celery;
    if (props.docs && !app.processes.docs) {
      throw new Error(`DjangoStack ${id}: docs are given, but the app contract builds no docs (processes.docs)`);
    }
    const availability = props.availability ?? {};
    const route = (ingress: IngressProps | undefined): IngressRoute | undefined =>
      ingress && { ...ingress, className: platform.ingressClassName };
    const webProps = props.web ?? {};
    const hosts = props.django?.allowedHosts ?? webProps.ingress?.hosts ?? [];
    if (hosts.length === 0) {
      throw new Error(
        `DjangoStack ${id}: give django.allowedHosts or web.ingress: Django needs at least one allowed host`,
      );
    }
    const connections: Connection[] = [];
    // Components this stack runs: AppNetworkPolicies leaves the others out of its policies.
    const flowerProps = celery?.flower && props.flower !== false ? (props.flower ?? {}) : undefined;
    const running = new Set<string>(['web', 'migrate', 'smoke-test', 'database', 'database-backup', 'backup-store']);
    if (celery) running.add('worker');
    if (celery?.beat) running.add('beat');
    if (flowerProps) running.add('flower');
    if (props.docs) running.add('docs');
    const collectstatic = app.staticFiles === 'object-storage';
    if (collectstatic) running.add('collectstatic');

    // No Namespace object: ArgoCD or the operator creates it (see lib/platform/environment-namespace.ts),
    // so neither deleting the Application nor `helm uninstall` can take the namespace and its volumes.
    this.syncedSecrets(ctx, props);

    const database = stackDatabase(this, ctx, props);
    if (database.backend.server) {
      connections.push({ name: 'database', server: database.backend.server, clients: database.clients });
    }
    let redisUrl: string | undefined;
    if (readsRedis(app)) {
      const redisImage = images.redis ?? DEFAULT_IMAGES.redis;
      const redis = new Redis(this, 'Redis', {
        ctx,
        image: imageReference(redisImage),
        version: redisImage.tag,
        ...props.redis,
      });
      redisUrl = redis.url();
      connections.push({ name: 'redis', server: redis.server, clients: REDIS_CLIENTS });
    }

    let mailCatcher: MailCatcherRoute | undefined;
    const catcherProps = props.mail?.catcher;
    if (catcherProps) {
      const kind = catcherProps.kind ?? MAIL_CATCHER_DEFAULTS.kind;
      const image = images[kind] ?? DEFAULT_IMAGES[kind];
      const catcher = new MailCatcher(this, 'MailCatcher', {
        ctx,
        kind,
        image: imageReference(image),
        version: image.tag,
        resources: catcherProps.resources,
      });
      mailCatcher = { host: catcher.service.name, port: SMTP_PORT };
      connections.push({ name: 'mail', server: catcher.server, clients: MAIL_CLIENTS });
    }

    const settings = new DjangoSettings(this, 'DjangoSettings', {
      ctx,
      contract: app,
      ...props.django,
      allowedHosts: hosts,
      redisUrl,
      database: database.backend,
      mailCatcher,
      secretName: props.secrets.name,
    });
    this.settings = settings;

    const appImage = imageReference(images.app);
    const common = { ctx, image: appImage, version: images.app.tag, settings };
    // No Celery, no worker, beat, Flower or probe module (and no NetworkPolicy names them).
    const probes = celery && new CeleryProbes(this, 'CeleryProbes', { ctx, contract: app });
    new MigrationJob(this, 'Migrations', {
      ...common,
      ...props.migrations,
      hookAnnotations: migrationHookAnnotations(),
    });
    if (collectstatic) {
      new CollectstaticJob(this, 'Collectstatic', { ...common, hookAnnotations: collectstaticHookAnnotations() });
    }
    const media = props.media
      ? new MediaVolume(this, 'Media', {
          ctx,
          ...props.media,
          size: props.media.size ?? MEDIA_VOLUME_DEFAULTS.size,
          mountPath: settings.contract.paths.mediaRoot,
        })
      : undefined;
    const { ingress: webIngress, ...webRest } = webProps;
    const web = new DjangoWeb(this, 'Web', {
      ...common,
      media,
      ...webRest,
      ingress: route(webIngress),
      ...availability,
    });
    this.web = web;
    const publicComponents: PublicComponent[] = [{ component: 'web', port: web.port }];
    if (celery && probes) {
      new CeleryWorker(this, 'Worker', {
        ...common,
        probes,
        // A ReadWriteOnce volume attaches to one node: only web (one replica) mounts it.
        media: media?.accessMode === 'ReadWriteMany' ? media : undefined,
        ...props.worker,
        ...availability,
      });
      if (celery.beat) {
        new CeleryBeat(this, 'Beat', {
          ...common,
          probes,
          ...props.beat,
          priorityClassName: availability.priorityClassName,
        });
      }
    }
    if (flowerProps) {
      const flower = new Flower(this, 'Flower', {
        ...common,
        resources: flowerProps.resources,
        ingress: route(flowerProps.ingress),
      });
      if (flowerProps.ingress) publicComponents.push({ component: 'flower', port: flower.port });
    }
    if (props.docs) {
      const docs = new DocsSite(this, 'Docs', {
        ctx,
        image: imageReference(props.docs.image),
        version: props.docs.image.tag,
        resources: props.docs.resources,
        replicas: props.docs.replicas,
        ingress: route(props.docs.ingress),
      });
      if (props.docs.ingress) publicComponents.push({ component: 'docs', port: docs.port });
    }
    new SmokeTestJob(this, 'SmokeTest', {
      ctx,
      image: appImage,
      version: images.app.tag,
      url: `http://${web.service.name}:${web.port}${web.healthPath}`,
      host: hosts[0],
      user: app.image,
      hookAnnotations: smokeTestHookAnnotations(),
    });
    connections.push({
      name: 'web',
      server: { podLabels: selectorLabels(ctx, web.identity), port: web.port },
      clients: ['smoke-test'],
    });

    // Components the app does not run: AppNetworkPolicies leaves them out of the identity's
    // egress, and applyWorkloadIdentity finds no object of theirs to mark.
    const identity = props.cloudIdentity;
    const external = database.backend.external;
    // cert-manager's HTTP-01 solver is only reached when some Ingress asks an issuer for its certificate.
    const issued = [webIngress, flowerProps?.ingress, props.docs?.ingress].some((i) => i?.clusterIssuer !== undefined);
    new AppNetworkPolicies(this, 'NetworkPolicies', {
      ctx,
      ingressController: platform.ingressController,
      dns: platform.dns,
      acmeHttp01Solver: (platform.acmeChallenge ?? 'http01') === 'http01' && issued,
      publicComponents,
      connections,
      externalEgress: [
        ...(props.egress ?? []),
        ...(identity ? identityEgress(identity) : []),
        ...(external
          ? [
              {
                name: 'database',
                components: DATABASE_CLIENTS,
                cidrs: external.cidrs,
                ports: [external.port],
              },
            ]
          : []),
      ],
      componentPodLabels: database.backend.server ? { database: database.backend.server.podLabels } : {},
      running,
    });

    if (identity) applyWorkloadIdentity(this, identity);
    annotateSyncWaves(this);
    addImagePullSecrets(
      this,
      props.imagePullSecrets ?? [],
      [images.app, props.docs?.image].flatMap((image) => (image ? [image.repository] : [])),
    );
  }

  /** With External Secrets, the Secrets the pods read are synced from the store by the stack. */
  private syncedSecrets(ctx: StackContext, props: DjangoStackProps): void {
    const external = props.secrets.external;
    if (!external) return;
    new SyncedSecret(this, 'AppSecret', { ctx, name: props.secrets.name, ...external });
    const database = databaseRemoteKey(props.database);
    if (database) {
      new SyncedSecret(this, 'DatabaseSecret', {
        ctx,
        name: database.secretName,
        ...external,
        remoteKey: database.remoteKey,
      });
    }
  }
}
