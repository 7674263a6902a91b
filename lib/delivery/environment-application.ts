import { Construct } from 'constructs';
import { ARGOCD_SYNC_OPTIONS } from '../platform/sync-order';
import { Application } from '../../imports/argocd-application-argoproj.io';
import { COMPARE_OPTIONS_ANNOTATION, PRUNE_CONFIRM, SERVER_SIDE_DIFF, SYNC_RETRY } from './argocd-options';

/**
 * ArgoCD deletes the Application's resources before the Application itself, each with foreground
 * propagation: an object is gone only once its dependents (ReplicaSets, Pods, a CronJob's Jobs)
 * are, and the finalizer waits for every object it deleted (argo-cd v3.5.1
 * controller/appcontroller.go `finalizeApplicationDeletion`: Foreground unless the finalizer is
 * the `/background` one). So once the Application has disappeared nothing of the environment
 * runs any more, which the bootstrap's order relies on (lib/delivery/delivery-bootstrap.ts).
 *
 * The domain-qualified name (pkg/apis/application/v1alpha1/application_defaults.go
 * `ForegroundPropagationPolicyFinalizer`; types.go `isPropagationPolicyFinalizer` accepts it as
 * it accepts the plain name, which means foreground too): Kubernetes 1.29+ answers a finalizer
 * without a path with a warning (apiextensions-apiserver pkg/registry/customresource/validator.go
 * `validateKubeFinalizerName`; argo-cd#21035), which a `--warnings-as-errors` apply refuses.
 */
export const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io/foreground';

export interface EnvironmentApplicationProps {
  readonly name: string;
  readonly argocdNamespace: string;
  readonly project: string;
  readonly repoURL: string;
  readonly targetRevision: string;
  /** Folder of the chart in the repository (`dist/<env>`). */
  readonly path: string;
  /** Helm release name; equals the chart's `app.kubernetes.io/instance`. */
  readonly releaseName: string;
  /** ArgoCD's name of the destination cluster (`in-cluster` for its own). */
  readonly cluster: string;
  readonly namespace: string;
  /** Sync on every commit; otherwise a person syncs. */
  readonly automated: boolean;
  /** @default true */
  readonly prune?: boolean;
  /** @default true */
  readonly selfHeal?: boolean;
  /** Labels ArgoCD puts on the namespace it creates (Pod Security). */
  readonly namespaceLabels: Record<string, string>;
  readonly labels: Record<string, string>;
}

/** One environment's Application: the chart in `dist/<env>` synced into its namespace. */
export class EnvironmentApplication extends Construct {
  public constructor(scope: Construct, id: string, props: EnvironmentApplicationProps) {
    super(scope, id);
    new Application(this, 'Resource', {
      metadata: {
        name: props.name,
        namespace: props.argocdNamespace,
        labels: props.labels,
        annotations: {
          [COMPARE_OPTIONS_ANNOTATION]: SERVER_SIDE_DIFF,
          [ARGOCD_SYNC_OPTIONS]: PRUNE_CONFIRM,
        },
        finalizers: [RESOURCES_FINALIZER],
      },
      spec: {
        project: props.project,
        source: {
          repoUrl: props.repoURL,
          targetRevision: props.targetRevision,
          path: props.path,
          helm: { releaseName: props.releaseName },
        },
        destination: { name: props.cluster, namespace: props.namespace },
        revisionHistoryLimit: 10,
        syncPolicy: {
          // `enabled` needs ArgoCD 3.1+; older versions reject the field.
          automated: props.automated
            ? { enabled: true, prune: props.prune ?? true, selfHeal: props.selfHeal ?? true }
            : undefined,
          syncOptions: [
            // The chart never holds its Namespace (lib/platform/environment-namespace.ts): ArgoCD
            // creates it, and labels it through managedNamespaceMetadata, which only acts through
            // CreateNamespace (gitops-engine sync_context.go autoCreateNamespace).
            'CreateNamespace=true',
            // Prune only after every new object is healthy, so a rename never leaves a gap.
            'PruneLast=true',
            'ServerSideApply=true',
            // Never adopt an object another Application already manages.
            'FailOnSharedResource=true',
          ],
          managedNamespaceMetadata: { labels: props.namespaceLabels },
          retry: SYNC_RETRY,
        },
      },
    });
  }
}
