import type { k8s } from 'cdk8s-plus-27';
import type { ResourcesConfig } from '../config/primitives';
import type { ContainerOptions } from '../common/pod';
import type { DjangoSettings } from './django-settings';

/** The Celery application module of the cookiecutter-django layout. */
export const CELERY_APP = 'config.celery_app';

export interface DjangoContainerOptions {
  readonly name: string;
  readonly image: string;
  readonly settings: DjangoSettings;
  /** Arguments to the image's entrypoint, which waits for PostgreSQL and builds `DATABASE_URL`. */
  readonly args: string[];
  /** Replaces the entrypoint; only for processes that must not wait for the database. */
  readonly command?: string[];
  readonly resources: ResourcesConfig;
  readonly env?: k8s.EnvVar[];
  readonly ports?: k8s.ContainerPort[];
  readonly startupProbe?: k8s.Probe;
  readonly readinessProbe?: k8s.Probe;
  readonly livenessProbe?: k8s.Probe;
  readonly lifecycle?: k8s.Lifecycle;
  /**
   * Settings as literal values rather than from the ConfigMap (see `DjangoSettings.inlineEnv`).
   * @default false
   */
  readonly inlineSettings?: boolean;
}

/** A container running the Django image with the environment's settings and a writable /tmp. */
export function djangoContainer(options: DjangoContainerOptions): ContainerOptions {
  return {
    name: options.name,
    image: options.image,
    command: options.command,
    args: options.args,
    ports: options.ports,
    resources: options.resources,
    ...(options.inlineSettings ? options.settings.inlineEnv(options.env) : options.settings.containerEnv(options.env)),
    startupProbe: options.startupProbe,
    readinessProbe: options.readinessProbe,
    livenessProbe: options.livenessProbe,
    lifecycle: options.lifecycle,
    writablePaths: [{ name: 'tmp', mountPath: '/tmp', sizeLimit: '128Mi' }],
  };
}
