/**
 * Reusable zod building blocks for the configuration files. Each carries the message a user
 * sees when a value is refused, so errors read the same across every field that uses it.
 */
import { isIP } from 'node:net';
import * as z from './zod';
import { hasHostBits, parseCidr } from '../common/cidr';
import type { IngressProps } from '../common/component-ingress';
import type { ContainerImage } from '../common/images';
import { EPHEMERAL_STORAGE_DEFAULTS, type ContainerResources } from '../common/resources';
import { cronProblem } from './cron';
import { gitRefProblem } from './git-ref';
import { helmSemverProblem } from './helm-semver';
import { DNS1123_SUBDOMAIN } from './name-rules';
import { byteQuantityProblem, cpuQuantityProblem } from '../common/quantities';

/** RFC 1123 label: namespaces, object name prefixes, port names. */
export const dnsLabel = z
  .string()
  .max(63, 'must be at most 63 characters (RFC 1123 label)')
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    'must be an RFC 1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit',
  );

/** RFC 1123 subdomain: Secret and ConfigMap names. */
export const dnsSubdomain = z
  .string()
  .max(253, 'must be at most 253 characters (RFC 1123 subdomain)')
  .regex(DNS1123_SUBDOMAIN, 'must be an RFC 1123 subdomain: lower-case letters, digits, "-" and "."');

/** A fully qualified host name as an Ingress accepts it (no wildcard, no port, no scheme). */
export const hostName = z
  .string()
  .max(253, 'must be at most 253 characters')
  .regex(
    /^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/,
    'must be a fully qualified lower-case DNS name such as app.example.com (no scheme, port or wildcard)',
  );

/** A string refused with the reason `problem` gives (undefined: accepted). */
const checkedString = (problem: (value: string) => string | undefined) =>
  z.string().superRefine((value, ctx) => {
    const message = problem(value);
    if (message !== undefined) ctx.addIssue({ code: 'custom', message });
  });

/** A chart version Helm loads (helm-semver.ts). */
export const semver = checkedString(helmSemverProblem);

/** A git branch, tag or commit that ArgoCD can check out: git's own ref-name rules (git-ref.ts). */
export const gitRevision = checkedString((ref) => {
  const problem = gitRefProblem(ref);
  return problem === undefined ? undefined : `must be a git branch, tag or commit: "${ref}" ${problem}`;
});

/**
 * A key or path in a secret store: something to look up, so never blank, and without spaces at
 * either end that nobody sees in the file.
 */
export const storeKey = z
  .string()
  .refine((key) => key.trim() !== '', 'must not be blank: name the key or path in the secret store')
  .refine((key) => key.trim() === key || key.trim() === '', 'must not start or end with white space');

/** One line of prose (a description): not blank. */
export const prose = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine((text) => text.trim() !== '', 'must not be blank');

/** CPU amount: Kubernetes' quantity grammar, positive, at least 1m. */
export const cpuQuantity = checkedString(cpuQuantityProblem);

/** Memory, ephemeral storage or volume size: Kubernetes' quantity grammar, positive, whole bytes. */
export const byteQuantity = checkedString(byteQuantityProblem);

/**
 * A list whose entries must differ: a repeated entry is refused at its index, naming the first.
 * `key` says what makes two entries the same. @default the entry itself
 */
export const distinctList = <T extends z.ZodType>(item: T, what: string, key: (v: z.infer<T>) => unknown = (v) => v) =>
  z.array(item).superRefine((list, ctx) => {
    const seen = new Map<string, number>();
    list.forEach((value, index) => {
      const k = JSON.stringify(key(value));
      const first = seen.get(k);
      if (first === undefined) seen.set(k, index);
      else
        ctx.addIssue({
          code: 'custom',
          path: [index],
          message: `repeats ${what} ${JSON.stringify(key(value))} of entry ${first}: list it once`,
        });
    });
  });

export const port = z.int().min(1024, 'must be an unprivileged port (1024-65535)').max(65535);

export const replicas = (max: number) => z.int().min(1, 'must be at least 1').max(max, `must be at most ${max}`);

/** Container image tag: Docker's grammar, and never the moving `latest`. */
export const imageTag = z
  .string({ error: 'is required: pin every image to an explicit tag' })
  .regex(
    /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/,
    'must be a Docker tag: letters, digits, "_", "." and "-", at most 128 characters',
  )
  .refine((tag) => tag.toLowerCase() !== 'latest', {
    message: 'must not be "latest": pin an immutable version so every sync deploys the same image',
  });

/**
 * An image repository (registry and path) as container runtimes parse it: the grammar of
 * distribution/reference (regexp.go: path components of lower-case letters and digits joined
 * by ".", "_", "__" or dashes) and its NameTotalLengthMax of 255 characters (reference.go).
 */
const IMAGE_NAME_MAX = 255;
const IMAGE_REPOSITORY = /^[a-z0-9]+((?:[._]|__|-+)[a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+((?:[._]|__|-+)[a-z0-9]+)*)*$/;

/** Why `repository` is not an image repository, or undefined. */
export function imageRepositoryProblem(repository: string): string | undefined {
  if (!IMAGE_REPOSITORY.test(repository))
    return 'must be an image repository such as ghcr.io/acme/app, without tag or digest';
  if (repository.length > IMAGE_NAME_MAX)
    return `is ${repository.length} characters: an image name may have at most ${IMAGE_NAME_MAX} (distribution/reference NameTotalLengthMax)`;
  return undefined;
}

const imageRepository = z
  .string({ error: 'is required (for the app and docs images: or set app.githubRepository in config/project.yaml)' })
  .superRefine((value, ctx) => {
    const message = imageRepositoryProblem(value);
    if (message !== undefined) ctx.addIssue({ code: 'custom', message });
  });

export const image = z.strictObject({
  /** Registry and repository, without tag. */
  repository: imageRepository,
  /** Immutable version tag. */
  tag: imageTag,
  /** Optional content digest; when set, the image is pulled by digest. */
  digest: z
    .string()
    .regex(/^sha256:[a-f0-9]{64}$/, 'must be sha256: followed by 64 hex digits')
    .optional(),
}) satisfies z.ZodType<ContainerImage>;
export type ImageConfig = z.infer<typeof image>;

/** Requests and limits of one container. CPU limits are optional: they throttle, they do not protect. */
export const resources = z.strictObject({
  requests: z.strictObject({
    cpu: cpuQuantity,
    memory: byteQuantity,
    'ephemeral-storage': byteQuantity.default(EPHEMERAL_STORAGE_DEFAULTS.request),
  }),
  limits: z.strictObject({
    cpu: cpuQuantity.optional(),
    memory: byteQuantity,
    'ephemeral-storage': byteQuantity.default(EPHEMERAL_STORAGE_DEFAULTS.limit),
  }),
}) satisfies z.ZodType<ContainerResources>;
export type ResourcesConfig = z.infer<typeof resources>;
export type ResourcesInput = z.input<typeof resources>;

/** A resources block with a default that is itself validated like user input. */
export const resourcesWithDefault = (value: ResourcesInput) => resources.prefault(value);

/** The class of every Ingress comes from the cluster file (`ingress.className`). */
export const ingress = z.strictObject({
  hosts: distinctList(hostName, 'host').min(1, 'needs at least one host'),
  /** Path prefix routed to the component. */
  path: z
    .string()
    .regex(/^\/[A-Za-z0-9._~/-]*$/, 'must be an absolute URL path such as / or /docs')
    .default('/'),
  /** Secret holding the TLS certificate; cert-manager fills it when `clusterIssuer` is set. */
  tlsSecretName: dnsSubdomain.optional(),
  /** cert-manager ClusterIssuer that issues the certificate. */
  clusterIssuer: dnsSubdomain.optional(),
}) satisfies z.ZodType<IngressProps>;
export type IngressConfig = z.infer<typeof ingress>;

/** An IPv4 or IPv6 network in CIDR notation, without host bits (as the API server wants `ipBlock.cidr`). */
export const cidr = z.string().superRefine((value, ctx) => {
  const network = parseCidr(value);
  if (!network) ctx.addIssue({ code: 'custom', message: 'must be a network in CIDR notation, such as 10.0.0.0/8' });
  else if (hasHostBits(network))
    ctx.addIssue({
      code: 'custom',
      message: `has address bits set beyond the /${network.prefix} prefix: write the network address (such as 10.0.0.0/8)`,
    });
});

/** Labels that select pods (keys and values as Kubernetes accepts them). */
export const podLabels = z.record(
  z.string().regex(/^([a-z0-9.-]+\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/, 'must be a label key'),
  z.string().regex(/^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/, 'must be a label value'),
);

/** A network in CIDR notation, or one address (taken as its /32 or /128). */
export const addressOrCidr = z
  .string()
  .transform((value) => (isIP(value) === 4 ? `${value}/32` : isIP(value) === 6 ? `${value}/128` : value))
  .pipe(cidr);

export const networkPort = z.int().min(1).max(65535);

/**
 * A cron expression with `fields` fields (5 for Kubernetes and ArgoCD, 6 with seconds for
 * CloudNativePG), each value in its range (see `cron.ts`).
 */
export const cronExpression = (fields: 5 | 6, example: string) =>
  checkedString((value) => {
    const problem = cronProblem(value, fields);
    return problem === undefined
      ? undefined
      : `must be a ${fields}-field cron expression${fields === 6 ? ', seconds first,' : ''} such as "${example}": ${problem}`;
  });

/**
 * A Go duration of whole hours, minutes (and seconds when `seconds`), such as 1h30m; never empty
 * or zero. `zeroMeans` says what a zero would do, for the message.
 */
export const duration = (options: { seconds: boolean; example: string; zeroMeans: string }) =>
  z
    .string()
    .regex(
      options.seconds ? /^([0-9]+h)?([0-9]+m)?([0-9]+s)?$/ : /^([0-9]+h)?([0-9]+m)?$/,
      `must be a duration such as ${options.example}`,
    )
    .refine((d) => d !== '', 'must not be empty')
    .refine((d) => d === '' || /[1-9]/.test(d), `must be longer than 0: ${options.zeroMeans}`);
