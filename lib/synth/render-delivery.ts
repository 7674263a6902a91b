import { App } from 'cdk8s';
import { DELIVERY_DIR, DeliveryChart, PLATFORM_PATCH_DIR, type DeliveryChartProps } from '../../charts/delivery-chart';
import { PROJECT_FILE } from '../config/load';
import { groupByComponent } from './group-by-component';
import { banner, toYamlStream } from './manifest-yaml';
import type { FileTree, Manifest } from './render-environment';

/** The platform's `argocd-cm` patch is the delivery chart's only ConfigMap. */
const isPlatformPatch = (m: Manifest) => m.kind === 'ConfigMap';

function synthesizeDelivery(props: DeliveryChartProps): Manifest[] {
  const chart = new DeliveryChart(new App({ outdir: 'unused' }), 'delivery', props);
  return chart.toJson() as Manifest[];
}

/** The ArgoCD objects (AppProjects and Applications), as synthesized: what `dist/argocd/` applies. */
export function deliveryManifests(props: DeliveryChartProps): Manifest[] {
  return synthesizeDelivery(props).filter((m) => !isPlatformPatch(m));
}

/**
 * `dist/argocd/`: one file per kind of delivery object, applied as a plain directory, and
 * `dist/argocd/platform/argocd-cm-patch.yaml`, ArgoCD settings the platform merges.
 */
export function renderDelivery(props: DeliveryChartProps): FileTree {
  const files: FileTree = new Map();
  const source = `${PROJECT_FILE} and config/environments/`;
  const manifests = synthesizeDelivery(props);
  for (const [component, group] of groupByComponent(manifests.filter((m) => !isPlatformPatch(m)))) {
    files.set(`${DELIVERY_DIR}/${component}.yaml`, banner(source) + toYamlStream(group));
  }
  const patch = manifests.filter(isPlatformPatch);
  if (patch.length > 0)
    files.set(`${DELIVERY_DIR}/${PLATFORM_PATCH_DIR}/argocd-cm-patch.yaml`, banner(source) + toYamlStream(patch));
  return files;
}
