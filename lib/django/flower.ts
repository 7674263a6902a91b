import { Construct } from 'constructs';
import type { ResourcesConfig } from '../config/primitives';
import { ComponentIngress, type IngressRoute } from '../common/component-ingress';
import { ComponentService } from '../common/component-service';
import { ComponentDeployment } from '../common/component-deployment';
import { envFromSecret, tcpProbe } from '../common/pod';
import { DJANGO_USER } from '../common/security';
import { ComponentServiceAccount } from '../common/service-account';
import { type ComponentIdentity, type StackContext } from '../common/stack-context';
import { APP_SECRET_KEYS } from './app-secret';
import { CELERY_APP, djangoContainer } from './django-container';
import type { DjangoSettings } from './django-settings';

export interface FlowerProps {
  readonly ctx: StackContext;
  readonly image: string;
  readonly version: string;
  readonly settings: DjangoSettings;
  readonly resources: ResourcesConfig;
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
    const port = props.port ?? 5555;
    this.port = port;
    this.identity = { component: 'flower', software: 'flower', version: props.version };
    const serviceAccount = new ComponentServiceAccount(this, 'ServiceAccount', { ctx, id: this.identity });
    const secret = props.settings.secretName;

    const container = djangoContainer({
      name: 'flower',
      image: props.image,
      settings: props.settings,
      args: ['celery', '-A', CELERY_APP, '--broker=$(REDIS_URL)', 'flower', `--port=${port}`],
      env: [
        envFromSecret(APP_SECRET_KEYS.flowerUser, secret),
        envFromSecret(APP_SECRET_KEYS.flowerPassword, secret),
        // Flower reads its options from FLOWER_* variables: the credentials stay out of the
        // process arguments, where any `ps` would show them.
        {
          name: 'FLOWER_BASIC_AUTH',
          value: `$(${APP_SECRET_KEYS.flowerUser}):$(${APP_SECRET_KEYS.flowerPassword})`,
        },
      ],
      ports: [{ name: Flower.PORT_NAME, containerPort: port, protocol: 'TCP' }],
      resources: props.resources,
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
      pod: { serviceAccountName: serviceAccount.name, user: DJANGO_USER, containers: [container] },
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
