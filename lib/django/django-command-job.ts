import type { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { hardenedPodSpec } from '../common/pod';
import type { ContainerResources } from '../common/resources';
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

/** One Django management command run once per deployment as a hook Job (migrate, collectstatic). */
export interface DjangoCommandJobOptions {
  readonly ctx: StackContext;
  readonly identity: ComponentIdentity;
  readonly image: string;
  readonly settings: DjangoSettings;
  /** Whose settings the container gets. */
  readonly process: ProcessName;
  /** The command, as the image's entrypoint runs it. */
  readonly args: readonly string[];
  /** The container's name. @default the process */
  readonly containerName?: string;
  readonly resources: ContainerResources;
  readonly activeDeadlineSeconds: number;
  readonly backoffLimit: number;
  /** Annotations that make the Job a deployment hook (ArgoCD and Helm). @default none */
  readonly hookAnnotations?: Record<string, string>;
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
      resources: options.resources,
      inlineSettings: true,
    }),
    name: options.containerName ?? options.process,
  };
  new k8s.KubeJob(scope, 'Job', {
    metadata: componentMetadata(ctx, identity, undefined, options.hookAnnotations),
    spec: {
      backoffLimit: options.backoffLimit,
      activeDeadlineSeconds: options.activeDeadlineSeconds,
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
