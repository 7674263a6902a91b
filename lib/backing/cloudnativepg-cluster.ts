import { Construct } from 'constructs';
import {
  Cluster,
  ClusterSpecPrimaryUpdateStrategy,
  ClusterSpecResourcesLimits,
  ClusterSpecResourcesRequests,
} from '../../imports/cnpg-cluster-postgresql.cnpg.io';
import {
  ScheduledBackup,
  ScheduledBackupSpecBackupOwnerReference,
  ScheduledBackupSpecMethod,
} from '../../imports/cnpg-scheduledbackup-postgresql.cnpg.io';
import type { k8s } from 'cdk8s-plus-27';
import type { ContainerResources } from '../common/resources';
import { containerResources } from '../common/resources';
import { envFromSecret } from '../common/pod';
import {
  componentMetadata,
  recommendedLabels,
  type ComponentIdentity,
  type StackContext,
} from '../common/stack-context';
import { NAMESPACE_NAME_LABEL, networkPolicy, tcp, type NetworkPeer } from '../platform/network-policies';
import { retainOnDelete } from '../platform/retention';
import type { DatabaseBackend } from './database-backend';
import { POSTGRES_PORT } from './postgres-statefulset';
import { INSTANCE_MANAGER_PORT } from '../platform/cloudnativepg-instances';

/** The Barman Cloud CNPG-I plugin, which replaced the in-tree `barmanObjectStore` (deprecated in 1.26). */
export const BARMAN_CLOUD_PLUGIN = 'barman-cloud.cloudnative-pg.io';

/** What CloudNativePgCluster does with a prop left out; the environment file's defaults are the same values. */
export const CLOUDNATIVEPG_CLUSTER_DEFAULTS = {
  /** One primary and two streaming replicas. */
  instances: 3,
  database: 'app',
  owner: 'app',
  storageSize: '20Gi',
  /** CloudNativePG's ScheduledBackup takes 6 fields, seconds first. */
  backupSchedule: '0 0 3 * * *',
  resources: containerResources('500m', '1Gi', '2', '2Gi'),
} as const;

export interface CloudNativePgClusterProps {
  readonly ctx: StackContext;
  /** PostgreSQL operand image built by CloudNativePG. */
  readonly image: string;
  readonly version: string;
  /** @default 3 */
  readonly instances?: number;
  readonly database: string;
  readonly owner: string;
  readonly storageSize: string;
  readonly storageClassName?: string;
  /** @default CLOUDNATIVEPG_CLUSTER_DEFAULTS.resources (500m/1Gi requested, 2 CPU/2Gi limits) */
  readonly resources?: ContainerResources;
  /** Continuous WAL archiving and a scheduled base backup to this ObjectStore. @default none */
  readonly backup?: { readonly schedule: string; readonly objectStoreName: string };
  readonly priorityClassName?: string;
  /** Also spread the instances over `topology.kubernetes.io/zone`. @default false */
  readonly spreadAcrossZones?: boolean;
  /** Who must reach the instances, and what they must reach, beyond the app. */
  readonly network: {
    /** Namespace of the operator, which probes and manages the instances. */
    readonly operatorNamespace: string;
    /** The API server, which the instance manager watches. */
    readonly kubernetesApi: { readonly cidrs: readonly string[]; readonly ports: readonly number[] };
  };
}

/**
 * Labels the operator sets itself on the objects it creates (CloudNativePG v1.30
 * docs/src/labels_annotations.md; pkg/utils/labels_annotations.go): every `cnpg.io/` key and
 * the recommended `app.kubernetes.io/{name,instance,version,component,managed-by}`. Inherited
 * labels are written over them (utils.InheritLabels copies the fixed inherited labels onto the
 * object), so passing any of these would relabel the operator's pods, Services, Secrets and PDBs
 * as ours, and the PVC reconciler, which sets `managed-by: cloudnative-pg` after inheriting and
 * then finds the inherited value missing, would patch the claims forever.
 */
export const CNPG_OWNED_LABELS: readonly string[] = [
  'app.kubernetes.io/name',
  'app.kubernetes.io/instance',
  'app.kubernetes.io/version',
  'app.kubernetes.io/component',
  'app.kubernetes.io/managed-by',
];
const CNPG_LABEL_PREFIXES = ['cnpg.io/', 'alpha.cnpg.io/'];

/** The labels the operator does not own, which its objects may inherit from the Cluster. */
export function inheritableLabels(labels: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(labels).filter(
      ([key]) => !CNPG_OWNED_LABELS.includes(key) && !CNPG_LABEL_PREFIXES.some((p) => key.startsWith(p)),
    ),
  );
}

/**
 * PostgreSQL run by the CloudNativePG operator: a primary and streaming replicas with automated
 * failover, spread over nodes. The operator creates the `<name>-app` Secret the app reads and
 * the `<name>-rw` Service that always points at the primary.
 */
export class CloudNativePgCluster extends Construct implements DatabaseBackend {
  public readonly identity: ComponentIdentity;
  public readonly name: string;
  public readonly settings: Readonly<Record<string, string>>;
  public readonly secretEnv: readonly k8s.EnvVar[];
  public readonly databaseUrl: k8s.EnvVar;
  public readonly server: NetworkPeer;

  public constructor(scope: Construct, id: string, props: CloudNativePgClusterProps) {
    super(scope, id);
    const { ctx } = props;
    this.identity = { component: 'database', software: 'postgresql', version: props.version };
    this.name = `${ctx.product}-db`;
    const appSecret = `${this.name}-app`;
    const r = props.resources ?? CLOUDNATIVEPG_CLUSTER_DEFAULTS.resources;

    const cluster = new Cluster(this, 'Cluster', {
      metadata: componentMetadata(ctx, this.identity, this.name),
      spec: {
        instances: props.instances ?? CLOUDNATIVEPG_CLUSTER_DEFAULTS.instances,
        imageName: props.image,
        // Switch-over to an updated replica happens without a person: the app reconnects.
        primaryUpdateStrategy: ClusterSpecPrimaryUpdateStrategy.UNSUPERVISED,
        bootstrap: { initdb: { database: props.database, owner: props.owner } },
        storage: { size: props.storageSize, storageClass: props.storageClassName },
        resources: {
          requests: {
            cpu: ClusterSpecResourcesRequests.fromString(r.requests.cpu),
            memory: ClusterSpecResourcesRequests.fromString(r.requests.memory),
          },
          limits: {
            memory: ClusterSpecResourcesLimits.fromString(r.limits.memory),
            ...(r.limits.cpu !== undefined ? { cpu: ClusterSpecResourcesLimits.fromString(r.limits.cpu) } : {}),
          },
        },
        affinity: {
          enablePodAntiAffinity: true,
          topologyKey: 'kubernetes.io/hostname',
          podAntiAffinityType: 'preferred',
        },
        // Zones on top of hosts, as for the app's Deployments: the operator copies
        // spec.topologySpreadConstraints into every instance pod (v1.30 pkg/specs/pods.go).
        // Preferred, not required: an instance whose zone is gone must still start elsewhere.
        topologySpreadConstraints: props.spreadAcrossZones
          ? [
              {
                maxSkew: 1,
                topologyKey: 'topology.kubernetes.io/zone',
                whenUnsatisfiable: 'ScheduleAnyway',
                labelSelector: { matchLabels: { 'cnpg.io/cluster': this.name, 'cnpg.io/podRole': 'instance' } },
              },
            ]
          : undefined,
        enablePdb: true,
        priorityClassName: props.priorityClassName,
        // Only the labels the operator does not set itself (`part-of`): it labels its objects
        // with its own name, instance and version.
        inheritedMetadata: { labels: inheritableLabels(recommendedLabels(ctx, this.identity)) },
        plugins: props.backup
          ? [
              {
                name: BARMAN_CLOUD_PLUGIN,
                // The CRD's default, stated: plugins is an atomic list, so a default inside it reads as a diff.
                enabled: true,
                isWalArchiver: true,
                parameters: { barmanObjectName: props.backup.objectStoreName },
              },
            ]
          : undefined,
      },
    });
    // The operator owns the PVCs and the -app Secret: deleting the Cluster deletes the data.
    retainOnDelete(cluster);
    if (props.backup) {
      const scheduled = new ScheduledBackup(this, 'ScheduledBackup', {
        metadata: componentMetadata(ctx, this.identity, `${this.name}-scheduled`),
        spec: {
          cluster: { name: this.name },
          schedule: props.backup.schedule,
          method: ScheduledBackupSpecMethod.PLUGIN,
          pluginConfiguration: { name: BARMAN_CLOUD_PLUGIN },
          backupOwnerReference: ScheduledBackupSpecBackupOwnerReference.SELF,
          immediate: true,
        },
      });
      // A retained database keeps its backups running (and its Backup objects, owned by this).
      retainOnDelete(scheduled);
    }

    this.settings = {
      POSTGRES_HOST: `${this.name}-rw`,
      POSTGRES_PORT: String(POSTGRES_PORT),
      POSTGRES_DB: props.database,
    };
    this.secretEnv = [
      envFromSecret('POSTGRES_USER', appSecret, 'username'),
      envFromSecret('POSTGRES_PASSWORD', appSecret, 'password'),
    ];
    // The operator writes the whole URL into the same Secret, user and password URL-encoded
    // (v1.30 pkg/specs/secrets.go CreateSecret: `uri`, built with net/url as
    // postgresql://<owner>:<password>@<cluster>-rw.<namespace>:5432/<database>).
    this.databaseUrl = envFromSecret('DATABASE_URL', appSecret, 'uri');
    this.server = { podLabels: { 'cnpg.io/cluster': this.name }, port: POSTGRES_PORT };

    const instances = { matchLabels: this.server.podLabels };
    networkPolicy(this, ctx, 'db-operator-ingress', {
      podSelector: instances,
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: props.network.operatorNamespace } } }],
          ports: [tcp(INSTANCE_MANAGER_PORT), tcp(POSTGRES_PORT)],
        },
      ],
    });
    networkPolicy(this, ctx, 'db-replication', {
      podSelector: instances,
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: instances }], ports: [tcp(POSTGRES_PORT), tcp(INSTANCE_MANAGER_PORT)] }],
      egress: [{ to: [{ podSelector: instances }], ports: [tcp(POSTGRES_PORT), tcp(INSTANCE_MANAGER_PORT)] }],
    });
    networkPolicy(this, ctx, 'db-kubernetes-api', {
      podSelector: instances,
      policyTypes: ['Egress'],
      egress: [
        {
          to: props.network.kubernetesApi.cidrs.map((cidr) => ({ ipBlock: { cidr } })),
          ports: props.network.kubernetesApi.ports.map(tcp),
        },
      ],
    });
  }
}
