/**
 * The ArgoCD objects in dist/argocd/: valid against the ArgoCD CRDs, pointing at charts that
 * exist, and admitted by an AppProject that allows nothing more than they need.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CrdValidator } from './support/crd-schemas';
import { distManifests } from './support/dist';
import { find } from '../lib/common/workloads';
import { environments, projectConfig, readManifests, ROOT } from './support/project';
import { finalizerWarnings } from './support/finalizer-warnings';
import { propagationOf } from './support/argocd-deletion';
import { RESOURCES_FINALIZER } from '../lib/delivery/environment-application';
import { apiGroup } from '../lib/delivery/resource-kinds';
import { deliveryManifests } from '../charts/render';
import { expectEach } from './support/expect-each';

interface ApplicationSpec {
  project: string;
  source: { repoURL: string; path: string; targetRevision: string; helm?: { releaseName: string } };
  destination: { server: string; namespace: string };
  syncPolicy: {
    automated?: { enabled: boolean; prune: boolean; selfHeal: boolean };
    syncOptions: string[];
    retry: { limit: number; backoff: Record<string, unknown> };
    managedNamespaceMetadata?: { labels: Record<string, string> };
  };
}
interface ProjectSpec {
  sourceRepos: string[];
  destinations: Array<{ server: string; namespace: string }>;
  clusterResourceWhitelist: Array<{ group: string; kind: string }>;
  namespaceResourceWhitelist: Array<{ group: string; kind: string }>;
  orphanedResources?: { warn: boolean; ignore?: Array<{ group: string; name: string }> };
  syncWindows?: Array<{ applications: string[]; kind: string; manualSync: boolean }>;
}

// The ArgoCD objects; dist/argocd/platform/ holds a ConfigMap patch for the platform (tested in
// argocd-behaviour.test.ts).
const delivery = distManifests('dist/argocd').filter((o) => o.apiVersion.startsWith('argoproj.io/'));
const { project } = projectConfig();
const validator = new CrdValidator();
const applications = find(delivery, 'Application');
const projects = find(delivery, 'AppProject');
const envApplications = applications.filter((a) => (a.spec as ApplicationSpec).project === project.delivery.project);
const envProject = projects.find((p) => p.metadata.name === project.delivery.project);
const spec = (a: (typeof applications)[number]) => a.spec as ApplicationSpec;

test('every delivery object validates strictly against its ArgoCD CRD', () => {
  expect(delivery.length).toBeGreaterThanOrEqual(6);
  for (const object of delivery) {
    const result = validator.validate(object);
    expect([object.kind, object.metadata.name, result.errors]).toEqual([object.kind, object.metadata.name, []]);
  }
});

test('the validator refuses unknown fields and wrong types (it can fail)', () => {
  const app = structuredClone(applications[0]) as unknown as {
    spec: Record<string, unknown> & { source: Record<string, unknown> };
  };
  app.spec.sourcee = {};
  app.spec.source.targetRevision = 7;
  const result = validator.validate(app as never);
  expect(result.valid).toBe(false);
  expect(result.errors.join('\n')).toMatch(/sourcee/);
  expect(result.errors.join('\n')).toMatch(/targetRevision must be string/);
});

test('one Application per environment, in the ArgoCD namespace, with the resources finalizer', () => {
  expect(envApplications.map((a) => a.metadata.name).sort()).toEqual(
    environments()
      .map(({ env }) => `${project.product.name}-${env.name}`)
      .sort(),
  );
  for (const app of envApplications) {
    expect(app.metadata.namespace).toBe(project.delivery.argocdNamespace);
    expect((app.metadata as { finalizers?: string[] }).finalizers).toEqual([RESOURCES_FINALIZER]);
  }
});

describe('the resources finalizer passes the e2e dry run of dist/argocd/ (--warnings-as-errors)', () => {
  const workflow = fs.readFileSync(path.join(ROOT, '.github/workflows/e2e.yml'), 'utf8');
  // What that step applies: kubectl apply -f dist/argocd/ reads the folder without recursion.
  const applied = fs
    .readdirSync(path.join(ROOT, 'dist/argocd'))
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) => readManifests(path.join(ROOT, 'dist/argocd', f)));
  const finalizers = applied.flatMap((o) => (o.metadata as { finalizers?: string[] }).finalizers ?? []);

  test('the step applies dist/argocd/ with --warnings-as-errors and fails on any warning', () => {
    expect(workflow).toMatch(/kubectl apply --dry-run=server --warnings-as-errors "\$@"/);
    expect(workflow).toMatch(/^\s*dry_run argocd -f dist\/argocd\/$/m);
  });

  test('no finalizer in it draws a warning from Kubernetes 1.29+', () => {
    expect(finalizers.length).toBeGreaterThan(0);
    expect(finalizers.flatMap(finalizerWarnings)).toEqual([]);
  });

  test('the rule can fail: the plain ArgoCD name is warned about', () => {
    expect(finalizerWarnings('resources-finalizer.argocd.argoproj.io')).toEqual([
      expect.stringMatching(/prefer a domain-qualified finalizer name/),
    ]);
    expect(finalizerWarnings('foregroundDeletion')).toEqual([]);
  });

  test('ArgoCD cascades with it, in the foreground, and the workflow names the same finalizer', () => {
    // argo-cd v3.5.1 pkg/apis/application/v1alpha1/types.go isPropagationPolicyFinalizer and
    // controller/appcontroller.go finalizeApplicationDeletion (Background only for /background).
    expect(propagationOf(finalizers)).toBe('Foreground');
    const named = [...workflow.matchAll(/resources-finalizer\.argocd\.argoproj\.io[^\s,;)]*/g)].map((m) => m[0]);
    expect(named).toContain(RESOURCES_FINALIZER);
    // Beside the plain name (in comments), the workflow names no other qualified finalizer.
    expect(new Set(named.filter((n) => n !== 'resources-finalizer.argocd.argoproj.io'))).toEqual(
      new Set([RESOURCES_FINALIZER]),
    );
  });
});

describe.each(environments().map((e) => [e.env.name, e] as const))('%s Application', (_name, { env }) => {
  const app = envApplications.find((a) => spec(a).source.path === `dist/${env.name}`);
  const s = app ? spec(app) : undefined;

  test('points at this repository, at its chart in dist/, at the configured revision', () => {
    expect(s?.source.repoURL).toBe(project.delivery.repoURL);
    expect(s?.source.targetRevision).toBe(env.delivery.targetRevision);
    expect(fs.existsSync(path.join(ROOT, s?.source.path ?? 'missing', 'Chart.yaml'))).toBe(true);
  });

  test('deploys into the namespace of every namespaced object of its chart, as the chart release', () => {
    const objects = distManifests(`dist/${env.name}/templates`);
    expect(s?.destination.namespace).toBe(env.namespace);
    expectEach(
      objects.filter((o) => o.kind !== 'Namespace'),
      (o) => `${o.kind}/${o.metadata.name} in ${o.metadata.namespace ?? 'no namespace'}`,
      (o) => o.metadata.namespace === env.namespace,
    );
    const instances = new Set(objects.map((o) => o.metadata.labels?.['app.kubernetes.io/instance']));
    expect([...instances]).toEqual([s?.source.helm?.releaseName]);
  });

  test('syncs safely: retry with backoff, PruneLast, server-side apply', () => {
    expect(s?.syncPolicy.retry.limit).toBeGreaterThan(0);
    expect(s?.syncPolicy.retry.backoff).toEqual(expect.objectContaining({ duration: expect.any(String), factor: 2 }));
    expect(s?.syncPolicy.syncOptions).toEqual(expect.arrayContaining(['PruneLast=true', 'ServerSideApply=true']));
  });

  // gitops-engine v3.5.1 pkg/sync/sync_context.go autoCreateNamespace: CreateNamespace (and the
  // managedNamespaceMetadata applied through it) does nothing when the manifests hold the
  // Namespace. Exactly one mechanism, whichever the chart leaves to ArgoCD, enforces Pod Security.
  test('exactly one mechanism makes the namespace enforce Pod Security "restricted"', () => {
    const chartNamespace = distManifests(`dist/${env.name}/templates`).find(
      (o) => o.kind === 'Namespace' && o.metadata.name === env.namespace,
    );
    // The delivery chart relies on this: it always leaves the Namespace to ArgoCD.
    expect(chartNamespace).toBeUndefined();
    const creates = s?.syncPolicy.syncOptions.includes('CreateNamespace=true') ?? false;
    expect(creates).toBe(chartNamespace === undefined);
    expect(s?.syncPolicy.managedNamespaceMetadata !== undefined).toBe(creates);
    const labels = chartNamespace ? chartNamespace.metadata.labels : s?.syncPolicy.managedNamespaceMetadata?.labels;
    expect(labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  test('syncs automatically with prune and self-heal below production; production as configured, manual by default', () => {
    if (env.tier === 'production') {
      expect(env.delivery.automated ?? false).toBe(s?.syncPolicy.automated !== undefined);
      if (!s?.syncPolicy.automated) {
        const windows = (envProject?.spec as ProjectSpec).syncWindows ?? [];
        expect(windows.some((w) => w.applications.includes(app?.metadata.name ?? ''))).toBe(true);
      }
    } else {
      expect(s?.syncPolicy.automated).toEqual({ enabled: true, prune: true, selfHeal: true });
    }
  });
});

test('the AppProject admits every Application source, destination and kind, and nothing wider', () => {
  const p = envProject?.spec as ProjectSpec;
  expect(new Set(p.sourceRepos)).toEqual(new Set(envApplications.map((a) => spec(a).source.repoURL)));
  // Clusters are addressed by ArgoCD name (destination.name), never by server URL.
  const dest = (d: { name?: string; server?: string; namespace: string }) =>
    `${d.name ?? `server ${d.server}`} ${d.namespace}`;
  expect(new Set(p.destinations.map(dest))).toEqual(new Set(envApplications.map((a) => dest(spec(a).destination))));

  const objects = environments().flatMap((e) => e.manifests);
  const key = (o: { group: string; kind: string }) => `${o.group}/${o.kind}`;
  // Plus the Namespace ArgoCD creates for CreateNamespace=true: that task passes the project's
  // permission check too (argo-cd v3.5.1 gitops-engine/pkg/sync/sync_context.go autoCreateNamespace).
  const createsNamespace = envApplications.some((a) => spec(a).syncPolicy.syncOptions.includes('CreateNamespace=true'));
  const clusterKinds = new Set([
    ...objects
      .filter((o) => o.metadata.namespace === undefined)
      .map((o) => key({ group: apiGroup(o.apiVersion), kind: o.kind })),
    ...(createsNamespace ? ['/Namespace'] : []),
  ]);
  const namespacedKinds = new Set(
    objects
      .filter((o) => o.metadata.namespace !== undefined)
      .map((o) => key({ group: apiGroup(o.apiVersion), kind: o.kind })),
  );
  expect(new Set(p.clusterResourceWhitelist.map(key))).toEqual(clusterKinds);
  expect(new Set(p.namespaceResourceWhitelist.map(key))).toEqual(namespacedKinds);
  expect(JSON.stringify(p)).not.toContain('"*"');
  expect(p.orphanedResources).toEqual({ warn: true });
});

test('the bootstrap Application manages only dist/argocd/ and ArgoCD objects, without cascading deletes', () => {
  const bootstrap = applications.filter((a) => !envApplications.includes(a));
  expect(bootstrap).toHaveLength(1);
  const s = spec(bootstrap[0]);
  expect(s.source.path).toBe('dist/argocd');
  expect((bootstrap[0].metadata as { finalizers?: string[] }).finalizers).toBeUndefined();
  const bootstrapProject = projects.find((p) => p.metadata.name === s.project)?.spec as ProjectSpec;
  expect(bootstrapProject.clusterResourceWhitelist).toEqual([]);
  expect(bootstrapProject.namespaceResourceWhitelist.map((k) => k.kind).sort()).toEqual(['AppProject', 'Application']);
  expect(bootstrapProject.destinations.map((d) => d.namespace)).toEqual([project.delivery.argocdNamespace]);
});

test('a chart without its Namespace gets it from ArgoCD: CreateNamespace, Pod Security labels, and the project admits it', () => {
  // The same delivery chart, fed charts that leave the Namespace to ArgoCD (as plain Helm needs).
  const withoutNamespace = environments().map((e) => ({
    env: e.env,
    manifests: e.manifests.filter((m) => m.kind !== 'Namespace'),
  }));
  const objects = deliveryManifests(project, withoutNamespace);
  const apps = objects.filter(
    (o) => o.kind === 'Application' && (o.spec as ApplicationSpec).project === project.delivery.project,
  );
  expect(apps).toHaveLength(withoutNamespace.length);
  for (const app of apps) {
    const s = app.spec as ApplicationSpec;
    expect(s.syncPolicy.syncOptions).toContain('CreateNamespace=true');
    expect(s.syncPolicy.managedNamespaceMetadata?.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  }
  const p = objects.find((o) => o.kind === 'AppProject' && o.metadata.name === project.delivery.project)
    ?.spec as ProjectSpec;
  expect(p.clusterResourceWhitelist).toContainEqual({ group: '', kind: 'Namespace' });
});

test('the bootstrap self-heals the Applications and prunes only what a person confirms', () => {
  const bootstrap = applications.find((a) => spec(a).source.path === 'dist/argocd');
  expect(bootstrap && spec(bootstrap).syncPolicy.automated).toEqual({ enabled: true, prune: true, selfHeal: true });
  for (const app of envApplications)
    expect(app.metadata.annotations?.['argocd.argoproj.io/sync-options']).toBe('Prune=confirm');
  expect(fs.readFileSync(path.join(ROOT, 'docs/operating.md'), 'utf8')).toMatch(/## Pausing delivery/);
});
