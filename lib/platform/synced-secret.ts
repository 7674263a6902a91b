import { Construct } from 'constructs';
import {
  ExternalSecret,
  ExternalSecretSpecSecretStoreRefKind,
  ExternalSecretSpecTargetCreationPolicy,
  ExternalSecretSpecTargetDeletionPolicy,
} from '../../imports/externalsecrets-externalsecret-external-secrets.io';
import { componentMetadata, type StackContext } from '../common/stack-context';
import { retainOnDelete } from './retention';

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
 * is in git. With `creationPolicy: Owner` the Secret is garbage-collected with the ExternalSecret
 * (ESO docs, ownership and deletion policy), so the ExternalSecret is never deleted by ArgoCD or
 * Helm: a retained database's pods still start with their credentials.
 */
export class SyncedSecret extends Construct {
  public readonly name: string;

  public constructor(scope: Construct, id: string, props: SyncedSecretProps) {
    super(scope, id);
    this.name = props.name;
    const externalSecret = new ExternalSecret(this, 'Resource', {
      metadata: componentMetadata(props.ctx, { component: 'secrets', software: 'external-secrets' }, props.name),
      spec: {
        refreshInterval: props.refreshInterval ?? '1h',
        secretStoreRef: { kind: ExternalSecretSpecSecretStoreRefKind.CLUSTER_SECRET_STORE, name: props.storeName },
        target: {
          name: props.name,
          creationPolicy: ExternalSecretSpecTargetCreationPolicy.OWNER,
          deletionPolicy: ExternalSecretSpecTargetDeletionPolicy.RETAIN,
        },
        dataFrom: [{ extract: { key: props.remoteKey } }],
      },
    });
    retainOnDelete(externalSecret);
  }
}
