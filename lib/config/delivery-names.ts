/**
 * Rules between config/project.yaml and the environment files about the names they compose
 * together: the Helm release and Application name `<product>-<env>`, the `dist/<env>` folder,
 * and the ArgoCD objects beside the environments (the bootstrap, the ArgoCD namespace). A clash
 * is reported at the field the user wrote: the project's when it departs from its default,
 * else the environment's, naming the other side's file and line.
 */
import { IN_CLUSTER } from './cluster-schema';
import type { ConfigProblem } from './config-error';
import { DELIVERY_DIR, releaseName } from './derived';
import type { EnvironmentEntry } from './fleet-checks';
import { HELM_RELEASE_NAME, nameRuleProblem } from './name-rules';
import { bootstrapName, type ProjectConfig } from './project-schema';
import { fieldAt, fieldProblem, type ParsedFile } from './yaml-file';

/** ArgoCD's own default namespace (argo-cd v3.5.1 manifests/install.yaml installs into `argocd`). */
const DEFAULT_ARGOCD_NAMESPACE = 'argocd';

/** Every problem of the names the project and the environments compose together. */
export function deliveryNameProblems(
  projectFile: ParsedFile,
  project: ProjectConfig,
  entries: readonly EnvironmentEntry[],
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const report = (parsed: ParsedFile, field: readonly string[], message: string): void => {
    problems.push(fieldProblem(parsed, field, message));
  };
  const product = project.product.name;
  const bootstrap = bootstrapName(project);
  const { argocdNamespace } = project.delivery;

  for (const { parsed, env } of entries) {
    if (env.name === DELIVERY_DIR) {
      report(
        parsed,
        ['name'],
        `"${DELIVERY_DIR}" is reserved: dist/${DELIVERY_DIR}/ holds the ArgoCD objects, so its chart would be written among them`,
      );
      continue;
    }
    const release = releaseName(product, env);
    const releaseProblem = nameRuleProblem(release, HELM_RELEASE_NAME);
    if (releaseProblem !== undefined) {
      report(
        parsed,
        ['name'],
        `${releaseProblem} (product.name "${product}" and this name): shorten the environment name`,
      );
    }
    if (release === bootstrap) {
      // The bootstrap's name is the user's when project.yaml sets it; else it follows the product.
      if (project.delivery.bootstrapName !== undefined)
        report(
          projectFile,
          ['delivery', 'bootstrapName'],
          `"${bootstrap}" is also the Application of the environment ${fieldAt(parsed, ['name'])}: choose another bootstrap name`,
        );
      else
        report(
          parsed,
          ['name'],
          `makes the Application name "${release}", the name of the bootstrap Application (<product>-delivery): rename the environment`,
        );
    }
    if (env.cluster === IN_CLUSTER && env.namespace === argocdNamespace) {
      if (argocdNamespace !== DEFAULT_ARGOCD_NAMESPACE)
        report(
          projectFile,
          ['delivery', 'argocdNamespace'],
          `"${argocdNamespace}" is also the namespace of the environment ${fieldAt(parsed, ['namespace'])} on ${IN_CLUSTER}: ArgoCD's namespace must hold nothing but ArgoCD`,
        );
      else
        report(
          parsed,
          ['namespace'],
          `"${argocdNamespace}" is the namespace ArgoCD runs in (delivery.argocdNamespace in ${projectFile.file}): give the environment its own namespace`,
        );
    }
  }
  return problems;
}
