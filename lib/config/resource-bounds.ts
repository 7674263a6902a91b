/**
 * Each container's requests and limits against its cluster's bounds (`containerResources` of
 * the cluster file): a request above what one node has never schedules (the scheduler's
 * NodeResourcesFit filter fits a pod on one node), and a memory limit below what a process needs
 * to start gets the container OOM-killed on every start.
 */
import type { ClusterConfig } from './cluster-schema';
import { resourceBlocks } from './environment/checks';
import type { EnvironmentFile } from './environment-schema';
import { parseQuantity } from '../common/quantities';

type Path = ReadonlyArray<string | number>;

/** Where each amount of the environment's resources blocks breaks the cluster's bounds. */
export function resourceBoundProblems(
  env: EnvironmentFile,
  cluster: ClusterConfig,
  where: string,
): Array<[Path, string]> {
  const bounds = cluster.containerResources;
  const value = (text: string | undefined) => (text === undefined ? undefined : parseQuantity(text)?.value);
  const problems: Array<[Path, string]> = [];
  for (const [path, block] of resourceBlocks(env)) {
    for (const kind of ['requests', 'limits'] as const) {
      const amounts: Array<['cpu' | 'memory', string | undefined, string, string]> = [
        ['cpu', block[kind].cpu, bounds.maxCpu, 'maxCpu'],
        ['memory', block[kind].memory, bounds.maxMemory, 'maxMemory'],
      ];
      for (const [resource, text, max, field] of amounts) {
        const amount = value(text);
        if (amount !== undefined && amount > (value(max) ?? Infinity))
          problems.push([
            [...path, 'resources', kind, resource],
            `${text} is above the ${max} that ${where} allows one container (containerResources.${field}): no node of the cluster could run it`,
          ]);
      }
    }
    const limit = value(block.limits.memory);
    if (limit !== undefined && limit < (value(bounds.minMemoryLimit) ?? 0))
      problems.push([
        [...path, 'resources', 'limits', 'memory'],
        `${block.limits.memory} is below the ${bounds.minMemoryLimit} that ${where} requires of a memory limit (containerResources.minMemoryLimit): the container would be killed for lack of memory as it starts`,
      ]);
  }
  return problems;
}
