/**
 * Cloud workload identity: the ServiceAccount annotations and pod labels through which AWS (IRSA),
 * GKE and Azure give a pod short-lived cloud credentials instead of long-lived keys in a Secret,
 * and the egress those pods need to exchange them.
 *
 * automountServiceAccountToken stays off on every pod: it only governs the API-access token
 * volume the ServiceAccount admission plugin adds. IRSA and Azure mount their own projected token:
 * the EKS pod identity webhook adds a `serviceAccountToken` projected volume
 * (aws/amazon-eks-pod-identity-webhook pkg/handler/handler.go `getPodSpecPatch`), the Azure one
 * likewise (Azure/azure-workload-identity v1.6.0 pkg/webhook/webhook.go `addProjectedVolume`),
 * and neither reads the automount flag. GKE's metadata server identifies the pod by its address
 * and mounts no token at all.
 */
import { ApiObject, JsonPatch } from 'cdk8s';
import type { Construct } from 'constructs';
import type { ExternalEgress } from './network-policies';
import { POD_SPEC_PATH } from '../common/image-pull-secrets';

/** IRSA: the role the pods assume with their projected token (EKS pod identity webhook). */
export interface AwsIdentity {
  readonly provider: 'aws';
  /** `arn:aws:iam::<account>:role/<name>`. */
  readonly roleArn: string;
  /** Use the region's STS endpoint rather than the global one. @default the webhook's own setting */
  readonly stsRegionalEndpoints?: boolean;
}

/** GKE Workload Identity: the IAM service account the Kubernetes ServiceAccount acts as. */
export interface GcpIdentity {
  readonly provider: 'gcp';
  /** `<name>@<project>.iam.gserviceaccount.com`. */
  readonly serviceAccount: string;
}

/** Azure Workload Identity: the Entra application or managed identity the pods federate with. */
export interface AzureIdentity {
  readonly provider: 'azure';
  /** Client id (a UUID) of the application or user-assigned managed identity. */
  readonly clientId: string;
  /** @default the tenant the webhook was installed with */
  readonly tenantId?: string;
}

export type CloudIdentity = AwsIdentity | GcpIdentity | AzureIdentity;
export type CloudProvider = CloudIdentity['provider'];

/** The provider's identity, which components get it, and where its API is. */
export interface WorkloadIdentityProps {
  readonly identity: CloudIdentity;
  /** Components whose ServiceAccount and pods get the identity (each keeps its own ServiceAccount). */
  readonly components: readonly string[];
  /** Networks of the provider's token and storage APIs, reached on 443. */
  readonly apiCidrs: readonly string[];
}

/**
 * Keys, checked against each provider's own definitions:
 * - AWS: `eks.amazonaws.com` + `role-arn`, `sts-regional-endpoints` (amazon-eks-pod-identity-webhook
 *   pkg/annotations.go, annotation domain in pkg/handler/handler.go `NewModifier`; README "Usage").
 * - GKE: `iam.gke.io/gcp-service-account` on the Kubernetes ServiceAccount (GKE "Authenticate to
 *   Google Cloud APIs from GKE workloads": `kubectl annotate serviceaccount ... iam.gke.io/gcp-service-account=`).
 * - Azure: `azure.workload.identity/client-id`, `tenant-id` on the ServiceAccount, and the label
 *   `azure.workload.identity/use: "true"` on the pod, which the webhook's objectSelector matches
 *   (azure-workload-identity v1.6.0 pkg/webhook/consts.go; charts/workload-identity-webhook
 *   templates/...mutatingwebhookconfiguration.yaml `objectSelector`).
 */
export const AWS_ROLE_ARN = 'eks.amazonaws.com/role-arn';
export const AWS_STS_REGIONAL_ENDPOINTS = 'eks.amazonaws.com/sts-regional-endpoints';
export const GKE_SERVICE_ACCOUNT = 'iam.gke.io/gcp-service-account';
export const AZURE_CLIENT_ID = 'azure.workload.identity/client-id';
export const AZURE_TENANT_ID = 'azure.workload.identity/tenant-id';
export const AZURE_USE = 'azure.workload.identity/use';

/**
 * GKE's metadata server, which hands out the tokens: pods dial 169.254.169.254:80; without
 * Dataplane V2 the node DNATs that to its daemon on 169.254.169.252:988 before NetworkPolicy is
 * evaluated, so a default-deny namespace must allow both (GKE "Creating a network policy":
 * Workload Identity Federation with network policy enforcement).
 */
export const GKE_METADATA_SERVER = [
  { cidr: '169.254.169.254/32', port: 80 },
  { cidr: '169.254.169.252/32', port: 988 },
] as const;

/** HTTPS: the only port the identity egress opens to the provider's API. */
const CLOUD_API_PORT = 443;
/** Names of the egress policies (`<product>-egress-<name>`); environment egress rules may not take them. */
export const CLOUD_IDENTITY_EGRESS = 'cloud-identity';
export const GKE_METADATA_EGRESS = ['gke-metadata', 'gke-metadata-daemon'] as const;

/** Annotations of each identity's ServiceAccounts. */
function serviceAccountAnnotations(identity: CloudIdentity): Record<string, string> {
  switch (identity.provider) {
    case 'aws':
      return {
        [AWS_ROLE_ARN]: identity.roleArn,
        ...(identity.stsRegionalEndpoints === undefined
          ? {}
          : { [AWS_STS_REGIONAL_ENDPOINTS]: String(identity.stsRegionalEndpoints) }),
      };
    case 'gcp':
      return { [GKE_SERVICE_ACCOUNT]: identity.serviceAccount };
    case 'azure':
      return {
        [AZURE_CLIENT_ID]: identity.clientId,
        ...(identity.tenantId === undefined ? {} : { [AZURE_TENANT_ID]: identity.tenantId }),
      };
  }
}

/** Labels the identity's pods need (Azure's webhook only mutates pods that carry its label). */
function identityPodLabels(identity: CloudIdentity): Record<string, string> {
  return identity.provider === 'azure' ? { [AZURE_USE]: 'true' } : {};
}

/** Egress the identity's components need where default deny would block it. */
export function identityEgress(props: WorkloadIdentityProps): ExternalEgress[] {
  const { components } = props;
  const api = { name: CLOUD_IDENTITY_EGRESS, components, cidrs: props.apiCidrs, ports: [CLOUD_API_PORT] };
  if (props.identity.provider !== 'gcp') return [api];
  const metadata = GKE_METADATA_SERVER.map((server, i) => ({
    name: GKE_METADATA_EGRESS[i],
    components,
    cidrs: [server.cidr],
    ports: [server.port],
  }));
  return [api, ...metadata];
}

/**
 * Gives the identity to the components' objects under `scope`: their ServiceAccount gets the
 * annotations, their pod templates the labels. One pass over the finished tree, so no workload
 * construct needs to know about clouds.
 */
export function applyWorkloadIdentity(scope: Construct, props: WorkloadIdentityProps): void {
  const annotations = serviceAccountAnnotations(props.identity);
  const labels = identityPodLabels(props.identity);
  const chosen = new Set(props.components);
  for (const child of scope.node.findAll()) {
    if (!(child instanceof ApiObject)) continue;
    const component = child.metadata.getLabel('app.kubernetes.io/component');
    if (component === undefined || !chosen.has(component)) continue;
    if (child.kind === 'ServiceAccount') {
      for (const [key, value] of Object.entries(annotations)) child.metadata.addAnnotation(key, value);
    } else if (POD_SPEC_PATH[child.kind] !== undefined) {
      const template = POD_SPEC_PATH[child.kind].replace(/\/spec$/, '');
      for (const [key, value] of Object.entries(labels)) {
        // JSON Pointer escapes `/` as `~1` (RFC 6901).
        child.addJsonPatch(
          JsonPatch.add(`${template}/metadata/labels/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, value),
        );
      }
    }
  }
}
