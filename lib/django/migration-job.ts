import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import type { ContainerResources } from '../common/resources';
import { containerResources } from '../common/resources';
import { hardenedPodSpec } from '../common/pod';
import { ComponentServiceAccount } from '../common/service-account';
import {
  componentMetadata,
  recommendedLabels,
  type ComponentIdentity,
  type StackContext,
} from '../common/stack-context';
import { appProcess } from '../app/app-processes';
import { djangoContainer } from './django-container';
import type { DjangoSettings } from './django-settings';

/** What MigrationJob does with a prop left out; the environment file's defaults are the same values. */
export const MIGRATION_JOB_DEFAULTS = {
  /** Upper bound for one `migrate` run; the Job fails (and the sync with it) past this. */
  activeDeadlineSeconds: 900,
  /** Retries before the Job (and the sync) fails. */
  backoffLimit: 2,
  resources: containerResources('100m', '256Mi', '1', '512Mi'),
} as const;

export interface MigrationJobProps {
  readonly ctx: StackContext;
  readonly image: string;
  readonly version: string;
  readonly settings: DjangoSettings;
  /** @default MIGRATION_JOB_DEFAULTS.resources (100m/256Mi requested, 1 CPU/512Mi limits) */
  readonly resources?: ContainerResources;
  /** Upper bound for the whole run. @default 900 */
  readonly activeDeadlineSeconds?: number;
  /** Retries before the Job (and the sync) fails. @default 2 */
  readonly backoffLimit?: number;
  /**
   * Annotations that make the Job a deployment hook (ArgoCD and Helm). The Job's pod template is
   * immutable, so as a plain object it would block the next sync that changes the image.
   * @default none
   */
  readonly hookAnnotations?: Record<string, string>;
}

/**
 * `manage.py migrate`, once per deployment, before the new code serves traffic. Never in the web
 * entrypoint or an init container: several replicas would race on the same migrations.
 */
export class MigrationJob extends Construct {
  public readonly identity: ComponentIdentity;

  public constructor(scope: Construct, id: string, props: MigrationJobProps) {
    super(scope, id);
    const { ctx } = props;
    this.identity = { component: 'migrate', software: 'django', version: props.version };
    const serviceAccount = new ComponentServiceAccount(this, 'ServiceAccount', { ctx, id: this.identity });
    const container = djangoContainer({
      process: 'migrate',
      image: props.image,
      settings: props.settings,
      args: [...appProcess(props.settings.contract, 'migrate').command],
      resources: props.resources ?? MIGRATION_JOB_DEFAULTS.resources,
      // A pre-upgrade hook would read the previous release's ConfigMap: carry the settings instead.
      inlineSettings: true,
    });
    new k8s.KubeJob(this, 'Job', {
      // A fixed name, never a timestamp: the hook delete policy replaces it on every sync.
      metadata: componentMetadata(ctx, this.identity, undefined, props.hookAnnotations),
      spec: {
        backoffLimit: props.backoffLimit ?? MIGRATION_JOB_DEFAULTS.backoffLimit,
        activeDeadlineSeconds: props.activeDeadlineSeconds ?? MIGRATION_JOB_DEFAULTS.activeDeadlineSeconds,
        // Long enough to read the logs and never so short that ArgoCD loses the hook (argo-cd#21055).
        ttlSecondsAfterFinished: 86400,
        template: {
          metadata: { labels: recommendedLabels(ctx, this.identity), annotations: props.settings.podAnnotations() },
          spec: hardenedPodSpec({
            serviceAccountName: serviceAccount.name,
            user: props.settings.contract.image,
            containers: [container],
            restartPolicy: 'Never',
          }),
        },
      },
    });
  }
}
