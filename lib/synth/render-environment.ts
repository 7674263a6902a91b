import type { EnvironmentConfig } from '../config/environment-schema';
import { ENVIRONMENTS_DIR } from '../config/load';
import type { ProjectConfig } from '../config/project-schema';
import { groupByComponent } from '../common/group-by-component';
import { assertHelmInert } from './helm-inert';
import { banner, toYaml, toYamlStream } from './manifest-yaml';
import type { FileTree, Manifest } from '../common/manifest';

/** Oldest Kubernetes the charts are written for: cdk8s-plus-27's API level. */
export const KUBE_VERSION_CONSTRAINT = '>=1.27.0-0';

/**
 * One environment as a Helm chart: `Chart.yaml` and one template file per component, so a diff
 * of `dist/` reads by component.
 */
export function renderEnvironment(
  project: ProjectConfig,
  env: EnvironmentConfig,
  manifests: readonly Manifest[],
): FileTree {
  const source = `${ENVIRONMENTS_DIR}/${env.name}.yaml`;
  const files: FileTree = new Map();
  const chartYaml = {
    apiVersion: 'v2',
    name: `${project.product.name}-${env.name}`,
    description: `${project.product.description} (${env.name} environment)`,
    type: 'application',
    version: env.chart.version,
    appVersion: env.images.app.tag,
    kubeVersion: KUBE_VERSION_CONSTRAINT,
    annotations: { 'environment/tier': env.tier },
  };
  files.set(`${env.name}/Chart.yaml`, banner(source) + toYaml(chartYaml));
  // Helm wants a values file; every value is already rendered, so it states that.
  files.set(
    `${env.name}/values.yaml`,
    banner(source) + '# This chart is fully rendered: it takes no values. Change the environment file instead.\n{}\n',
  );

  for (const [component, group] of groupByComponent(manifests)) {
    const file = `${env.name}/templates/${component}.yaml`;
    const text = banner(source) + toYamlStream(group);
    // Helm renders these files as Go templates: the writer escapes what it would act on.
    assertHelmInert(file, text);
    files.set(file, text);
  }
  return files;
}
