/**
 * Changes the API server refuses to apply to an existing object, found by comparing two
 * renderings of dist/ (the committed one and a fresh synth, or two git revisions), with the
 * runbook that gets the change onto a cluster.
 *
 * StatefulSets: Kubernetes' ValidateStatefulSetUpdate (kubernetes/kubernetes
 * pkg/apis/apps/validation/validation.go, unchanged from 1.27 to 1.36) copies the old
 * `replicas`, `ordinals`, `template`, `updateStrategy`, `persistentVolumeClaimRetentionPolicy`
 * and `minReadySeconds` onto the new spec and forbids any other difference: "updates to
 * statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy',
 * 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden". So a new claim
 * template (turning on backups or Redis persistence), a bigger volume, another selector,
 * serviceName or podManagementPolicy fails the ArgoCD sync at the databases' wave, before
 * migrations, and stays failed. (KEP-4650, updatable claim templates, is still a proposal:
 * kubernetes/enhancements#4650 and #6150 are open in 2026; an alpha gate would be off by default.)
 */
import { isDeepStrictEqual } from 'node:util';
import { parseAllDocuments } from 'yaml';
import type { FileTree } from '../common/manifest';
import { compareText } from '../common/compare-text';

/** StatefulSet spec fields an update may change; every other field is immutable. */
export const STATEFULSET_MUTABLE_FIELDS: readonly string[] = [
  'replicas',
  'ordinals',
  'template',
  'updateStrategy',
  'persistentVolumeClaimRetentionPolicy',
  'minReadySeconds',
];

/** API defaults of immutable fields, so that spelling out a default is not a change. */
const STATEFULSET_DEFAULTS: Readonly<Record<string, unknown>> = {
  podManagementPolicy: 'OrderedReady',
  revisionHistoryLimit: 10,
};

interface ClaimTemplate {
  metadata: { name: string };
  spec?: { resources?: { requests?: { storage?: string } } };
}

interface StatefulSetObject {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec: Record<string, unknown> & { replicas?: number; volumeClaimTemplates?: ClaimTemplate[] };
}

/** One StatefulSet whose update the API server would refuse. */
export interface ImmutableChange {
  /** The folder of dist/ (the environment). */
  readonly scope: string;
  readonly namespace: string;
  readonly name: string;
  /** The immutable spec fields that differ (`volumeClaimTemplates`, `selector`...). */
  readonly fields: readonly string[];
  /** The steps that apply the change: orphan-delete, resize claims, sync. */
  readonly runbook: readonly string[];
}

function statefulSets(tree: FileTree): Map<string, { scope: string; object: StatefulSetObject }> {
  const found = new Map<string, { scope: string; object: StatefulSetObject }>();
  for (const [file, content] of tree) {
    if (!file.endsWith('.yaml') || !/^kind: StatefulSet$/m.test(content)) continue;
    for (const doc of parseAllDocuments(content)) {
      const value = doc.toJS() as StatefulSetObject | null;
      if (value?.kind !== 'StatefulSet') continue;
      const scope = file.split('/')[0];
      found.set(`${scope}\u0000${value.metadata.namespace ?? ''}\u0000${value.metadata.name}`, {
        scope,
        object: value,
      });
    }
  }
  return found;
}

function immutablePart(spec: Record<string, unknown>): Record<string, unknown> {
  const rest: Record<string, unknown> = { ...STATEFULSET_DEFAULTS };
  for (const [key, value] of Object.entries(spec)) {
    if (!STATEFULSET_MUTABLE_FIELDS.includes(key) && value !== undefined) rest[key] = value;
  }
  return rest;
}

function claimSize(template: ClaimTemplate | undefined): string | undefined {
  return template?.spec?.resources?.requests?.storage;
}

function runbook(
  namespace: string,
  before: StatefulSetObject,
  after: StatefulSetObject,
  fields: readonly string[],
): string[] {
  const name = after.metadata.name;
  const steps = [
    `kubectl delete statefulset ${name} -n ${namespace} --cascade=orphan   # the pods and their claims keep running`,
  ];
  if (fields.includes('volumeClaimTemplates')) {
    const replicas = after.spec.replicas ?? 1;
    const old = new Map((before.spec.volumeClaimTemplates ?? []).map((t) => [t.metadata.name, t]));
    for (const template of after.spec.volumeClaimTemplates ?? []) {
      const previous = old.get(template.metadata.name);
      const size = claimSize(template);
      if (previous && size !== undefined && size !== claimSize(previous)) {
        for (let i = 0; i < replicas; i++) {
          steps.push(
            `kubectl patch pvc ${template.metadata.name}-${name}-${i} -n ${namespace} -p '{"spec":{"resources":{"requests":{"storage":"${size}"}}}}'   # only if its StorageClass has allowVolumeExpansion: true (kubectl get storageclass); claims only grow`,
          );
        }
      }
    }
    const kept = new Set((after.spec.volumeClaimTemplates ?? []).map((t) => t.metadata.name));
    for (const gone of [...old.keys()].filter((n) => !kept.has(n))) {
      steps.push(
        `# the claims ${gone}-${name}-<n> are no longer mounted and are NOT deleted: delete them by hand once their data is not needed`,
      );
    }
  }
  // The ArgoCD Application is named after the Helm release, which the recommended labels carry.
  const application = after.metadata.labels?.['app.kubernetes.io/instance'] ?? `<the Application of ${namespace}>`;
  steps.push(`argocd app sync ${application}   # or sync in the UI: the new StatefulSet adopts the running pods`);
  return steps;
}

/** The StatefulSets present in both trees whose immutable fields differ. */
export function immutableChanges(before: FileTree, after: FileTree, scopes?: ReadonlySet<string>): ImmutableChange[] {
  // A StatefulSet in a file that did not change cannot have changed: parse only the files that
  // differ (or exist on one side only), which on a routine synth is none or a few. Parsing every
  // file of both trees cost more than the rest of the synth.
  const differing = new Set([...before.keys(), ...after.keys()].filter((file) => before.get(file) !== after.get(file)));
  const only = (tree: FileTree): FileTree => new Map([...tree].filter(([file]) => differing.has(file)));
  const old = statefulSets(only(before));
  const changes: ImmutableChange[] = [];
  for (const [key, { scope, object }] of [...statefulSets(only(after))].sort(([a], [b]) => compareText(a, b))) {
    if (scopes && !scopes.has(scope)) continue;
    const previous = old.get(key);
    if (!previous) continue;
    const a = immutablePart(previous.object.spec);
    const b = immutablePart(object.spec);
    const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])]
      .filter((field) => !isDeepStrictEqual(a[field], b[field]))
      .sort();
    if (fields.length === 0) continue;
    const namespace = object.metadata.namespace ?? 'default';
    changes.push({
      scope,
      namespace,
      name: object.metadata.name,
      fields,
      runbook: runbook(namespace, previous.object, object, fields),
    });
  }
  return changes;
}

/** The warning with its runbook, for a terminal. */
export function formatImmutableChanges(changes: readonly ImmutableChange[]): string {
  return changes
    .map((c) =>
      [
        `warning: ${c.scope}: StatefulSet ${c.namespace}/${c.name}: ${c.fields.map((f) => `spec.${f}`).join(', ')} changed, which Kubernetes refuses on an existing StatefulSet (only ${STATEFULSET_MUTABLE_FIELDS.join(', ')} may change): the sync will fail until it is recreated. Runbook:`,
        ...c.runbook.map((step, i) => `  ${i + 1}. ${step}`),
      ].join('\n'),
    )
    .join('\n')
    .concat(changes.length > 0 ? '\n' : '');
}

/** The same as Markdown, for a pull-request summary. */
export function formatImmutableChangesMarkdown(changes: readonly ImmutableChange[]): string {
  if (changes.length === 0) return '';
  const lines = [
    '> [!WARNING]',
    '> Changes Kubernetes refuses on an existing StatefulSet: run the runbook before syncing.',
    '',
  ];
  for (const c of changes) {
    lines.push(
      `**${c.scope}**: StatefulSet \`${c.namespace}/${c.name}\`: ${c.fields.map((f) => `\`spec.${f}\``).join(', ')}`,
      '',
      '```sh',
    );
    lines.push(...c.runbook, '```', '');
  }
  return `${lines.join('\n')}\n`;
}
