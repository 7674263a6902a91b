import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import type { ContainerResources } from '../common/resources';
import { containerResources } from '../common/resources';
import { ComponentIngress, type IngressRoute } from '../common/component-ingress';
import { ComponentService } from '../common/component-service';
import { ComponentDeployment } from '../common/component-deployment';
import { NGINX_UNPRIVILEGED_USER } from '../common/security';
import { ComponentServiceAccount } from '../common/service-account';
import { type ComponentIdentity, type StackContext } from '../common/stack-context';

/** What DocsSite does with a prop left out; the environment file's defaults are the same values. */
export const DOCS_SITE_DEFAULTS = {
  /** nginx-unprivileged's port (it cannot bind below 1024). */
  port: 8080,
  replicas: 1,
  resources: containerResources('10m', '32Mi', '200m', '64Mi'),
} as const;

export interface DocsSiteProps {
  readonly ctx: StackContext;
  /** Image holding the Sphinx HTML on top of nginx-unprivileged. */
  readonly image: string;
  readonly version: string;
  /** @default DOCS_SITE_DEFAULTS.resources (10m/32Mi requested, 200m/64Mi limits) */
  readonly resources?: ContainerResources;
  /** @default 1 */
  readonly replicas?: number;
  /** Port nginx-unprivileged listens on. @default 8080 */
  readonly port?: number;
  /** Own host, or a path on the web host. @default none */
  readonly ingress?: IngressRoute;
}

/** The Sphinx documentation: static HTML served by an unprivileged nginx. */
export class DocsSite extends Construct {
  public static readonly PORT_NAME = 'http';
  public readonly identity: ComponentIdentity;
  public readonly service: ComponentService;
  /** Container and Service port. */
  public readonly port: number;

  public constructor(scope: Construct, id: string, props: DocsSiteProps) {
    super(scope, id);
    const { ctx } = props;
    const port = props.port ?? DOCS_SITE_DEFAULTS.port;
    this.port = port;
    const replicas = props.replicas ?? DOCS_SITE_DEFAULTS.replicas;
    this.identity = { component: 'docs', software: 'nginx', version: props.version };
    const serviceAccount = new ComponentServiceAccount(this, 'ServiceAccount', { ctx, id: this.identity });
    const httpGet = { path: '/', port: k8s.IntOrString.fromString(DocsSite.PORT_NAME) };

    new ComponentDeployment(this, 'Deployment', {
      ctx,
      id: this.identity,
      replicas,
      pod: {
        serviceAccountName: serviceAccount.name,
        user: NGINX_UNPRIVILEGED_USER,
        containers: [
          {
            name: 'nginx',
            image: props.image,
            ports: [{ name: DocsSite.PORT_NAME, containerPort: port, protocol: 'TCP' }],
            resources: props.resources ?? DOCS_SITE_DEFAULTS.resources,
            readinessProbe: { httpGet, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 },
            livenessProbe: { httpGet, periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 3 },
            // nginx-unprivileged keeps its pid file and temp files in /tmp.
            writablePaths: [{ name: 'tmp', mountPath: '/tmp', sizeLimit: '64Mi' }],
          },
        ],
      },
    });
    this.service = new ComponentService(this, 'Service', {
      ctx,
      id: this.identity,
      ports: [{ name: DocsSite.PORT_NAME, port }],
    });
    if (props.ingress) {
      new ComponentIngress(this, 'Ingress', {
        ctx,
        id: this.identity,
        config: props.ingress,
        serviceName: this.service.name,
        servicePort: DocsSite.PORT_NAME,
      });
    }
  }
}
