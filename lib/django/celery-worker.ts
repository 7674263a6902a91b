import { Construct } from 'constructs';
import type { ContainerResources } from '../common/resources';
import { containerResources } from '../common/resources';
import { ComponentDeployment } from '../common/component-deployment';
import { ComponentServiceAccount } from '../common/service-account';
import { type ComponentIdentity, type StackContext } from '../common/stack-context';
import { type CeleryProbes, fileExistsProbe, freshHeartbeatProbe, WORKER_HEARTBEAT_SECONDS } from './celery-probes';
import { djangoContainer } from './django-container';
import type { MediaVolume } from './media-volume';
import type { DjangoSettings } from './django-settings';

/** What CeleryWorker does with a prop left out; the environment file's defaults are the same values. */
export const CELERY_WORKER_DEFAULTS = {
  replicas: 1,
  /** Celery pool processes per pod. */
  concurrency: 2,
  /** Seconds a running task may take to finish after SIGTERM (Celery warm shutdown). */
  terminationGracePeriodSeconds: 300,
  resources: containerResources('250m', '384Mi', '1', '1Gi'),
} as const;

export interface CeleryWorkerProps {
  readonly ctx: StackContext;
  readonly image: string;
  readonly version: string;
  readonly settings: DjangoSettings;
  /** The probe module (heartbeat and ready files). */
  readonly probes: CeleryProbes;
  /** @default CELERY_WORKER_DEFAULTS.resources (250m/384Mi requested, 1 CPU/1Gi limits) */
  readonly resources?: ContainerResources;
  /** @default 1 */
  readonly replicas?: number;
  /** Pool processes per pod. @default 2 */
  readonly concurrency?: number;
  /** Time running tasks get to finish after SIGTERM (warm shutdown). @default 300 */
  readonly terminationGracePeriodSeconds?: number;
  /** @default false */
  readonly spreadAcrossZones?: boolean;
  readonly priorityClassName?: string;
  /** The shared media volume (ReadWriteMany only: tasks may read uploads). @default none */
  readonly media?: MediaVolume;
}

/** A heartbeat older than this means the worker's event loop stopped. */
const HEARTBEAT_MAX_AGE_SECONDS = 12 * WORKER_HEARTBEAT_SECONDS;

/**
 * Celery workers: a Deployment without a Service, with a PDB when there are several. Probes read
 * files the worker itself writes (see `CeleryProbes`): no interpreter per probe, no settings
 * import, no broker round trip.
 */
export class CeleryWorker extends Construct {
  public readonly identity: ComponentIdentity;

  public constructor(scope: Construct, id: string, props: CeleryWorkerProps) {
    super(scope, id);
    const { ctx, probes } = props;
    this.identity = { component: 'worker', software: 'celery', version: props.version };
    const replicas = props.replicas ?? CELERY_WORKER_DEFAULTS.replicas;
    const serviceAccount = new ComponentServiceAccount(this, 'ServiceAccount', { ctx, id: this.identity });

    const container = djangoContainer({
      process: 'worker',
      image: props.image,
      settings: props.settings,
      // celery 5.2.7 celery/bin/worker.py: -l/--loglevel, -c/--concurrency.
      args: [
        ...probes.command('worker'),
        '--loglevel=INFO',
        `--concurrency=${props.concurrency ?? CELERY_WORKER_DEFAULTS.concurrency}`,
      ],
      env: probes.env(),
      volumeMounts: [probes.volumeMount(), ...(props.media ? [props.media.volumeMount()] : [])],
      resources: props.resources ?? CELERY_WORKER_DEFAULTS.resources,
      // Ready once the consumer is connected (worker_ready); the entrypoint may wait for PostgreSQL first.
      startupProbe: fileExistsProbe('ready', { periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 60 }),
      readinessProbe: fileExistsProbe('ready', { periodSeconds: 15, timeoutSeconds: 3, failureThreshold: 2 }),
      // While the consumer blocks reconnecting to the broker the loop does not tick either: the
      // threshold (2 min stale, then 4 misses 30 s apart) rides out short Redis restarts.
      livenessProbe: freshHeartbeatProbe(HEARTBEAT_MAX_AGE_SECONDS, {
        periodSeconds: 30,
        timeoutSeconds: 5,
        failureThreshold: 4,
      }),
    });

    new ComponentDeployment(this, 'Deployment', {
      ctx,
      id: this.identity,
      replicas,
      podAnnotations: { ...props.settings.podAnnotations(), ...probes.podAnnotations() },
      spreadAcrossZones: props.spreadAcrossZones,
      pod: {
        serviceAccountName: serviceAccount.name,
        user: props.settings.contract.image,
        containers: [container],
        volumes: [probes.volume(), ...(props.media ? [props.media.volume()] : [])],
        terminationGracePeriodSeconds:
          props.terminationGracePeriodSeconds ?? CELERY_WORKER_DEFAULTS.terminationGracePeriodSeconds,
        priorityClassName: props.priorityClassName,
      },
    });
  }
}
