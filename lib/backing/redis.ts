import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { containerResources, type ContainerResources } from '../common/resources';
import { ComponentService } from '../common/component-service';
import { hardenedPodSpec, shellProbe } from '../common/pod';
import { REDIS_USER } from '../common/security';
import { ComponentServiceAccount } from '../common/service-account';
import {
  componentMetadata,
  recommendedLabels,
  selectorLabels,
  type ComponentIdentity,
  type StackContext,
} from '../common/stack-context';
import type { NetworkPeer } from '../platform/network-policies';
import { REDIS_EVICTION_POLICY, redisMaxMemoryArgument } from './redis-memory';

export const REDIS_PORT = 6379;

/** What Redis does with a prop left out; the environment file's defaults are the same values. */
export const REDIS_DEFAULTS = {
  /** Size of the append-only file's volume when persistence is on. */
  persistentStorageSize: '1Gi',
  resources: containerResources('50m', '128Mi', '500m', '256Mi'),
} as const;

export interface RedisProps {
  readonly ctx: StackContext;
  readonly image: string;
  readonly version: string;
  /** maxmemory is a share of the memory limit. @default REDIS_DEFAULTS.resources (50m/128Mi requested, 500m/256Mi limits) */
  readonly resources?: ContainerResources;
  /** Keep an append-only file on a volume of this size. @default none: a cache that restarts empty */
  readonly persistentStorageSize?: string;
  readonly storageClassName?: string;
}

/** Redis, the Celery broker and Django cache, from the official image. */
export class Redis extends Construct {
  public readonly identity: ComponentIdentity;
  public readonly service: ComponentService;
  public readonly server: NetworkPeer;

  public constructor(scope: Construct, id: string, props: RedisProps) {
    super(scope, id);
    const resources = props.resources ?? REDIS_DEFAULTS.resources;
    const { ctx } = props;
    this.identity = { component: 'redis', software: 'redis', version: props.version };
    const persistent = props.persistentStorageSize !== undefined;
    const serviceAccount = new ComponentServiceAccount(this, 'ServiceAccount', { ctx, id: this.identity });
    // Ready only when it answers PONG. While Redis replays its append-only file it refuses
    // PING with "LOADING Redis is loading the dataset in memory" (PING lacks the `loading` flag
    // in src/commands/ping.json, so processCommand rejects it with shared.loadingerr): that
    // server is alive, and must not be killed, however long the replay of a large AOF takes.
    const ping = 'redis-cli -h 127.0.0.1 -p 6379 ping | grep -q PONG';
    const alive = `case "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>&1)" in PONG|*LOADING*) exit 0 ;; *) exit 1 ;; esac`;
    const memory = [
      '--maxmemory',
      redisMaxMemoryArgument(resources.limits.memory, persistent),
      '--maxmemory-policy',
      REDIS_EVICTION_POLICY,
    ];

    const headless = new ComponentService(this, 'HeadlessService', {
      ctx,
      id: this.identity,
      headless: true,
      ports: [{ name: 'redis', port: REDIS_PORT }],
    });
    this.service = new ComponentService(this, 'Service', {
      ctx,
      id: this.identity,
      ports: [{ name: 'redis', port: REDIS_PORT }],
    });

    new k8s.KubeStatefulSet(this, 'StatefulSet', {
      metadata: componentMetadata(ctx, this.identity),
      spec: {
        replicas: 1,
        serviceName: headless.name,
        updateStrategy: { type: 'RollingUpdate' },
        selector: { matchLabels: selectorLabels(ctx, this.identity) },
        template: {
          metadata: { labels: recommendedLabels(ctx, this.identity) },
          spec: hardenedPodSpec({
            serviceAccountName: serviceAccount.name,
            user: REDIS_USER,
            containers: [
              {
                name: 'redis',
                image: props.image,
                command: ['redis-server'],
                args: persistent
                  ? ['--dir', '/data', '--appendonly', 'yes', '--save', '', ...memory]
                  : ['--dir', '/data', '--appendonly', 'no', '--save', '', ...memory],
                ports: [{ name: 'redis', containerPort: REDIS_PORT, protocol: 'TCP' }],
                resources,
                // Two minutes to start listening; after that, LOADING counts as alive.
                startupProbe: shellProbe(alive, { periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 24 }),
                readinessProbe: shellProbe(ping, { periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 }),
                livenessProbe: shellProbe(alive, { periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 5 }),
                volumeMounts: persistent ? [{ name: 'data', mountPath: '/data' }] : undefined,
                writablePaths: persistent
                  ? [{ name: 'tmp', mountPath: '/tmp', sizeLimit: '16Mi' }]
                  : [
                      { name: 'data', mountPath: '/data', sizeLimit: '256Mi' },
                      { name: 'tmp', mountPath: '/tmp', sizeLimit: '16Mi' },
                    ],
              },
            ],
          }),
        },
        volumeClaimTemplates: persistent
          ? [
              {
                metadata: { name: 'data', labels: recommendedLabels(ctx, { ...this.identity, version: undefined }) },
                spec: {
                  accessModes: ['ReadWriteOnce'],
                  // The API server's default, stated: volumeClaimTemplates is an atomic list.
                  volumeMode: 'Filesystem',
                  storageClassName: props.storageClassName,
                  resources: { requests: { storage: k8s.Quantity.fromString(props.persistentStorageSize) } },
                },
              },
            ]
          : undefined,
      },
    });
    this.server = { podLabels: selectorLabels(ctx, this.identity), port: REDIS_PORT };
  }

  /** Connection URL for Celery and the Django cache (database 0). */
  public url(): string {
    return `redis://${this.service.name}:${REDIS_PORT}/0`;
  }
}
