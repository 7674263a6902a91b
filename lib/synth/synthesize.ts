import { loadConfig } from '../config/load';
import { renderEnvironment, type FileTree } from './render-environment';

/**
 * The whole of `dist/`, in memory, from the configuration under `root`. Throws before returning
 * anything if any file is invalid, so callers write all or nothing.
 */
export function synthesize(root: string): FileTree {
  const config = loadConfig(root);
  const files: FileTree = new Map();
  for (const env of config.environments) {
    for (const [file, content] of renderEnvironment(config.project, env)) files.set(file, content);
  }
  return files;
}
