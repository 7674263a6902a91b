/**
 * Redis under its container memory limit: maxmemory leaves room for the AOF rewrite fork, the
 * eviction policy never drops Celery's queues, and the probes let a long AOF replay finish.
 *
 * Sources: redis/redis redis.conf (7.x, MEMORY MANAGEMENT: the policies, and that `volatile-*`
 * evict "only keys with an expire set"); redis.io "Redis administration" (while rewriting the AOF
 * "Redis can use up to 2 times the memory normally used"); redis/redis src/commands/ping.json
 * (PING has no `loading` flag, so it is refused with `-LOADING ...` during a replay).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError } from '../lib/config/config-error';
import { loadConfig } from '../lib/config/load';
import { bytes } from '../lib/common/quantities';
import { find, podTemplate } from '../lib/common/workloads';
import { editedConfig } from './support/edit-config';
import { environmentRows, ROOT } from './support/project';

type Container = {
  args: string[];
  resources: { limits: Record<string, string> };
  startupProbe?: { exec: { command: string[] }; periodSeconds: number; failureThreshold: number };
  readinessProbe: { exec: { command: string[] } };
  livenessProbe: { exec: { command: string[] } };
};

/** Redis reads `<n>mb` as n × 1024². */
function redisBytes(value: string): number {
  const match = /^(\d+)mb$/.exec(value);
  if (!match) throw new Error(`unexpected maxmemory ${value}`);
  return Number(match[1]) * 2 ** 20;
}

function arg(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
}

/** Which keys a maxmemory-policy may evict (redis.conf, MAXMEMORY POLICY). */
function evictable(policy: string, key: { ttl: boolean }): boolean {
  if (policy === 'noeviction') return false;
  if (policy.startsWith('allkeys-')) return true;
  if (policy.startsWith('volatile-')) return key.ttl;
  throw new Error(`unknown policy ${policy}`);
}

/** Runs a probe's command with a fake `redis-cli` that prints `reply`; returns the exit code. */
function probeExit(command: string[], reply: string): number {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'redis-cli-'));
  fs.writeFileSync(path.join(bin, 'redis-cli'), `#!/bin/sh\nprintf '%s\\n' '${reply}'\n`, { mode: 0o755 });
  try {
    execFileSync(command[0], command.slice(1), { env: { PATH: `${bin}:/usr/bin:/bin` }, stdio: 'ignore' });
    return 0;
  } catch (error) {
    return (error as { status: number }).status;
  } finally {
    fs.rmSync(bin, { recursive: true, force: true });
  }
}

// The keys a shared instance holds (seed settings: CACHES LOCATION = REDIS_URL with django-redis,
// CELERY_BROKER_URL = CELERY_RESULT_BACKEND). Kombu's Redis transport keeps a queue as a list and
// unacknowledged messages in a hash, neither with a TTL; task results expire (result_expires).
const CELERY_QUEUE = { name: 'celery', ttl: false };
const UNACKED = { name: 'unacked', ttl: false };
const TASK_RESULT = { name: 'celery-task-meta-<id>', ttl: true };

describe.each(environmentRows())('%s', (_name, { env, manifests }) => {
  const redis = find(manifests, 'StatefulSet').find(
    (m) => m.metadata.labels?.['app.kubernetes.io/component'] === 'redis',
  );
  const template = redis && podTemplate(redis);
  if (!template) throw new Error(`no Redis StatefulSet in ${env.name}`);
  const container = template.spec.containers[0] as unknown as Container;
  const limit = bytes(container.resources.limits.memory);
  const maxmemory = redisBytes(arg(container.args, '--maxmemory') ?? 'missing');
  const persistent = arg(container.args, '--appendonly') === 'yes';

  test('maxmemory is set, and with the AOF fork counted twice the container stays under its limit', () => {
    expect(limit).toBe(bytes(env.redis.resources.limits.memory));
    expect(persistent).toBe(env.redis.persistence.enabled);
    expect(maxmemory).toBeGreaterThan(0); // 0 would mean "no limit" to Redis
    // Worst case during a rewrite every page is copied: parent and child each hold the dataset.
    const peak = persistent ? 2 * maxmemory : maxmemory;
    // At least 10 % of the limit stays for the process, fragmentation and client buffers.
    expect(peak).toBeLessThanOrEqual(limit * 0.9);
    // Not wastefully low either: the formula's share, to the MiB.
    expect(maxmemory).toBe(Math.floor((limit * (persistent ? 0.45 : 0.75)) / 2 ** 20) * 2 ** 20);
  });

  test("the eviction policy never drops Celery's queues or results", () => {
    const policy = arg(container.args, '--maxmemory-policy') ?? 'noeviction (Redis default)';
    for (const key of [CELERY_QUEUE, UNACKED, TASK_RESULT]) {
      expect([key.name, evictable(policy, key)]).toEqual([key.name, false]);
    }
  });

  test('a replaying Redis (LOADING) is alive but not ready; a dead one is neither', () => {
    const startup = container.startupProbe?.exec.command ?? ['false'];
    const liveness = container.livenessProbe.exec.command;
    const readiness = container.readinessProbe.exec.command;
    const loading = 'LOADING Redis is loading the dataset in memory';
    const down = 'Could not connect to Redis at 127.0.0.1:6379: Connection refused';
    expect([probeExit(startup, 'PONG'), probeExit(liveness, 'PONG'), probeExit(readiness, 'PONG')]).toEqual([0, 0, 0]);
    expect([probeExit(startup, loading), probeExit(liveness, loading), probeExit(readiness, loading)]).toEqual([
      0, 0, 1,
    ]);
    expect([probeExit(startup, down), probeExit(liveness, down), probeExit(readiness, down)]).toEqual([1, 1, 1]);
  });
});

test('a Redis memory limit too small for a useful maxmemory is refused', () => {
  const small = editedConfig([
    'config/environments/dev.yaml',
    (d) =>
      d.setIn(['redis', 'resources'], {
        requests: { cpu: '50m', memory: '32Mi' },
        limits: { cpu: '500m', memory: '32Mi' },
      }),
  ]);
  expect(() => loadConfig(ROOT, small)).toThrow(ConfigError);
  expect(() => loadConfig(ROOT, small)).toThrow(/redis\.resources\.limits\.memory: must be at least 64Mi/);
});
