/**
 * The schema of one cluster file (`config/clusters/<name>.yaml`): the facts of a cluster's
 * platform that every environment on it shares and that the platform team, not an application
 * team, decides: the ingress controller, cluster DNS, the API server's networks, the
 * cert-manager issuers and storage classes it offers, and which operators it runs.
 */
import * as z from './zod';
import {
  addressOrCidr,
  byteQuantity,
  cidr,
  cpuQuantity,
  distinctList,
  dnsLabel,
  dnsSubdomain,
  networkPort,
  podLabels,
  prose,
} from './primitives';
import { parseQuantity } from '../common/quantities';

/** What one container of an environment may ask for on a cluster that does not say otherwise. */
const CONTAINER_RESOURCE_BOUNDS_DEFAULTS = {
  maxCpu: '64',
  maxMemory: '256Gi',
  minMemoryLimit: '16Mi',
} as const;

/**
 * ArgoCD's name for the cluster it runs in (argo-cd v3.5.1
 * `pkg/apis/application/v1alpha1/application_defaults.go`: `KubernetesInClusterName`).
 */
export const IN_CLUSTER = 'in-cluster';

/** Where the cluster files are, relative to the project root. */
export const CLUSTERS_DIR = 'config/clusters';

/** Pods of another namespace, picked by namespace and pod labels. */
const foreignPods = (namespace: string, labels: Record<string, string>) =>
  z
    .strictObject({
      namespace: dnsLabel.default(namespace),
      podLabels: podLabels.default(labels),
    })
    .prefault({});

export const clusterSchema = z
  .strictObject({
    /**
     * The cluster's name as registered in ArgoCD (`argocd cluster add <context> --name <name>`);
     * Applications address it by `destination.name`. Equals the file name.
     */
    name: dnsSubdomain,
    /** One line for the environment matrix. */
    description: prose(200).optional(),
    ingress: z
      .strictObject({
        /** IngressClass of every Ingress on this cluster. @default nginx */
        className: dnsSubdomain.default('nginx'),
        /** Where the ingress controller runs: only it may reach web, docs and Flower. */
        controller: foreignPods('ingress-nginx', { 'app.kubernetes.io/name': 'ingress-nginx' }),
      })
      .prefault({}),
    /** Cluster DNS: every pod may query it on port 53 (UDP and TCP). */
    dns: z
      .strictObject({
        namespace: dnsLabel.default('kube-system'),
        podLabels: podLabels.default({ 'k8s-app': 'kube-dns' }),
        /**
         * Addresses the pods query that are not kube-dns pods, allowed beside them: NodeLocal
         * DNSCache listens on a link-local address of every node (`169.254.20.10` by default; an
         * address or a CIDR). @default none
         */
        addresses: distinctList(addressOrCidr, 'address').default([]),
      })
      .prefault({}),
    /** The API server's networks; CloudNativePG instances talk to it. Required for cloudnativepg. */
    kubernetesApi: z
      .strictObject({
        cidrs: distinctList(cidr, 'network').min(1),
        ports: distinctList(networkPort, 'port').min(1).default([443, 6443]),
      })
      .optional(),
    /**
     * How the cluster's ACME ClusterIssuers prove a host. `http01`: cert-manager's solver pods,
     * created in the Ingress's namespace, must be reachable from the ingress controller on 8089,
     * which the environment's NetworkPolicies then allow; `dns01`: nothing in the cluster is
     * contacted. @default http01 (the Let's Encrypt issuers' usual solver: left closed, no
     * certificate is ever issued)
     */
    acmeChallenge: z.enum(['http01', 'dns01']).default('http01'),
    /** cert-manager ClusterIssuers that exist on the cluster; an Ingress may only name these. @default none */
    clusterIssuers: distinctList(dnsSubdomain, 'issuer').default([]),
    /** StorageClasses an environment may name; unset in an environment means the cluster's default. @default none */
    storageClasses: distinctList(dnsSubdomain, 'StorageClass').default([]),
    /**
     * Bounds on the requests and limits of every container of the environments on this cluster:
     * a request above what a node has never schedules, and a memory limit below what a process
     * needs to start is killed at once, again and again.
     */
    containerResources: z
      .strictObject({
        /** Most CPU a container may request or be limited to (the largest node's). @default 64 */
        maxCpu: cpuQuantity.default(CONTAINER_RESOURCE_BOUNDS_DEFAULTS.maxCpu),
        /** Most memory a container may request or be limited to (the largest node's). @default 256Gi */
        maxMemory: byteQuantity.default(CONTAINER_RESOURCE_BOUNDS_DEFAULTS.maxMemory),
        /** Least memory limit a container may have. @default 16Mi */
        minMemoryLimit: byteQuantity.default(CONTAINER_RESOURCE_BOUNDS_DEFAULTS.minMemoryLimit),
      })
      .prefault({}),
    /** Operators the platform installed. An environment that needs one its cluster lacks is refused. */
    operators: z
      .strictObject({
        /** External Secrets Operator, with the ClusterSecretStores environments may read from. */
        externalSecrets: z.strictObject({ clusterSecretStores: distinctList(dnsSubdomain, 'store').min(1) }).optional(),
        /** CloudNativePG operator. */
        cloudnativepg: z
          .strictObject({
            /** Namespace of the operator, which must reach the instances. @default cnpg-system */
            namespace: dnsLabel.default('cnpg-system'),
            /** Whether the Barman Cloud plugin is installed (backups with `method: plugin`). @default false */
            barmanCloudPlugin: z.boolean().default(false),
          })
          .optional(),
      })
      .prefault({}),
  })
  .superRefine((cluster, ctx) => {
    const { maxMemory, minMemoryLimit } = cluster.containerResources;
    const [max, min] = [parseQuantity(maxMemory)?.value, parseQuantity(minMemoryLimit)?.value];
    if (max !== undefined && min !== undefined && min > max)
      ctx.addIssue({
        code: 'custom',
        path: ['containerResources', 'minMemoryLimit'],
        message: `${minMemoryLimit} is above maxMemory (${maxMemory}): no memory limit could meet both`,
      });
  });

export type ClusterConfig = z.infer<typeof clusterSchema>;
