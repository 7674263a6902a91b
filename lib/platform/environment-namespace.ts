import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { recommendedLabels, type StackContext } from '../common/stack-context';

/** Pod Security Admission labels: enforce, audit and warn at "restricted". */
export function podSecurityLabels(): Record<string, string> {
  return {
    'pod-security.kubernetes.io/enforce': 'restricted',
    'pod-security.kubernetes.io/enforce-version': 'latest',
    'pod-security.kubernetes.io/audit': 'restricted',
    'pod-security.kubernetes.io/warn': 'restricted',
  };
}

export interface EnvironmentNamespaceProps {
  readonly ctx: StackContext;
  /** Extra annotations (sync options). @default none */
  readonly annotations?: Record<string, string>;
}

/** The environment's Namespace, enforcing Pod Security "restricted" for everything in it. */
export class EnvironmentNamespace extends Construct {
  public constructor(scope: Construct, id: string, props: EnvironmentNamespaceProps) {
    super(scope, id);
    new k8s.KubeNamespace(this, 'Resource', {
      metadata: {
        name: props.ctx.namespace,
        labels: {
          ...recommendedLabels(props.ctx, { component: 'namespace', software: props.ctx.product }),
          ...podSecurityLabels(),
        },
        annotations: props.annotations,
      },
    });
  }
}
