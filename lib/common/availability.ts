/**
 * High availability in one place: spreading replicas over nodes (and zones), and disruption
 * budgets that protect capacity without ever blocking a node drain.
 */
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { componentMetadata, selectorLabels, type ComponentIdentity, type StackContext } from './stack-context';

export interface SpreadOptions {
  /** Also spread over `topology.kubernetes.io/zone`. @default false */
  readonly acrossZones?: boolean;
}

/** Prefer one replica per node; required spreading would stall scheduling on small clusters. */
export function spreadAffinity(ctx: StackContext, id: ComponentIdentity): k8s.Affinity {
  return {
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [
        {
          weight: 100,
          podAffinityTerm: {
            topologyKey: 'kubernetes.io/hostname',
            labelSelector: { matchLabels: selectorLabels(ctx, id) },
          },
        },
      ],
    },
  };
}

export function zoneSpread(ctx: StackContext, id: ComponentIdentity): k8s.TopologySpreadConstraint[] {
  return [
    {
      maxSkew: 1,
      topologyKey: 'topology.kubernetes.io/zone',
      whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector: { matchLabels: selectorLabels(ctx, id) },
    },
  ];
}

export interface DisruptionBudgetProps {
  readonly ctx: StackContext;
  readonly id: ComponentIdentity;
}

/**
 * At most one pod of the component down at a time through voluntary disruptions. `maxUnavailable`
 * (not `minAvailable`) keeps drains possible whatever the replica count, and unhealthy pods may
 * always be evicted so a crash-looping pod never pins a node.
 */
export class DisruptionBudget extends Construct {
  public constructor(scope: Construct, id: string, props: DisruptionBudgetProps) {
    super(scope, id);
    new k8s.KubePodDisruptionBudget(this, 'Resource', {
      metadata: componentMetadata(props.ctx, props.id),
      spec: {
        maxUnavailable: k8s.IntOrString.fromNumber(1),
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
        selector: { matchLabels: selectorLabels(props.ctx, props.id) },
      },
    });
  }
}
