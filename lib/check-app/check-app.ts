/**
 * `check-app`: reads an app checkout's Django settings and reports, per environment and Django
 * container, each variable the settings read without a default that the charts do not provide.
 */
import * as fs from 'node:fs';
import { appProcess } from '../app/app-processes';
import { djangoContainers, providedSettings } from '../app/provided-settings';
import type { RenderedEnvironment } from '../common/manifest';
import { envInstances, envReads, type EnvRead } from './env-reads';
import { loadSettingsModules } from './settings-modules';

export interface AppGap {
  readonly environment: string;
  /** `Kind/name:container`. */
  readonly where: string;
  readonly read: EnvRead;
}

export interface CheckAppResult {
  /** Settings module checked per environment. */
  readonly settingsModules: ReadonlyMap<string, string>;
  /** Required reads per settings module (deduplicated by variable, first read kept). */
  readonly required: ReadonlyMap<string, readonly EnvRead[]>;
  /** Reads whose variable name is computed: they cannot be checked. */
  readonly unchecked: readonly EnvRead[];
  readonly gaps: readonly AppGap[];
}

/** Reads of a settings module and everything it imports from the checkout. */
export function settingsReads(appRoot: string, settingsModule: string): EnvRead[] {
  const modules = loadSettingsModules(appRoot, settingsModule);
  const names = new Set<string>();
  const schemeDefaults = new Set<string>();
  for (const m of modules) {
    const found = envInstances(m.tokens);
    found.names.forEach((n) => names.add(n));
    found.schemeDefaults.forEach((n) => schemeDefaults.add(n));
  }
  // `from .base import env` binds the name without an Env(...) call in the importing module.
  if (names.size === 0) names.add('env');
  return modules.flatMap((m) => envReads(m.source, m.file, { names, schemeDefaults }, m.tokens));
}

/** Checks the app at `appRoot` against every environment, as its chart renders it. */
export function checkApp(
  appRoot: string,
  environments: readonly RenderedEnvironment[],
  settingsModule?: string,
): CheckAppResult {
  if (!fs.existsSync(appRoot) || !fs.statSync(appRoot).isDirectory()) {
    throw new Error(`${appRoot} is not a directory: give the path of an app checkout`);
  }
  const settingsModules = new Map<string, string>();
  const required = new Map<string, EnvRead[]>();
  const unchecked: EnvRead[] = [];
  const gaps: AppGap[] = [];
  for (const { env, manifests } of environments) {
    const module = settingsModule ?? env.django.settingsModule;
    settingsModules.set(env.name, module);
    if (!required.has(module)) {
      const reads = settingsReads(appRoot, module);
      const byVariable = new Map<string, EnvRead>();
      for (const read of reads) {
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
        if (!provided.has(read.variable as string)) gaps.push({ environment: env.name, where, read });
      }
    }
  }
  return { settingsModules, required, unchecked, gaps };
}

const at = (read: EnvRead) => `${read.file}:${read.line}`;

/** The human report. */
export function formatCheckApp(result: CheckAppResult): string {
  const lines: string[] = [];
  for (const [module, reads] of result.required) {
    const envs = [...result.settingsModules].filter(([, m]) => m === module).map(([e]) => e);
    lines.push(`${module} (${envs.join(', ')}): ${reads.length} variable(s) read without a default`);
    for (const read of reads) {
      const note = read.inBlock ? ' (inside a block: may not run at import)' : '';
      lines.push(`  ${read.variable}  ${at(read)} ${read.form}${note}`);
    }
  }
  for (const read of result.unchecked)
    lines.push(`warning: ${at(read)}: ${read.form} reads a computed name; not checked`);
  for (const environment of result.settingsModules.keys()) {
    const gaps = result.gaps.filter((g) => g.environment === environment);
    if (gaps.length === 0) {
      lines.push(`${environment}: every Django container gets every one`);
      continue;
    }
    for (const gap of gaps) {
      lines.push(
        `${environment}: ${gap.where} lacks ${gap.read.variable} (read without a default at ${at(gap.read)}): add it to the app contract and the charts, or give it a default`,
      );
    }
  }
  lines.push(result.gaps.length === 0 ? 'check-app: no gap' : `check-app: ${result.gaps.length} gap(s)`);
  return `${lines.join('\n')}\n`;
}
