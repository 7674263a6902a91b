/**
 * Values built once per jest worker and shared by every test file it runs. Each test file runs
 * in a context of its own, so a module-level cache lasts one file; the test environment
 * (leak-checked-environment.ts) puts one Map, made outside those contexts, on every file's
 * global under WORKER_CACHE_KEY. Without it (another environment), the cache is the file's own.
 *
 * Only for what costs much to build and keeps no state a test could observe (compiled schemas).
 * What is built in one file's context keeps that context's objects: hand tests values made by
 * the calling file's code (an array from another context fails `toStrictEqual`'s type check).
 */
export const WORKER_CACHE_KEY = '__djangoK8sWorkerCache';

const local = new Map<string, unknown>();

/** The value under `key` for this worker, made by `make` the first time. */
export function perWorker<T>(key: string, make: () => T): T {
  const cache =
    ((globalThis as Record<string, unknown>)[WORKER_CACHE_KEY] as Map<string, unknown> | undefined) ?? local;
  if (!cache.has(key)) cache.set(key, make());
  return cache.get(key) as T;
}
