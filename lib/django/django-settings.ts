import { createHash } from 'node:crypto';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import type { DatabaseBackend } from '../backing/database-backend';
import { envFromSecret } from '../common/pod';
import { componentMetadata, type StackContext } from '../common/stack-context';
import type { AppContract, AppSetting, ChartValue, ProcessName } from '../app/app-contract';
import { entrypointSettings, settingsOf } from '../app/app-processes';
import { compareText } from '../common/compare-text';

/** A development mail catcher receiving every mail instead of the world. */
export interface MailCatcherRoute {
  readonly host: string;
  readonly port: number;
}

/**
 * The values the chart computes, by the name the contract gives them (`source: chart`); the
 * contract decides which settings get them. `web-concurrency` is set by the web process itself.
 */
type ComputedValues = Readonly<Record<Exclude<ChartValue, 'web-concurrency'>, string | undefined>>;

export interface DjangoSettingsProps {
  readonly ctx: StackContext;
  /** What the app image needs (config/app.yaml). */
  readonly contract: AppContract;
  /** `DJANGO_SETTINGS_MODULE`. @default the contract's first settings module */
  readonly settingsModule?: string;
  /** `DJANGO_ALLOWED_HOSTS`; the first is the one probes send. */
  readonly allowedHosts: readonly string[];
  /** The environment's Redis. @default none: the stack runs no Redis (the app reads no Redis URL) */
  readonly redisUrl?: string;
  readonly database: DatabaseBackend;
  /** Where mail goes instead of the world. @default none */
  readonly mailCatcher?: MailCatcherRoute;
  /** Name of the existing app Secret (its keys: the contract's `secret` settings). */
  readonly secretName: string;
  /** `environment-name` (`SENTRY_ENVIRONMENT` in cookiecutter-django). @default the environment name */
  readonly sentryEnvironment?: string;
  /**
   * Per-environment values: the contract's `plain` settings (every required one must be here)
   * and further non-secret settings. @default {}
   */
  readonly extraSettings?: Readonly<Record<string, string>>;
}

/**
 * The environment of every Django process, generated from the app contract: the values the chart
 * computes and the per-environment (`plain`) values in one ConfigMap, the app Secret's keys
 * referenced one by one, the database backend's settings and, when the contract says so
 * (`chart-gives-url`), `DATABASE_URL` in the container's own environment (so `kubectl exec`
 * sessions have it too), and nothing for what an image's entrypoint builds. A required setting
 * the chart cannot provide stops the synth, naming where the app reads it.
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
    this.contract = props.contract;
    this.secretName = props.secretName;
    this.allowedHosts = props.allowedHosts;
    // The URL last: it may reference the credentials declared before it.
    // The contract says whether the chart gives DATABASE_URL (chart-gives-url) or only its parts.
    this.databaseEnv = [
      ...props.database.secretEnv,
      ...(props.contract.database === 'chart-gives-url' ? [props.database.databaseUrl] : []),
    ];

    const catcher = props.mailCatcher;
    const computed: ComputedValues = {
      'settings-module': props.settingsModule ?? props.contract.settingsModules[0],
      'allowed-hosts': props.allowedHosts.join(','),
      'ssl-redirect': 'True',
      'redis-url': props.redisUrl,
      'environment-name': props.sentryEnvironment ?? ctx.environment,
      'mail-catcher-backend': catcher ? 'django.core.mail.backends.smtp.EmailBackend' : undefined,
      'mail-catcher-host': catcher?.host,
      'mail-catcher-port': catcher ? String(catcher.port) : undefined,
    };
    const extra = props.extraSettings ?? {};
    const data: Record<string, string> = { ...props.database.settings };
    // What the database backend gives, and what the image's entrypoint builds from it.
    const databaseNames = new Set([
      ...Object.keys(props.database.settings),
      ...this.databaseEnv.map((e) => e.name),
      ...entrypointSettings(this.contract).keys(),
    ]);
    for (const setting of this.contract.settings) {
      if (setting.source === 'chart' && setting.chart !== 'web-concurrency') {
        const value = computed[setting.chart];
        if (value !== undefined && value !== '') data[setting.name] = value;
        else if (setting.required) throw missing(setting, `the chart has no ${setting.chart} value here`);
      }
      if (setting.source === 'plain' && setting.required && extra[setting.name] === undefined) {
        throw missing(setting, 'extraSettings gives it no value');
      }
      if (setting.source === 'database' && setting.required && !databaseNames.has(setting.name)) {
        throw missing(setting, 'the database backend does not provide it');
      }
    }
    Object.assign(data, extra);
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
   * a clear event instead of a crash inside Django), the database credentials and `DATABASE_URL`,
   * and `extra`.
   */
  public containerEnv(
    process: ProcessName,
    extra: k8s.EnvVar[] = [],
  ): { env: k8s.EnvVar[]; envFrom: k8s.EnvFromSource[] } {
    const secretEnv = settingsOf(this.contract, process)
      .filter((s) => s.source === 'secret')
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
