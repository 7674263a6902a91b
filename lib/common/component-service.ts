import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import {
  componentMetadata,
  objectName,
  selectorLabels,
  type ComponentIdentity,
  type StackContext,
} from './stack-context';

/** A port a Service exposes, targeting the container port of the same name. */
export interface ServicePort {
  /** IANA-style name (at most 15 characters), also the container port's name. */
  readonly name: string;
  readonly port: number;
  /** Fixed node port, for `type: NodePort`. */
  readonly nodePort?: number;
}

export interface ComponentServiceProps {
  readonly ctx: StackContext;
  readonly id: ComponentIdentity;
  readonly ports: ServicePort[];
  /** @default 'ClusterIP' */
  readonly type?: 'ClusterIP' | 'NodePort';
  /** A headless Service for a StatefulSet's stable pod names. @default false */
  readonly headless?: boolean;
  /** @default `<product>-<component>` (`-headless` appended for headless Services) */
  readonly name?: string;
}

/** A Service selecting exactly the component's pods, targeting ports by name. */
export class ComponentService extends Construct {
  public readonly name: string;
  public readonly ports: readonly ServicePort[];

  public constructor(scope: Construct, id: string, props: ComponentServiceProps) {
    super(scope, id);
    this.name = props.name ?? `${objectName(props.ctx, props.id.component)}${props.headless ? '-headless' : ''}`;
    this.ports = props.ports;
    new k8s.KubeService(this, 'Resource', {
      metadata: componentMetadata(props.ctx, props.id, this.name),
      spec: {
        type: props.headless ? 'ClusterIP' : (props.type ?? 'ClusterIP'),
        ...(props.headless ? { clusterIp: 'None', publishNotReadyAddresses: true } : {}),
        selector: selectorLabels(props.ctx, props.id),
        ports: props.ports.map((p) => ({
          name: p.name,
          port: p.port,
          targetPort: k8s.IntOrString.fromString(p.name),
          protocol: 'TCP',
          ...(p.nodePort !== undefined ? { nodePort: p.nodePort } : {}),
        })),
      },
    });
  }
}
