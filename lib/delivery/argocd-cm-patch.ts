import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { CNPG_CLUSTER_HEALTH_KEY, cnpgClusterHealthLua } from './cnpg-cluster-health';

export interface ArgoCdConfigPatchProps {
  readonly argocdNamespace: string;
  /** Add the CloudNativePG Cluster health override. */
  readonly cloudNativePgHealth: boolean;
}

/**
 * The settings this delivery needs in ArgoCD's own `argocd-cm`, as a patch the platform merges
 * into the ConfigMap it installs ArgoCD with (kustomize `patches:`, `kubectl patch --type merge`,
 * or the keys copied under `configs.cm` of the argo-cd Helm chart). No labels of ours, so a
 * merge adds only the keys. The bootstrap Application never applies it: it lives in a
 * subfolder of `dist/argocd/`, which the bootstrap reads without recursion.
 */
export class ArgoCdConfigPatch extends Construct {
  public constructor(scope: Construct, id: string, props: ArgoCdConfigPatchProps) {
    super(scope, id);
    const data: Record<string, string> = {};
    if (props.cloudNativePgHealth) data[CNPG_CLUSTER_HEALTH_KEY] = cnpgClusterHealthLua();
    new k8s.KubeConfigMap(this, 'Resource', {
      metadata: { name: 'argocd-cm', namespace: props.argocdNamespace },
      data,
    });
  }
}
