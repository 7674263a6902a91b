/**
 * The CloudNativePG Cluster as the operator (v1.30) will treat it: the labels its objects inherit
 * leave the operator's own labels alone, and the instances follow the environment's zones.
 *
 * Sources (cloudnative-pg v1.30.0): docs/src/labels_annotations.md and
 * pkg/utils/labels_annotations.go (the labels the operator owns; InheritLabels writes inherited
 * labels over existing ones), pkg/reconciler/persistentvolumeclaim/metadata.go (the PVC label
 * reconciler), pkg/specs/pods.go (NewInstance labels; anti-affinity on cnpg.io/cluster and
 * cnpg.io/podRole; spec.topologySpreadConstraints copied to the pods), api/v1/cluster_types.go.
 */
import { find, selectorMatches, type LabelSelector } from '../lib/common/workloads';
import type { Manifest } from '../lib/common/manifest';
import { chartPods } from '../lib/platform/chart-pods';
import { labelsOfPods } from '../lib/policy/rules/helpers';
import { environmentRows } from './support/project';

const OPERATOR_LABELS = (cluster: string) => ({
  'app.kubernetes.io/name': 'postgresql',
  'app.kubernetes.io/instance': cluster,
  'app.kubernetes.io/component': 'database',
  'app.kubernetes.io/managed-by': 'cloudnative-pg',
});

/** Keys the operator sets on the objects it creates (labels_annotations.md, "Predefined labels"). */
function operatorOwned(key: string): boolean {
  return (
    key.startsWith('cnpg.io/') ||
    key.startsWith('alpha.cnpg.io/') ||
    key in OPERATOR_LABELS('x') ||
    key === 'app.kubernetes.io/version'
  );
}

interface ClusterSpec {
  inheritedMetadata?: { labels?: Record<string, string> };
  affinity?: { enablePodAntiAffinity?: boolean; topologyKey?: string; podAntiAffinityType?: string };
  topologySpreadConstraints?: Array<{
    maxSkew: number;
    topologyKey: string;
    whenUnsatisfiable: string;
    labelSelector: LabelSelector;
  }>;
}

/** One pass of the PVC label reconciler: isUpToDate, else update (metadata.go newLabelReconciler). */
function reconcilePvcLabels(
  pvc: Record<string, string>,
  inherited: Record<string, string>,
): {
  upToDate: boolean;
  labels: Record<string, string>;
} {
  const upToDate =
    Object.entries(inherited).every(([k, v]) => pvc[k] === v) &&
    ['app.kubernetes.io/managed-by', 'app.kubernetes.io/name', 'app.kubernetes.io/component'].every((k) => k in pvc);
  if (upToDate) return { upToDate, labels: pvc };
  const labels = { ...pvc, ...inherited };
  labels['app.kubernetes.io/managed-by'] = 'cloudnative-pg';
  labels['app.kubernetes.io/name'] = 'postgresql';
  labels['app.kubernetes.io/component'] = 'database';
  return { upToDate, labels };
}

const rows = environmentRows().filter(([, e]) => e.env.database.mode === 'cloudnativepg');

test('some environment runs CloudNativePG (else this suite proves nothing)', () => {
  expect(rows.length).toBeGreaterThan(0);
});

describe.each(rows)('%s', (_name, { env, manifests }) => {
  const cluster = find(manifests, 'Cluster')[0] as Manifest;
  const spec = cluster.spec as ClusterSpec;
  const inherited = spec.inheritedMetadata?.labels ?? {};
  const name = cluster.metadata.name;
  // NewInstance's labels, then the inherited ones written over them.
  const instancePod = {
    ...OPERATOR_LABELS(name),
    'cnpg.io/cluster': name,
    'cnpg.io/podRole': 'instance',
    ...inherited,
  };

  test('inherits only labels the operator does not set itself', () => {
    expect(Object.keys(inherited).filter(operatorOwned)).toEqual([]);
    expect(inherited['app.kubernetes.io/part-of']).toBe('acme');
  });

  test("the operator's pods keep its own name, instance and manager", () => {
    expect(instancePod).toMatchObject(OPERATOR_LABELS(name));
  });

  test('the NetworkPolicy view and the policy rules see the instance pods with the same labels, those above', () => {
    const database = chartPods(manifests).find((p) => p.name === 'database');
    expect(database?.labels).toMatchObject(instancePod);
    expect(labelsOfPods(manifests)).toContainEqual(database?.labels);
  });

  test('the PVC label reconciler settles after one patch instead of patching forever', () => {
    let labels: Record<string, string> = { 'cnpg.io/cluster': name, 'cnpg.io/pvcRole': 'PG_DATA' };
    let patches = 0;
    for (let pass = 0; pass < 5; pass++) {
      const result = reconcilePvcLabels(labels, inherited);
      if (result.upToDate) break;
      labels = result.labels;
      patches++;
    }
    expect(patches).toBe(1);
  });

  test('instances prefer different hosts, and different zones when the environment asks', () => {
    expect(spec.affinity).toMatchObject({ enablePodAntiAffinity: true, topologyKey: 'kubernetes.io/hostname' });
    const zones = (spec.topologySpreadConstraints ?? []).filter((c) => c.topologyKey === 'topology.kubernetes.io/zone');
    expect(zones.length).toBe(env.availability.spreadAcrossZones ? 1 : 0);
    for (const constraint of zones) {
      expect(constraint.maxSkew).toBe(1);
      // Counts the instances and nothing else: not the app's pods, not a pooler or a job of the cluster.
      expect(selectorMatches(constraint.labelSelector, instancePod)).toBe(true);
      expect(selectorMatches(constraint.labelSelector, { ...instancePod, 'cnpg.io/podRole': 'pooler' })).toBe(false);
      expect(selectorMatches(constraint.labelSelector, { 'app.kubernetes.io/component': 'web' })).toBe(false);
    }
  });
});
