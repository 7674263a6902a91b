import type { FileTree, Manifest } from '../common/manifest';
import { PROJECT_FILE } from '../config/load';
import { groupByComponent } from './group-by-component';
import { banner, toYamlStream } from './manifest-yaml';

/** Folder of `dist/` that holds the ArgoCD objects. */
export const DELIVERY_DIR = 'argocd';

/** `dist/argocd/`: one file per kind of delivery object, applied as a plain directory. */
export function renderDelivery(manifests: readonly Manifest[]): FileTree {
  const files: FileTree = new Map();
  const source = `${PROJECT_FILE} and config/environments/`;
  for (const [component, group] of groupByComponent(manifests)) {
    files.set(`${DELIVERY_DIR}/${component}.yaml`, banner(source) + toYamlStream(group));
  }
  return files;
}
