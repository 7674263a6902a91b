/**
 * Kubernetes resource quantities as the configuration accepts them, and their numeric values
 * so that requests can be compared with limits before anything is synthesized.
 */

const CPU_PATTERN = /^(\d+(\.\d+)?)(m?)$/;
const BYTES_PATTERN = /^(\d+(\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/;

const BYTE_UNITS: Record<string, number> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};

/** True when `value` is a CPU quantity such as `250m` or `1.5`. */
export function isCpuQuantity(value: string): boolean {
  return CPU_PATTERN.test(value);
}

/** True when `value` is a byte quantity such as `512Mi` or `1G`. */
export function isByteQuantity(value: string): boolean {
  return BYTES_PATTERN.test(value);
}

/** CPU quantity in millicores. */
export function cpuMillis(value: string): number {
  const match = CPU_PATTERN.exec(value);
  if (!match) throw new Error(`not a CPU quantity: ${value}`);
  const amount = Number(match[1]);
  return match[3] === 'm' ? amount : amount * 1000;
}

/** Byte quantity in bytes. */
export function bytes(value: string): number {
  const match = BYTES_PATTERN.exec(value);
  if (!match) throw new Error(`not a byte quantity: ${value}`);
  return Number(match[1]) * BYTE_UNITS[match[3] ?? ''];
}

/** A container resource quantity in its base unit: millicores for `cpu`, bytes for the others. */
export function resourceAmount(resource: string, value: string): number {
  return resource === 'cpu' ? cpuMillis(value) : bytes(value);
}
