import { createTwoFilesPatch } from 'diff';
import { parseAllDocuments, stringify } from 'yaml';
import type { FileTree } from '../common/manifest';

/** One object that differs between two renderings of dist/. */
export interface ObjectChange {
  /** The folder of dist/ it belongs to (an environment, or `argocd`). */
  readonly scope: string;
  /** `Kind namespace/name`, or `Chart.yaml`. */
  readonly id: string;
  readonly status: 'added' | 'removed' | 'changed';
  /** Unified diff of the object's YAML. */
  readonly patch: string;
}

/** Every object of a tree, keyed by scope and identity, as normalized YAML. */
function objectsOf(
  tree: FileTree,
  scopes?: ReadonlySet<string>,
): Map<string, { scope: string; id: string; yaml: string }> {
  const objects = new Map<string, { scope: string; id: string; yaml: string }>();
  for (const [file, content] of tree) {
    const scope = file.split('/')[0];
    if (scopes && !scopes.has(scope)) continue;
    if (!file.endsWith('.yaml')) continue;
    for (const doc of parseAllDocuments(content)) {
      const value = doc.toJS() as {
        kind?: string;
        metadata?: { name?: string; namespace?: string };
        name?: string;
      } | null;
      if (value === null || typeof value !== 'object') continue;
      const id = file.endsWith('Chart.yaml')
        ? 'Chart.yaml'
        : file.endsWith('values.yaml')
          ? 'values.yaml'
          : `${value.kind ?? '?'} ${value.metadata?.namespace ? `${value.metadata.namespace}/` : ''}${value.metadata?.name ?? '?'}`;
      objects.set(`${scope}\u0000${id}`, { scope, id, yaml: stringify(value, { lineWidth: 0 }) });
    }
  }
  return objects;
}

/** The objects that differ between the committed dist/ and a fresh synth, object by object. */
export function diffTrees(
  committed: FileTree,
  fresh: FileTree,
  scopes?: ReadonlySet<string>,
  labels: readonly [string, string] = ['committed', 'synthesized'],
): ObjectChange[] {
  const before = objectsOf(committed, scopes);
  const after = objectsOf(fresh, scopes);
  const changes: ObjectChange[] = [];
  for (const key of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const a = before.get(key);
    const b = after.get(key);
    const { scope, id } = (a ?? b) as { scope: string; id: string };
    if (a?.yaml === b?.yaml) continue;
    const status = a === undefined ? 'added' : b === undefined ? 'removed' : 'changed';
    const patch = createTwoFilesPatch(
      `${labels[0]}/${scope}/${id}`,
      `${labels[1]}/${scope}/${id}`,
      a?.yaml ?? '',
      b?.yaml ?? '',
      '',
      '',
      {
        context: 3,
      },
    );
    changes.push({ scope, id, status, patch: patch.split('\n').slice(1).join('\n') });
  }
  return changes;
}

/** Human-readable report of the changes. */
export function formatChanges(
  changes: readonly ObjectChange[],
  unchanged = 'no differences: dist/ matches a fresh synth',
): string {
  if (changes.length === 0) return `${unchanged}\n`;
  const lines: string[] = [];
  for (const scope of [...new Set(changes.map((c) => c.scope))]) {
    const inScope = changes.filter((c) => c.scope === scope);
    lines.push(`== ${scope}: ${inScope.length} object${inScope.length === 1 ? '' : 's'} differ`);
    for (const change of inScope) lines.push(`-- ${change.status}: ${change.id}`, change.patch.trimEnd());
  }
  return `${lines.join('\n')}\n`;
}

/** The changes as Markdown (a GitHub job summary or pull-request comment). */
export function formatChangesMarkdown(changes: readonly ObjectChange[], title: string): string {
  if (changes.length === 0) return `### ${title}\n\nNo manifest changes.\n`;
  const lines = [`### ${title}`, ''];
  for (const scope of [...new Set(changes.map((c) => c.scope))]) {
    const inScope = changes.filter((c) => c.scope === scope);
    lines.push(`#### ${scope}: ${inScope.length} object${inScope.length === 1 ? '' : 's'} changed`, '');
    for (const change of inScope) {
      lines.push(
        `<details><summary>${change.status}: <code>${change.id}</code></summary>`,
        '',
        '```diff',
        change.patch.trimEnd(),
        '```',
        '</details>',
        '',
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
