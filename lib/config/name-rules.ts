/**
 * The grammars and lengths that the names we compose from configuration must meet where they
 * end up, each with its source, and the names the charts compose from `product.name`.
 */

/** A rule a composed name must meet. */
export interface NameRule {
  /** What the name is, in the message: `the Service name`. */
  readonly what: string;
  readonly max: number;
  readonly pattern: RegExp;
  /** The grammar in words, for the message. */
  readonly grammar: string;
  /** Who enforces it (project, file, function). */
  readonly source: string;
}

/** An RFC 1123 subdomain (Kubernetes IsDNS1123Subdomain's grammar; its length bound is each rule's). */
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Service names (kubernetes pkg/apis/core/validation ValidateServiceName: NameIsDNS1035Label). */
export const SERVICE_NAME: NameRule = {
  what: 'Service name',
  max: 63,
  pattern: /^[a-z]([-a-z0-9]*[a-z0-9])?$/,
  grammar: 'a DNS-1035 label: a lower-case letter first, then lower-case letters, digits and "-"',
  source: 'Kubernetes ValidateServiceName',
};

/**
 * CronJob names: a subdomain of at most 52 characters, since the controller appends 11
 * (`-<timestamp>`) to name each Job (kubernetes pkg/apis/batch/validation ValidateCronJobCreate).
 */
export const CRONJOB_NAME: NameRule = {
  what: 'CronJob name',
  max: 52,
  pattern: DNS1123_SUBDOMAIN,
  grammar: 'a DNS subdomain',
  source: 'Kubernetes ValidateCronJobCreate',
};

/**
 * Helm release names: helm v3.17.3 pkg/chartutil/validate_name.go ValidateReleaseName (the
 * subdomain grammar, at most 53 characters, so that the chart's names fit 63). ArgoCD renders
 * every chart with its Application's release name.
 */
export const HELM_RELEASE_NAME: NameRule = {
  what: 'Helm release name',
  max: 53,
  pattern: DNS1123_SUBDOMAIN,
  grammar: 'lower-case letters, digits, "-" and "."',
  source: 'helm v3.17.3 ValidateReleaseName',
};

/** `spec.description` of an AppProject (argo-cd v3.5.1 manifests/crds/appproject-crd.yaml: maxLength 255). */
export const APPPROJECT_DESCRIPTION: NameRule = {
  what: 'AppProject description',
  max: 255,
  pattern: /^[\s\S]*$/,
  grammar: 'text',
  source: 'the ArgoCD v3.5.1 AppProject CRD',
};

/** `name` quoted for a message, its middle left out when it is long. */
const quoted = (name: string): string =>
  JSON.stringify(name.length > 80 ? `${name.slice(0, 40)}…${name.slice(-30)}` : name);

/** Why `name` breaks `rule`, or undefined. */
export function nameRuleProblem(name: string, rule: NameRule): string | undefined {
  if (name.length > rule.max)
    return `makes the ${rule.what} ${quoted(name)} ${name.length} characters, over the ${rule.max} that ${rule.source} allows`;
  if (!rule.pattern.test(name))
    return `makes the ${rule.what} ${quoted(name)}, which is not ${rule.grammar} (${rule.source})`;
  return undefined;
}

/**
 * The `<product>-<suffix>` names of the charts' Services and CronJobs, by rule; the rule of a
 * kind holds for `product.name` when it holds for each of these. test/config-names.test.ts
 * holds the lists to the Services and CronJobs the charts render.
 */
export const PRODUCT_NAME_SUFFIXES: ReadonlyArray<[NameRule, readonly string[]]> = [
  [
    SERVICE_NAME,
    [
      'web',
      'flower',
      'docs',
      'mail',
      'redis',
      'redis-headless',
      'postgres',
      'database-headless',
      'backup-store-headless',
    ],
  ],
  [CRONJOB_NAME, ['database-backup']],
];
