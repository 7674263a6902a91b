import { Construct } from 'constructs';
import {
  ExternalSecret,
  ExternalSecretSpecSecretStoreRefKind,
  ExternalSecretSpecTargetCreationPolicy,
  ExternalSecretSpecTargetDeletionPolicy,
} from '../../imports/externalsecrets-externalsecret-external-secrets.io';
import { componentMetadata, recommendedLabels, type StackContext } from '../common/stack-context';

/** What SyncedSecret does with a prop left out; the environment file's defaults are the same values. */
export const SYNCED_SECRET_DEFAULTS = {
  /** How often the operator re-reads the store. */
  refreshInterval: '1h',
} as const;

export interface SyncedSecretProps {
  readonly ctx: StackContext;
  /** Name of the Secret the operator writes (and the pods reference). */
  readonly name: string;
  /** The ClusterSecretStore to read from. */
  readonly storeName: string;
  /** Path of the keys in the store; every key under it becomes a key of the Secret. */
  readonly remoteKey: string;
  /** @default '1h' */
  readonly refreshInterval?: string;
}

/**
 * An ExternalSecret (`external-secrets.io/v1`): the External Secrets operator copies the keys from
 * the store (Vault, a cloud secret manager) into a Secret of the namespace. Only the reference
 * is in git.
 *
 * `creationPolicy: Orphan`, so the Secret outlives its ExternalSecret (ESO v2.9.0
 * docs/guides/ownership-deletion-policy.md): with `Owner` the operator sets an ownerReference and
 * the garbage collector deletes the Secret with the ExternalSecret, so switching `secrets.mode`
 * to `existing`, renaming the secret (with `Owner` the operator also deletes the old target,
 * `deleteOrphanedSecrets` in pkg/controllers/externalsecret) or pruning the ExternalSecret would
 * leave every new pod in CreateContainerConfigError. `Orphan` creates the Secret when missing and
 * rewrites it at every refresh (a deleted Secret comes back at the next `refreshInterval`), and an
 * existing Secret that was `Owner`-created loses the ownerReference on the next reconcile
 * (RemoveControllerReference in the same controller). `deletionPolicy` is about the provider,
 * not the ExternalSecret: `Retain` keeps the Secret when the keys vanish from the store.
 */
export class SyncedSecret extends Construct {
  public readonly name: string;

  public constructor(scope: Construct, id: string, props: SyncedSecretProps) {
    super(scope, id);
    this.name = props.name;
    const identity = { component: 'secrets', software: 'external-secrets' };
    // Without a template ESO copies the ExternalSecret's labels and annotations onto the Secret
    // (setMetadata in pkg/controllers/externalsecret/externalsecret_controller_template.go),
    // among them what ArgoCD stamps to track its own objects: `app.kubernetes.io/instance` (label
    // tracking) and `argocd.argoproj.io/tracking-id`, and the sync options. ArgoCD would then
    // count the Secret as its own, not in git, and prune it. A template with metadata alone
    // replaces that copy and still passes every key through (no data template: "noTemplate").
    // The Secret's own labels: ours minus the release (instance), and written by the operator.
    const secretLabels: Record<string, string> = {
      ...recommendedLabels(props.ctx, identity),
      'app.kubernetes.io/managed-by': 'external-secrets',
    };
    delete secretLabels['app.kubernetes.io/instance'];
    new ExternalSecret(this, 'Resource', {
      metadata: componentMetadata(props.ctx, identity, props.name),
      spec: {
        refreshInterval: props.refreshInterval ?? SYNCED_SECRET_DEFAULTS.refreshInterval,
        secretStoreRef: { kind: ExternalSecretSpecSecretStoreRefKind.CLUSTER_SECRET_STORE, name: props.storeName },
        target: {
          name: props.name,
          creationPolicy: ExternalSecretSpecTargetCreationPolicy.ORPHAN,
          deletionPolicy: ExternalSecretSpecTargetDeletionPolicy.RETAIN,
          template: { metadata: { labels: secretLabels } },
        },
        dataFrom: [{ extract: { key: props.remoteKey } }],
      },
    });
  }
}
