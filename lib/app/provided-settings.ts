/**
 * Which settings a rendered container gets, read from the manifests the way the kubelet and the
 * image see them: `env` entries, keys of ConfigMaps named by `envFrom`, and what the image's
 * entrypoint exports once its own inputs are there. Shared by `check-app` and the contract tests.
 */
import type { Manifest } from '../common/manifest';
import { allContainers, type Container } from '../common/workloads';
import { APP_PROCESSES, type AppContract, type ProcessName } from './app-contract';
import { entrypointSettings } from './app-processes';

/** How a container gets one setting. */
export type Provision =
  | { readonly via: 'value' }
  | { readonly via: 'secret'; readonly secret: string; readonly key: string; readonly optional: boolean }
  | { readonly via: 'config-map'; readonly configMap: string }
  | { readonly via: 'entrypoint' };

/** One Django container of an environment. */
export interface DjangoContainer {
  readonly process: ProcessName;
  /** `Kind/name:container`. */
  readonly where: string;
  readonly container: Container;
}

/** The containers running the app image, keyed by the contract's process names. */
export function djangoContainers(manifests: readonly Manifest[], appRepository: string): DjangoContainer[] {
  const processes: readonly string[] = APP_PROCESSES;
  return allContainers(manifests)
    .filter(([, c]) => c.image.startsWith(`${appRepository}:`) || c.image.startsWith(`${appRepository}@`))
    .filter(([, c]) => processes.includes(c.name))
    .map(([where, container]) => ({ process: container.name as ProcessName, where, container }));
}

/** Every variable the container will have when its process starts, with where it comes from. */
export function providedSettings(
  container: Container,
  manifests: readonly Manifest[],
  contract: AppContract,
): Map<string, Provision> {
  const provided = new Map<string, Provision>();
  for (const source of container.envFrom ?? []) {
    const name = source.configMapRef?.name;
    const configMap = manifests.find((m) => m.kind === 'ConfigMap' && m.metadata.name === name);
    const data = (configMap?.data ?? {}) as Record<string, string>;
    for (const key of Object.keys(data)) provided.set(key, { via: 'config-map', configMap: name as string });
  }
  for (const variable of container.env ?? []) {
    const ref = variable.valueFrom?.secretKeyRef as { name: string; key: string; optional?: boolean } | undefined;
    provided.set(
      variable.name,
      ref ? { via: 'secret', secret: ref.name, key: ref.key, optional: ref.optional === true } : { via: 'value' },
    );
  }
  // The entrypoint runs only when the container keeps the image's ENTRYPOINT.
  if (container.command === undefined) {
    for (const [name, from] of entrypointSettings(contract)) {
      if (from.every((input) => provided.has(input))) provided.set(name, { via: 'entrypoint' });
    }
  }
  return provided;
}
