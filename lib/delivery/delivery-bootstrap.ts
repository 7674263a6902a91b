import { Construct } from 'constructs';
import { Application } from '../../imports/argocd-application-argoproj.io';
import { AppProject } from '../../imports/argocd-appproject-argoproj.io';
import { COMPARE_OPTIONS_ANNOTATION, SERVER_SIDE_DIFF, SYNC_RETRY } from './argocd-options';
import { ignoreOrphansNotNamed } from './orphan-ignore';

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
  /**
   * Every object the bootstrap manages starts with this (the product name). Other teams'
   * Applications in the ArgoCD namespace are not reported as orphans.
   */
  readonly namePrefix: string;
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
        // The ArgoCD namespace holds every team's Applications: warn only about our own strays.
        orphanedResources: { warn: true, ignore: ignoreOrphansNotNamed('argoproj.io', props.namePrefix) },
      },
    });
    new Application(this, 'Application', {
      metadata: {
        name: props.name,
        namespace: props.argocdNamespace,
        labels: props.labels,
        annotations: { [COMPARE_OPTIONS_ANNOTATION]: SERVER_SIDE_DIFF },
      },
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
          // Prune: an environment removed from git loses its Application, but only once a person
          // confirms (Prune=confirm on each Application). Self-heal: a hand edit of an
          // Application or project (a sync window, auto-sync switched off) is reverted; during an
          // incident switch off this Application's auto-sync first (docs/operating.md, "Pausing delivery").
          automated: { enabled: true, prune: true, selfHeal: true },
          // No PruneLast: it would move the prune of a removed environment's Application after
          // every wave, so the narrowed AppProject (PROJECT_SYNC_WAVE) would be applied first and
          // the Application's finalizer would skip every object the project no longer permits
          // (argo-cd v3.5.1 controller/appcontroller.go getPermittedAppLiveObjects, argo-cd#2693):
          // nothing deleted, the workloads left running unowned. Pruned in its own wave 0, the
          // Application is deleted first, and gitops-engine starts the project's wave only once
          // it is gone (pkg/sync/sync_context.go Sync: "if pruned tasks pending deletion, then
          // wait"), i.e. once its foreground finalizer has deleted the environment's workloads.
          syncOptions: ['ServerSideApply=true'],
          retry: SYNC_RETRY,
        },
      },
    });
  }
}
