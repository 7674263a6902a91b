/**
 * Requests and limits within what Kubernetes can hold (int64) and within the cluster's bounds
 * (`containerResources` of the cluster file): issue 17, "impossible resources".
 */
import type { Document } from 'yaml';
import type { ConfigError } from '../lib/config/config-error';
import { loadConfig } from '../lib/config/load';
import { byteQuantityProblem, cpuQuantityProblem } from '../lib/common/quantities';
import { configRefusal } from './support/config-refusal';
import { editedConfig } from './support/edit-config';
import { ROOT } from './support/project';

const DEV = 'config/environments/dev.yaml';
const IN_CLUSTER = 'config/clusters/in-cluster.yaml';

/** dev.yaml with the worker's resources replaced. */
const worker = (requests: Record<string, string>, limits: Record<string, string>): [string, (d: Document) => void] => [
  DEV,
  (d) => d.setIn(['worker', 'resources'], d.createNode({ requests, limits })),
];

const problemAt = (error: ConfigError, field: string) => {
  const found = error.problems.filter((p) => p.file === DEV && p.field === field);
  expect([field, found.length]).toEqual([field, 1]);
  expect(found[0].line).toEqual(expect.any(Number));
  return found[0].message;
};

const refusal = (overrides: Map<string, string>) => configRefusal(() => loadConfig(ROOT, overrides));

test.each([
  [
    'a CPU request of 100000',
    worker({ cpu: '100000', memory: '256Mi' }, { memory: '1Gi' }),
    'worker.resources.requests.cpu',
    /100000 is above the 64 that config\/clusters\/in-cluster.yaml allows one container \(containerResources.maxCpu\)/,
  ],
  [
    'a memory request of 1e18',
    worker({ cpu: '100m', memory: '1e18' }, { memory: '1e18' }),
    'worker.resources.requests.memory',
    /1e18 is above the 256Gi .*containerResources.maxMemory/,
  ],
  [
    'a memory limit of 1e308',
    worker({ cpu: '100m', memory: '256Mi' }, { memory: '1e308' }),
    'worker.resources.limits.memory',
    /"1e308" is more bytes than Kubernetes can hold \(a 64-bit integer of bytes\)/,
  ],
  [
    'a memory limit of 1Mi',
    worker({ cpu: '100m', memory: '1Mi' }, { memory: '1Mi' }),
    'worker.resources.limits.memory',
    /1Mi is below the 16Mi .*containerResources.minMemoryLimit/,
  ],
  [
    'a CPU limit beyond int64 millicores',
    worker({ cpu: '100m', memory: '256Mi' }, { cpu: '1e16', memory: '1Gi' }),
    'worker.resources.limits.cpu',
    /more cores than Kubernetes can hold \(a 64-bit integer of millicores\)/,
  ],
])('%s is refused at its field', (_what, edit, field, reason) => {
  expect(problemAt(refusal(editedConfig(edit)), field)).toMatch(reason);
});

test("the bounds are the cluster file's: raised there, the same request is accepted", () => {
  const big = worker({ cpu: '100000', memory: '1Ti' }, { memory: '1Ti' });
  // Refused for the cluster's bounds, the CPU and the memory request both.
  expect(refusal(editedConfig(big)).problems.map((p) => p.field)).toEqual(
    expect.arrayContaining(['worker.resources.requests.cpu', 'worker.resources.requests.memory']),
  );
  const raised = editedConfig(big, [
    IN_CLUSTER,
    (d) => d.set('containerResources', d.createNode({ maxCpu: '100000', maxMemory: '2Ti' })),
  ]);
  expect(() => loadConfig(ROOT, raised)).not.toThrow();
});

test("the floor is the cluster file's too", () => {
  const small = worker({ cpu: '100m', memory: '8Mi' }, { memory: '8Mi' });
  expect(() => loadConfig(ROOT, editedConfig(small))).toThrow(/below the 16Mi/);
  expect(() =>
    loadConfig(
      ROOT,
      editedConfig(small, [IN_CLUSTER, (d) => d.set('containerResources', d.createNode({ minMemoryLimit: '8Mi' }))]),
    ),
  ).not.toThrow();
});

test('int64 is the bound of every amount, volume sizes included', () => {
  expect(byteQuantityProblem('9223372036854775807')).toBeUndefined();
  expect(byteQuantityProblem('8Ei')).toMatch(/more bytes than Kubernetes can hold/);
  expect(byteQuantityProblem('1e400')).toMatch(/more bytes than Kubernetes can hold/);
  expect(cpuQuantityProblem('9e15')).toBeUndefined();
  expect(cpuQuantityProblem('1e16')).toMatch(/more cores/);
  const volume = editedConfig([DEV, (d) => d.setIn(['database', 'storage', 'size'], '9Ei')]);
  expect(refusal(volume).problems.find((p) => p.field === 'database.storage.size')?.message).toMatch(/64-bit integer/);
});

test('a floor above the ceiling is refused in the cluster file', () => {
  const overrides = editedConfig([
    IN_CLUSTER,
    (d) => d.set('containerResources', d.createNode({ maxMemory: '1Gi', minMemoryLimit: '2Gi' })),
  ]);
  const problem = refusal(overrides).problems.find((p) => p.file === IN_CLUSTER);
  expect([problem?.field, problem?.line]).toEqual(['containerResources.minMemoryLimit', expect.any(Number)]);
  expect(problem?.message).toMatch(/2Gi is above maxMemory \(1Gi\)/);
});

test('int64 exactly: 2^63 - 1 bytes is accepted, 2^63 refused, however written (fuzz finding 8)', () => {
  expect(byteQuantityProblem('9223372036854775807')).toBeUndefined();
  expect(byteQuantityProblem('9223372036854775808')).toMatch(/more bytes than Kubernetes can hold/);
  expect(byteQuantityProblem('8Ei')).toMatch(/more bytes/); // 2^63
  expect(byteQuantityProblem('8191Pi')).toBeUndefined();
  expect(byteQuantityProblem('9223372036854775.807k')).toBeUndefined();
  expect(byteQuantityProblem('9223372036854775.808k')).toMatch(/more bytes/);
  expect(cpuQuantityProblem('9223372036854775807m')).toBeUndefined();
  expect(cpuQuantityProblem('9223372036854775808m')).toMatch(/more cores/);
  const volume = editedConfig([
    DEV,
    (d) => d.setIn(['redis', 'persistence'], d.createNode({ enabled: true, size: '9223372036854775808' })),
  ]);
  expect(refusal(volume).problems.find((p) => p.field === 'redis.persistence.size')?.message).toMatch(/64-bit integer/);
});
