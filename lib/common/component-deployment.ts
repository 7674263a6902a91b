import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { DisruptionBudget, spreadAffinity, zoneSpread } from './availability';
import { hardenedPodSpec, type PodOptions } from './pod';
import {
  componentMetadata,
  recommendedLabels,
  selectorLabels,
  type ComponentIdentity,
  type StackContext,
} from './stack-context';

export interface ComponentDeploymentProps {
  readonly ctx: StackContext;
  readonly id: ComponentIdentity;
  /** The pod; affinity and spreading are added here when there are several replicas. */
  readonly pod: Omit<PodOptions, 'affinity' | 'topologySpreadConstraints'>;
  /**
   * Replica count, or `{ autoscaledFrom: n }` to leave `spec.replicas` to an HPA that keeps at
   * least n (an explicit count would be reset on every sync). @default 1
   */
  readonly replicas?: number | { readonly autoscaledFrom: number };
  /**
   * `rolling` keeps full capacity (`maxUnavailable: 0`); `recreate` stops the old pod first, for
   * singletons. @default 'rolling'
   */
  readonly strategy?: 'rolling' | 'recreate';
  /** Extra pods during a rollout. @default 1 */
  readonly maxSurge?: number | string;
  /** Pod template annotations (config checksums). @default none */
  readonly podAnnotations?: Record<string, string>;
  /** Also spread replicas over zones. @default false */
  readonly spreadAcrossZones?: boolean;
  /** @default 5 */
  readonly revisionHistoryLimit?: number;
}

/**
 * A component's Deployment: selector from the stable labels, rolling updates that never reduce
 * capacity, and, with two replicas or more, anti-affinity by node and a PodDisruptionBudget.
 */
export class ComponentDeployment extends Construct {
  public readonly name: string;

  public constructor(scope: Construct, id: string, props: ComponentDeploymentProps) {
    super(scope, id);
    const { ctx } = props;
    const metadata = componentMetadata(ctx, props.id);
    this.name = metadata.name;
    const replicas = props.replicas ?? 1;
    const minimum = typeof replicas === 'number' ? replicas : replicas.autoscaledFrom;
    const highlyAvailable = minimum >= 2;
    const surge = props.maxSurge ?? 1;
    new k8s.KubeDeployment(this, 'Resource', {
      metadata,
      spec: {
        replicas: typeof replicas === 'number' ? replicas : undefined,
        revisionHistoryLimit: props.revisionHistoryLimit ?? 5,
        selector: { matchLabels: selectorLabels(ctx, props.id) },
        strategy:
          props.strategy === 'recreate'
            ? { type: 'Recreate' }
            : {
                type: 'RollingUpdate',
                rollingUpdate: {
                  maxUnavailable: k8s.IntOrString.fromNumber(0),
                  maxSurge:
                    typeof surge === 'number' ? k8s.IntOrString.fromNumber(surge) : k8s.IntOrString.fromString(surge),
                },
              },
        template: {
          metadata: { labels: recommendedLabels(ctx, props.id), annotations: props.podAnnotations },
          spec: hardenedPodSpec({
            ...props.pod,
            affinity: highlyAvailable ? spreadAffinity(ctx, props.id) : undefined,
            topologySpreadConstraints:
              highlyAvailable && props.spreadAcrossZones ? zoneSpread(ctx, props.id) : undefined,
          }),
        },
      },
    });
    if (highlyAvailable) new DisruptionBudget(this, 'DisruptionBudget', { ctx, id: props.id });
  }
}
