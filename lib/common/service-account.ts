import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { componentMetadata, type ComponentIdentity, type StackContext } from './stack-context';

export interface ComponentServiceAccountProps {
  readonly ctx: StackContext;
  readonly id: ComponentIdentity;
}

/**
 * One ServiceAccount per component, without an API token: none of the app's processes talks to
 * the Kubernetes API, and a separate identity per component keeps RBAC or cloud IAM bindings
 * (workload identity) narrow when one is added later.
 */
export class ComponentServiceAccount extends Construct {
  public readonly name: string;

  public constructor(scope: Construct, id: string, props: ComponentServiceAccountProps) {
    super(scope, id);
    const metadata = componentMetadata(props.ctx, props.id);
    this.name = metadata.name;
    new k8s.KubeServiceAccount(this, 'Resource', { metadata, automountServiceAccountToken: false });
  }
}
