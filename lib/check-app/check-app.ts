/**
 * `check-app`: reads an app checkout's Django settings and reports, per environment and Django
 * container, each variable the settings require at import that the charts do not provide; that
 * the modules the contract names exist; and, as warnings, what it cannot check (reads in
 * conditional blocks, computed names, python-dotenv / python-decouple).
 */
import * as fs from 'node:fs';
import { appProcess } from '../app/app-processes';
import { djangoContainers, providedSettings } from '../app/provided-settings';
import type { RenderedEnvironment } from '../common/manifest';
import type { EnvironmentConfig } from '../config/environment-schema';
import { appContractModules, missingModules, type MissingModule } from './app-modules';
import { envInstances, envReads, type EnvRead } from './env-reads';
import { loadSettingsModules, type UnfollowedReader } from './settings-modules';

export interface AppGap {
  readonly environment: string;
  /** `Kind/name:container`. */
  readonly where: string;
  readonly read: EnvRead;
}

export interface CheckAppResult {
  /** Settings module checked per environment. */
  readonly settingsModules: ReadonlyMap<string, string>;
  /** Required reads at import per settings module (deduplicated by variable, first read kept). */
  readonly required: ReadonlyMap<string, readonly EnvRead[]>;
  /** Reads without a default inside a conditional block, not provided somewhere: warnings. */
  readonly conditional: readonly EnvRead[];
  /** Reads whose variable name is computed: they cannot be checked. */
  readonly unchecked: readonly EnvRead[];
  /** python-dotenv / python-decouple: the settings read the environment in a way not followed. */
  readonly unfollowed: readonly UnfollowedReader[];
  readonly missing: readonly MissingModule[];
  readonly gaps: readonly AppGap[];
}

/**
 * Every read of a settings module and of everything it imports from the checkout, with the text
 * of each file read (path relative to the checkout → source, the settings module first).
 */
export function settingsReads(
  appRoot: string,
  settingsModule: string,
): { reads: EnvRead[]; unfollowed: UnfollowedReader[]; sources: Map<string, string> } {
  const { modules, unfollowed } = loadSettingsModules(appRoot, settingsModule);
  const names = new Set<string>();
  const schemeDefaults = new Set<string>();
  for (const m of modules) {
    const found = envInstances(m.module);
    found.names.forEach((n) => names.add(n));
    found.schemeDefaults.forEach((n) => schemeDefaults.add(n));
  }
  // `from .base import env` binds the name without an Env(...) call in the importing module.
  if (names.size === 0) names.add('env');
  const reads = modules.flatMap((m) => envReads(m.module, m.file, { names, schemeDefaults }));
  return { reads, unfollowed, sources: new Map(modules.map((m) => [m.file, m.module.source])) };
}

/** Checks the app at `appRoot` against every environment, as its chart renders it. */
export function checkApp(
  appRoot: string,
  environments: readonly RenderedEnvironment<EnvironmentConfig>[],
  settingsModule?: string,
): CheckAppResult {
  if (!fs.existsSync(appRoot) || !fs.statSync(appRoot).isDirectory()) {
    throw new Error(`${appRoot} is not a directory: give the path of an app checkout`);
  }
  const settingsModules = new Map<string, string>();
  const required = new Map<string, EnvRead[]>();
  const conditional = new Map<string, EnvRead>();
  const unchecked: EnvRead[] = [];
  const unfollowed: UnfollowedReader[] = [];
  const gaps: AppGap[] = [];
  for (const { env, manifests } of environments) {
    const module = settingsModule ?? env.django.settingsModule;
    settingsModules.set(env.name, module);
    if (!required.has(module)) {
      const found = settingsReads(appRoot, module);
      unfollowed.push(...found.unfollowed);
      const byVariable = new Map<string, EnvRead>();
      for (const read of found.reads) {
        if (read.variable === undefined) unchecked.push(read);
        else if (read.required && !byVariable.has(read.variable)) byVariable.set(read.variable, read);
      }
      required.set(module, [...byVariable.values()]);
    }
    // Each environment deploys the contract the loader attached (config/app.yaml).
    for (const { process, where, container } of djangoContainers(manifests, env.images.app.repository)) {
      if (!appProcess(env.app, process).importsSettings) continue;
      const provided = providedSettings(container, manifests, env.app);
      for (const read of required.get(module) ?? []) {
        if (provided.has(read.variable as string)) continue;
        // A read in an `if`/`try`/`def` may never run: a warning, not a gap.
        if (read.block) conditional.set(`${read.file}:${read.line}:${read.variable}`, read);
        else gaps.push({ environment: env.name, where, read });
      }
    }
  }
  // Every environment deploys the same contract (config/app.yaml): its modules must be in the app.
  const contract = environments[0]?.env.app;
  const missing = contract ? missingModules(appRoot, appContractModules(contract)) : [];
  return { settingsModules, required, conditional: [...conditional.values()], unchecked, unfollowed, missing, gaps };
}
