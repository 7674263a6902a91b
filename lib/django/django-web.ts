import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import type { ContainerResources } from '../common/resources';
import { containerResources } from '../common/resources';
import { ComponentIngress, type IngressRoute } from '../common/component-ingress';
import { ComponentService } from '../common/component-service';
import { ComponentDeployment } from '../common/component-deployment';
import { ComponentServiceAccount } from '../common/service-account';
import { componentMetadata, type ComponentIdentity, type StackContext } from '../common/stack-context';
import { appProcess } from '../app/app-processes';
import { djangoContainer } from './django-container';
import { GunicornConfig } from './gunicorn-config';
import type { MediaVolume } from './media-volume';
import type { DjangoSettings } from './django-settings';

/** gunicorn's worker count (gunicorn 20.1.0 gunicorn/config.py Workers: `WEB_CONCURRENCY` is its default). */
export const WEB_CONCURRENCY_ENV = 'WEB_CONCURRENCY';

/** Seconds gunicorn gives a worker to finish its request after SIGTERM (its `--graceful-timeout`). */
const GUNICORN_GRACEFUL_TIMEOUT = 30;

/** What DjangoWeb does with a prop left out; the environment file's defaults are the same values. */
export const DJANGO_WEB_DEFAULTS = {
  replicas: 1,
  /** gunicorn workers per pod. */
  concurrency: 2,
  healthPath: '/',
  /** Seconds a stopping pod keeps serving while endpoints drain, before gunicorn gets SIGTERM. */
  drainSeconds: 15,
  serviceType: 'ClusterIP',
  /** Average CPU utilisation, in percent of the request, that the HPA aims for. */
  targetCPUUtilizationPercentage: 70,
  resources: containerResources('250m', '384Mi', '1', '768Mi'),
} as const;

export interface WebAutoscaling {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly targetCPUUtilizationPercentage: number;
}

export interface DjangoWebProps {
  readonly ctx: StackContext;
  readonly image: string;
  /** Version label, normally the image tag. */
  readonly version: string;
  readonly settings: DjangoSettings;
  /** @default DJANGO_WEB_DEFAULTS.resources (250m/384Mi requested, 1 CPU/768Mi limits) */
  readonly resources?: ContainerResources;
  /** Port gunicorn binds. @default the app contract's `port` */
  readonly port?: number;
  /** Fixed replica count when there is no autoscaling. @default 1 */
  readonly replicas?: number;
  /** Scale on CPU with an HPA; the Deployment then leaves `replicas` to it. @default none */
  readonly autoscaling?: WebAutoscaling;
  /** gunicorn workers per pod (`WEB_CONCURRENCY`). @default 2 */
  readonly concurrency?: number;
  /** Path probed with an allowed Host and `X-Forwarded-Proto: https`. @default '/' */
  readonly healthPath?: string;
  /** Seconds the pod keeps serving after removal from endpoints. @default 15 */
  readonly drainSeconds?: number;
  /** @default 'ClusterIP' */
  readonly serviceType?: 'ClusterIP' | 'NodePort';
  readonly nodePort?: number;
  /** Public entry; none means in-cluster (or NodePort) only. @default none */
  readonly ingress?: IngressRoute;
  /** @default false */
  readonly spreadAcrossZones?: boolean;
  readonly priorityClassName?: string;
  /** A volume mounted at MEDIA_ROOT for uploads. @default none (the seed has no upload fields) */
  readonly media?: MediaVolume;
}

/** Django served by gunicorn: Deployment, Service, optional Ingress, PDB and HPA. */
export class DjangoWeb extends Construct {
  public static readonly PORT_NAME = 'http';
  public readonly identity: ComponentIdentity;
  public readonly service: ComponentService;
  public readonly port: number;
  /** Path the probes (and the smoke test) ask for. */
  public readonly healthPath: string;

  public constructor(scope: Construct, id: string, props: DjangoWebProps) {
    super(scope, id);
    const { ctx } = props;
    this.port = props.port ?? props.settings.contract.port;
    this.identity = { component: 'web', software: 'django', version: props.version };
    const replicas = props.autoscaling
      ? props.autoscaling.minReplicas
      : (props.replicas ?? DJANGO_WEB_DEFAULTS.replicas);
    const drainSeconds = props.drainSeconds ?? DJANGO_WEB_DEFAULTS.drainSeconds;
    const healthPath = props.healthPath ?? DJANGO_WEB_DEFAULTS.healthPath;
    this.healthPath = healthPath;
    const host = props.settings.allowedHosts[0];

    const serviceAccount = new ComponentServiceAccount(this, 'ServiceAccount', { ctx, id: this.identity });
    // Keeps --access-logfile's promise under an app LOGGING that disables existing loggers.
    const gunicornConfig = new GunicornConfig(this, 'GunicornConfig', { ctx });
    const probe = (timing: Omit<k8s.Probe, 'httpGet'>): k8s.Probe => ({
      httpGet: {
        path: healthPath,
        port: k8s.IntOrString.fromString(DjangoWeb.PORT_NAME),
        // Production settings redirect plain HTTP and check ALLOWED_HOSTS: without these
        // headers the probe would get 301 or 400 and never pass.
        httpHeaders: [
          { name: 'Host', value: host },
          { name: 'X-Forwarded-Proto', value: 'https' },
        ],
      },
      ...timing,
    });

    const container = djangoContainer({
      process: 'web',
      image: props.image,
      settings: props.settings,
      // gunicorn 20.1.0 gunicorn/config.py: -c/--config, -b/--bind, --chdir, --worker-tmp-dir,
      // --graceful-timeout, --access-logfile; the worker count comes from WEB_CONCURRENCY (Workers default).
      args: [
        ...appProcess(props.settings.contract, 'web').command,
        gunicornConfig.flag(),
        `--bind=0.0.0.0:${this.port}`,
        `--chdir=${props.settings.contract.paths.app}`,
        // gunicorn's heartbeat files need a writable, fast directory under the read-only root.
        '--worker-tmp-dir=/dev/shm',
        `--graceful-timeout=${GUNICORN_GRACEFUL_TIMEOUT}`,
        '--access-logfile=-',
      ],
      env: [{ name: WEB_CONCURRENCY_ENV, value: String(props.concurrency ?? DJANGO_WEB_DEFAULTS.concurrency) }],
      ports: [{ name: DjangoWeb.PORT_NAME, containerPort: this.port, protocol: 'TCP' }],
      resources: props.resources ?? DJANGO_WEB_DEFAULTS.resources,
      startupProbe: probe({ periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 24 }),
      readinessProbe: probe({ periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3, successThreshold: 1 }),
      livenessProbe: probe({ periodSeconds: 30, timeoutSeconds: 10, failureThreshold: 4 }),
      // Endpoints are removed asynchronously: keep serving until every proxy stopped sending.
      lifecycle: { preStop: { exec: { command: ['sleep', String(drainSeconds)] } } },
      volumeMounts: [gunicornConfig.volumeMount(), ...(props.media ? [props.media.volumeMount()] : [])],
    });

    new ComponentDeployment(this, 'Deployment', {
      ctx,
      id: this.identity,
      replicas: props.autoscaling ? { autoscaledFrom: props.autoscaling.minReplicas } : replicas,
      maxSurge: '25%',
      podAnnotations: { ...props.settings.podAnnotations(), ...gunicornConfig.podAnnotations() },
      spreadAcrossZones: props.spreadAcrossZones,
      pod: {
        serviceAccountName: serviceAccount.name,
        user: props.settings.contract.image,
        containers: [container],
        volumes: [gunicornConfig.volume(), ...(props.media ? [props.media.volume()] : [])],
        terminationGracePeriodSeconds: drainSeconds + GUNICORN_GRACEFUL_TIMEOUT + 5,
        priorityClassName: props.priorityClassName,
      },
    });

    this.service = new ComponentService(this, 'Service', {
      ctx,
      id: this.identity,
      type: props.serviceType,
      ports: [{ name: DjangoWeb.PORT_NAME, port: this.port, nodePort: props.nodePort }],
    });
    if (props.ingress) {
      new ComponentIngress(this, 'Ingress', {
        ctx,
        id: this.identity,
        config: props.ingress,
        serviceName: this.service.name,
        servicePort: DjangoWeb.PORT_NAME,
      });
    }
    if (props.autoscaling) {
      new k8s.KubeHorizontalPodAutoscalerV2(this, 'Autoscaler', {
        metadata: componentMetadata(ctx, this.identity),
        spec: {
          scaleTargetRef: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: componentMetadata(ctx, this.identity).name,
          },
          minReplicas: props.autoscaling.minReplicas,
          maxReplicas: props.autoscaling.maxReplicas,
          metrics: [
            {
              type: 'Resource',
              resource: {
                name: 'cpu',
                target: { type: 'Utilization', averageUtilization: props.autoscaling.targetCPUUtilizationPercentage },
              },
            },
          ],
        },
      });
    }
  }
}
