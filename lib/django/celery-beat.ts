import { Construct } from 'constructs';
import type { ResourcesConfig } from '../config/primitives';
import { ComponentDeployment } from '../common/component-deployment';
import { shellProbe } from '../common/pod';
import { DJANGO_USER } from '../common/security';
import { ComponentServiceAccount } from '../common/service-account';
import { type ComponentIdentity, type StackContext } from '../common/stack-context';
import { CELERY_APP, djangoContainer } from './django-container';
import type { DjangoSettings } from './django-settings';

/** Where beat keeps its schedule: the root filesystem is read-only, /tmp is an emptyDir. */
export const BEAT_SCHEDULE_FILE = '/tmp/celerybeat-schedule';

export interface CeleryBeatProps {
  readonly ctx: StackContext;
  readonly image: string;
  readonly version: string;
  readonly settings: DjangoSettings;
  readonly resources: ResourcesConfig;
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
    // Beat syncs its schedule file every few minutes while it ticks; a stale file means a hung beat.
    const scheduleExists = `ls ${BEAT_SCHEDULE_FILE}* >/dev/null 2>&1`;
    const scheduleFresh = `find ${BEAT_SCHEDULE_FILE}* -mmin -15 | grep -q .`;

    const container = djangoContainer({
      name: 'beat',
      image: props.image,
      settings: props.settings,
      args: ['celery', '-A', CELERY_APP, 'beat', '--loglevel=INFO', `--schedule=${BEAT_SCHEDULE_FILE}`],
      resources: props.resources,
      startupProbe: shellProbe(scheduleExists, { periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 30 }),
      readinessProbe: shellProbe(scheduleExists, { periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 3 }),
      livenessProbe: shellProbe(scheduleFresh, { periodSeconds: 60, timeoutSeconds: 10, failureThreshold: 3 }),
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
