/** The backing services alone, with minimal props. */
import { Testing } from 'cdk8s';
import { MailCatcher, PostgresStatefulSet, Redis, REDIS_DEFAULTS } from '../../lib';
import { SMTP_PORT } from '../../lib/backing/mail-catcher';
import { ctx, objects, only } from './fixtures';

test('Redis without persistence is a cache: no volume claim, maxmemory below the memory limit', () => {
  const chart = Testing.chart();
  new Redis(chart, 'Redis', { ctx, image: 'docker.io/library/redis:7.4.9-bookworm', version: '7.4.9' });
  const redis = only(chart, 'StatefulSet', 'redis');
  expect(redis.spec).not.toHaveProperty('volumeClaimTemplates');
  const args = JSON.stringify(redis);
  // redis 7.4 src/util.c memtoull reads "<n>mb" as n * 1024 * 1024.
  const maxmemoryMib = Number(/"--maxmemory","(\d+)mb"/.exec(args)?.[1]);
  // A Redis that grows to its cgroup limit is OOM-killed instead of evicting keys.
  expect(maxmemoryMib).toBeGreaterThan(0);
  expect(maxmemoryMib).toBeLessThan(256);
  expect(args).toContain('"--appendonly","no"');
  expect(REDIS_DEFAULTS.resources.limits.memory).toBe('256Mi');
});

test('Redis with persistence keeps its append-only file on a claim of the given size', () => {
  const chart = Testing.chart();
  new Redis(chart, 'Redis', {
    ctx,
    image: 'docker.io/library/redis:7.4.9-bookworm',
    version: '7.4.9',
    persistentStorageSize: '2Gi',
  });
  const claims = (
    only(chart, 'StatefulSet', 'redis').spec as unknown as {
      volumeClaimTemplates: Array<{ spec: { resources: { requests: { storage: string } } } }>;
    }
  ).volumeClaimTemplates;
  expect(claims.map((c) => c.spec.resources.requests.storage)).toEqual(['2Gi']);
  expect(JSON.stringify(only(chart, 'StatefulSet', 'redis'))).toContain('"--appendonly","yes"');
});

test('PostgreSQL keeps its data on a volume claim template, behind a headless Service', () => {
  const chart = Testing.chart();
  new PostgresStatefulSet(chart, 'Postgres', {
    ctx,
    image: 'docker.io/library/postgres:16.15-bookworm',
    version: '16.15',
    database: 'app',
    secretName: 'shop-app',
    storageSize: '5Gi',
  });
  const sts = only(chart, 'StatefulSet', 'database');
  const spec = sts.spec as unknown as {
    serviceName: string;
    volumeClaimTemplates: Array<{ spec: { resources: { requests: { storage: string } } } }>;
  };
  expect(spec.volumeClaimTemplates.map((c) => c.spec.resources.requests.storage)).toEqual(['5Gi']);
  const services = objects(chart, 'Service', 'database').filter((s) => s.metadata.name === spec.serviceName);
  expect(services.map((s) => (s.spec as { clusterIP?: string }).clusterIP)).toEqual(['None']);
});

test('the mail catcher serves SMTP on its Service', () => {
  const chart = Testing.chart();
  new MailCatcher(chart, 'Mail', {
    ctx,
    kind: 'mailpit',
    image: 'docker.io/axllent/mailpit:v1.21.8',
    version: 'v1.21.8',
  });
  const ports = (only(chart, 'Service', 'mail').spec as unknown as { ports: Array<{ name: string; port: number }> })
    .ports;
  expect(ports).toContainEqual(expect.objectContaining({ name: 'smtp', port: SMTP_PORT }));
});
