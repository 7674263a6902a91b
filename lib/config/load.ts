/**
 * Reads the configuration files, validates them, and returns typed configuration, or throws a
 * ConfigError naming each file, field and reason. Nothing else in the project reads files for
 * configuration: constructs get plain validated objects.
 */
import * as path from 'node:path';
import type { AppContract } from '../app/app-contract';
import { effectiveExtraSettings, appProblems } from './app-checks';
import { cloudIdentityProblems } from './environment/cloud-identity-checks';
import { APP_FILE, appSchema } from './app-schema';
import { CLUSTERS_DIR, clusterSchema, type ClusterConfig } from './cluster-schema';
import { ConfigError, type ConfigProblem } from './config-error';
import { deliveryNameProblems } from './delivery-names';
import { CONFIG_EXTENSION, checkConfigFolder, configFiles } from './config-folder';
import { environmentSchema, type EnvironmentConfig, type EnvironmentFile } from './environment-schema';
import { type EnvironmentEntry, fleetProblems } from './fleet-checks';
import { sharedHostProblems } from './shared-hosts';
import { ghcrRepositories, githubRepository, projectSchema, type ProjectConfig } from './project-schema';
import { validate } from './validate-file';
import { type ConfigOverrides, fieldProblem, parseFile, type ParsedFile } from './yaml-file';

export type { ConfigOverrides } from './yaml-file';

export const PROJECT_FILE = 'config/project.yaml';
export const ENVIRONMENTS_DIR = 'config/environments';

/** Everything the synth needs, validated. */
export interface LoadedConfig {
  readonly project: ProjectConfig;
  /** The app contract (`config/app.yaml`). */
  readonly app: AppContract;
  /** Clusters sorted by name. */
  readonly clusters: readonly ClusterConfig[];
  /** Environments sorted by name, so output order never depends on the file system. */
  readonly environments: readonly EnvironmentConfig[];
}

/** A file whose `name` must equal its file name. */
function checkName(parsed: ParsedFile, name: string, problems: ConfigProblem[]): void {
  const stem = path.basename(parsed.file, CONFIG_EXTENSION);
  if (name !== stem) {
    problems.push(fieldProblem(parsed, ['name'], `must equal the file name "${stem}"`));
  }
}

/** What stands for an app repository refused in project.yaml while the environments are checked. */
const REFUSED_REPOSITORY_STAND_IN = 'refused/refused';

/** `app.githubRepository` as project.yaml's data has it (valid or not), or undefined. */
function appRepositoryOf(data: unknown): unknown {
  const app = (data as { app?: unknown } | undefined)?.app;
  return typeof app === 'object' && app !== null ? (app as { githubRepository?: unknown }).githubRepository : undefined;
}

/**
 * Fills `images.app.repository` and `images.docs.repository` from the project's app repository
 * where an environment file leaves them out, so the names are configured once.
 */
function withImageDefaults(raw: unknown, names: { app: string; docs: string } | undefined): unknown {
  if (!names || typeof raw !== 'object' || raw === null) return raw;
  const images = (raw as { images?: unknown }).images;
  if (typeof images !== 'object' || images === null) return raw;
  const filled: Record<string, unknown> = { ...(images as Record<string, unknown>) };
  for (const key of ['app', 'docs'] as const) {
    const image = filled[key];
    if (typeof image === 'object' && image !== null && !('repository' in image)) {
      filled[key] = { repository: names[key], ...image };
    }
  }
  return { ...raw, images: filled };
}

/**
 * Loads and validates `config/project.yaml`, every `config/clusters/*.yaml` and every
 * `config/environments/*.yaml` under `root`, then the rules between them. `overrides` replaces
 * the text of some files, so an edit can be validated before it is written.
 */
export function loadConfig(root: string, overrides?: ConfigOverrides): LoadedConfig {
  const problems: ConfigProblem[] = [];
  checkConfigFolder(
    root,
    [
      path.basename(PROJECT_FILE),
      path.basename(APP_FILE),
      path.basename(CLUSTERS_DIR),
      path.basename(ENVIRONMENTS_DIR),
    ],
    problems,
  );
  const projectFile = parseFile(root, PROJECT_FILE, problems, overrides);
  const project = projectFile && validate(projectFile, projectSchema, problems);
  const appFile = parseFile(root, APP_FILE, problems, overrides);
  const app = appFile && validate(appFile, appSchema, problems);

  const clusters: ClusterConfig[] = [];
  for (const file of configFiles(root, CLUSTERS_DIR, 'cluster', problems)) {
    const parsed = parseFile(root, file, problems, overrides);
    const cluster = parsed && validate(parsed, clusterSchema, problems);
    if (!parsed || !cluster) continue;
    checkName(parsed, cluster.name, problems);
    clusters.push(cluster);
  }

  // The image names come from app.githubRepository when it is valid, even if another field of
  // project.yaml is not. One that was refused there is reported there, once: the environment
  // files are then checked with stand-in names (never synthesized: the refusal is certain), not
  // refused for the names it would have given them.
  const appRepository = appRepositoryOf(projectFile?.data);
  const checkedRepository = appRepository === undefined ? undefined : githubRepository.safeParse(appRepository);
  const imageNames =
    checkedRepository === undefined
      ? undefined
      : ghcrRepositories(checkedRepository.success ? checkedRepository.data : REFUSED_REPOSITORY_STAND_IN);
  const files: EnvironmentEntry[] = [];
  for (const file of configFiles(root, ENVIRONMENTS_DIR, 'environment', problems)) {
    const parsed = parseFile(root, file, problems, overrides);
    const env = parsed && validate(parsed, environmentSchema, problems, (raw) => withImageDefaults(raw, imageNames));
    if (!parsed || !env) continue;
    checkName(parsed, env.name, problems);
    if (app) problems.push(...appProblems(parsed, env, app), ...cloudIdentityProblems(parsed, env, app));
    files.push({ parsed, env });
  }
  problems.push(...fleetProblems(files, clusters), ...sharedHostProblems(files));

  if (projectFile && project) problems.push(...deliveryNameProblems(projectFile, project, files));
  const byName = new Map(clusters.map((c) => [c.name, c]));
  const environments: EnvironmentConfig[] = [];
  for (const { parsed, env } of files) {
    const cluster = byName.get(env.cluster);
    const resolved = cluster && app && resolveEnvironment(env, cluster, app);
    if (resolved) environments.push(resolved);
    // fleetProblems has said why, with the field; should it ever miss a case, the environment is
    // still refused here rather than dropped from dist/ (where ArgoCD would prune it).
    else if (app && !problems.some((p) => p.file === parsed.file))
      problems.push(
        fieldProblem(
          parsed,
          ['cluster'],
          `"${env.cluster}" lacks what this environment needs (see ${CLUSTERS_DIR}/${env.cluster}.yaml)`,
        ),
      );
  }
  if (problems.length > 0 || !project || !app) throw new ConfigError(problems);
  return { project, app, clusters, environments };
}

/** `config/app.yaml` under `root`, validated; a ConfigError (file:line, field, reason) otherwise. */
export function loadAppContract(root: string, overrides?: ConfigOverrides): AppContract {
  const problems: ConfigProblem[] = [];
  const parsed = parseFile(root, APP_FILE, problems, overrides);
  const app = parsed && validate(parsed, appSchema, problems);
  if (!app) throw new ConfigError(problems);
  return app;
}

/**
 * An environment file on its cluster, for the app: the cluster's facts and the contract attached
 * (see `EnvironmentConfig`), and a CloudNativePG database given the operator and API server it
 * needs. Undefined when the cluster lacks them (`fleetProblems` says so, with the file and line).
 */
export function resolveEnvironment(
  env: EnvironmentFile,
  platform: ClusterConfig,
  app: AppContract,
): EnvironmentConfig | undefined {
  const django = { ...env.django, settingsModule: env.django.settingsModule ?? app.settingsModules[0] };
  // The deprecated field lives on in extraSettings only.
  delete django.mailgunDomain;
  const forApp = {
    ...env,
    django: { ...django, extraSettings: effectiveExtraSettings(env.django) },
    web: { ...env.web, port: env.web.port ?? app.port },
    flower: { ...env.flower, enabled: env.flower.enabled && app.processes.celery?.flower === true },
    docs: { ...env.docs, enabled: env.docs.enabled && app.processes.docs },
    platform,
    app,
  };
  const db = env.database;
  if (db.mode !== 'cloudnativepg') return { ...forApp, database: db };
  const operator = platform.operators.cloudnativepg;
  const api = platform.kubernetesApi;
  if (!operator || !api) return undefined;
  return { ...forApp, database: { ...db, platform: { operatorNamespace: operator.namespace, kubernetesApi: api } } };
}
