import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { componentMetadata, type StackContext } from '../common/stack-context';
import { RETAIN_ANNOTATIONS } from '../platform/retention';

/** What MediaVolume does with a prop left out; the environment file's defaults are the same values. */
export const MEDIA_VOLUME_DEFAULTS = {
  size: '10Gi',
  accessMode: 'ReadWriteMany',
} as const;

export interface MediaVolumeProps {
  readonly ctx: StackContext;
  /** Requested size. */
  readonly size: string;
  /** @default the cluster's default StorageClass */
  readonly storageClassName?: string;
  /**
   * `ReadWriteMany` lets web replicas on several nodes (and the workers) share uploads;
   * `ReadWriteOnce` attaches to one node only. @default 'ReadWriteMany'
   */
  readonly accessMode?: 'ReadWriteMany' | 'ReadWriteOnce';
  /** Where the image keeps uploads (the contract's `paths.mediaRoot`). */
  readonly mountPath: string;
}

/**
 * A volume for Django's MEDIA_ROOT. The image's code directory is read-only in the cluster, so
 * uploads need a volume; the claim is kept when the chart or the Application goes, like the
 * database's, because it holds user data.
 */
export class MediaVolume extends Construct {
  public readonly claimName: string;
  public readonly accessMode: 'ReadWriteMany' | 'ReadWriteOnce';
  private readonly mountPath: string;

  public constructor(scope: Construct, id: string, props: MediaVolumeProps) {
    super(scope, id);
    this.accessMode = props.accessMode ?? MEDIA_VOLUME_DEFAULTS.accessMode;
    this.mountPath = props.mountPath;
    // Never pruned or deleted with the Application or the Helm release: it holds uploads.
    const metadata = componentMetadata(props.ctx, { component: 'media', software: 'django' }, undefined, {
      ...RETAIN_ANNOTATIONS,
    });
    this.claimName = metadata.name;
    new k8s.KubePersistentVolumeClaim(this, 'Claim', {
      metadata,
      spec: {
        accessModes: [this.accessMode],
        storageClassName: props.storageClassName,
        resources: { requests: { storage: k8s.Quantity.fromString(props.size) } },
      },
    });
  }

  public volume(): k8s.Volume {
    return { name: 'media', persistentVolumeClaim: { claimName: this.claimName } };
  }

  public volumeMount(): k8s.VolumeMount {
    return { name: 'media', mountPath: this.mountPath };
  }
}
