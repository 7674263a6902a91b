import { createHash } from 'node:crypto';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { componentMetadata, type StackContext } from './stack-context';

export interface MountedFileProps {
  readonly ctx: StackContext;
  /** The software the file configures (`app.kubernetes.io/name`; the component is `config`). */
  readonly software: string;
  /** The ConfigMap's name. */
  readonly configMapName: string;
  /** The volume's name in the pod, also the key of the checksum annotation (`checksum/<volume>`). */
  readonly volumeName: string;
  /** Where the volume is mounted (read-only). */
  readonly mountPath: string;
  /** The file's name in the ConfigMap, and so under `mountPath`. */
  readonly fileName: string;
  /** The file's content. */
  readonly source: string;
}

/**
 * One source file the charts write (gunicorn's configuration, the Celery probe module) as a
 * ConfigMap, and what a pod needs to read it: the volume, its read-only mount, and a checksum
 * annotation that rolls the pods when the file changes, since the process reads it once, at start.
 */
export class MountedFile extends Construct {
  public readonly configMapName: string;
  private readonly mount: Pick<MountedFileProps, 'volumeName' | 'mountPath' | 'source'>;

  public constructor(scope: Construct, id: string, props: MountedFileProps) {
    super(scope, id);
    this.mount = props;
    this.configMapName = props.configMapName;
    new k8s.KubeConfigMap(this, 'Resource', {
      metadata: componentMetadata(props.ctx, { component: 'config', software: props.software }, props.configMapName),
      data: { [props.fileName]: props.source },
    });
  }

  /** Rolls the pods when the file changes. */
  public podAnnotations(): Record<string, string> {
    return { [`checksum/${this.mount.volumeName}`]: createHash('sha256').update(this.mount.source).digest('hex') };
  }

  public volume(): k8s.Volume {
    return { name: this.mount.volumeName, configMap: { name: this.configMapName } };
  }

  public volumeMount(): k8s.VolumeMount {
    return { name: this.mount.volumeName, mountPath: this.mount.mountPath, readOnly: true };
  }
}
