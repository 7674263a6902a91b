import { createHash } from 'node:crypto';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import type { DatabaseBackend } from '../backing/database-backend';
import { envFromSecret } from '../common/pod';
import { componentMetadata, type StackContext } from '../common/stack-context';
import { APP_SECRET_KEYS } from './app-secret';

/** Where the app sends mail. */
export type MailRoute =
  | { readonly kind: 'mailgun'; readonly domain: string }
  | { readonly kind: 'catcher'; readonly host: string; readonly port: number };

export interface DjangoSettingsProps {
  readonly ctx: StackContext;
  /** `DJANGO_SETTINGS_MODULE`. */
  readonly settingsModule: string;
  /** `DJANGO_ALLOWED_HOSTS`; the first is the one probes send. */
  readonly allowedHosts: readonly string[];
  readonly redisUrl: string;
  readonly database: DatabaseBackend;
  readonly mail: MailRoute;
  /** Name of the existing app Secret (see `APP_SECRET_KEYS`). */
  readonly secretName: string;
  /** `SENTRY_ENVIRONMENT`. @default the environment name */
  readonly sentryEnvironment?: string;
  /** Further non-secret settings. @default {} */
  readonly extraSettings?: Readonly<Record<string, string>>;
}

/**
 * The environment of every Django process (web, worker, beat, Flower, migrations): non-secret
 * settings in one ConfigMap, secrets referenced key by key from the existing Secret.
 */
export class DjangoSettings extends Construct {
  public readonly configMapName: string;
  public readonly secretName: string;
  public readonly allowedHosts: readonly string[];
  /** Hash of the ConfigMap data; put on pod templates so a settings change rolls the pods. */
  public readonly checksum: string;
  private readonly secretEnv: k8s.EnvVar[];
  private readonly data: Readonly<Record<string, string>>;

  public constructor(scope: Construct, id: string, props: DjangoSettingsProps) {
    super(scope, id);
    const { ctx } = props;
    this.secretName = props.secretName;
    this.allowedHosts = props.allowedHosts;
    const data: Record<string, string> = {
      DJANGO_SETTINGS_MODULE: props.settingsModule,
      DJANGO_ALLOWED_HOSTS: props.allowedHosts.join(','),
      DJANGO_SECURE_SSL_REDIRECT: 'True',
      REDIS_URL: props.redisUrl,
      CELERY_BROKER_URL: props.redisUrl,
      SENTRY_ENVIRONMENT: props.sentryEnvironment ?? ctx.environment,
      ...props.database.settings,
      ...mailSettings(props.mail),
      ...props.extraSettings,
    };
    const sorted = Object.fromEntries(Object.entries(data).sort(([a], [b]) => a.localeCompare(b)));
    const metadata = componentMetadata(ctx, { component: 'config', software: 'django' }, `${ctx.product}-django`);
    this.configMapName = metadata.name;
    this.checksum = createHash('sha256').update(JSON.stringify(sorted)).digest('hex');
    this.data = sorted;
    new k8s.KubeConfigMap(this, 'Resource', { metadata, data: sorted });

    const secret = props.secretName;
    this.secretEnv = [
      envFromSecret(APP_SECRET_KEYS.secretKey, secret),
      envFromSecret(APP_SECRET_KEYS.adminUrl, secret),
      // Sentry is optional: without a DSN the SDK stays off instead of the pod failing to start.
      envFromSecret(APP_SECRET_KEYS.sentryDsn, secret, APP_SECRET_KEYS.sentryDsn, true),
      ...(props.mail.kind === 'mailgun' ? [envFromSecret(APP_SECRET_KEYS.mailgunApiKey, secret)] : []),
      ...props.database.secretEnv,
    ];
  }

  /** `env` and `envFrom` for a Django container, plus any variables of its own. */
  public containerEnv(extra: k8s.EnvVar[] = []): { env: k8s.EnvVar[]; envFrom: k8s.EnvFromSource[] } {
    return {
      envFrom: [{ configMapRef: { name: this.configMapName } }],
      env: [...this.secretEnv, ...extra],
    };
  }

  /**
   * The same settings as literal `env` values instead of a ConfigMap reference, for the Helm
   * `pre-upgrade` migration: it runs before Helm updates the release's ConfigMap (helm v3.17.3
   * pkg/action/upgrade.go: pre-upgrade hooks, then `KubeClient.Update`), so through the ConfigMap
   * it would migrate with the previous release's settings.
   */
  public inlineEnv(extra: k8s.EnvVar[] = []): { env: k8s.EnvVar[] } {
    const own = [...this.secretEnv, ...extra];
    // As with envFrom, a variable the container sets itself wins over the shared settings.
    const shared = Object.entries(this.data).filter(([name]) => !own.some((e) => e.name === name));
    return { env: [...shared.map(([name, value]) => ({ name, value })), ...own] };
  }

  /** Pod template annotations that roll the pods when the settings change. */
  public podAnnotations(): Record<string, string> {
    return { 'checksum/config': this.checksum };
  }
}

function mailSettings(mail: MailRoute): Record<string, string> {
  if (mail.kind === 'mailgun') return { MAILGUN_DOMAIN: mail.domain };
  return {
    DJANGO_EMAIL_BACKEND: 'django.core.mail.backends.smtp.EmailBackend',
    EMAIL_HOST: mail.host,
    EMAIL_PORT: String(mail.port),
  };
}
