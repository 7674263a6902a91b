/**
 * How much of its container's memory limit Redis may fill with data (`maxmemory`), and what it
 * does when full (`maxmemory-policy`).
 *
 * Redis counts only its dataset and buffers against `maxmemory`; the kernel counts the whole
 * cgroup against the container limit: the dataset, allocator fragmentation, client buffers, and
 * the child that Redis forks to rewrite the append-only file. The child shares pages with the
 * parent copy-on-write, but every page the parent writes during the rewrite is copied, and
 * "while saving an RDB file on disk or rewriting the AOF log, Redis can use up to 2 times the
 * memory normally used" (redis.io, Redis administration, "Memory"). So:
 *
 * - with append-only persistence (forks): maxmemory = 45 % of the limit. Worst case the dataset
 *   is counted twice (90 %), leaving 10 % for the process itself, fragmentation and buffers.
 * - without persistence (`--save ''`, `--appendonly no`: Redis never forks): 75 % of the limit,
 *   leaving a quarter for fragmentation, client output buffers and the process.
 *
 * Values are rounded down to whole MiB (Redis reads `115mb` as 115 × 1024 × 1024 bytes).
 */
import { bytes } from '../common/quantities';

/** Share of the limit the dataset may take when Redis forks for AOF rewrites. */
export const PERSISTENT_MAXMEMORY_SHARE = 0.45;
/** Share of the limit the dataset may take when Redis never forks. */
export const VOLATILE_MAXMEMORY_SHARE = 0.75;

const MIB = 2 ** 20;

/**
 * `noeviction`: one instance is both Django's cache (`REDIS_URL`, django-redis) and Celery's
 * broker and result backend (`CELERY_BROKER_URL`). Kombu keeps each queue as a Redis list (and
 * unacknowledged messages in a hash) without a TTL; any `allkeys-*` policy would silently drop
 * queued tasks, and the `volatile-*` policies (which only evict keys with a TTL) would still
 * evict Celery's task results. With `noeviction` a full Redis refuses writes with an OOM error
 * instead: the cache misses (cookiecutter-django's production settings set django-redis
 * `IGNORE_EXCEPTIONS: True`, so the site keeps serving), cache keys expire by their TTL and free
 * memory, and publishing a task fails loudly instead of a queued task vanishing.
 * (redis.conf, MEMORY MANAGEMENT: "noeviction -> Don't evict anything, just return an error on
 * write operations"; "volatile-lru -> Evict using approximated LRU, only keys with an expire set".)
 */
export const REDIS_EVICTION_POLICY = 'noeviction';

/** `maxmemory` in bytes for a container memory limit such as `256Mi`. */
export function redisMaxMemoryBytes(memoryLimit: string, persistent: boolean): number {
  const share = persistent ? PERSISTENT_MAXMEMORY_SHARE : VOLATILE_MAXMEMORY_SHARE;
  return Math.floor((bytes(memoryLimit) * share) / MIB) * MIB;
}

/** `maxmemory` as the Redis argument (`115mb`). */
export function redisMaxMemoryArgument(memoryLimit: string, persistent: boolean): string {
  return `${redisMaxMemoryBytes(memoryLimit, persistent) / MIB}mb`;
}
