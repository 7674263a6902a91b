/**
 * Container resources as the constructs take them, and the defaults every block shares. The
 * environment schema (lib/config/primitives.ts) fills the same ephemeral-storage defaults.
 */

/** Requests and limits of one container. CPU limits are optional: they throttle, they do not protect. */
export interface ContainerResources {
  readonly requests: { readonly cpu: string; readonly memory: string; readonly 'ephemeral-storage': string };
  readonly limits: { readonly cpu?: string; readonly memory: string; readonly 'ephemeral-storage': string };
}

/**
 * Scratch space (emptyDirs, logs) every container requests and is limited to, unless set.
 * A limit makes the kubelet evict a pod that fills the node's disk instead of the node failing.
 */
export const EPHEMERAL_STORAGE_DEFAULTS = { request: '64Mi', limit: '256Mi' } as const;

/** A complete resources block from CPU and memory, with the ephemeral-storage defaults. */
export function containerResources(
  cpuRequest: string,
  memoryRequest: string,
  cpuLimit: string,
  memoryLimit: string,
): ContainerResources {
  return {
    requests: { cpu: cpuRequest, memory: memoryRequest, 'ephemeral-storage': EPHEMERAL_STORAGE_DEFAULTS.request },
    limits: { cpu: cpuLimit, memory: memoryLimit, 'ephemeral-storage': EPHEMERAL_STORAGE_DEFAULTS.limit },
  };
}
