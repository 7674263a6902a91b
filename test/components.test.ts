/**
 * The registry of components (lib/common/components.ts) is the one list: every component label
 * the environments write is in it, and the lists derived from it say what the chart relies on.
 */
import {
  APP_COMPONENTS,
  BACKING_COMPONENTS,
  COMPONENTS,
  DATABASE_CLIENTS,
  databaseClients,
  EGRESS_COMPONENTS,
  MAIL_CLIENTS,
  PUBLIC_COMPONENTS,
  REDIS_CLIENTS,
} from '../lib/common/components';
import { stageOf } from '../lib/platform/sync-order';
import { environments } from './support/project';

test('every component label the environments write is registered', () => {
  const labels = new Set(
    environments().flatMap((e) => e.manifests.map((m) => m.metadata.labels?.['app.kubernetes.io/component'])),
  );
  labels.delete(undefined);
  const unknown = [...labels].filter((label) => !Object.hasOwn(COMPONENTS, label as string));
  expect(unknown).toEqual([]);
});

test('the derived lists', () => {
  expect(DATABASE_CLIENTS).toEqual(['web', 'worker', 'beat', 'flower', 'migrate', 'collectstatic']);
  expect(databaseClients(true)).toEqual([...DATABASE_CLIENTS, 'database-backup', 'backup-store']);
  expect(REDIS_CLIENTS).toEqual(['web', 'worker', 'beat', 'flower', 'migrate']);
  expect(MAIL_CLIENTS).toEqual(['web', 'worker', 'beat']);
  expect(APP_COMPONENTS).toEqual(['web', 'worker', 'beat', 'flower', 'migrate', 'collectstatic', 'docs']);
  expect(EGRESS_COMPONENTS).toEqual([...APP_COMPONENTS, 'database']);
  expect(PUBLIC_COMPONENTS).toEqual(['web', 'flower', 'docs']);
  expect([...BACKING_COMPONENTS]).toEqual(['backup-store', 'database', 'redis', 'mail', 'media']);
});

test('stages: configuration kinds first, hooks only for their Job, the rest from the registry', () => {
  expect(stageOf('ServiceAccount', 'migrate')).toBe('config');
  expect(stageOf('Job', 'migrate')).toBe('migration');
  expect(stageOf('Job', 'collectstatic')).toBe('migration');
  expect(stageOf('Job', 'smoke-test')).toBe('smoke-test');
  expect(stageOf('StatefulSet', 'database')).toBe('backing-services');
  expect(stageOf('PersistentVolumeClaim', 'media')).toBe('backing-services');
  expect(stageOf('CronJob', 'database-backup')).toBe('workloads');
  expect(stageOf('Deployment', 'web')).toBe('workloads');
  expect(stageOf('Deployment', undefined)).toBe('workloads');
});
