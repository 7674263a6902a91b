import { loadConfig, type ConfigOverrides } from '../config/load';
import { renderDelivery } from './render-delivery';
import { environmentManifests, renderEnvironment, type FileTree } from './render-environment';

export interface SynthesizeOptions {
  /** Configuration file contents to use instead of the files on disk. */
  readonly overrides?: ConfigOverrides;
  /** Called before each environment is rendered (for progress output). */
  readonly onProgress?: (step: number, total: number, what: string) => void;
}

/**
 * The whole of `dist/`, in memory, from the configuration under `root`: one chart per
 * environment and the ArgoCD objects. Throws before returning anything if any file is invalid,
 * so callers write all or nothing.
 */
export function synthesize(root: string, options: SynthesizeOptions = {}): FileTree {
  const config = loadConfig(root, options.overrides);
  const files: FileTree = new Map();
  const total = config.environments.length + 1;
  const environments = config.environments.map((env, i) => {
    options.onProgress?.(i + 1, total, env.name);
    return { env, manifests: environmentManifests(config.project, env) };
  });
  for (const { env, manifests } of environments) {
    for (const [file, content] of renderEnvironment(config.project, env, manifests)) files.set(file, content);
  }
  options.onProgress?.(total, total, 'argocd');
  for (const [file, content] of renderDelivery({ project: config.project, environments })) files.set(file, content);
  return files;
}
