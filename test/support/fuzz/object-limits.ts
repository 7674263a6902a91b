/**
 * What the API server, the kubelet, Helm and git refuse that a JSON schema does not say: name
 * grammars and lengths, label keys and values, quantities within int64 and requests within
 * limits, image references, release names and git revisions. Each rule names its source; the
 * checks are written from those sources, independently of the project's own validation.
 */
import { spawnSync } from 'node:child_process';
import type { Manifest } from '../../../lib/common/manifest';
import {
  DNS1035_LABEL,
  DNS1123_LABEL,
  DNS1123_SUBDOMAIN,
  QUALIFIED_NAME,
  qualifiedNameProblems,
} from '../name-grammar';

// k8s.io/apimachinery pkg/util/validation/validation.go: IsDNS1123Label, IsDNS1123Subdomain,
// IsDNS1035Label, IsQualifiedName, IsValidLabelValue (the regular expressions in name-grammar.ts,
// the max lengths here).
const WILDCARD_SUBDOMAIN = /^\*\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
// pkg/apis/core/validation/validation.go: configMapKeyFmt, used for ConfigMap and Secret keys.
const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;

const isDnsLabel = (s: string): boolean => s.length <= 63 && DNS1123_LABEL.test(s);
const isDnsSubdomain = (s: string): boolean => s.length <= 253 && DNS1123_SUBDOMAIN.test(s);
const isDns1035Label = (s: string): boolean => s.length <= 63 && DNS1035_LABEL.test(s);

function labelKeyProblem(key: string): string | undefined {
  const problems = qualifiedNameProblems(key);
  return problems.length === 0 ? undefined : `label key "${key}" is not a qualified name: ${problems.join('; ')}`;
}

const labelValueProblem = (value: unknown): string | undefined =>
  typeof value === 'string' && (value === '' || (value.length <= 63 && QUALIFIED_NAME.test(value)))
    ? undefined
    : `label value ${JSON.stringify(value)} is not a valid label value (63 characters, alphanumeric ends)`;

function labelProblems(where: string, labels: Record<string, unknown> | undefined): string[] {
  return Object.entries(labels ?? {}).flatMap(([k, v]) =>
    [labelKeyProblem(k), labelValueProblem(v)].filter((p): p is string => p !== undefined).map((p) => `${where}: ${p}`),
  );
}

/**
 * The name grammar and length of a kind: Services and Namespaces are DNS labels (core
 * validation ValidateServiceName = NameIsDNS1035Label, ValidateNamespaceName = NameIsDNSLabel);
 * a CronJob at most 52 (batch validation: "must be no more than 52 characters", room for the
 * Job's timestamp suffix); a Job at most 63 (its pods carry the `batch.kubernetes.io/job-name`
 * label); a StatefulSet at most 52 (its pods carry `controller-revision-hash: <name>-<hash>`,
 * a label value of at most 63, kubernetes/kubernetes#64023); everything else a DNS subdomain.
 */
function nameProblem(kind: string, name: string): string | undefined {
  if (kind === 'Service') return isDns1035Label(name) ? undefined : 'is not a DNS-1035 label (Service)';
  if (kind === 'Namespace') return isDnsLabel(name) ? undefined : 'is not a DNS label (Namespace)';
  if (!isDnsSubdomain(name)) return 'is not a DNS subdomain';
  if (kind === 'CronJob' && name.length > 52) return 'is over 52 characters (CronJob)';
  if (kind === 'StatefulSet' && name.length > 52) return 'is over 52 characters (StatefulSet revision label)';
  if (kind === 'Job' && name.length > 63) return 'is over 63 characters (Job)';
  return undefined;
}

// k8s.io/apimachinery pkg/api/resource/quantity.go ParseQuantity: a signed number, then a binary
// suffix, a decimal SI suffix or a decimal exponent.
const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;
/** Each suffix as a power of two and a power of ten. */
const SUFFIX: Record<string, { two: number; ten: number }> = {
  Ki: { two: 10, ten: 0 },
  Mi: { two: 20, ten: 0 },
  Gi: { two: 30, ten: 0 },
  Ti: { two: 40, ten: 0 },
  Pi: { two: 50, ten: 0 },
  Ei: { two: 60, ten: 0 },
  n: { two: 0, ten: -9 },
  u: { two: 0, ten: -6 },
  m: { two: 0, ten: -3 },
  '': { two: 0, ten: 0 },
  k: { two: 0, ten: 3 },
  M: { two: 0, ten: 6 },
  G: { two: 0, ten: 9 },
  T: { two: 0, ten: 12 },
  P: { two: 0, ten: 15 },
  E: { two: 0, ten: 18 },
};

/** A quantity's exact value in its base unit: `num / den`. */
interface ExactQuantity {
  readonly num: bigint;
  readonly den: bigint;
}

/**
 * The exact value of a quantity, or undefined when it does not parse. BigInt, because 2^63 - 1
 * and 2^63 are one double; exponents beyond ±400 are clamped (the value is then far past int64,
 * or below any unit).
 */
function exactQuantity(q: unknown): ExactQuantity | undefined {
  const text = typeof q === 'number' ? String(q) : q;
  if (typeof text !== 'string') return undefined;
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  const negative = match[1].startsWith('-');
  const [whole, fraction = ''] = match[1].replace(/^[+-]/, '').split('.');
  const suffix = match[2] ?? '';
  const { two, ten } = /^[eE][+-]?\d+$/.test(suffix) ? { two: 0, ten: Number(suffix.slice(1)) } : SUFFIX[suffix];
  const exponent = Math.max(-400, Math.min(400, ten - fraction.length));
  const digits = BigInt(`${whole}${fraction}` || '0') * (negative ? -1n : 1n);
  const num = digits * 2n ** BigInt(two) * (exponent > 0 ? 10n ** BigInt(exponent) : 1n);
  return { num, den: exponent < 0 ? 10n ** BigInt(-exponent) : 1n };
}

/** Values from 2^63 on overflow the int64 of `Quantity.Value()` and `MilliValue()`. */
const INT64_LIMIT = 2n ** 63n;
const isAbove = (a: ExactQuantity, b: ExactQuantity): boolean => a.num * b.den > b.num * a.den;

/**
 * A container's resources: each quantity parses, is not negative, fits int64 (memory in bytes,
 * CPU in millicores: the units `Quantity.Value()` and `MilliValue()` return), and a request is
 * at most its limit (core validation ValidateResourceRequirements: "must be less than or equal
 * to ... limit").
 */
function resourceProblems(
  where: string,
  resources: { requests?: Record<string, unknown>; limits?: Record<string, unknown> } | undefined,
): string[] {
  const problems: string[] = [];
  const values = (set: Record<string, unknown> | undefined) =>
    Object.fromEntries(Object.entries(set ?? {}).map(([name, q]) => [name, { q, v: exactQuantity(q) }]));
  const requests = values(resources?.requests);
  const limits = values(resources?.limits);
  for (const [kind, set] of [
    ['requests', requests],
    ['limits', limits],
  ] as const) {
    for (const [name, { q, v }] of Object.entries(set)) {
      const units = v && (name === 'cpu' ? v.num * 1000n : v.num);
      if (v === undefined || units === undefined)
        problems.push(`${where} ${kind}.${name} ${JSON.stringify(q)} is not a quantity`);
      else if (units < 0n) problems.push(`${where} ${kind}.${name} ${JSON.stringify(q)} is negative`);
      else if (units >= INT64_LIMIT * v.den)
        problems.push(`${where} ${kind}.${name} ${JSON.stringify(q)} overflows int64`);
    }
  }
  for (const [name, { q, v }] of Object.entries(requests)) {
    const limit = limits[name];
    if (limit?.v !== undefined && v !== undefined && isAbove(v, limit.v))
      problems.push(`${where} requests.${name} ${JSON.stringify(q)} is above the limit ${JSON.stringify(limit.q)}`);
  }
  return problems;
}

// github.com/distribution/reference regexp.go (the grammar of reference.go): a domain with an
// optional port, path components, a tag or a digest; NameTotalLengthMax = 255.
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const IMAGE_NAME = new RegExp(
  `^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`,
);
const IMAGE_TAG = /^[\w][\w.-]{0,127}$/;
const IMAGE_DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;

export function imageProblem(image: unknown): string | undefined {
  if (typeof image !== 'string') return `image ${JSON.stringify(image)} is not a string`;
  const at = image.indexOf('@');
  const withoutDigest = at === -1 ? image : image.slice(0, at);
  if (at !== -1 && !IMAGE_DIGEST.test(image.slice(at + 1))) return `image "${image}" has an invalid digest`;
  const colon = withoutDigest.lastIndexOf(':');
  const hasTag = colon > withoutDigest.lastIndexOf('/');
  const name = hasTag ? withoutDigest.slice(0, colon) : withoutDigest;
  if (hasTag && !IMAGE_TAG.test(withoutDigest.slice(colon + 1))) return `image "${image}" has an invalid tag`;
  if (name.length > 255) return `image name of "${image.slice(0, 40)}..." is over 255 characters`;
  if (!IMAGE_NAME.test(name)) return `image "${image}" is not a valid reference`;
  return undefined;
}

// helm pkg/chartutil/validate_name.go: ValidateReleaseName (maxReleaseNameLen = 53).
const RELEASE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const releaseNameProblem = (name: unknown): string | undefined =>
  typeof name === 'string' && name.length <= 53 && RELEASE_NAME.test(name)
    ? undefined
    : `Helm release name ${JSON.stringify(name)} is invalid (at most 53 characters, a DNS subdomain)`;

const refFormat = new Map<string, boolean>();
/**
 * A revision ArgoCD can resolve in git: HEAD, a commit SHA, or a name `git check-ref-format
 * --allow-onelevel` accepts (the real git, the rules of refs.c check_refname_format).
 */
export function gitRevisionProblem(revision: unknown): string | undefined {
  if (typeof revision !== 'string') return `revision ${JSON.stringify(revision)} is not a string`;
  if (revision === 'HEAD' || /^[0-9a-f]{40}$/.test(revision)) return undefined;
  let ok = refFormat.get(revision);
  if (ok === undefined) {
    const name = revision.startsWith('refs/') ? revision : `refs/heads/${revision}`;
    ok =
      revision !== '' &&
      !revision.startsWith('-') &&
      spawnSync('git', ['check-ref-format', name], { stdio: 'ignore' }).status === 0;
    refFormat.set(revision, ok);
  }
  return ok ? undefined : `git revision ${JSON.stringify(revision)} is refused by git check-ref-format`;
}

interface PodSpec {
  containers?: Array<{ name: string; image?: unknown; resources?: Parameters<typeof resourceProblems>[1] }>;
  initContainers?: PodSpec['containers'];
}

/** The pod spec inside a workload, a Job template or a CronJob's Job template. */
function podSpecOf(m: Manifest): { spec?: PodSpec; labels?: Record<string, unknown> } | undefined {
  const spec = (m as { spec?: Record<string, unknown> }).spec;
  const template = (spec?.template ??
    (spec?.jobTemplate as { spec?: { template?: unknown } } | undefined)?.spec?.template) as
    { metadata?: { labels?: Record<string, unknown> }; spec?: PodSpec } | undefined;
  return template && { spec: template.spec, labels: template.metadata?.labels };
}

/** Everything wrong with one object that the schemas do not catch. */
export function objectLimitProblems(m: Manifest): string[] {
  const id = `${m.kind}/${m.metadata.name}`;
  const problems: string[] = [];
  const name = nameProblem(m.kind, m.metadata.name);
  if (name) problems.push(`${id}: name ${name}`);
  const ns = m.metadata.namespace;
  if (ns !== undefined && !isDnsLabel(ns)) problems.push(`${id}: namespace "${ns}" is not a DNS label`);
  problems.push(...labelProblems(`${id} labels`, m.metadata.labels as Record<string, unknown> | undefined));
  const annotations = JSON.stringify(m.metadata.annotations ?? {});
  // core validation ValidateAnnotations: TotalAnnotationSizeLimitB = 256 KiB.
  if (annotations.length > 256 * 1024) problems.push(`${id}: annotations over 256 KiB`);
  const spec = (m as { spec?: Record<string, unknown> }).spec;
  const selector = (spec?.selector as { matchLabels?: Record<string, unknown> } | undefined)?.matchLabels;
  if (m.kind !== 'Service') problems.push(...labelProblems(`${id} selector`, selector));
  else problems.push(...labelProblems(`${id} selector`, spec?.selector as Record<string, unknown> | undefined));
  const pod = podSpecOf(m);
  if (pod) {
    problems.push(...labelProblems(`${id} pod labels`, pod.labels));
    for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
      const image = imageProblem(c.image);
      if (image) problems.push(`${id} container ${c.name}: ${image}`);
      problems.push(...resourceProblems(`${id} container ${c.name}`, c.resources));
    }
  }
  if (m.kind === 'ConfigMap' || m.kind === 'Secret') {
    const data = { ...((m as { data?: object }).data ?? {}), ...((m as { stringData?: object }).stringData ?? {}) };
    for (const key of Object.keys(data))
      if (key.length > 253 || !CONFIG_MAP_KEY.test(key)) problems.push(`${id}: data key "${key}" is not a valid key`);
  }
  if (m.kind === 'Ingress') {
    const rules = (spec?.rules as Array<{ host?: string }> | undefined) ?? [];
    for (const { host } of rules)
      if (host !== undefined && !isDnsSubdomain(host) && !WILDCARD_SUBDOMAIN.test(host))
        problems.push(`${id}: host "${host}" is not a DNS subdomain`);
  }
  if (m.kind === 'PersistentVolumeClaim' || m.kind === 'StatefulSet') {
    const claims = m.kind === 'StatefulSet' ? ((spec?.volumeClaimTemplates as Manifest[] | undefined) ?? []) : [m];
    for (const claim of claims) {
      const storage = (claim as { spec?: { resources?: { requests?: Record<string, unknown> } } }).spec?.resources
        ?.requests;
      problems.push(...resourceProblems(`${id} claim ${claim.metadata?.name ?? ''}`, { requests: storage }));
    }
  }
  if (m.kind === 'Application') {
    const source = (spec?.source ?? {}) as { helm?: { releaseName?: string }; targetRevision?: unknown };
    if (source.helm) {
      const release = releaseNameProblem(source.helm.releaseName);
      if (release) problems.push(`${id}: ${release}`);
    }
    const revision = gitRevisionProblem(source.targetRevision);
    if (revision) problems.push(`${id}: ${revision}`);
  }
  return problems;
}
