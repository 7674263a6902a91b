import type { Manifest } from './manifest';
import { compareText } from './compare-text';

/** Objects grouped by `app.kubernetes.io/component`, groups sorted by name, order kept inside. */
export function groupByComponent(manifests: readonly Manifest[]): Array<[string, Manifest[]]> {
  const groups = new Map<string, Manifest[]>();
  for (const manifest of manifests) {
    const component = manifest.metadata.labels?.['app.kubernetes.io/component'] ?? 'misc';
    groups.set(component, [...(groups.get(component) ?? []), manifest]);
  }
  return [...groups.entries()].sort(([a], [b]) => compareText(a, b));
}
