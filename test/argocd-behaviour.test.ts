/**
 * How ArgoCD v3.5.1 really treats what we ship: which diff it computes, how it judges a
 * CloudNativePG Cluster's health (the Lua script is run in a real Lua VM), which orphans it
 * reports, and what it deletes when an environment leaves git. Each rule names its source.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CNPG_CLUSTER_HEALTH_KEY, cnpgClusterHealthLua } from '../lib/delivery/cnpg-cluster-health';
import { namesNotStartingWith } from '../lib/delivery/orphan-ignore';
import { synthesizeAll } from '../lib/synth/synthesize';
import type { Manifest } from '../lib/common/manifest';
import { CHARTS } from '../charts/render';
import { schemaFile, sources } from '../scripts/schema-dir.cjs';
import {
  keyOf,
  liveObjects,
  removeApplications,
  type DeliveryChange,
  type LiveObject,
} from './support/argocd-deletion';
import { isLivePermitted } from './support/argocd-project-permission';
import { distManifests } from './support/dist';
import { LuaHealthRunner, type HealthResult } from './support/lua-health';
import { environments, projectConfig, readManifests, ROOT, temporaryProject } from './support/project';

const delivery = distManifests('dist/argocd').filter((o) => o.apiVersion.startsWith('argoproj.io/'));
const applications = delivery.filter((o) => o.kind === 'Application');
const { project } = projectConfig();

interface AppShape {
  metadata: { name: string; annotations?: Record<string, string> };
  spec: { syncPolicy?: { syncOptions?: string[] } };
}

describe('diff strategy', () => {
  /**
   * controller/state.go (v3.5.1, l. 864-912): server-side diff if the controller flag or the
   * Application's compare-options annotation says so (ServerSideDiff=false wins); structured-merge
   * diff whenever ServerSideApply=true; gitops-engine pkg/diff/diff.go `Diff` tries server-side
   * first. The controller-wide flag (`controller.diff.server.side`) is off by default.
   */
  function diffStrategy(app: AppShape, controllerServerSideDiff = false): string {
    const options = (app.metadata.annotations?.['argocd.argoproj.io/compare-options'] ?? '')
      .split(',')
      .map((o) => o.trim());
    let serverSide = controllerServerSideDiff || options.includes('ServerSideDiff=true');
    if (options.includes('ServerSideDiff=false')) serverSide = false;
    if (serverSide) return 'server-side';
    if (app.spec.syncPolicy?.syncOptions?.includes('ServerSideApply=true')) return 'structured-merge';
    return 'legacy';
  }

  test.each(applications.map((a) => [a.metadata.name, a] as const))(
    '%s is compared by a server-side dry run, not the structured-merge diff that server-side apply implies',
    (_name, app) => {
      expect(diffStrategy(app as unknown as AppShape)).toBe('server-side');
      // The model can tell: the same Application without the annotation.
      const bare = structuredClone(app) as unknown as AppShape;
      delete bare.metadata.annotations?.['argocd.argoproj.io/compare-options'];
      expect(diffStrategy(bare)).toBe('structured-merge');
    },
  );
});

describe('defaults inside atomic lists are spelled out', () => {
  type Schema = {
    type?: string;
    default?: unknown;
    properties?: Record<string, Schema>;
    items?: Schema;
    'x-kubernetes-list-type'?: string;
    'x-kubernetes-map-type'?: string;
  };
  const crdSchemas = new Map<string, Schema>();
  for (const source of sources.crds) {
    for (const doc of parseAllDocuments(fs.readFileSync(schemaFile(source.path), 'utf8'))) {
      const crd = doc.toJS() as {
        kind?: string;
        spec: {
          group: string;
          names: { kind: string };
          versions: Array<{ name: string; schema: { openAPIV3Schema: Schema } }>;
        };
      };
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      for (const v of crd.spec.versions)
        crdSchemas.set(`${crd.spec.group}/${v.name}/${crd.spec.names.kind}`, v.schema.openAPIV3Schema);
    }
  }

  /**
   * Fields with a schema default that are missing inside an atomic list (a CRD list without
   * `x-kubernetes-list-type`, or `atomic`) or an atomic map: a structured-merge prediction
   * replaces the whole list with ours, the live one has the default, and the diff never settles.
   */
  function missingDefaults(value: unknown, schema: Schema | undefined, at: string, atomic: boolean): string[] {
    if (schema === undefined || value === null || value === undefined) return [];
    if (Array.isArray(value)) {
      const listAtomic =
        atomic || (schema.items?.type === 'object' && (schema['x-kubernetes-list-type'] ?? 'atomic') === 'atomic');
      return value.flatMap((item, i) => missingDefaults(item, schema.items, `${at}[${i}]`, listAtomic));
    }
    if (typeof value !== 'object' || schema.properties === undefined) return [];
    const inAtomic = atomic || schema['x-kubernetes-map-type'] === 'atomic';
    return Object.entries(schema.properties).flatMap(([key, child]) => {
      const v = (value as Record<string, unknown>)[key];
      if (v === undefined) return inAtomic && child.default !== undefined ? [`${at}.${key}`] : [];
      return missingDefaults(v, child, `${at}.${key}`, inAtomic);
    });
  }

  const custom = environments()
    .flatMap((e) => e.manifests)
    .filter((m) => crdSchemas.has(`${m.apiVersion}/${m.kind}`));

  test('every custom resource states the CRD defaults of its atomic lists (CloudNativePG plugins[].enabled)', () => {
    expect(custom.some((m) => m.kind === 'Cluster')).toBe(true);
    const missing = custom.flatMap((m) =>
      missingDefaults(m, crdSchemas.get(`${m.apiVersion}/${m.kind}`), `${m.kind}/${m.metadata.name}`, false),
    );
    expect(missing).toEqual([]);
  });

  test('the check finds a default left out (it can fail)', () => {
    const cluster = structuredClone(
      custom.find((m) => m.kind === 'Cluster' && 'plugins' in ((m.spec as object | undefined) ?? {})),
    );
    const plugins = (cluster as unknown as { spec: { plugins: Array<Record<string, unknown>> } }).spec.plugins;
    delete plugins[0].enabled;
    expect(missingDefaults(cluster, crdSchemas.get(`${cluster?.apiVersion}/Cluster`), 'Cluster', false)).toEqual([
      'Cluster.spec.plugins[0].enabled',
    ]);
  });

  test('StatefulSets state volumeMode in their claim templates (an atomic list) and their PVC retention', () => {
    // kubernetes core/v1 SetDefaults_PersistentVolumeClaimSpec sets volumeMode: Filesystem;
    // apps/v1 SetDefaults_StatefulSet sets the retention policy to Retain/Retain.
    const statefulSets = environments()
      .flatMap((e) => e.manifests)
      .filter((m) => m.kind === 'StatefulSet') as unknown as Array<{
      metadata: { name: string };
      spec: {
        volumeClaimTemplates?: Array<{ spec: { volumeMode?: string } }>;
        persistentVolumeClaimRetentionPolicy?: object;
      };
    }>;
    const withClaims = statefulSets.filter((s) => (s.spec.volumeClaimTemplates ?? []).length > 0);
    expect(withClaims.length).toBeGreaterThan(0);
    for (const s of withClaims) {
      for (const t of s.spec.volumeClaimTemplates ?? [])
        expect([s.metadata.name, t.spec.volumeMode]).toEqual([s.metadata.name, 'Filesystem']);
    }
    const databases = statefulSets.filter((s) => s.metadata.name.endsWith('-postgres'));
    expect(databases.length).toBeGreaterThan(0);
    for (const s of databases)
      expect(s.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
  });
});

describe('CloudNativePG Cluster health (the shipped Lua, run in a Lua VM)', () => {
  const patchFile = path.join(ROOT, 'dist/argocd/platform/argocd-cm-patch.yaml');
  const patch = readManifests(patchFile)[0] as Manifest & { data: Record<string, string> };
  const script = patch.data[CNPG_CLUSTER_HEALTH_KEY];

  /**
   * ArgoCD runs the script with the live object as the global `obj` and reads the returned
   * table; here a real Lua 5.4 (wasmoon) does the same, in a worker thread ended after the tests.
   */
  const lua = new LuaHealthRunner();
  afterAll(() => lua.close());
  const healthOf = (objects: object[]) => lua.run(script, objects);
  const cluster = (status: object | undefined, annotations?: Record<string, string>) => ({
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Cluster',
    metadata: { name: 'acme-db', annotations },
    ...(status ? { status } : {}),
  });

  test('is shipped as an argocd-cm patch, outside what the bootstrap applies, equal to the generated script', () => {
    expect(patch).toEqual(
      expect.objectContaining({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'argocd-cm', namespace: 'argocd' },
      }),
    );
    expect(script).toBe(cnpgClusterHealthLua());
    const bootstrap = applications.find((a) => (a.spec as { source: { path: string } }).source.path === 'dist/argocd');
    expect((bootstrap?.spec as { source: { directory?: { recurse?: boolean } } }).source.directory?.recurse).toBe(
      false,
    );
    expect(path.dirname(path.relative(ROOT, patchFile))).not.toBe('dist/argocd');
  });

  // The phase constants of CloudNativePG v1.30.0 api/v1/cluster_types.go, and what a sync must do.
  const phases: Array<[string, string, string]> = [
    ['PhaseHealthy', 'Cluster in healthy state', 'Healthy'],
    ['PhaseSwitchover', 'Switchover in progress', 'Progressing'],
    ['PhaseFailOver', 'Failing over', 'Progressing'],
    ['PhaseFirstPrimary', 'Setting up primary', 'Progressing'],
    ['PhaseCreatingReplica', 'Creating a new replica', 'Progressing'],
    ['PhaseUpgrade', 'Upgrading cluster', 'Progressing'],
    ['PhaseMajorUpgrade', 'Upgrading Postgres major version', 'Progressing'],
    ['PhaseInplacePrimaryRestart', 'Primary instance is being restarted in-place', 'Progressing'],
    ['PhaseInplaceDeletePrimaryRestart', 'Primary instance is being restarted without a switchover', 'Progressing'],
    ['PhaseWaitingForInstancesToBeActive', 'Waiting for the instances to become active', 'Progressing'],
    ['PhaseOnlineUpgrading', 'Online upgrade in progress', 'Progressing'],
    ['PhaseApplyingConfiguration', 'Applying configuration', 'Progressing'],
    ['PhaseReplicaClusterPromotion', 'Promoting to primary cluster', 'Progressing'],
    ['PhaseUpgradeDelayed', 'Cluster upgrade delayed', 'Degraded'],
    ['PhaseWaitingForUser', 'Waiting for user action', 'Degraded'],
    [
      'PhaseUnknownPlugin',
      'Cluster cannot proceed to reconciliation due to an unknown plugin being required',
      'Degraded',
    ],
    [
      'PhaseFailurePlugin',
      'Cluster cannot proceed to reconciliation due to an error while interacting with plugins',
      'Degraded',
    ],
    ['PhaseImageCatalogError', 'Cluster has incomplete or invalid image catalog', 'Degraded'],
    ['PhaseUnrecoverable', 'Cluster is unrecoverable and needs manual intervention', 'Degraded'],
    [
      'PhaseArchitectureBinaryMissing',
      'Cluster cannot execute instance online upgrade due to missing architecture binary',
      'Degraded',
    ],
    ['PhaseCannotCreateClusterObjects', 'Unable to create required cluster objects', 'Degraded'],
    ['PhaseDefinitionInvalid', 'Invalid cluster definition', 'Degraded'],
  ];
  // One Lua run for every phase.
  let phaseResults: HealthResult[] = [];
  beforeAll(async () => {
    phaseResults = await healthOf(
      phases.map(([, phase]) =>
        cluster({ phase, phaseReason: `reason of ${phase}`, conditions: [{ type: 'Ready', status: 'False' }] }),
      ),
    );
  });
  test.each(phases.map((row, i) => [...row, i] as const))('%s ("%s") is %s', (_constant, phase, expected, i) => {
    expect(phaseResults[i]).toEqual({ status: expected, message: `reason of ${phase}` });
  });

  test('a routine rollout never reads as Degraded, which would fail the sync at its wave', async () => {
    // gitops-engine v3.5.1 pkg/sync/sync_context.go: a running task whose live object is
    // Degraded gets OperationFailed. A change of image or parameters walks through these phases.
    const routine = [
      'Upgrading cluster',
      'Switchover in progress',
      'Primary instance is being restarted in-place',
      'Applying configuration',
      'Online upgrade in progress',
    ];
    expect((await healthOf(routine.map((phase) => cluster({ phase })))).map((r) => r.status)).toEqual(
      routine.map(() => 'Progressing'),
    );
  });

  test('hibernation, a suspended reconciliation, no status yet and an unknown phase', async () => {
    const hibernation = (status: string, reason: string) =>
      cluster({
        phase: 'Cluster in healthy state',
        conditions: [{ type: 'cnpg.io/hibernation', status, reason, message: reason }],
      });
    const results = await healthOf([
      hibernation('True', 'Hibernated'),
      hibernation('False', 'DeletingPods'),
      hibernation('False', 'WrongAnnotationValue'),
      cluster({ phase: 'Cluster in healthy state' }, { 'cnpg.io/reconciliationLoop': 'disabled' }),
      cluster(undefined),
      cluster({ conditions: [] }),
      cluster({ phase: 'Something new' }),
    ]);
    expect(results).toEqual([
      { status: 'Suspended', message: 'Hibernated' },
      { status: 'Progressing', message: 'DeletingPods' },
      { status: 'Degraded', message: 'WrongAnnotationValue' },
      { status: 'Suspended', message: 'Cluster reconciliation is suspended' },
      { status: 'Progressing', message: 'Waiting for the operator' },
      { status: 'Progressing', message: 'Waiting for the operator' },
      { status: 'Unknown', message: 'Something new' },
    ]);
  });
});

describe('orphaned-resource warnings of the bootstrap project', () => {
  // gobwas/glob as ArgoCD calls it (util/glob, no separators): * any run, ? one, [!x] not x.
  const gobwas = (pattern: string, name: string) =>
    new RegExp(`^${pattern.replace(/\[!/g, '[^').replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(name);
  const bootstrapProject = delivery.find(
    (o) => o.kind === 'AppProject' && o.metadata.name !== project.delivery.project,
  );
  const ignore = (
    bootstrapProject?.spec as { orphanedResources: { ignore: Array<{ group: string; kind?: string; name: string }> } }
  ).orphanedResources.ignore;
  // controller/appcontroller.go isKnownOrphanedResourceExclusion: kind (empty = any), group, name globs.
  const ignored = (group: string, kind: string, name: string) =>
    ignore.some(
      (r) =>
        (r.kind === undefined || r.kind === '' || gobwas(r.kind, kind)) &&
        gobwas(r.group, group) &&
        gobwas(r.name, name),
    );

  test.each([
    ['other-team-app', true],
    ['default', true],
    ['a', true],
    ['acm', true],
    ['acmf-x', true],
    [`${project.product.name}-old-environment`, false],
    [project.product.name, false],
  ])('Application %s ignored: %s', (name, expected) => {
    expect(ignored('argoproj.io', 'Application', name)).toBe(expected);
    expect(ignored('argoproj.io', 'AppProject', name)).toBe(expected);
  });

  test('the globs cover exactly the names without the prefix', () => {
    const globs = namesNotStartingWith('abc');
    for (const name of ['abc', 'abcd', 'abc-x', 'b', 'ab', 'abd', 'xabc', 'a'])
      expect([name, globs.some((g) => gobwas(g, name))]).toEqual([name, !name.startsWith('abc')]);
  });
});

describe('removing an environment deletes its workloads and keeps its data', () => {
  /** What must stay: volumes, Secrets, the namespace, and the database objects. */
  const stateful = (key: string) =>
    /^(PersistentVolumeClaim|Secret|Cluster|ScheduledBackup|Backup|Namespace)\//.test(key) ||
    /^StatefulSet\/.*postgres/.test(key) ||
    /^Pod\/.*(postgres|-db-)/.test(key);
  /** What must go: everything that runs or routes traffic. */
  const WORKLOAD_KINDS = ['Deployment', 'Job', 'CronJob', 'Ingress', 'Service', 'NetworkPolicy'];
  const argocdObjects = (dist: ReadonlyMap<string, string>) =>
    [...dist.entries()]
      .filter(([f]) => f.startsWith('argocd/') && !f.includes('/platform/'))
      .flatMap(([, text]) => parseAllDocuments(text).map((d) => d.toJS() as Manifest))
      .filter((m) => m.apiVersion.startsWith('argoproj.io/'));

  /** dist/argocd/ before and after the environment's file is deleted, and its live objects. */
  function scenario(removedEnv: string) {
    const before = environments().find((e) => e.env.name === removedEnv);
    if (!before) throw new Error(removedEnv);
    const root = temporaryProject();
    try {
      fs.rmSync(path.join(root, 'config/environments', `${removedEnv}.yaml`));
      const after = argocdObjects(synthesizeAll(root, { charts: CHARTS }).dist);
      const removed = applications.filter(
        (a) => !after.some((b) => b.kind === 'Application' && b.metadata.name === a.metadata.name),
      );
      // ArgoCD created the namespace (CreateNamespace=true, untracked); a Secret created by hand
      // beforehand (secrets.mode: existing) lives in it too.
      const preexisting: LiveObject[] = [
        { kind: 'Namespace', name: before.env.namespace },
        ...(before.env.secrets.mode === 'existing'
          ? [{ kind: 'Secret', name: before.env.secrets.name, namespace: before.env.namespace }]
          : []),
      ];
      const live = liveObjects(before.manifests, preexisting);
      const bootstrap = after.find(
        (a) => a.kind === 'Application' && (a.spec as { source: { path: string } }).source.path === 'dist/argocd',
      ) as Manifest;
      return { removed, live, change: { bootstrap, before: delivery, after } as DeliveryChange };
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }

  /** The kinds of the project's white-list that only one environment uses. */
  const ONLY_KINDS: Record<string, string[]> = {
    dev: [],
    staging: ['CronJob'],
    production: ['HorizontalPodAutoscaler', 'Cluster', 'ScheduledBackup'],
  };

  describe.each(environments().map((e) => [e.env.name]))('%s', (envName) => {
    const { removed, live, change } = scenario(envName);
    const app = () => [{ manifest: removed[0], live }];
    const managed = (kinds: string[]) => live.filter((o) => o.manifest && kinds.includes(o.kind)).map(keyOf);

    test('only its Application leaves dist/argocd/, and pruning it waits for a person', () => {
      expect(removed.map((a) => a.metadata.name)).toEqual([`${project.product.name}-${envName}`]);
      expect(removeApplications(change, app(), { confirmed: false })).toEqual(
        expect.objectContaining({
          deleted: [],
          awaitingConfirmation: [`Application//${project.product.name}-${envName}`],
        }),
      );
    });

    test('the project narrows only after the Application is gone: its finalizer reads the old project', () => {
      const outcome = removeApplications(change, app(), { confirmed: true });
      expect(outcome.projectRead).toEqual({ [`${project.product.name}-${envName}`]: 'before' });
      // The change does narrow it: the new project no longer admits the namespace.
      const after = change.after.find((m) => m.kind === 'AppProject' && m.metadata.name === project.delivery.project);
      const namespaces = (after?.spec as { destinations: Array<{ namespace: string }> }).destinations.map(
        (d) => d.namespace,
      );
      expect(namespaces).not.toContain(environments().find((e) => e.env.name === envName)?.env.namespace);
    });

    test('once confirmed: its Deployments, Jobs, CronJobs, Ingresses, Services, NetworkPolicies and their pods go', () => {
      const outcome = removeApplications(change, app(), { confirmed: true });
      const workloads = managed(WORKLOAD_KINDS);
      for (const kind of ['Deployment', 'Job', 'Service', 'NetworkPolicy'])
        expect([kind, workloads.filter((k) => k.startsWith(`${kind}/`)).length > 0]).toEqual([kind, true]);
      expect(workloads.filter((k) => !outcome.deleted.includes(k))).toEqual([]);
      const runningPods = live
        .filter((o) => o.kind === 'Pod')
        .map(keyOf)
        .filter((k) => !outcome.deleted.includes(k) && !stateful(k));
      // Redis and the backup store are StatefulSets without data of record: they go, their PVCs stay.
      expect(runningPods).toEqual([]);
    });

    test('a kind only it used leaves the white-list, and its objects of that kind are deleted all the same', () => {
      const kinds = (list: readonly Manifest[]) =>
        (
          list.find((m) => m.kind === 'AppProject' && m.metadata.name === project.delivery.project)?.spec as {
            namespaceResourceWhitelist: Array<{ kind: string }>;
          }
        ).namespaceResourceWhitelist.map((k) => k.kind);
      const dropped = kinds(change.before).filter((k) => !kinds(change.after).includes(k));
      const outcome = removeApplications(change, app(), { confirmed: true });
      const ofDropped = managed(dropped).filter((k) => !stateful(k));
      expect(ofDropped.filter((k) => !outcome.deleted.includes(k))).toEqual([]);
      // The kinds only this environment uses, stated, so the check above is never vacuous unseen:
      // staging alone has the pg_dump CronJob, production alone the HPA and CloudNativePG.
      expect(dropped).toEqual(ONLY_KINDS[envName]);
    });

    test('once confirmed: its PVCs, database objects, Secrets and namespace stay', () => {
      const outcome = removeApplications(change, app(), { confirmed: true });
      const kept = live.map(keyOf).filter(stateful);
      expect(kept.some((k) => k.startsWith('PersistentVolumeClaim/'))).toBe(true);
      expect(kept.some((k) => k.startsWith('Secret/'))).toBe(true);
      expect(kept.some((k) => /^(Cluster|StatefulSet)\//.test(k))).toBe(true);
      expect(kept).toContain(`Namespace//${environments().find((e) => e.env.name === envName)?.env.namespace}`);
      expect(outcome.deleted.filter(stateful)).toEqual([]);
    });

    test('with the foreground finalizer nothing it deleted outlives the Application; /background would', () => {
      expect(removeApplications(change, app(), { confirmed: true }).outliveTheApplication).toEqual([]);
      const background = structuredClone(removed[0]);
      (background.metadata as { finalizers?: string[] }).finalizers = [
        'resources-finalizer.argocd.argoproj.io/background',
      ];
      const outcome = removeApplications(change, [{ manifest: background, live }], { confirmed: true });
      expect(outcome.outliveTheApplication.filter((k) => k.startsWith('Pod/')).length).toBeGreaterThan(0);
    });

    test('with PruneLast on the bootstrap the project narrows first and nothing is deleted (the model can fail)', () => {
      const pruneLast = structuredClone(change.bootstrap) as Manifest & {
        spec: { syncPolicy: { syncOptions: string[] } };
      };
      pruneLast.spec.syncPolicy.syncOptions = ['PruneLast=true', ...pruneLast.spec.syncPolicy.syncOptions];
      const outcome = removeApplications({ ...change, bootstrap: pruneLast }, app(), { confirmed: true });
      expect(outcome.projectRead).toEqual({ [`${project.product.name}-${envName}`]: 'after' });
      expect(outcome.deleted).toEqual([`Application//${project.product.name}-${envName}`]);
    });

    test('without the protections the same removal would delete the data (the model can fail)', () => {
      const strip = (m: Manifest): Manifest => {
        const copy = structuredClone(m);
        delete copy.metadata.annotations?.['argocd.argoproj.io/sync-options'];
        delete copy.metadata.annotations?.['helm.sh/resource-policy'];
        return copy;
      };
      const bare = live.map((o) => (o.manifest ? { ...o, manifest: strip(o.manifest) } : o));
      const outcome = removeApplications(change, [{ manifest: strip(removed[0]), live: bare }], {
        confirmed: false,
      });
      expect(outcome.deleted.filter(stateful).length).toBeGreaterThan(0);
    });
  });
});

describe('the project permission check of the deletion model', () => {
  const spec = {
    destinations: [{ name: 'in-cluster', namespace: 'acme-dev' }],
    namespaceResourceWhitelist: [{ group: 'apps', kind: 'Deployment' }],
    clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }],
  };
  const object = (apiVersion: string, kind: string, namespace?: string) =>
    ({ apiVersion, kind, metadata: { name: 'x', namespace } }) as Manifest;
  test.each([
    ['a white-listed kind in a permitted destination', object('apps/v1', 'Deployment', 'acme-dev'), true],
    ['a kind the white-list lacks', object('batch/v1', 'CronJob', 'acme-dev'), false],
    ['a namespace the project no longer admits', object('apps/v1', 'Deployment', 'acme-staging'), false],
    ['a cluster-scoped white-listed kind', object('v1', 'Namespace'), true],
  ])('%s: %s', (_what, o, expected) => {
    expect(isLivePermitted(spec, o, { name: 'in-cluster' })).toBe(expected);
    expect(isLivePermitted(spec, o, { name: 'production' })).toBe(expected && o.metadata.namespace === undefined);
  });
  test('a missing namespaced white-list admits every kind, an empty one none', () => {
    const d = object('batch/v1', 'CronJob', 'acme-dev');
    expect(isLivePermitted({ ...spec, namespaceResourceWhitelist: undefined }, d, { name: 'in-cluster' })).toBe(true);
    expect(isLivePermitted({ ...spec, namespaceResourceWhitelist: [] }, d, { name: 'in-cluster' })).toBe(false);
  });
});
