/**
 * Each environment file against the app contract (config/app.yaml): the settings module is one
 * the app has, every required `plain` setting has a value, `extraSettings` sets nothing the chart
 * sets itself and nothing secret, and the sections and rules name only processes the app runs.
 * Each problem points at the environment file's line and says where the app reads the setting.
 */
import type { AppContract } from '../app/app-contract';
import { looksSecret } from '../common/secret-names';
import { APP_FILE } from './app-schema';
import type { ConfigProblem } from './config-error';
import type { EnvironmentFile } from './environment-schema';
import { reservedSettings } from './reserved-settings';
import { fieldProblem, type ParsedFile } from './yaml-file';

/** The deprecated field and the setting it stands for (docs/charts.md, "Migrating from `django.mailgunDomain`"). */
const MAILGUN_DOMAIN_ALIAS = { field: 'mailgunDomain', setting: 'MAILGUN_DOMAIN' } as const;

/** `extraSettings` with the deprecated `mailgunDomain` moved in. */
export function effectiveExtraSettings(django: EnvironmentFile['django']): Record<string, string> {
  const alias = django.mailgunDomain;
  return alias === undefined || MAILGUN_DOMAIN_ALIAS.setting in django.extraSettings
    ? { ...django.extraSettings }
    : { ...django.extraSettings, [MAILGUN_DOMAIN_ALIAS.setting]: alias };
}

/** Components an environment file may configure, and whether the app runs them. */
function appRuns(app: AppContract): Record<string, boolean> {
  const celery = app.processes.celery;
  return {
    worker: celery !== undefined,
    beat: celery?.beat === true,
    flower: celery?.flower === true,
    docs: app.processes.docs,
  };
}

export function appProblems(parsed: ParsedFile, env: EnvironmentFile, app: AppContract): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const at = (field: ReadonlyArray<string>, message: string, key?: string) =>
    problems.push(fieldProblem(parsed, field, message, key));

  const module = env.django.settingsModule;
  if (module !== undefined && !app.settingsModules.includes(module)) {
    at(
      ['django', 'settingsModule'],
      `must be one of the app's settings modules (${APP_FILE} settingsModules): ${app.settingsModules.join(', ')}`,
    );
  }
  if (env.django.mailgunDomain !== undefined && MAILGUN_DOMAIN_ALIAS.setting in env.django.extraSettings) {
    at(
      ['django', MAILGUN_DOMAIN_ALIAS.field],
      `is the deprecated form of extraSettings.${MAILGUN_DOMAIN_ALIAS.setting}, which is also given: keep only extraSettings.${MAILGUN_DOMAIN_ALIAS.setting}`,
    );
  }

  const reserved = reservedSettings(app);
  for (const name of Object.keys(env.django.extraSettings)) {
    if (reserved.includes(name)) {
      at(
        ['django', 'extraSettings'],
        'is set by the chart itself: change the setting it comes from (see docs/your-app.md) instead of overriding it',
        name,
      );
    } else if (looksSecret(name)) {
      at(
        ['django', 'extraSettings'],
        'looks like a secret: put it in the environment Secret, never in configuration',
        name,
      );
    }
  }
  const given = effectiveExtraSettings(env.django);
  for (const setting of app.settings.filter((s) => s.source === 'plain' && s.required && given[s.name] === undefined)) {
    at(
      ['django', 'extraSettings'],
      `${setting.name} is required: the app reads it without a default (${setting.readBy}, ${APP_FILE}); give its value for this environment`,
    );
  }

  const runs = appRuns(app);
  if (runs.worker && env.tier !== 'development' && env.worker.replicas < 2) {
    at(
      ['worker', 'replicas'],
      `must be at least 2 in a ${env.tier} environment so tasks keep running through a node drain`,
    );
  }
  if (runs.docs && env.docs.enabled && env.images.docs === undefined) {
    at(
      ['images', 'docs'],
      `is required: the app builds a docs image (${APP_FILE} processes.docs); or set docs.enabled: false`,
    );
  }
  if (!runs.flower && env.flower.ingress !== undefined) {
    at(['flower', 'ingress'], `is for Flower, which the app does not run (${APP_FILE} processes.celery)`);
  }
  if (!runs.docs && env.docs.ingress !== undefined) {
    at(['docs', 'ingress'], `is for the docs site, which the app does not build (${APP_FILE} processes.docs)`);
  }
  env.network.egress.forEach((rule, index) => {
    rule.components.forEach((component, i) => {
      if (runs[component] === false) {
        at(
          ['network', 'egress', String(index), 'components', String(i)],
          `names ${component}, which the app does not run (${APP_FILE} processes)`,
        );
      }
    });
  });
  return problems;
}
