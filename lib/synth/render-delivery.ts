import { App } from 'cdk8s';
import { DELIVERY_DIR, DeliveryChart, type DeliveryChartProps } from '../../charts/delivery-chart';
import { PROJECT_FILE } from '../config/load';
import { groupByComponent } from './group-by-component';
import { banner, toYamlStream } from './manifest-yaml';
import type { FileTree, Manifest } from '../common/manifest';

/** The ArgoCD objects, as synthesized. */
export function deliveryManifests(props: DeliveryChartProps): Manifest[] {
  const chart = new DeliveryChart(new App({ outdir: 'unused' }), 'delivery', props);
  return chart.toJson() as Manifest[];
}

/** `dist/argocd/`: one file per kind of delivery object, applied as a plain directory. */
export function renderDelivery(props: DeliveryChartProps): FileTree {
  const files: FileTree = new Map();
  const source = `${PROJECT_FILE} and config/environments/`;
  for (const [component, group] of groupByComponent(deliveryManifests(props))) {
    files.set(`${DELIVERY_DIR}/${component}.yaml`, banner(source) + toYamlStream(group));
  }
  return files;
}
