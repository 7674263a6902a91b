import { environmentMatrix } from './environment-matrix';
import { loadConfig, type ConfigOverrides, type LoadedConfig } from '../config/load';
import { renderDelivery } from './render-delivery';
import { renderEnvironment } from './render-environment';
import type { ChartFactory } from './chart-factory';
import type { FileTree } from '../common/manifest';

export interface SynthesizeOptions {
  /** Builds the charts' objects (charts/render.ts `CHARTS` for this project). */
  readonly charts: ChartFactory;
  /** Configuration file contents to use instead of the files on disk. */
  readonly overrides?: ConfigOverrides;
  /** Called before each environment is rendered (for progress output). */
  readonly onProgress?: (step: number, total: number, what: string) => void;
}

/** Everything generated from the configuration. */
export interface SynthesisResult {
  readonly config: LoadedConfig;
  /** The contents of `dist/`, keyed by path under it. */
  readonly dist: FileTree;
  /** The environment matrix (`docs/environments.md`). */
  readonly matrix: string;
  /** Milliseconds spent in each phase (for `npm run bench`; never part of any output). */
  readonly timings: SynthesisTimings;
}

/** Where the synth spends its time: reading and validating, building constructs, writing YAML. */
export interface SynthesisTimings {
  /** Parsing and validating the configuration files. */
  readonly configMs: number;
  /** Building every environment's constructs and resolving them to objects (`Chart.toJson()`). */
  readonly constructsMs: number;
  /** Rendering the objects to YAML files, the ArgoCD objects and the environment matrix. */
  readonly renderMs: number;
}

/**
 * Everything generated, in memory, from the configuration under `root`: one chart per
 * environment, the ArgoCD objects and the environment matrix. Throws before returning anything
 * if any file is invalid, so callers write all or nothing.
 */
export function synthesizeAll(root: string, options: SynthesizeOptions): SynthesisResult {
  const start = performance.now();
  const config = loadConfig(root, options.overrides);
  const loaded = performance.now();
  const dist: FileTree = new Map();
  const total = config.environments.length + 1;
  const environments = config.environments.map((env, i) => {
    options.onProgress?.(i + 1, total, env.name);
    return { env, manifests: options.charts.environment(config.project, env) };
  });
  const built = performance.now();
  for (const { env, manifests } of environments) {
    for (const [file, content] of renderEnvironment(config.project, env, manifests)) dist.set(file, content);
  }
  options.onProgress?.(total, total, 'argocd');
  for (const [file, content] of renderDelivery(options.charts.delivery(config.project, environments)))
    dist.set(file, content);
  const matrix = environmentMatrix(environments);
  const timings = { configMs: loaded - start, constructsMs: built - loaded, renderMs: performance.now() - built };
  return { config, dist, matrix, timings };
}

/** The contents of `dist/` alone. */
export function synthesize(root: string, options: SynthesizeOptions): FileTree {
  return synthesizeAll(root, options).dist;
}
