import { Construct } from 'constructs';
import type { ResourcesConfig } from '../config/primitives';
import { ComponentDeployment } from '../common/component-deployment';
import { shellProbe } from '../common/pod';
import { DJANGO_USER } from '../common/security';
import { ComponentServiceAccount } from '../common/service-account';
import { type ComponentIdentity, type StackContext } from '../common/stack-context';
import { CELERY_APP, djangoContainer } from './django-container';
import type { DjangoSettings } from './django-settings';

export interface CeleryWorkerProps {
  readonly ctx: StackContext;
  readonly image: string;
  readonly version: string;
  readonly settings: DjangoSettings;
  readonly resources: ResourcesConfig;
  /** @default 1 */
  readonly replicas?: number;
  /** Pool processes per pod. @default 2 */
  readonly concurrency?: number;
  /** Time running tasks get to finish after SIGTERM (warm shutdown). @default 300 */
  readonly terminationGracePeriodSeconds?: number;
  /** @default false */
  readonly spreadAcrossZones?: boolean;
  readonly priorityClassName?: string;
}

/** Celery workers: a Deployment without a Service, with a PDB when there are several. */
export class CeleryWorker extends Construct {
  public readonly identity: ComponentIdentity;

  public constructor(scope: Construct, id: string, props: CeleryWorkerProps) {
    super(scope, id);
    const { ctx } = props;
    this.identity = { component: 'worker', software: 'celery', version: props.version };
    const replicas = props.replicas ?? 1;
    const serviceAccount = new ComponentServiceAccount(this, 'ServiceAccount', { ctx, id: this.identity });
    // The worker answers a broadcast ping addressed to its own node name.
    const ping = `celery -A ${CELERY_APP} inspect ping --destination "celery@$HOSTNAME" --timeout 10`;

    const container = djangoContainer({
      name: 'worker',
      image: props.image,
      settings: props.settings,
      args: ['celery', '-A', CELERY_APP, 'worker', '--loglevel=INFO', `--concurrency=${props.concurrency ?? 2}`],
      resources: props.resources,
      startupProbe: shellProbe(ping, { periodSeconds: 10, timeoutSeconds: 20, failureThreshold: 30 }),
      readinessProbe: shellProbe(ping, { periodSeconds: 30, timeoutSeconds: 20, failureThreshold: 3 }),
      livenessProbe: shellProbe(ping, { periodSeconds: 60, timeoutSeconds: 20, failureThreshold: 5 }),
    });

    new ComponentDeployment(this, 'Deployment', {
      ctx,
      id: this.identity,
      replicas,
      podAnnotations: props.settings.podAnnotations(),
      spreadAcrossZones: props.spreadAcrossZones,
      pod: {
        serviceAccountName: serviceAccount.name,
        user: DJANGO_USER,
        containers: [container],
        terminationGracePeriodSeconds: props.terminationGracePeriodSeconds ?? 300,
        priorityClassName: props.priorityClassName,
      },
    });
  }
}
