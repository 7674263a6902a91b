/**
 * Each environment file against the app contract: a required per-environment (`plain`) setting
 * without a value, a settings module the app does not have, a rule for a process the app does
 * not run are refused with the environment file's line, the setting and where the app reads it.
 * The deprecated `django.mailgunDomain` still works, as `extraSettings.MAILGUN_DOMAIN`.
 */
import { isMap, isSeq, type Document } from 'yaml';
import { formatProblem } from '../lib/config/config-error';
import { APP_FILE } from '../lib/config/app-schema';
import { loadConfig, type LoadedConfig } from '../lib/config/load';
import { environmentManifests } from '../charts/render';
import { configRefusal } from './support/config-refusal';
import { editedConfig } from './support/edit-config';
import { ROOT } from './support/project';

type Edits = Record<string, (doc: Document) => void>;

/** The project's files with `edits` applied, as the loader's overrides (nothing is written). */
const overrides = (edits: Edits): Map<string, string> => editedConfig(...Object.entries(edits));
const load = (edits: Edits): LoadedConfig => loadConfig(ROOT, overrides(edits));
const problemsOf = (edits: Edits): string[] =>
  configRefusal(() => loadConfig(ROOT, overrides(edits))).problems.map(formatProblem);
const ENVIRONMENTS = ['dev', 'staging', 'production'];
const envFile = (name: string) => `config/environments/${name}.yaml`;

/** A required plain setting added to config/app.yaml. */
const requireBucket = (doc: Document) =>
  doc.addIn(
    ['settings'],
    doc.createNode({
      name: 'DJANGO_AWS_STORAGE_BUCKET_NAME',
      required: true,
      source: 'plain',
      readBy: 'config/settings/production.py:77 env("DJANGO_AWS_STORAGE_BUCKET_NAME")',
      description: 'bucket',
    }),
  );
const giveBucket = (name: string) => (doc: Document) =>
  doc.setIn(['django', 'extraSettings', 'DJANGO_AWS_STORAGE_BUCKET_NAME'], `acme-${name}-media`);

test('a required plain setting missing from an environment file is refused, naming the file, the setting and where the app reads it', () => {
  const problems = problemsOf({
    [APP_FILE]: requireBucket,
    [envFile('dev')]: giveBucket('dev'),
    [envFile('production')]: giveBucket('production'),
  });
  expect(problems).toEqual([
    expect.stringMatching(
      /^config\/environments\/staging\.yaml:\d+:\d+: django\.extraSettings: DJANGO_AWS_STORAGE_BUCKET_NAME is required: the app reads it without a default \(config\/settings\/production\.py:77 env\("DJANGO_AWS_STORAGE_BUCKET_NAME"\), config\/app\.yaml\); give its value for this environment$/,
    ),
  ]);
});

test('given in every environment, the required plain setting reaches the ConfigMap of each', () => {
  const config = load({
    [APP_FILE]: requireBucket,
    ...Object.fromEntries(ENVIRONMENTS.map((name) => [envFile(name), giveBucket(name)])),
  });
  for (const env of config.environments) {
    const configMap = environmentManifests(config.project, env).find(
      (m) => m.kind === 'ConfigMap' && m.metadata.name === 'acme-django',
    ) as unknown as { data: Record<string, string> };
    expect(configMap.data.DJANGO_AWS_STORAGE_BUCKET_NAME).toBe(`acme-${env.name}-media`);
  }
});

test('the deprecated django.mailgunDomain renders what extraSettings.MAILGUN_DOMAIN renders', () => {
  const toDeprecated = (d: Document) => {
    const domain = d.getIn(['django', 'extraSettings', 'MAILGUN_DOMAIN']) as string;
    d.deleteIn(['django', 'extraSettings']);
    d.setIn(['django', 'mailgunDomain'], domain);
  };
  const config = load(Object.fromEntries(ENVIRONMENTS.map((name) => [envFile(name), toDeprecated])));
  const committed = loadConfig(ROOT);
  for (const env of config.environments) {
    const before = committed.environments.find((e) => e.name === env.name);
    expect(before && environmentManifests(committed.project, before)).toEqual(
      environmentManifests(config.project, env),
    );
  }
});

test('mailgunDomain and extraSettings.MAILGUN_DOMAIN together are refused; without either, the setting is named', () => {
  expect(problemsOf({ [envFile('dev')]: (d) => d.setIn(['django', 'mailgunDomain'], 'mg.example.com') })).toEqual([
    expect.stringMatching(
      /^config\/environments\/dev\.yaml:\d+:\d+: django\.mailgunDomain: is the deprecated form of extraSettings\.MAILGUN_DOMAIN, which is also given: keep only extraSettings\.MAILGUN_DOMAIN$/,
    ),
  ]);
  expect(problemsOf({ [envFile('dev')]: (d) => d.deleteIn(['django', 'extraSettings', 'MAILGUN_DOMAIN']) })).toEqual([
    expect.stringMatching(
      /^config\/environments\/dev\.yaml:\d+:\d+: django\.extraSettings: MAILGUN_DOMAIN is required/,
    ),
  ]);
});

test('a settings module the app does not declare is refused', () => {
  expect(
    problemsOf({ [envFile('dev')]: (d) => d.setIn(['django', 'settingsModule'], 'config.settings.local') }),
  ).toEqual([
    expect.stringMatching(
      /^config\/environments\/dev\.yaml:\d+:\d+: django\.settingsModule: must be one of the app's settings modules \(config\/app\.yaml settingsModules\): config\.settings\.production$/,
    ),
  ]);
});

test('without Celery: egress rules may not name worker or beat, and staging needs no second worker', () => {
  const noCelery = (d: Document) => {
    d.deleteIn(['processes', 'celery']);
    // Flower's credentials go with Flower.
    const settings = d.get('settings', true);
    if (!isSeq(settings)) throw new Error('config/app.yaml has no settings list');
    settings.items = settings.items.filter(
      (item) => !(isMap(item) && String(item.get('name')).startsWith('CELERY_FLOWER')),
    );
  };
  const problems = problemsOf({ [APP_FILE]: noCelery });
  expect(problems).toContainEqual(
    expect.stringMatching(
      /^config\/environments\/staging\.yaml:\d+:\d+: network\.egress\.0\.components\.1: names worker, which the app does not run \(config\/app\.yaml processes\)$/,
    ),
  );
  expect(problems).toContainEqual(
    expect.stringMatching(/^config\/environments\/dev\.yaml:\d+:\d+: flower\.ingress: is for Flower/),
  );
  expect(problems.filter((p) => p.includes('worker.replicas'))).toEqual([]);
  expect(problems.filter((p) => p.includes('app.yaml:'))).toEqual([]);
});
