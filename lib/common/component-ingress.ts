import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import type { IngressConfig } from '../config/primitives';
import { componentMetadata, objectName, type ComponentIdentity, type StackContext } from './stack-context';

/** An Ingress as configured, routed through the cluster's IngressClass. */
export interface IngressRoute extends IngressConfig {
  /** IngressClass of the cluster's ingress controller. */
  readonly className: string;
}

export interface ComponentIngressProps {
  readonly ctx: StackContext;
  readonly id: ComponentIdentity;
  readonly config: IngressRoute;
  readonly serviceName: string;
  /** Name of the Service port to route to. */
  readonly servicePort: string;
}

/** An Ingress with TLS for one component; cert-manager issues the certificate when configured. */
export class ComponentIngress extends Construct {
  public constructor(scope: Construct, id: string, props: ComponentIngressProps) {
    super(scope, id);
    const { config, ctx } = props;
    const tlsSecretName = config.tlsSecretName ?? `${objectName(ctx, props.id.component)}-tls`;
    const annotations: Record<string, string> = {};
    if (config.clusterIssuer !== undefined) annotations['cert-manager.io/cluster-issuer'] = config.clusterIssuer;
    new k8s.KubeIngress(this, 'Resource', {
      metadata: componentMetadata(ctx, props.id, undefined, annotations),
      spec: {
        ingressClassName: config.className,
        tls: [{ hosts: config.hosts, secretName: tlsSecretName }],
        rules: config.hosts.map((host) => ({
          host,
          http: {
            paths: [
              {
                path: config.path,
                pathType: 'Prefix',
                backend: { service: { name: props.serviceName, port: { name: props.servicePort } } },
              },
            ],
          },
        })),
      },
    });
  }
}
