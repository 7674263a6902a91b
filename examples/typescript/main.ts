/**
 * A Django product deployed with the construct library, in code and without YAML: what another
 * team writes in its own cdk8s project (with `../../lib` replaced by the package name).
 *
 *   npx ts-node examples/typescript/main.ts   # writes cdk8s.out/acme-demo.k8s.yaml
 */
import { App, Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { DjangoStack, type AppContract } from '../../lib';

/**
 * What the app image needs and runs: the same contract a YAML project keeps in config/app.yaml
 * (`npm run cli -- check-app` checks an app checkout against it).
 */
export const ACME_APP: AppContract = {
  settingsModules: ['config.settings.production'],
  processes: {
    web: { interface: 'wsgi', module: 'config.wsgi' },
    celery: { app: 'config.celery_app', beat: true, flower: false },
    docs: true,
  },
  database: 'entrypoint-builds-url',
  paths: { app: '/app', entrypoint: '/entrypoint', manage: '/app/manage.py', mediaRoot: '/app/acme/media' },
  image: { uid: 10001, gid: 10001 },
  port: 8000,
  settings: [
    {
      name: 'DATABASE_URL',
      required: true,
      source: 'database',
      readBy: 'config/settings/base.py:40',
      description: 'built by /entrypoint',
    },
    ...['POSTGRES_HOST', 'POSTGRES_PORT', 'POSTGRES_DB', 'POSTGRES_USER', 'POSTGRES_PASSWORD'].map((name) => ({
      name,
      required: true,
      source: 'database' as const,
      readBy: '/entrypoint',
      description: 'the database backend',
    })),
    {
      name: 'DJANGO_SETTINGS_MODULE',
      required: true,
      source: 'chart',
      chart: 'settings-module',
      readBy: 'config/wsgi.py',
      description: 'settings module',
    },
    {
      name: 'DJANGO_ALLOWED_HOSTS',
      required: true,
      source: 'chart',
      chart: 'allowed-hosts',
      readBy: 'config/settings/production.py:17',
      description: 'hosts',
    },
    {
      name: 'REDIS_URL',
      required: true,
      source: 'chart',
      chart: 'redis-url',
      readBy: 'config/settings/production.py:28',
      description: 'cache',
    },
    {
      name: 'CELERY_BROKER_URL',
      required: true,
      source: 'chart',
      chart: 'redis-url',
      readBy: 'config/settings/base.py:250',
      description: 'broker',
    },
    {
      name: 'DJANGO_SECRET_KEY',
      required: true,
      source: 'secret',
      readBy: 'config/settings/production.py:15',
      description: 'SECRET_KEY',
    },
    {
      name: 'DJANGO_ADMIN_URL',
      required: true,
      source: 'secret',
      readBy: 'config/settings/production.py:80',
      description: 'admin path',
    },
    {
      name: 'MAILGUN_API_KEY',
      required: true,
      source: 'secret',
      readBy: 'config/settings/production.py:94',
      description: 'Mailgun key',
    },
    {
      name: 'MAILGUN_DOMAIN',
      required: true,
      source: 'plain',
      readBy: 'config/settings/production.py:95',
      description: 'Mailgun domain',
    },
  ],
};

/** One production-like environment: two web pods behind TLS, two workers, PostgreSQL with backups. */
export class AcmeChart extends Chart {
  public readonly stack: DjangoStack;

  public constructor(scope: Construct, id: string) {
    // Object names are explicit (`acme-web`...): no construct-path hashes to keep stable.
    super(scope, id, { disableResourceNameHashes: true });
    this.stack = new DjangoStack(this, 'acme', {
      product: 'acme',
      environment: 'demo',
      namespace: 'acme-demo',
      app: ACME_APP,
      images: {
        app: { repository: 'ghcr.io/acme/acme-django', tag: '1.4.2' },
      },
      secrets: { name: 'acme-app' },
      django: { extraSettings: { MAILGUN_DOMAIN: 'mg.acme.example' } },
      web: {
        autoscaling: { minReplicas: 2, maxReplicas: 6, targetCPUUtilizationPercentage: 70 },
        ingress: { hosts: ['acme.example'], path: '/', clusterIssuer: 'letsencrypt' },
      },
      worker: { replicas: 2 },
      flower: false,
      docs: {
        image: { repository: 'ghcr.io/acme/acme-docs', tag: '1.4.2' },
        replicas: 2,
        ingress: { hosts: ['docs.acme.example'], path: '/', clusterIssuer: 'letsencrypt' },
      },
      database: { mode: 'statefulset', storageSize: '20Gi', backup: { retentionDays: 14 } },
      egress: [{ name: 'mailgun', components: ['web', 'worker', 'beat'], cidrs: ['0.0.0.0/0'], ports: [443] }],
      availability: { spreadAcrossZones: true },
      platform: {
        ingressClassName: 'nginx',
        ingressController: { namespace: 'ingress-nginx', podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
        dns: { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } },
      },
    });
  }
}

if (require.main === module) {
  const app = new App({ outdir: 'cdk8s.out' });
  new AcmeChart(app, 'acme-demo');
  app.synth();
}
