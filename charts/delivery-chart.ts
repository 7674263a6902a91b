import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { IN_CLUSTER } from '../lib/config/cluster-schema';
import { chartPath, DELIVERY_DIR, releaseName, syncAutomated } from '../lib/config/derived';
import { appProjectDescription, bootstrapName, type ProjectConfig } from '../lib/config/project-schema';
import { MANAGED_BY } from '../lib/common/stack-context';
import { ArgoCdConfigPatch } from '../lib/delivery/argocd-cm-patch';
import { DeliveryBootstrap } from '../lib/delivery/delivery-bootstrap';
import { EnvironmentApplication } from '../lib/delivery/environment-application';
import { EnvironmentProject } from '../lib/delivery/environment-project';
import { distinctKinds } from '../lib/delivery/resource-kinds';
import { environmentNamespaceLabels } from '../lib/platform/environment-namespace';
import type { RenderedEnvironment } from '../lib/common/manifest';
import type { EnvironmentConfig } from '../lib/config/environment-schema';

export interface DeliveryChartProps {
  readonly project: ProjectConfig;
  /** Each environment with the objects its chart renders (to white-list exactly their kinds). */
  readonly environments: readonly RenderedEnvironment<EnvironmentConfig>[];
}

/** The ArgoCD side: the AppProject, one Application per environment, and the bootstrap. */
export class DeliveryChart extends Chart {
  public constructor(scope: Construct, id: string, props: DeliveryChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { project } = props;
    const { delivery } = project;
    const product = project.product.name;
    const labels = (component: string) => ({
      'app.kubernetes.io/name': 'argocd',
      'app.kubernetes.io/instance': `${product}-${component}`,
      'app.kubernetes.io/component': component,
      'app.kubernetes.io/part-of': product,
      'app.kubernetes.io/managed-by': MANAGED_BY,
    });
    const objects = props.environments.flatMap((e) => e.manifests);
    // No chart holds its Namespace (lib/platform/environment-namespace.ts says why): ArgoCD
    // creates each one, and checks it against the project like any other object (gitops-engine
    // sync_context.go: the auto-created namespace task goes through the permission validator),
    // so the kind is white-listed.
    const createdNamespaces = props.environments.map((e) => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: e.env.namespace },
    }));
    const kinds = distinctKinds([...objects, ...createdNamespaces]);
    const clusterScoped = new Set([
      ...objects.filter((o) => o.metadata.namespace === undefined).map((o) => o.kind),
      ...createdNamespaces.map((o) => o.kind),
    ]);

    new EnvironmentProject(this, 'Project', {
      name: delivery.project,
      argocdNamespace: delivery.argocdNamespace,
      description: appProjectDescription(project),
      repoURL: delivery.repoURL,
      destinations: props.environments.map(({ env }) => ({ cluster: env.cluster, namespace: env.namespace })),
      clusterKinds: kinds.filter((k) => clusterScoped.has(k.kind)),
      namespacedKinds: kinds.filter((k) => !clusterScoped.has(k.kind)),
      syncWindows: props.environments.flatMap(({ env }) =>
        env.delivery.syncWindows.map((w) => ({ ...w, application: releaseName(product, env) })),
      ),
      labels: labels('project'),
    });

    for (const { env } of props.environments) {
      new EnvironmentApplication(this, env.name, {
        name: releaseName(product, env),
        argocdNamespace: delivery.argocdNamespace,
        project: delivery.project,
        repoURL: delivery.repoURL,
        targetRevision: env.delivery.targetRevision,
        path: chartPath(env),
        releaseName: releaseName(product, env),
        cluster: env.cluster,
        namespace: env.namespace,
        automated: syncAutomated(env),
        prune: env.delivery.prune,
        selfHeal: env.delivery.selfHeal,
        namespaceLabels: environmentNamespaceLabels(product),
        labels: { ...labels('application'), 'app.kubernetes.io/instance': releaseName(product, env) },
      });
    }

    new DeliveryBootstrap(this, 'Bootstrap', {
      name: bootstrapName(project),
      argocdNamespace: delivery.argocdNamespace,
      repoURL: delivery.repoURL,
      targetRevision: delivery.bootstrapRevision,
      path: `dist/${DELIVERY_DIR}`,
      cluster: IN_CLUSTER,
      namePrefix: product,
      labels: labels('bootstrap'),
    });

    new ArgoCdConfigPatch(this, 'ArgoCdConfig', {
      argocdNamespace: delivery.argocdNamespace,
      cloudNativePgHealth: objects.some((o) => o.apiVersion.startsWith('postgresql.cnpg.io/') && o.kind === 'Cluster'),
    });
  }
}
