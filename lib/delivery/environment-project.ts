import { Construct } from 'constructs';
import { AppProject } from '../../imports/argocd-appproject-argoproj.io';
import { ARGOCD_SYNC_WAVE } from '../platform/sync-order';
import { PROJECT_SYNC_WAVE } from './argocd-options';
import type { ResourceKind } from './resource-kinds';

/** A sync window of one Application. */
export interface ApplicationSyncWindow {
  readonly application: string;
  readonly kind: 'allow' | 'deny';
  readonly schedule: string;
  readonly duration: string;
  readonly timeZone: string;
  readonly manualSync: boolean;
  /** A running sync may finish past the window's edge (ArgoCD 3.5+). */
  readonly syncOverrun: boolean;
}

export interface EnvironmentProjectProps {
  readonly name: string;
  /** Namespace ArgoCD runs in. */
  readonly argocdNamespace: string;
  readonly description: string;
  /** The only repository Applications of the project may deploy from. */
  readonly repoURL: string;
  /**
   * Where the environments deploy: exactly these cluster and namespace pairs. ArgoCD matches a
   * destination's `name` against the cluster's registered name (argo-cd v3.5.1
   * `app_project_types.go`, `isDestinationMatched`).
   */
  readonly destinations: ReadonlyArray<{ readonly cluster: string; readonly namespace: string }>;
  /** Cluster-scoped kinds the charts create; nothing else cluster-wide is allowed. */
  readonly clusterKinds: readonly ResourceKind[];
  /** Namespaced kinds the charts create; nothing else is allowed. */
  readonly namespacedKinds: readonly ResourceKind[];
  /** @default none */
  readonly syncWindows?: readonly ApplicationSyncWindow[];
  readonly labels: Record<string, string>;
}

/**
 * The AppProject of the environments, as narrow as the charts allow: one repository, the
 * environments' namespaces, exactly the kinds the charts create, and warnings for strays.
 * Applied by the bootstrap after the Applications (PROJECT_SYNC_WAVE says why).
 */
export class EnvironmentProject extends Construct {
  public readonly name: string;

  public constructor(scope: Construct, id: string, props: EnvironmentProjectProps) {
    super(scope, id);
    this.name = props.name;
    new AppProject(this, 'Resource', {
      metadata: {
        name: props.name,
        namespace: props.argocdNamespace,
        labels: props.labels,
        annotations: { [ARGOCD_SYNC_WAVE]: String(PROJECT_SYNC_WAVE) },
      },
      spec: {
        description: props.description,
        sourceRepos: [props.repoURL],
        destinations: props.destinations.map((d) => ({ name: d.cluster, namespace: d.namespace })),
        clusterResourceWhitelist: props.clusterKinds.map((k) => ({ group: k.group, kind: k.kind })),
        namespaceResourceWhitelist: props.namespacedKinds.map((k) => ({ group: k.group, kind: k.kind })),
        orphanedResources: { warn: true },
        syncWindows:
          props.syncWindows && props.syncWindows.length > 0
            ? props.syncWindows.map((w) => ({
                kind: w.kind,
                schedule: w.schedule,
                duration: w.duration,
                timeZone: w.timeZone,
                manualSync: w.manualSync,
                syncOverrun: w.syncOverrun,
                applications: [w.application],
              }))
            : undefined,
      },
    });
  }
}
