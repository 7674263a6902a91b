/**
 * Cloud identity of an environment's Django components: IRSA (AWS EKS), GKE Workload Identity or
 * Azure Workload Identity, so object storage and mail APIs are reached with short-lived tokens
 * instead of long-lived keys (lib/platform/workload-identity.ts has the keys and their sources).
 */
import * as z from '../zod';
import { cidr, distinctList } from '../primitives';
import { runsProcess, type AppContract } from '../../app/app-contract';

/** Components that run the app image and may need the cloud's APIs. */
const IDENTITY_COMPONENTS = ['web', 'worker', 'beat', 'flower', 'migrate', 'collectstatic'] as const;
export type IdentityComponent = (typeof IDENTITY_COMPONENTS)[number];

const common = {
  /**
   * Components whose ServiceAccount gets the identity; each keeps its own ServiceAccount,
   * `<product>-<component>`, which the cloud's trust policy must name.
   */
  components: distinctList(z.enum(IDENTITY_COMPONENTS), 'component').min(1),
  /**
   * Networks of the provider's token and storage APIs, opened on 443 to those components (the
   * public endpoints have no fixed ranges; give a private endpoint's network to narrow it).
   * @default ['0.0.0.0/0']
   */
  apiCidrs: distinctList(cidr, 'network').min(1).default(['0.0.0.0/0']),
};

/** `arn:<partition>:iam::<12-digit account>:role/<path and name>` (IAM's documented ARN form). */
const roleArn = z
  .string()
  .regex(
    /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/,
    'must be an IAM role ARN: arn:aws:iam::<account>:role/<name>',
  );
/** A Google service account's e-mail (account ids: 6-30 characters, lower case, digits, dashes). */
const gcpServiceAccount = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z][a-z0-9-]{4,28}[a-z0-9]\.iam\.gserviceaccount\.com$/,
    'must be a service account e-mail: <name>@<project>.iam.gserviceaccount.com',
  );
const uuid = z
  .string()
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'must be a UUID');

export const cloudIdentity = z.discriminatedUnion(
  'provider',
  [
    z.strictObject({
      provider: z.literal('aws'),
      /** The IAM role the pods assume (IRSA). */
      roleArn,
      /** Use the region's STS endpoint. @default the EKS webhook's setting */
      stsRegionalEndpoints: z.boolean().optional(),
      ...common,
    }),
    z.strictObject({
      provider: z.literal('gcp'),
      /** The IAM service account the Kubernetes ServiceAccounts act as (GKE Workload Identity). */
      serviceAccount: gcpServiceAccount,
      ...common,
    }),
    z.strictObject({
      provider: z.literal('azure'),
      /** Client id of the Entra application or user-assigned managed identity. */
      clientId: uuid,
      /** @default the tenant the Azure Workload Identity webhook was installed with */
      tenantId: uuid.optional(),
      ...common,
    }),
  ],
  { error: 'provider must be one of: aws, gcp, azure' },
);

export type CloudIdentityConfig = z.infer<typeof cloudIdentity>;

/** Whether the app runs a component the identity may name. */
export function runsIdentityComponent(app: AppContract, component: IdentityComponent): boolean {
  if (component === 'collectstatic') return app.staticFiles === 'object-storage';
  if (component === 'web' || component === 'migrate') return true;
  return runsProcess(app, component);
}
