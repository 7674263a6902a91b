/**
 * Once, while both exist: config/app.yaml says what the TypeScript contract of the seed app
 * (lib/app/seed-contract.ts) said, setting by setting, so the move to data changes nothing.
 */
import type { AppSetting as LegacySetting } from '../lib/app/legacy-contract';
import { SEED_APP_CONTRACT } from '../lib/app/seed-contract';
import type { AppSetting } from '../lib/app/app-contract';
import { appProcesses, buildTimeSettings } from '../lib/app/app-processes';
import { buildTimeSettings as legacyBuildTimeSettings } from '../lib/app/legacy-contract';
import { loadAppContract } from '../lib/config/load';
import { ROOT } from './support/project';

const app = loadAppContract(ROOT);
const legacy = SEED_APP_CONTRACT;

/** The legacy source a data setting stands for. */
function legacySource(s: AppSetting): LegacySetting['source'] {
  if (s.source === 'secret') return { kind: 'app-secret' };
  if (s.source === 'plain') return { kind: 'config-map' };
  if (s.source === 'chart') return s.chart === 'web-concurrency' ? { kind: 'process' } : { kind: 'config-map' };
  // database: DATABASE_URL is what the entrypoint builds from the parts.
  return s.name === 'DATABASE_URL' && app.database === 'entrypoint-builds-url'
    ? {
        kind: 'entrypoint',
        from: ['POSTGRES_HOST', 'POSTGRES_PORT', 'POSTGRES_DB', 'POSTGRES_USER', 'POSTGRES_PASSWORD'],
      }
    : { kind: 'database' };
}

test('every setting, in the same order, with the same fields', () => {
  const asLegacy = app.settings.map((s): LegacySetting => ({
    name: s.name,
    required: s.required,
    source: legacySource(s),
    ...(s.processes ? { processes: s.processes } : {}),
    readBy: s.readBy,
    ...(s.appDefault !== undefined ? { appDefault: s.appDefault } : {}),
    ...(s.buildPlaceholder !== undefined ? { buildPlaceholder: s.buildPlaceholder } : {}),
    // The Mailgun domain moved from `django.mailgunDomain` to a plain setting.
    description:
      s.name === 'MAILGUN_DOMAIN' ? '`django.mailgunDomain` of the environment file (not a secret)' : s.description,
  }));
  expect(asLegacy).toEqual(legacy.settings);
});

test('modules, processes, paths, user and port', () => {
  expect(app.settingsModules).toEqual([legacy.settingsModule]);
  expect(app.processes.web).toEqual({ interface: 'wsgi', module: legacy.wsgiModule });
  expect(app.processes.celery).toEqual({ app: legacy.celeryApp, beat: true, flower: true });
  expect(legacy.processes.map((p) => p.name)).toEqual(['web', 'worker', 'beat', 'flower', 'migrate', 'smoke-test']);
  expect(app.paths).toEqual(legacy.paths);
  expect(app.image).toEqual(legacy.user);
  expect(app.port).toBe(legacy.port);
});

test("the processes derived from the data are the TypeScript contract's", () => {
  expect(appProcesses(app)).toEqual(legacy.processes);
  expect(buildTimeSettings(app)).toEqual(legacyBuildTimeSettings(legacy));
});
