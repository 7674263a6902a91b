import { Construct } from 'constructs';
import type { ContainerResources } from '../common/resources';
import { containerResources } from '../common/resources';
import { ComponentIngress, type IngressRoute } from '../common/component-ingress';
import { ComponentService } from '../common/component-service';
import { ComponentDeployment } from '../common/component-deployment';
import { tcpProbe } from '../common/pod';
import { ComponentServiceAccount } from '../common/service-account';
import { type ComponentIdentity, type StackContext } from '../common/stack-context';
import { appProcess } from '../app/app-processes';
import { djangoContainer } from './django-container';
import type { DjangoSettings } from './django-settings';

/** Flower's basic-auth option as an environment variable (flower 1.2.0 flower/command.py apply_env_options). */
export const FLOWER_BASIC_AUTH_ENV = 'FLOWER_BASIC_AUTH';
/**
 * The app Secret's keys Flower's basic auth is built from: cookiecutter-django's names (release
 * 2026.8.18 compose/production/django/celery/flower/start, `--basic_auth=...`); the app contract
 * must declare both.
 */
export const FLOWER_CREDENTIALS = ['CELERY_FLOWER_USER', 'CELERY_FLOWER_PASSWORD'] as const;

/** What Flower does with a prop left out; the environment file's defaults are the same values. */
export const FLOWER_DEFAULTS = {
  /** Flower's own default port (flower 1.2.0 flower/options.py). */
  port: 5555,
  resources: containerResources('50m', '192Mi', '500m', '384Mi'),
} as const;

export interface FlowerProps {
  readonly ctx: StackContext;
  readonly image: string;
  readonly version: string;
  readonly settings: DjangoSettings;
  /** @default FLOWER_DEFAULTS.resources (50m/192Mi requested, 500m/384Mi limits) */
  readonly resources?: ContainerResources;
  /** Flower's port. @default 5555 */
  readonly port?: number;
  /** Public entry (basic auth protects it). @default none */
  readonly ingress?: IngressRoute;
}

/** Flower, the Celery monitor, behind basic auth read from the app Secret. */
export class Flower extends Construct {
  public static readonly PORT_NAME = 'http';
  public readonly identity: ComponentIdentity;
  public readonly service: ComponentService;
  /** Container and Service port. */
  public readonly port: number;

  public constructor(scope: Construct, id: string, props: FlowerProps) {
    super(scope, id);
    const { ctx } = props;
    const port = props.port ?? FLOWER_DEFAULTS.port;
    this.port = port;
    this.identity = { component: 'flower', software: 'flower', version: props.version };
    const serviceAccount = new ComponentServiceAccount(this, 'ServiceAccount', { ctx, id: this.identity });

    const container = djangoContainer({
      process: 'flower',
      image: props.image,
      settings: props.settings,
      // The broker comes from the settings (CELERY_BROKER_URL); flower 1.2.0 flower/options.py: --port.
      args: [...appProcess(props.settings.contract, 'flower').command, `--port=${port}`],
      env: [
        // flower 1.2.0 flower/command.py apply_env_options reads FLOWER_<option>: the credentials
        // stay out of the process arguments, where any `ps` would show them. The user and
        // password (app Secret, per the contract) come first so $(...) expands them.
        { name: FLOWER_BASIC_AUTH_ENV, value: FLOWER_CREDENTIALS.map((key) => `$(${key})`).join(':') },
      ],
      ports: [{ name: Flower.PORT_NAME, containerPort: port, protocol: 'TCP' }],
      resources: props.resources ?? FLOWER_DEFAULTS.resources,
      readinessProbe: tcpProbe(Flower.PORT_NAME, { periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 }),
      livenessProbe: tcpProbe(Flower.PORT_NAME, {
        periodSeconds: 30,
        timeoutSeconds: 5,
        failureThreshold: 4,
        initialDelaySeconds: 20,
      }),
    });

    new ComponentDeployment(this, 'Deployment', {
      ctx,
      id: this.identity,
      podAnnotations: props.settings.podAnnotations(),
      pod: { serviceAccountName: serviceAccount.name, user: props.settings.contract.image, containers: [container] },
    });
    this.service = new ComponentService(this, 'Service', {
      ctx,
      id: this.identity,
      ports: [{ name: Flower.PORT_NAME, port }],
    });
    if (props.ingress) {
      new ComponentIngress(this, 'Ingress', {
        ctx,
        id: this.identity,
        config: props.ingress,
        serviceName: this.service.name,
        servicePort: Flower.PORT_NAME,
      });
    }
  }
}
