import { Construct } from 'constructs';
import type { ResourcesConfig } from '../config/primitives';
import { ComponentDeployment } from '../common/component-deployment';
import { shellProbe } from '../common/pod';
import { DJANGO_USER } from '../common/security';
import { ComponentServiceAccount } from '../common/service-account';
import { type ComponentIdentity, type StackContext } from '../common/stack-context';
import { CELERY_APP, djangoContainer } from './django-container';
import type { DjangoSettings } from './django-settings';

/** Where beat keeps its schedule (file scheduler) and its pid: the root filesystem is read-only. */
export const BEAT_SCHEDULE_FILE = '/tmp/celerybeat-schedule';
export const BEAT_PID_FILE = '/tmp/celerybeat.pid';

export interface CeleryBeatProps {
  readonly ctx: StackContext;
  readonly image: string;
  readonly version: string;
  readonly settings: DjangoSettings;
  readonly resources: ResourcesConfig;
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
 */
export class CeleryBeat extends Construct {
  public readonly identity: ComponentIdentity;

  public constructor(scope: Construct, id: string, props: CeleryBeatProps) {
    super(scope, id);
    const { ctx } = props;
    this.identity = { component: 'beat', software: 'celery', version: props.version };
    const serviceAccount = new ComponentServiceAccount(this, 'ServiceAccount', { ctx, id: this.identity });
    const scheduler = props.scheduler ?? 'database';
    // Beat writes its pid once it runs; a live pid is the one signal both schedulers give.
    const running = `test -s ${BEAT_PID_FILE} && kill -0 "$(cat ${BEAT_PID_FILE})"`;
    // The file scheduler also syncs its file every few minutes while it ticks: a stale file means
    // a hung beat. The database scheduler writes no file to watch.
    const ticking = scheduler === 'file' ? `${running} && find ${BEAT_SCHEDULE_FILE}* -mmin -15 | grep -q .` : running;
    const schedulerArgs =
      scheduler === 'file' ? ['--scheduler=celery.beat:PersistentScheduler', `--schedule=${BEAT_SCHEDULE_FILE}`] : [];

    const container = djangoContainer({
      name: 'beat',
      image: props.image,
      settings: props.settings,
      args: ['celery', '-A', CELERY_APP, 'beat', '--loglevel=INFO', `--pidfile=${BEAT_PID_FILE}`, ...schedulerArgs],
      resources: props.resources,
      startupProbe: shellProbe(running, { periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 60 }),
      readinessProbe: shellProbe(running, { periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 3 }),
      livenessProbe: shellProbe(ticking, { periodSeconds: 60, timeoutSeconds: 10, failureThreshold: 3 }),
    });

    new ComponentDeployment(this, 'Deployment', {
      ctx,
      id: this.identity,
      replicas: 1,
      strategy: 'recreate',
      podAnnotations: props.settings.podAnnotations(),
      pod: {
        serviceAccountName: serviceAccount.name,
        user: DJANGO_USER,
        containers: [container],
        terminationGracePeriodSeconds: 30,
        priorityClassName: props.priorityClassName,
      },
    });
  }
}
