import { createHash } from 'node:crypto';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import type { DatabaseBackend } from '../backing/database-backend';
import { envFromSecret } from '../common/pod';
import { componentMetadata, type StackContext } from '../common/stack-context';
import { type AppContract, type AppSetting, type ProcessName, settingsOf } from '../app/legacy-contract';
import { SEED_APP_CONTRACT } from '../app/seed-contract';
import { compareText } from '../common/compare-text';

/** Where the app sends mail. The seed's production settings read the Mailgun domain everywhere. */
export interface MailRoute {
  /** `MAILGUN_DOMAIN`. */
  readonly mailgunDomain: string;
  /** A development mail catcher receiving every mail instead. @default none */
  readonly catcher?: { readonly host: string; readonly port: number };
}

/** What DjangoSettings does with a prop left out; the environment file's defaults are the same values. */
export const DJANGO_SETTINGS_DEFAULTS = {
  /** cookiecutter-django's production settings module. */
  settingsModule: 'config.settings.production',
} as const;

/**
 * The ConfigMap settings whose value the chart computes (from the environment's hosts, Redis,
 * mail route...). Typed as the keys of what the constructor knows, so the two cannot differ.
 * The mail catcher's three are set only where one runs.
 */
export const COMPUTED_SETTINGS = [
  'DJANGO_SETTINGS_MODULE',
  'DJANGO_ALLOWED_HOSTS',
  'DJANGO_SECURE_SSL_REDIRECT',
  'REDIS_URL',
  'CELERY_BROKER_URL',
  'SENTRY_ENVIRONMENT',
  'MAILGUN_DOMAIN',
  'DJANGO_EMAIL_BACKEND',
  'EMAIL_HOST',
  'EMAIL_PORT',
] as const;
type ComputedSetting = (typeof COMPUTED_SETTINGS)[number];

export interface DjangoSettingsProps {
  readonly ctx: StackContext;
  /** What the app image needs. @default SEED_APP_CONTRACT */
  readonly contract?: AppContract;
  /** `DJANGO_SETTINGS_MODULE`. @default DJANGO_SETTINGS_DEFAULTS.settingsModule */
  readonly settingsModule?: string;
  /** `DJANGO_ALLOWED_HOSTS`; the first is the one probes send. */
  readonly allowedHosts: readonly string[];
  readonly redisUrl: string;
  readonly database: DatabaseBackend;
  readonly mail: MailRoute;
  /** Name of the existing app Secret (its keys: the contract's `app-secret` settings). */
  readonly secretName: string;
  /** `SENTRY_ENVIRONMENT`. @default the environment name */
  readonly sentryEnvironment?: string;
  /** Further non-secret settings. @default {} */
  readonly extraSettings?: Readonly<Record<string, string>>;
}

/**
 * The environment of every Django process, generated from the app contract: the contract's
 * ConfigMap settings in one ConfigMap, its app-Secret settings referenced key by key, the database
 * backend's settings, and nothing for what the entrypoint builds. A required setting the chart
 * cannot provide stops the synth.
 */
export class DjangoSettings extends Construct {
  public readonly contract: AppContract;
  public readonly configMapName: string;
  public readonly secretName: string;
  public readonly allowedHosts: readonly string[];
  /** Hash of the ConfigMap data; put on pod templates so a settings change rolls the pods. */
  public readonly checksum: string;
  private readonly databaseEnv: readonly k8s.EnvVar[];
  private readonly data: Readonly<Record<string, string>>;

  public constructor(scope: Construct, id: string, props: DjangoSettingsProps) {
    super(scope, id);
    const { ctx } = props;
    this.contract = props.contract ?? SEED_APP_CONTRACT;
    this.secretName = props.secretName;
    this.allowedHosts = props.allowedHosts;
    this.databaseEnv = props.database.secretEnv;

    // What the chart knows; the contract decides which of it goes into the ConfigMap.
    const { catcher } = props.mail;
    const known: Readonly<Record<ComputedSetting, string | undefined>> = {
      DJANGO_SETTINGS_MODULE: props.settingsModule ?? DJANGO_SETTINGS_DEFAULTS.settingsModule,
      DJANGO_ALLOWED_HOSTS: props.allowedHosts.join(','),
      DJANGO_SECURE_SSL_REDIRECT: 'True',
      REDIS_URL: props.redisUrl,
      CELERY_BROKER_URL: props.redisUrl,
      SENTRY_ENVIRONMENT: props.sentryEnvironment ?? ctx.environment,
      MAILGUN_DOMAIN: props.mail.mailgunDomain,
      DJANGO_EMAIL_BACKEND: catcher ? 'django.core.mail.backends.smtp.EmailBackend' : undefined,
      EMAIL_HOST: catcher?.host,
      EMAIL_PORT: catcher ? String(catcher.port) : undefined,
    };
    const data: Record<string, string> = { ...props.database.settings };
    const databaseNames = new Set([
      ...Object.keys(props.database.settings),
      ...props.database.secretEnv.map((e) => e.name),
    ]);
    for (const setting of this.contract.settings) {
      if (setting.source.kind === 'config-map') {
        const value = (known as Readonly<Record<string, string | undefined>>)[setting.name];
        if (value !== undefined && value !== '') data[setting.name] = value;
        else if (setting.required) throw missing(setting, 'the chart has no value for it');
      }
      if (setting.source.kind === 'database' && setting.required && !databaseNames.has(setting.name)) {
        throw missing(setting, 'the database backend does not provide it');
      }
    }
    Object.assign(data, props.extraSettings);
    const sorted = Object.fromEntries(Object.entries(data).sort(([a], [b]) => compareText(a, b)));
    const metadata = componentMetadata(ctx, { component: 'config', software: 'django' }, `${ctx.product}-django`);
    this.configMapName = metadata.name;
    this.checksum = createHash('sha256').update(JSON.stringify(sorted)).digest('hex');
    this.data = sorted;
    new k8s.KubeConfigMap(this, 'Resource', { metadata, data: sorted });
  }

  /**
   * `env` and `envFrom` for the container of `process`: the ConfigMap, the app-Secret keys the
   * contract gives that process (a required key is not optional: a missing key stops the pod with
   * a clear event instead of a crash inside Django), the database credentials, and `extra`.
   */
  public containerEnv(
    process: ProcessName,
    extra: k8s.EnvVar[] = [],
  ): { env: k8s.EnvVar[]; envFrom: k8s.EnvFromSource[] } {
    const secretEnv = settingsOf(this.contract, process)
      .filter((s) => s.source.kind === 'app-secret')
      .map((s) => envFromSecret(s.name, this.secretName, s.name, s.required ? undefined : true));
    return {
      envFrom: [{ configMapRef: { name: this.configMapName } }],
      env: [...secretEnv, ...this.databaseEnv, ...extra],
    };
  }

  /**
   * The same settings as literal `env` values instead of a ConfigMap reference, for the Helm
   * `pre-upgrade` migration: it runs before Helm updates the release's ConfigMap (helm v3.17.3
   * pkg/action/upgrade.go: pre-upgrade hooks, then `KubeClient.Update`), so through the ConfigMap
   * it would migrate with the previous release's settings.
   */
  public inlineEnv(process: ProcessName, extra: k8s.EnvVar[] = []): { env: k8s.EnvVar[] } {
    const own = this.containerEnv(process, extra).env;
    // As with envFrom, a variable the container sets itself wins over the shared settings.
    const shared = Object.entries(this.data).filter(([name]) => !own.some((e) => e.name === name));
    return { env: [...shared.map(([name, value]) => ({ name, value })), ...own] };
  }

  /** Pod template annotations that roll the pods when the settings change. */
  public podAnnotations(): Record<string, string> {
    return { 'checksum/config': this.checksum };
  }
}

function missing(setting: AppSetting, why: string): Error {
  return new Error(`the app contract requires ${setting.name} (${setting.readBy}), but ${why}`);
}
