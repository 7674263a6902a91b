import type { FileTree, Manifest } from '../common/manifest';
import { DELIVERY_DIR } from '../config/derived';
import { PROJECT_FILE } from '../config/load';
import { groupByComponent } from '../common/group-by-component';
import { banner, toYamlStream } from './manifest-yaml';

/**
 * Subfolder of DELIVERY_DIR for what the platform merges into ArgoCD's own configuration; the
 * bootstrap Application reads DELIVERY_DIR without recursion, so it never applies these.
 */
export const PLATFORM_PATCH_DIR = 'platform';

/** The platform's `argocd-cm` patch is the delivery chart's only ConfigMap. */
export const isPlatformPatch = (m: Manifest): boolean => m.kind === 'ConfigMap';

/**
 * `dist/argocd/`: one file per kind of delivery object, applied as a plain directory, and
 * `dist/argocd/platform/argocd-cm-patch.yaml`, ArgoCD settings the platform merges.
 */
export function renderDelivery(manifests: readonly Manifest[]): FileTree {
  const files: FileTree = new Map();
  const source = `${PROJECT_FILE} and config/environments/`;
  for (const [component, group] of groupByComponent(manifests.filter((m) => !isPlatformPatch(m)))) {
    files.set(`${DELIVERY_DIR}/${component}.yaml`, banner(source) + toYamlStream(group));
  }
  const patch = manifests.filter(isPlatformPatch);
  if (patch.length > 0)
    files.set(`${DELIVERY_DIR}/${PLATFORM_PATCH_DIR}/argocd-cm-patch.yaml`, banner(source) + toYamlStream(patch));
  return files;
}
