/**
 * `config/app.yaml`, the app contract as data: the committed file validates, and a wrong one is
 * refused with its file, line, field and reason, like every configuration file.
 */
import * as fs from 'node:fs';
import { formatProblem } from '../lib/config/config-error';
import { APP_FILE } from '../lib/config/app-schema';
import { loadAppContract } from '../lib/config/load';
import { configRefusal } from './support/config-refusal';
import { ROOT } from './support/project';

const text = fs.readFileSync(`${ROOT}/${APP_FILE}`, 'utf8');

/** The problems of config/app.yaml with `edit` applied to its text. */
function problems(edit: (text: string) => string): string[] {
  const overrides = new Map([[APP_FILE, edit(text)]]);
  return configRefusal(() => loadAppContract(ROOT, overrides)).problems.map(formatProblem);
}

test('the committed contract validates', () => {
  const app = loadAppContract(ROOT);
  expect(app.settingsModules).toEqual(['config.settings.production']);
  expect(app.processes.celery).toEqual({ app: 'config.celery_app', beat: true, flower: true });
  expect(app.settings.length).toBeGreaterThan(20);
});

test('an unknown source is refused at its line, with the choices', () => {
  expect(problems((t) => t.replace('    source: secret\n', '    source: vault\n'))).toEqual([
    expect.stringMatching(
      /^config\/app\.yaml:\d+:\d+: settings\.\d+\.source: source must be one of: secret, plain, chart, database$/,
    ),
  ]);
});

test('a setting declared twice, a secret-looking plain setting and a Flower-only setting without Flower are refused', () => {
  const found = problems((t) =>
    t
      .replace('  - name: REDIS_URL\n', '  - name: CELERY_BROKER_URL\n')
      .replace(
        'celery: {app: config.celery_app, beat: true, flower: true}',
        'celery: {app: config.celery_app, beat: true, flower: false}',
      )
      .replace(
        '  - name: DJANGO_SECRET_KEY\n    required: true\n    source: secret\n',
        '  - name: DJANGO_SECRET_KEY\n    required: true\n    source: plain\n',
      ),
  );
  expect(found).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^config\/app\.yaml:\d+:\d+: settings\.\d+\.name: CELERY_BROKER_URL is declared twice$/),
      expect.stringMatching(/settings\.\d+\.source: DJANGO_SECRET_KEY looks like a secret/),
      expect.stringMatching(/settings\.\d+\.processes: names flower, which the contract does not run$/),
    ]),
  );
});

test('a database setting the connection mode cannot give is refused', () => {
  expect(problems((t) => t.replace('database: chart-gives-url', 'database: chart-gives-parts'))).toContainEqual(
    expect.stringMatching(
      /settings\.0\.source: the database backend does not give DATABASE_URL with database: chart-gives-parts/,
    ),
  );
});

test('a missing file is named', () => {
  const missing = configRefusal(() => loadAppContract('/nonexistent')).problems.map(formatProblem);
  expect(missing).toEqual([expect.stringMatching(/^config\/app\.yaml: cannot be read/)]);
});
