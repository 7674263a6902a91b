import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { componentMetadata, objectName, type ComponentIdentity, type StackContext } from './stack-context';

/**
 * A component's public entry as the stack takes it. The environment file's `ingress` blocks
 * (lib/config/primitives.ts) are checked against this type and fill `path` with `/`.
 */
export interface IngressProps {
  /** Fully qualified host names routed to the component; one TLS certificate covers them all. */
  readonly hosts: readonly string[];
  /** Path prefix routed to the component (`/`, `/docs`). */
  readonly path: string;
  /** Secret holding the TLS certificate; cert-manager fills it when `clusterIssuer` is set. @default `<product>-<component>-tls` */
  readonly tlsSecretName?: string;
  /** cert-manager ClusterIssuer that issues the certificate. @default none: the TLS Secret is provided otherwise */
  readonly clusterIssuer?: string;
}

/** An Ingress as configured, routed through the cluster's IngressClass. */
export interface IngressRoute extends IngressProps {
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
        tls: [{ hosts: [...config.hosts], secretName: tlsSecretName }],
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
