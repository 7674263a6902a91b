import { Construct } from 'constructs';
import type { ContainerResources } from '../common/resources';
import { containerResources } from '../common/resources';
import type { ComponentIdentity, StackContext } from '../common/stack-context';
import { addDjangoCommandJob } from './django-command-job';
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
    this.identity = { component: 'collectstatic', software: 'django', version: props.version };
    addDjangoCommandJob(this, {
      ctx: props.ctx,
      identity: this.identity,
      image: props.image,
      settings: props.settings,
      // web's settings: the storage backend and bucket are whatever web serves from.
      process: 'web',
      args: ['python', props.settings.contract.paths.manage, 'collectstatic', '--noinput'],
      containerName: 'collectstatic',
      resources: props.resources ?? COLLECTSTATIC_JOB_DEFAULTS.resources,
      activeDeadlineSeconds: props.activeDeadlineSeconds ?? COLLECTSTATIC_JOB_DEFAULTS.activeDeadlineSeconds,
      backoffLimit: props.backoffLimit ?? COLLECTSTATIC_JOB_DEFAULTS.backoffLimit,
      hookAnnotations: props.hookAnnotations,
    });
  }
}
