import { Construct } from 'constructs';
import { Application } from '../../imports/argocd-application-argoproj.io';
import { AppProject } from '../../imports/argocd-appproject-argoproj.io';

export interface DeliveryBootstrapProps {
  /** Name of the bootstrap AppProject and Application. */
  readonly name: string;
  readonly argocdNamespace: string;
  readonly repoURL: string;
  readonly targetRevision: string;
  /** Folder of the ArgoCD objects in the repository (`dist/argocd`). */
  readonly path: string;
  /** ArgoCD's name of the cluster it runs in, where the ArgoCD objects live. */
  readonly cluster: string;
  readonly labels: Record<string, string>;
}

/**
 * The one object applied by hand: an Application that keeps the ArgoCD objects of `dist/argocd/`
 * (itself included) in sync with git, in a project that may only manage ArgoCD's own
 * Applications and AppProjects. It has no resources finalizer: deleting it by mistake must not
 * cascade into deleting the environments.
 */
export class DeliveryBootstrap extends Construct {
  public constructor(scope: Construct, id: string, props: DeliveryBootstrapProps) {
    super(scope, id);
    new AppProject(this, 'Project', {
      metadata: { name: props.name, namespace: props.argocdNamespace, labels: props.labels },
      spec: {
        description: 'Manages the ArgoCD Applications and AppProjects of dist/argocd/ only',
        sourceRepos: [props.repoURL],
        destinations: [{ name: props.cluster, namespace: props.argocdNamespace }],
        clusterResourceWhitelist: [],
        namespaceResourceWhitelist: [
          { group: 'argoproj.io', kind: 'Application' },
          { group: 'argoproj.io', kind: 'AppProject' },
        ],
        orphanedResources: { warn: true },
      },
    });
    new Application(this, 'Application', {
      metadata: { name: props.name, namespace: props.argocdNamespace, labels: props.labels },
      spec: {
        project: props.name,
        source: {
          repoUrl: props.repoURL,
          targetRevision: props.targetRevision,
          path: props.path,
          directory: { recurse: false },
        },
        destination: { name: props.cluster, namespace: props.argocdNamespace },
        syncPolicy: {
          // Removing an environment from git removes its Application (and, through its
          // finalizer, its resources), but only after review of the pull request that did it.
          automated: { enabled: true, prune: true, selfHeal: true },
          syncOptions: ['PruneLast=true', 'ServerSideApply=true'],
          retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '5m' } },
        },
      },
    });
  }
}
