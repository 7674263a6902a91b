/** The least a construct needs, for tests that build one construct alone in `Testing.chart()`. */
import { Testing, type Chart } from 'cdk8s';
import { PostgresStatefulSet } from '../../lib/backing/postgres-statefulset';
import { stackContext } from '../../lib/common/stack-context';
import { CeleryProbes } from '../../lib/django/celery-probes';
import { DjangoSettings } from '../../lib/django/django-settings';
import type { Manifest } from '../../lib/common/manifest';
import { projectConfig } from '../support/project';

export const ctx = stackContext('shop', 'test', 'shop-test');
export const IMAGE = 'ghcr.io/shop/shop-django:1.0.0';

/** A chart with the settings and probes the Django constructs take. */
export function djangoChart(): { chart: Chart; settings: DjangoSettings; probes: CeleryProbes } {
  const chart = Testing.chart();
  const database = new PostgresStatefulSet(chart, 'Postgres', {
    ctx,
    image: 'docker.io/library/postgres:16.15-bookworm',
    version: '16.15',
    database: 'app',
    secretName: 'shop-app',
    storageSize: '1Gi',
  });
  const settings = new DjangoSettings(chart, 'Settings', {
    ctx,
    allowedHosts: ['shop.example'],
    redisUrl: 'redis://shop-redis:6379/0',
    database,
    contract: projectConfig().app,
    extraSettings: { MAILGUN_DOMAIN: 'mg.shop.example' },
    secretName: 'shop-app',
  });
  const probes = new CeleryProbes(chart, 'Probes', { ctx, contract: settings.contract });
  return { chart, settings, probes };
}

/** The objects of the chart of one kind and component. */
export function objects(chart: Chart, kind: string, component: string): Manifest[] {
  return (Testing.synth(chart) as Manifest[]).filter(
    (m) => m.kind === kind && m.metadata.labels?.['app.kubernetes.io/component'] === component,
  );
}

/** The only object of a kind and component. */
export function only(chart: Chart, kind: string, component: string): Manifest & { spec: Record<string, never> } {
  const found = objects(chart, kind, component);
  expect(found.map((m) => `${m.kind}/${m.metadata.name}`)).toHaveLength(1);
  return found[0] as Manifest & { spec: Record<string, never> };
}
