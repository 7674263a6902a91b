import { Construct } from 'constructs';
import type { ContainerResources } from '../common/resources';
import { containerResources } from '../common/resources';
import { ComponentDeployment } from '../common/component-deployment';
import { ComponentServiceAccount } from '../common/service-account';
import { type ComponentIdentity, type StackContext } from '../common/stack-context';
import {
  BEAT_MAX_INTERVAL_SECONDS,
  type CeleryProbes,
  fileExistsProbe,
  freshHeartbeatProbe,
  PROBES_MODULE,
} from './celery-probes';
import { djangoContainer } from './django-container';
import type { DjangoSettings } from './django-settings';

/** Where the file scheduler keeps its schedule: the root filesystem is read-only. */
export const BEAT_SCHEDULE_FILE = '/tmp/celerybeat-schedule';

/** The scheduler classes beat runs (under the probe module's heartbeat subclass). */
export const BEAT_SCHEDULERS = {
  // What cookiecutter-django configures (CELERY_BEAT_SCHEDULER in config/settings/base.py).
  database: 'django_celery_beat.schedulers:DatabaseScheduler',
  file: 'celery.beat:PersistentScheduler',
} as const;

/** What CeleryBeat does with a prop left out; the environment file's defaults are the same values. */
export const CELERY_BEAT_DEFAULTS = {
  /** django-celery-beat's DatabaseScheduler, what cookiecutter-django configures. */
  scheduler: 'database',
  resources: containerResources('50m', '192Mi', '500m', '384Mi'),
} as const;

export interface CeleryBeatProps {
  readonly ctx: StackContext;
  readonly image: string;
  readonly version: string;
  readonly settings: DjangoSettings;
  /** The probe module (heartbeat file on every tick). */
  readonly probes: CeleryProbes;
  /** @default CELERY_BEAT_DEFAULTS.resources (50m/192Mi requested, 500m/384Mi limits) */
  readonly resources?: ContainerResources;
  /**
   * `database`: django-celery-beat's DatabaseScheduler, as the app's settings configure it.
   * `file`: Celery's PersistentScheduler with its file in /tmp. @default 'database'
   */
  readonly scheduler?: 'database' | 'file';
  readonly priorityClassName?: string;
}

/**
 * The Celery scheduler. Exactly one may run at any time or periodic tasks run twice: one replica,
 * `Recreate` so the old pod is gone before the new one starts, and no PDB or HPA.
 *
 * No pid file: celery 5.2.7 writes one only when `--pidfile` is given (celery/apps/beat.py
 * `start_scheduler`: `if self.pidfile: create_pidlock`), and one kept in the /tmp emptyDir across
 * a container restart holds PID 1, which `Pidfile.remove_if_stale` (celery/platforms.py) finds
 * alive (the new beat is PID 1 itself), so beat would refuse to start forever. The Deployment
 * already guarantees a single beat.
 */
export class CeleryBeat extends Construct {
  public readonly identity: ComponentIdentity;

  public constructor(scope: Construct, id: string, props: CeleryBeatProps) {
    super(scope, id);
    const { ctx, probes } = props;
    this.identity = { component: 'beat', software: 'celery', version: props.version };
    const serviceAccount = new ComponentServiceAccount(this, 'ServiceAccount', { ctx, id: this.identity });
    const scheduler = props.scheduler ?? CELERY_BEAT_DEFAULTS.scheduler;

    const container = djangoContainer({
      process: 'beat',
      image: props.image,
      settings: props.settings,
      // celery 5.2.7 celery/bin/beat.py: -S/--scheduler, -s/--schedule, --max-interval, -l/--loglevel.
      args: [
        ...probes.command('beat'),
        '--loglevel=INFO',
        `--scheduler=${PROBES_MODULE}:HeartbeatScheduler`,
        `--max-interval=${BEAT_MAX_INTERVAL_SECONDS}`,
        ...(scheduler === 'file' ? [`--schedule=${BEAT_SCHEDULE_FILE}`] : []),
      ],
      env: probes.env(BEAT_SCHEDULERS[scheduler]),
      volumeMounts: [probes.volumeMount()],
      resources: props.resources ?? CELERY_BEAT_DEFAULTS.resources,
      // The first tick comes once the scheduler is set up (and the entrypoint found PostgreSQL).
      startupProbe: fileExistsProbe('heartbeat', { periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 60 }),
      readinessProbe: freshHeartbeatProbe(3 * BEAT_MAX_INTERVAL_SECONDS, {
        periodSeconds: 30,
        timeoutSeconds: 5,
        failureThreshold: 2,
      }),
      // Beat ticks at least every --max-interval seconds; three missed ticks mean it hangs.
      livenessProbe: freshHeartbeatProbe(3 * BEAT_MAX_INTERVAL_SECONDS, {
        periodSeconds: 60,
        timeoutSeconds: 5,
        failureThreshold: 3,
      }),
    });

    new ComponentDeployment(this, 'Deployment', {
      ctx,
      id: this.identity,
      replicas: 1,
      strategy: 'recreate',
      podAnnotations: { ...props.settings.podAnnotations(), ...probes.podAnnotations() },
      pod: {
        serviceAccountName: serviceAccount.name,
        user: props.settings.contract.image,
        containers: [container],
        volumes: [probes.volume()],
        terminationGracePeriodSeconds: 30,
        priorityClassName: props.priorityClassName,
      },
    });
  }
}
