import { Construct } from 'constructs';
import type { ContainerResources } from '../common/resources';
import { containerResources } from '../common/resources';
import { ComponentService } from '../common/component-service';
import { ComponentDeployment } from '../common/component-deployment';
import { tcpProbe } from '../common/pod';
import { STATIC_BINARY_USER } from '../common/security';
import { ComponentServiceAccount } from '../common/service-account';
import { selectorLabels, type ComponentIdentity, type StackContext } from '../common/stack-context';
import type { NetworkPeer } from '../platform/network-policies';

export const SMTP_PORT = 1025;
export const MAIL_UI_PORT = 8025;

/** What MailCatcher does with a prop left out; the environment file's defaults are the same values. */
export const MAIL_CATCHER_DEFAULTS = {
  /** Mailpit: Mailhog's maintained successor (Mailhog is unmaintained since 2020). */
  kind: 'mailpit',
  resources: containerResources('10m', '32Mi', '200m', '128Mi'),
} as const;

export interface MailCatcherProps {
  readonly ctx: StackContext;
  /** Mailhog (the seed's) or Mailpit (its maintained successor); same ports. */
  readonly kind: 'mailhog' | 'mailpit';
  readonly image: string;
  readonly version: string;
  /** @default MAIL_CATCHER_DEFAULTS.resources (10m/32Mi requested, 200m/128Mi limits) */
  readonly resources?: ContainerResources;
}

/** A development SMTP server that keeps every mail for inspection in a web UI. Never in production. */
export class MailCatcher extends Construct {
  public readonly identity: ComponentIdentity;
  public readonly service: ComponentService;
  public readonly server: NetworkPeer;

  public constructor(scope: Construct, id: string, props: MailCatcherProps) {
    super(scope, id);
    const { ctx } = props;
    this.identity = { component: 'mail', software: props.kind, version: props.version };
    const serviceAccount = new ComponentServiceAccount(this, 'ServiceAccount', { ctx, id: this.identity });
    new ComponentDeployment(this, 'Deployment', {
      ctx,
      id: this.identity,
      revisionHistoryLimit: 3,
      pod: {
        serviceAccountName: serviceAccount.name,
        user: STATIC_BINARY_USER,
        containers: [
          {
            name: props.kind,
            image: props.image,
            ports: [
              { name: 'smtp', containerPort: SMTP_PORT, protocol: 'TCP' },
              { name: 'http', containerPort: MAIL_UI_PORT, protocol: 'TCP' },
            ],
            resources: props.resources ?? MAIL_CATCHER_DEFAULTS.resources,
            readinessProbe: tcpProbe('smtp', { periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 }),
            livenessProbe: tcpProbe('http', { periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 3 }),
            writablePaths: [{ name: 'tmp', mountPath: '/tmp', sizeLimit: '128Mi' }],
          },
        ],
      },
    });
    this.service = new ComponentService(this, 'Service', {
      ctx,
      id: this.identity,
      ports: [
        { name: 'smtp', port: SMTP_PORT },
        { name: 'http', port: MAIL_UI_PORT },
      ],
    });
    this.server = { podLabels: selectorLabels(ctx, this.identity), port: SMTP_PORT };
  }
}
