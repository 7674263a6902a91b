/** Django itself: its settings, the migration Job and the media volume. */
import * as z from '../zod';
import type { StackMigrationProps } from '../../stack/django-stack-props';
import { pythonModule } from '../app-schema';
import { MEDIA_VOLUME_DEFAULTS } from '../../django/media-volume';
import { MIGRATION_JOB_DEFAULTS } from '../../django/migration-job';
import { byteQuantity, distinctList, dnsLabel, dnsSubdomain, hostName, resourcesWithDefault } from '../primitives';

export const migrations = z.strictObject({
  /** Upper bound for one `migrate` run; the Job fails (and the sync with it) past this. */
  activeDeadlineSeconds: z.int().min(60).max(7200).default(MIGRATION_JOB_DEFAULTS.activeDeadlineSeconds),
  /** Retries before the Job (and the sync) fails. */
  backoffLimit: z.int().min(0).max(10).default(MIGRATION_JOB_DEFAULTS.backoffLimit),
  /** @default MIGRATION_JOB_DEFAULTS.resources */
  resources: resourcesWithDefault(MIGRATION_JOB_DEFAULTS.resources),
}) satisfies z.ZodType<StackMigrationProps>;

export const django = z.strictObject({
  /**
   * `DJANGO_SETTINGS_MODULE`: one of `settingsModules` in config/app.yaml. @default the first of
   * them
   */
  settingsModule: pythonModule.optional(),
  /** Hosts Django serves; defaults to the web Ingress hosts. The first is used by probes. */
  allowedHosts: distinctList(hostName, 'host').min(1).optional(),
  /**
   * Deprecated: `extraSettings.MAILGUN_DOMAIN` says the same. Kept so existing files keep
   * working; the loader moves it there. @default none
   */
  mailgunDomain: hostName.optional(),
  /** `SENTRY_ENVIRONMENT`; defaults to the environment name. */
  sentryEnvironment: dnsLabel.optional(),
  /**
   * Per-environment values: every required `plain` setting of config/app.yaml, and any other
   * non-secret setting, added to the ConfigMap. Secret-looking names are refused.
   */
  extraSettings: z
    .record(z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'setting names must be UPPER_SNAKE_CASE'), z.string())
    .default({}),
});

export const media = z.strictObject({
  /**
   * A volume at Django's MEDIA_ROOT (`paths.mediaRoot` of config/app.yaml; the image's code is
   * read-only in the cluster). Off by default: an app without upload fields needs none.
   */
  enabled: z.boolean().default(false),
  /** Size of the volume. @default 10Gi */
  size: byteQuantity.default(MEDIA_VOLUME_DEFAULTS.size),
  /** StorageClass (ReadWriteMany needs one that offers it); the cluster default when unset. */
  storageClassName: dnsSubdomain.optional(),
  /** ReadWriteMany: shared by every web replica and the workers. ReadWriteOnce: one web pod only. */
  accessMode: z.enum(['ReadWriteMany', 'ReadWriteOnce']).default(MEDIA_VOLUME_DEFAULTS.accessMode),
});
