import { Construct } from 'constructs';
import type { ContainerResources } from '../common/resources';
import { containerResources } from '../common/resources';
import type { ComponentIdentity, StackContext } from '../common/stack-context';
import { appProcess } from '../app/app-processes';
import { addDjangoCommandJob } from './django-command-job';
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
    this.identity = { component: 'migrate', software: 'django', version: props.version };
    addDjangoCommandJob(this, {
      ctx: props.ctx,
      identity: this.identity,
      image: props.image,
      settings: props.settings,
      process: 'migrate',
      args: appProcess(props.settings.contract, 'migrate').command,
      resources: props.resources ?? MIGRATION_JOB_DEFAULTS.resources,
      activeDeadlineSeconds: props.activeDeadlineSeconds ?? MIGRATION_JOB_DEFAULTS.activeDeadlineSeconds,
      backoffLimit: props.backoffLimit ?? MIGRATION_JOB_DEFAULTS.backoffLimit,
      hookAnnotations: props.hookAnnotations,
    });
  }
}
