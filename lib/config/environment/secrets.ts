/** Where the app's secret keys come from: an existing Secret or External Secrets. */
import * as z from '../zod';
import { SYNCED_SECRET_DEFAULTS } from '../../platform/synced-secret';
import { dnsSubdomain, duration, storeKey } from '../primitives';

const existingSecret = z.strictObject({
  /** An existing Secret in the namespace holding the app's secret keys (see docs/charts.md, Secrets). */
  mode: z.literal('existing'),
  /** Name of the Secret the pods read. */
  name: dnsSubdomain,
});

const externalSecret = z.strictObject({
  /** An ExternalSecret copies the keys from a secret store (Vault...) into a Secret of this name. */
  mode: z.literal('external-secrets'),
  /** Name of the Secret the operator writes (and the pods read). */
  name: dnsSubdomain,
  /** The ClusterSecretStore the platform provides (for example Vault with Kubernetes auth). */
  storeName: dnsSubdomain,
  /** Path of the app's keys in the store. */
  remoteKey: storeKey,
  /** How often the operator re-reads the store. */
  refreshInterval: duration({
    seconds: true,
    example: '1h or 15m',
    // external-secrets.io/v1 ExternalSecret refreshInterval: "May be set to zero to fetch and create it once".
    zeroMeans: 'zero fetches the secret once, so a rotated value would never reach the pods',
  }).default(SYNCED_SECRET_DEFAULTS.refreshInterval),
});

export const secrets = z.discriminatedUnion('mode', [existingSecret, externalSecret], {
  error: 'mode must be one of: existing, external-secrets',
});
