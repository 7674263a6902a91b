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
import { djangoContainer } from './django-container';
import type { DjangoSettings } from './django-settings';

/** What CollectstaticJob does with a prop left out. */
export const COLLECTSTATIC_JOB_DEFAULTS = {
  /** Upper bound for one upload; the Job fails (and the sync with it) past this. */
  activeDeadlineSeconds: 900,
  /** Retries before the Job (and the sync) fails: an upload may meet a passing network error. */
  backoffLimit: 2,
  resources: containerResources('100m', '256Mi', '1', '512Mi'),
} as const;

export interface CollectstaticJobProps {
  readonly ctx: StackContext;
  readonly image: string;
  readonly version: string;
  readonly settings: DjangoSettings;
  /** @default COLLECTSTATIC_JOB_DEFAULTS.resources (100m/256Mi requested, 1 CPU/512Mi limits) */
  readonly resources?: ContainerResources;
  /** Upper bound for the whole run. @default 900 */
  readonly activeDeadlineSeconds?: number;
  /** Retries before the Job fails. @default 2 */
  readonly backoffLimit?: number;
  /** Annotations that make the Job a deployment hook (ArgoCD and Helm), as the migration's. */
  readonly hookAnnotations: Record<string, string>;
}

/**
 * `manage.py collectstatic --noinput`, once per deployment, when static files live in object
 * storage (S3, GCS, Azure Blob): cookiecutter-django runs it in the image's `/start`, which the
 * charts replace with gunicorn, and an image build has no credentials to upload with. It runs
 * web's settings (same ConfigMap values and Secret keys), through the image's entrypoint, under a
 * ServiceAccount of its own that the cloud identity can be given like web's. `--noinput` never
 * prompts, and the storage backends skip files that did not change, so a re-run only re-uploads.
 */
export class CollectstaticJob extends Construct {
  public readonly identity: ComponentIdentity;

  public constructor(scope: Construct, id: string, props: CollectstaticJobProps) {
    super(scope, id);
    const { ctx, settings } = props;
    this.identity = { component: 'collectstatic', software: 'django', version: props.version };
    const serviceAccount = new ComponentServiceAccount(this, 'ServiceAccount', { ctx, id: this.identity });
    const container = {
      ...djangoContainer({
        // web's settings: the storage backend and bucket are whatever web serves from.
        process: 'web',
        image: props.image,
        settings,
        args: ['python', settings.contract.paths.manage, 'collectstatic', '--noinput'],
        resources: props.resources ?? COLLECTSTATIC_JOB_DEFAULTS.resources,
        // A Helm pre-upgrade hook would read the previous release's ConfigMap (see MigrationJob).
        inlineSettings: true,
      }),
      name: 'collectstatic',
    };
    new k8s.KubeJob(this, 'Job', {
      metadata: componentMetadata(ctx, this.identity, undefined, props.hookAnnotations),
      spec: {
        backoffLimit: props.backoffLimit ?? COLLECTSTATIC_JOB_DEFAULTS.backoffLimit,
        activeDeadlineSeconds: props.activeDeadlineSeconds ?? COLLECTSTATIC_JOB_DEFAULTS.activeDeadlineSeconds,
        // As the migration's: long enough to read the logs, never so short ArgoCD loses the hook.
        ttlSecondsAfterFinished: 86400,
        template: {
          metadata: { labels: recommendedLabels(ctx, this.identity), annotations: settings.podAnnotations() },
          spec: hardenedPodSpec({
            serviceAccountName: serviceAccount.name,
            user: settings.contract.image,
            containers: [container],
            restartPolicy: 'Never',
          }),
        },
      },
    });
  }
}
