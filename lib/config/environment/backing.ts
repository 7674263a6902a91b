/** Redis (cache and Celery broker) and the development mail catcher. */
import * as z from '../zod';
import { MAIL_CATCHER_DEFAULTS } from '../../backing/mail-catcher';
import { REDIS_DEFAULTS } from '../../backing/redis';
import { byteQuantity, dnsSubdomain, resourcesWithDefault } from '../primitives';

export const redis = z.strictObject({
  /** Redis's append-only file on a volume. */
  persistence: z
    .strictObject({
      /** Keep the append-only file on a volume; otherwise Redis is a cache that restarts empty. */
      enabled: z.boolean().default(false),
      /** Size of the volume. @default 1Gi */
      size: byteQuantity.default(REDIS_DEFAULTS.persistentStorageSize),
      /** StorageClass; the cluster default when unset. */
      storageClassName: dnsSubdomain.optional(),
    })
    .prefault({}),
  /** Requests and limits; maxmemory is a share of the memory limit (at least 64Mi). @default REDIS_DEFAULTS.resources */
  resources: resourcesWithDefault(REDIS_DEFAULTS.resources),
});

export const mailCatcher = z.strictObject({
  /** A development SMTP catcher that every outgoing mail goes to instead of the world. */
  enabled: z.boolean().default(false),
  /** Mailhog is what the seed used (unmaintained since 2020); Mailpit is its maintained successor. */
  kind: z.enum(['mailpit', 'mailhog']).default(MAIL_CATCHER_DEFAULTS.kind),
  /** @default MAIL_CATCHER_DEFAULTS.resources */
  resources: resourcesWithDefault(MAIL_CATCHER_DEFAULTS.resources),
});
