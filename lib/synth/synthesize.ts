import { loadConfig } from '../config/load';
import { renderDelivery } from './render-delivery';
import { environmentManifests, renderEnvironment, type FileTree } from './render-environment';

/**
 * The whole of `dist/`, in memory, from the configuration under `root`: one chart per
 * environment and the ArgoCD objects. Throws before returning anything if any file is invalid,
 * so callers write all or nothing.
 */
export function synthesize(root: string): FileTree {
  const config = loadConfig(root);
  const files: FileTree = new Map();
  const environments = config.environments.map((env) => ({
    env,
    manifests: environmentManifests(config.project, env),
  }));
  for (const { env, manifests } of environments) {
    for (const [file, content] of renderEnvironment(config.project, env, manifests)) files.set(file, content);
  }
  for (const [file, content] of renderDelivery({ project: config.project, environments })) files.set(file, content);
  return files;
}
