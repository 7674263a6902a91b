/**
 * Kubernetes resource quantities: the grammar the API server parses, the checks it applies, and
 * numeric values so that requests can be compared with limits before anything is synthesized.
 *
 * Grammar (k8s.io/apimachinery v0.36.3 pkg/api/resource/quantity.go and suffix.go): a signed
 * decimal number (`5`, `5.`, `.5`, `1.5`) followed by a binary-SI suffix (Ki Mi Gi Ti Pi Ei), a
 * decimal-SI suffix (m "" k M G T P E) or a decimal exponent (`e` or `E` and a signed integer).
 */
const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

/** The decimal and binary exponent of each suffix (suffix.go). */
const SUFFIX_EXPONENTS: Record<string, { readonly ten?: number; readonly two?: number }> = {
  '': {},
  m: { ten: -3 },
  k: { ten: 3 },
  M: { ten: 6 },
  G: { ten: 9 },
  T: { ten: 12 },
  P: { ten: 15 },
  E: { ten: 18 },
  Ki: { two: 10 },
  Mi: { two: 20 },
  Gi: { two: 30 },
  Ti: { two: 40 },
  Pi: { two: 50 },
  Ei: { two: 60 },
};

/** The exponents of a suffix: "E" alone is exa; "e" or "E" with digits is an exponent (suffix.go interpret). */
function suffixExponent(suffix: string): { readonly ten?: number; readonly two?: number } {
  return /^[eE]./.test(suffix) ? { ten: Number(suffix.slice(1)) } : SUFFIX_EXPONENTS[suffix];
}

/** A parsed quantity: its value in base units (cores, bytes) and the suffix as written. */
export interface Quantity {
  readonly value: number;
  readonly suffix: string;
}

/** The quantity `text` denotes, or undefined when Kubernetes would not parse it. */
export function parseQuantity(text: string): Quantity | undefined {
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  const suffix = match[2] ?? '';
  const exponent = suffixExponent(suffix);
  const factor = 10 ** (exponent.ten ?? 0) * 2 ** (exponent.two ?? 0);
  return { value: Number(match[1]) * factor, suffix };
}

/**
 * The largest amount Kubernetes holds as a number: the scheduler and the kubelet read requests
 * and limits as int64 (quantity.go Value for bytes, MilliValue for CPU, which "may overflow"),
 * so a larger value would not mean what was written.
 */
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Whether the (non-negative) quantity `text` in units of 10^-`scale` (3: millicores), rounded
 * up as Value and MilliValue round, is above INT64_MAX. Exact: near 2^63 a double cannot tell
 * 2^63 - 1 from 2^63, so the digits are compared as integers.
 */
function exceedsInt64(text: string, scale: number): boolean {
  const match = QUANTITY.exec(text);
  const approx = (parseQuantity(text)?.value ?? NaN) * 10 ** scale;
  if (!match || !Number.isFinite(approx) || approx > 1e19) return true;
  if (approx < 9e18) return false;
  const [whole, fraction = ''] = match[1].replace(/^[+-]/, '').split('.');
  const suffix = match[2] ?? '';
  const exponent = suffixExponent(suffix);
  const digits = BigInt(`${whole}${fraction}` || '0') * 2n ** BigInt(exponent.two ?? 0);
  const ten = scale + (exponent.ten ?? 0) - fraction.length;
  // ceil(digits / 10^-ten) > MAX exactly when digits / 10^-ten > MAX, MAX being whole.
  return ten >= 0 ? digits * 10n ** BigInt(ten) > INT64_MAX : digits > INT64_MAX * 10n ** BigInt(-ten);
}

/** Why the amount `text` (`unit`, in 10^-`scale` units for int64) is too large, or undefined. */
function overflowProblem(text: string, scale: number, unit: string): string | undefined {
  if (exceedsInt64(text, scale))
    return `"${text}" is more ${unit} than Kubernetes can hold (a 64-bit integer of ${scale === 0 ? unit : `milli${unit}`})`;
  return undefined;
}

const GRAMMAR_HINT = 'a number with an optional suffix (Ki, Mi, Gi, Ti, Pi, Ei binary; m, k, M, G, T, P, E decimal)';

/** Why `text` is refused as a CPU amount, or undefined when it is fine. */
export function cpuQuantityProblem(text: string): string | undefined {
  const q = parseQuantity(text);
  if (!q) return `"${text}" is not a Kubernetes quantity: write cores or millicores, such as 1, 0.5 or 250m`;
  // The API server refuses negative requests and limits (kubernetes pkg/apis/core/validation
  // ValidateResourceQuantityValue -> ValidateNonnegativeQuantity).
  if (q.value < 0) return `"${text}" is negative: Kubernetes refuses negative CPU amounts`;
  if (q.value === 0) return `"${text}" is zero: a container needs some CPU to be scheduled and to run`;
  // "0.1m will be rounded up to 1m" (quantity.go): say so instead of deploying another number.
  if (q.value < 1e-3) return `"${text}" is below 1m, the smallest CPU amount Kubernetes keeps`;
  return overflowProblem(text, 3, 'cores');
}

/** Why `text` is refused as a byte amount (memory, ephemeral storage, volume size), or undefined. */
export function byteQuantityProblem(text: string): string | undefined {
  const q = parseQuantity(text);
  if (!q) return `"${text}" is not a Kubernetes quantity: write ${GRAMMAR_HINT}, such as 512Mi or 2Gi`;
  if (q.value < 0) return `"${text}" is negative: Kubernetes refuses negative sizes`;
  if (q.value === 0) return `"${text}" is zero: nothing can run in or be stored on zero bytes`;
  // `m` is milli, not mega: 512m is half a byte, a classic slip for 512Mi.
  if (q.suffix === 'm') return `"${text}" is in millibytes ("m" is milli): write Mi or M for megabytes`;
  return (
    overflowProblem(text, 0, 'bytes') ??
    (Number.isInteger(q.value) ? undefined : `"${text}" is not a whole number of bytes`)
  );
}

/** CPU quantity in millicores; throws on text that is not a quantity (validated input only). */
export function cpuMillis(value: string): number {
  const q = parseQuantity(value);
  if (!q) throw new Error(`not a CPU quantity: ${value}`);
  return q.value * 1000;
}

/** Byte quantity in bytes; throws on text that is not a quantity (validated input only). */
export function bytes(value: string): number {
  const q = parseQuantity(value);
  if (!q) throw new Error(`not a byte quantity: ${value}`);
  return q.value;
}

/** A container resource quantity in its base unit: millicores for `cpu`, bytes for the others. */
export function resourceAmount(resource: string, value: string): number {
  return resource === 'cpu' ? cpuMillis(value) : bytes(value);
}
