/** Django itself: its settings, the migration Job and the media volume. */
import * as z from '../zod';
import type { StackMigrationProps } from '../../stack/django-stack-props';
import { DJANGO_SETTINGS_DEFAULTS } from '../../django/django-settings';
import { MEDIA_VOLUME_DEFAULTS } from '../../django/media-volume';
import { MIGRATION_JOB_DEFAULTS } from '../../django/migration-job';
import {
  byteQuantity,
  distinctList,
  dnsLabel,
  dnsSubdomain,
  hostName,
  resourcesWithDefault,
} from '../primitives';

export const migrations = z.strictObject({
  /** Upper bound for one `migrate` run; the Job fails (and the sync with it) past this. */
  activeDeadlineSeconds: z.int().min(60).max(7200).default(MIGRATION_JOB_DEFAULTS.activeDeadlineSeconds),
  /** Retries before the Job (and the sync) fails. */
  backoffLimit: z.int().min(0).max(10).default(MIGRATION_JOB_DEFAULTS.backoffLimit),
  /** @default MIGRATION_JOB_DEFAULTS.resources */
  resources: resourcesWithDefault(MIGRATION_JOB_DEFAULTS.resources),
}) satisfies z.ZodType<StackMigrationProps>;

export const django = z.strictObject({
  /** `DJANGO_SETTINGS_MODULE`. @default config.settings.production */
  settingsModule: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/, 'must be a dotted Python module path')
    .default(DJANGO_SETTINGS_DEFAULTS.settingsModule),
  /** Hosts Django serves; defaults to the web Ingress hosts. The first is used by probes. */
  allowedHosts: distinctList(hostName, 'host').min(1).optional(),
  /**
   * Mailgun sending domain (`MAILGUN_DOMAIN`, not a secret). Required in every environment: the
   * seed's production settings read it at import, even where a mail catcher receives the mail.
   */
  mailgunDomain: z
    .string({
      error: 'is required: the app reads MAILGUN_DOMAIN at import in every environment (see README, Deploying your own app)',
    })
    .pipe(hostName),
  /** `SENTRY_ENVIRONMENT`; defaults to the environment name. */
  sentryEnvironment: dnsLabel.optional(),
  /** Non-secret settings added to the ConfigMap. Secret-looking names are refused. */
  extraSettings: z
    .record(
      z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'setting names must be UPPER_SNAKE_CASE'),
      z.string(),
    )
    .default({}),
});

export const media = z.strictObject({
  /**
   * A volume at Django's MEDIA_ROOT (the seed: /app/devops_interview_test/media, read-only in
   * the image). The seed has no upload fields, so it is off by default.
   */
  enabled: z.boolean().default(false),
  /** Size of the volume. @default 10Gi */
  size: byteQuantity.default(MEDIA_VOLUME_DEFAULTS.size),
  /** StorageClass (ReadWriteMany needs one that offers it); the cluster default when unset. */
  storageClassName: dnsSubdomain.optional(),
  /** ReadWriteMany: shared by every web replica and the workers. ReadWriteOnce: one web pod only. */
  accessMode: z.enum(['ReadWriteMany', 'ReadWriteOnce']).default(MEDIA_VOLUME_DEFAULTS.accessMode),
});

