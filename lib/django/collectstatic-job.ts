import { Construct } from 'constructs';
import type { ComponentIdentity } from '../common/stack-context';
import { addDjangoCommandJob, type DjangoCommandJobProps } from './django-command-job';

/** CollectstaticJob's props: those of every command Job, and it is always a deployment hook. */
export interface CollectstaticJobProps extends DjangoCommandJobProps {
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
 * Resources, deadline and retries default as the migration's (DJANGO_COMMAND_JOB_DEFAULTS).
 */
export class CollectstaticJob extends Construct {
  public readonly identity: ComponentIdentity;

  public constructor(scope: Construct, id: string, props: CollectstaticJobProps) {
    super(scope, id);
    this.identity = { component: 'collectstatic', software: 'django', version: props.version };
    addDjangoCommandJob(this, {
      ...props,
      identity: this.identity,
      // web's settings: the storage backend and bucket are whatever web serves from.
      process: 'web',
      args: ['python', props.settings.contract.paths.manage, 'collectstatic', '--noinput'],
      containerName: 'collectstatic',
    });
  }
}
