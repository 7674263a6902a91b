import { Construct } from 'constructs';
import type { ComponentIdentity } from '../common/stack-context';
import { appProcess } from '../app/app-processes';
import { addDjangoCommandJob, DJANGO_COMMAND_JOB_DEFAULTS, type DjangoCommandJobProps } from './django-command-job';

/** What MigrationJob does with a prop left out; the environment file's defaults are the same values. */
export const MIGRATION_JOB_DEFAULTS = DJANGO_COMMAND_JOB_DEFAULTS;

/** MigrationJob's props: those of every command Job (lib/django/django-command-job.ts). */
export type MigrationJobProps = DjangoCommandJobProps;

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
      ...props,
      identity: this.identity,
      process: 'migrate',
      args: appProcess(props.settings.contract, 'migrate').command,
    });
  }
}
