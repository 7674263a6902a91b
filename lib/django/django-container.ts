import type { k8s } from 'cdk8s-plus-27';
import type { ContainerResources } from '../common/resources';
import type { ContainerOptions } from '../common/pod';
import type { ProcessName } from '../app/app-contract';
import type { DjangoSettings } from './django-settings';

export interface DjangoContainerOptions {
  /** The contract's process; also the container name. */
  readonly process: ProcessName;
  readonly image: string;
  readonly settings: DjangoSettings;
  /** Arguments to the image's entrypoint, which waits for PostgreSQL. */
  readonly args: string[];
  /** Replaces the entrypoint; only for processes that must not wait for the database. */
  readonly command?: string[];
  readonly resources: ContainerResources;
  readonly env?: k8s.EnvVar[];
  readonly ports?: k8s.ContainerPort[];
  readonly startupProbe?: k8s.Probe;
  readonly readinessProbe?: k8s.Probe;
  readonly livenessProbe?: k8s.Probe;
  readonly lifecycle?: k8s.Lifecycle;
  /** Mounts of volumes the pod declares (the media volume...). @default none */
  readonly volumeMounts?: k8s.VolumeMount[];
  /**
   * Settings as literal values rather than from the ConfigMap (see `DjangoSettings.inlineEnv`).
   * @default false
   */
  readonly inlineSettings?: boolean;
}

/** A container running the Django image with the environment's settings and a writable /tmp. */
export function djangoContainer(options: DjangoContainerOptions): ContainerOptions {
  return {
    name: options.process,
    image: options.image,
    command: options.command,
    args: options.args,
    ports: options.ports,
    resources: options.resources,
    ...(options.inlineSettings
      ? options.settings.inlineEnv(options.process, options.env)
      : options.settings.containerEnv(options.process, options.env)),
    startupProbe: options.startupProbe,
    readinessProbe: options.readinessProbe,
    livenessProbe: options.livenessProbe,
    lifecycle: options.lifecycle,
    volumeMounts: options.volumeMounts,
    writablePaths: [{ name: 'tmp', mountPath: '/tmp', sizeLimit: '128Mi' }],
  };
}
