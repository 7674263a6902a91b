/**
 * The project's charts as objects: each chart built in an App of its own and resolved. This is
 * the ChartFactory the entry points give lib/synth, which never imports charts/ itself.
 */
import { App } from 'cdk8s';
import type { Manifest, RenderedEnvironment } from '../lib/common/manifest';
import type { EnvironmentConfig } from '../lib/config/environment-schema';
import type { ProjectConfig } from '../lib/config/project-schema';
import type { ChartFactory } from '../lib/synth/chart-factory';
import { isPlatformPatch } from '../lib/synth/render-delivery';
import { DeliveryChart } from './delivery-chart';
import { EnvironmentChart } from './environment-chart';

/** The objects of one environment, in dependency order. */
export function environmentManifests(project: ProjectConfig, env: EnvironmentConfig): Manifest[] {
  const chart = new EnvironmentChart(new App({ outdir: 'unused' }), env.name, { project, env });
  return chart.toJson() as Manifest[];
}

/** Everything the delivery chart synthesizes: the ArgoCD objects and the platform's argocd-cm patch. */
function deliveryChartObjects(
  project: ProjectConfig,
  environments: readonly RenderedEnvironment<EnvironmentConfig>[],
): Manifest[] {
  const chart = new DeliveryChart(new App({ outdir: 'unused' }), 'delivery', { project, environments });
  return chart.toJson() as Manifest[];
}

/** The ArgoCD objects (AppProjects and Applications), as synthesized: what `dist/argocd/` applies. */
export function deliveryManifests(
  project: ProjectConfig,
  environments: readonly RenderedEnvironment<EnvironmentConfig>[],
): Manifest[] {
  return deliveryChartObjects(project, environments).filter((m) => !isPlatformPatch(m));
}

/** Both, for lib/synth. */
export const CHARTS: ChartFactory = { environment: environmentManifests, delivery: deliveryChartObjects };
