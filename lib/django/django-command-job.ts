import type { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { hardenedPodSpec } from '../common/pod';
import type { ContainerResources } from '../common/resources';
import { containerResources } from '../common/resources';
import { ComponentServiceAccount } from '../common/service-account';
import {
  componentMetadata,
  recommendedLabels,
  type ComponentIdentity,
  type StackContext,
} from '../common/stack-context';
import type { ProcessName } from '../app/app-contract';
import { djangoContainer } from './django-container';
import type { DjangoSettings } from './django-settings';

/**
 * What a command Job (migrate, collectstatic) does with a prop left out; the environment file's
 * migration defaults are the same values.
 */
export const DJANGO_COMMAND_JOB_DEFAULTS = {
  /** Upper bound for one run; the Job fails (and the sync with it) past this. */
  activeDeadlineSeconds: 900,
  /** Retries before the Job (and the sync) fails: a run may meet a passing network error. */
  backoffLimit: 2,
  resources: containerResources('100m', '256Mi', '1', '512Mi'),
} as const;

/** What every Django command Job (migrate, collectstatic) is given by the stack. */
export interface DjangoCommandJobProps {
  readonly ctx: StackContext;
  readonly image: string;
  readonly version: string;
  readonly settings: DjangoSettings;
  /** @default DJANGO_COMMAND_JOB_DEFAULTS.resources (100m/256Mi requested, 1 CPU/512Mi limits) */
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

/** One Django management command run once per deployment as a hook Job. */
export interface DjangoCommandJobOptions extends DjangoCommandJobProps {
  readonly identity: ComponentIdentity;
  /** Whose settings the container gets. */
  readonly process: ProcessName;
  /** The command, as the image's entrypoint runs it. */
  readonly args: readonly string[];
  /** The container's name. @default the process */
  readonly containerName?: string;
}

/**
 * Adds the command's ServiceAccount and Job to `scope`. The settings are written into the Job
 * (`inlineSettings`): a Helm pre-upgrade hook runs before Helm updates the ConfigMap, so it would
 * read the previous release's values. The Job has a fixed name, never a timestamp: the hook
 * delete policy replaces it on every sync.
 */
export function addDjangoCommandJob(scope: Construct, options: DjangoCommandJobOptions): void {
  const { ctx, identity, settings } = options;
  const serviceAccount = new ComponentServiceAccount(scope, 'ServiceAccount', { ctx, id: identity });
  const container = {
    ...djangoContainer({
      process: options.process,
      image: options.image,
      settings,
      args: [...options.args],
      resources: options.resources ?? DJANGO_COMMAND_JOB_DEFAULTS.resources,
      inlineSettings: true,
    }),
    name: options.containerName ?? options.process,
  };
  new k8s.KubeJob(scope, 'Job', {
    metadata: componentMetadata(ctx, identity, undefined, options.hookAnnotations),
    spec: {
      backoffLimit: options.backoffLimit ?? DJANGO_COMMAND_JOB_DEFAULTS.backoffLimit,
      activeDeadlineSeconds: options.activeDeadlineSeconds ?? DJANGO_COMMAND_JOB_DEFAULTS.activeDeadlineSeconds,
      // Long enough to read the logs and never so short that ArgoCD loses the hook (argo-cd#21055).
      ttlSecondsAfterFinished: 86400,
      template: {
        metadata: { labels: recommendedLabels(ctx, identity), annotations: settings.podAnnotations() },
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
