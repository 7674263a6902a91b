/**
 * How lib/ gets the objects of the charts without importing charts/: the entry points (main.ts,
 * cli.ts, the tests) hand the synth a factory that builds them (charts/render.ts), so lib/ holds
 * the constructs and the rendering, and charts/ composes them; the dependency points one way.
 */
import type { EnvironmentConfig } from '../config/environment-schema';
import type { ProjectConfig } from '../config/project-schema';
import type { Manifest, RenderedEnvironment } from '../common/manifest';

export interface ChartFactory {
  /** The objects of one environment's chart, in dependency order. */
  environment(project: ProjectConfig, env: EnvironmentConfig): Manifest[];
  /** The ArgoCD objects for the environments, each given with the objects its chart renders. */
  delivery(project: ProjectConfig, environments: readonly RenderedEnvironment<EnvironmentConfig>[]): Manifest[];
}
