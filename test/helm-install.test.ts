/**
 * Plain Helm can install and upgrade every chart: nothing in a chart needs a namespace Helm
 * cannot create, and every hook finds what it needs under Helm's real order (modelled in
 * support/helm-install-model.ts from helm v3.17.3; the kind order comes from the real binary).
 */
import { parseAllDocuments } from 'yaml';
import * as path from 'node:path';
import * as fs from 'node:fs';
import type { EnvironmentConfig } from '../lib/config/environment-schema';
import { environmentNamespaceLabels, podSecurityLabels } from '../lib/platform/environment-namespace';
import type { Manifest } from '../lib/common/manifest';
import { helm } from './support/helm';
import { helmSteps, hookEvents, hooksInExecutionOrder, isHelmHook, unmetNeeds } from './support/helm-install-model';
import { environmentRows, projectConfig, ROOT } from './support/project';
import { expectEach } from './support/expect-each';

/** What must exist before `helm install` by the instructions (docs/delivery.md): the Secrets made by hand. */
function preconditions(env: EnvironmentConfig): Array<{ kind: string; name: string }> {
  const secrets: Array<{ kind: string; name: string }> = [];
  if (env.secrets.mode === 'existing') secrets.push({ kind: 'Secret', name: env.secrets.name });
  if (env.database.mode === 'external' && (env.secrets.mode === 'existing' || env.database.remoteKey === undefined))
    secrets.push({ kind: 'Secret', name: env.database.secretName });
  return secrets;
}

function render(name: string, namespace: string): Manifest[] {
  const out = helm([
    'template',
    `acme-${name}`,
    path.join(ROOT, 'dist', name),
    '--namespace',
    namespace,
    '--kube-version',
    '1.36.0',
  ]);
  return parseAllDocuments(out)
    .map((d) => d.toJS() as Manifest | null)
    .filter((m): m is Manifest => m !== null);
}

describe.each(environmentRows())('%s under plain helm', (name, { env }) => {
  const rendered = render(name, env.namespace);
  const hooks = rendered.filter(isHelmHook);

  test('the chart holds no Namespace and nothing cluster-scoped: the release lives in a namespace made beforehand', () => {
    // With a Namespace in the chart, `--create-namespace` creates it first and the chart's own then
    // fails with AlreadyExists; without the flag the release record has nowhere to go.
    expect(rendered.filter((m) => m.kind === 'Namespace')).toEqual([]);
    expectEach(
      rendered,
      (m) => `${m.kind}/${m.metadata.name} in ${m.metadata.namespace ?? 'no namespace'}`,
      (m) => m.metadata.namespace === env.namespace,
    );
  });

  test('no selector uses app.kubernetes.io/managed-by, which Helm rewrites to "Helm" on its objects', () => {
    // helm v3.17.3 pkg/action/validate.go setMetadataVisitor merges managed-by: Helm into every manifest.
    const selectors: unknown[] = [];
    const walk = (node: unknown, key = ''): void => {
      if (Array.isArray(node)) node.forEach((n) => walk(n));
      else if (node !== null && typeof node === 'object') {
        if (/selector$/i.test(key)) selectors.push(node);
        for (const [k, v] of Object.entries(node)) walk(v, k);
      }
    };
    for (const m of rendered) walk(m.spec);
    expect(selectors.length).toBeGreaterThan(0);
    expect(JSON.stringify(selectors)).not.toContain('app.kubernetes.io/managed-by');
  });

  test('helm template prints manifests in InstallOrder (what the model relies on) then the hooks', () => {
    // A few kinds of helm v3.17.3 pkg/releaseutil/kind_sorter.go InstallOrder, in its order; custom
    // resources (unknown kinds) come last.
    const known = [
      'NetworkPolicy',
      'PodDisruptionBudget',
      'ServiceAccount',
      'Secret',
      'ConfigMap',
      'PersistentVolumeClaim',
      'Service',
      'Deployment',
      'HorizontalPodAutoscaler',
      'StatefulSet',
      'Job',
      'CronJob',
      'Ingress',
    ];
    const rank = (kind: string) => (known.includes(kind) ? known.indexOf(kind) : known.length);
    const manifests = rendered.filter((m) => !isHelmHook(m));
    const ranks = manifests.map((m) => rank(m.kind));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    const firstHook = rendered.findIndex(isHelmHook);
    expect(rendered.slice(firstHook).every(isHelmHook)).toBe(true);
  });

  test('hooks: only the two Jobs, with these events and weights', () => {
    const summary = hooks.map((h) => [
      h.kind,
      h.metadata.labels?.['app.kubernetes.io/component'],
      hookEvents(h),
      h.metadata.annotations?.['helm.sh/hook-weight'],
    ]);
    expect(summary).toEqual(
      expect.arrayContaining([
        ['Job', 'migrate', ['post-install', 'pre-upgrade'], '0'],
        ['Job', 'smoke-test', ['post-install', 'post-upgrade'], '10'],
      ]),
    );
    expect(hooks).toHaveLength(2);
    // ArgoCD reads its own hook annotations when present and ignores Helm's (argo-cd v3.5.1
    // gitops-engine/pkg/sync/hook/hook.go Types; docs/user-guide/helm.md), so these stay Sync and PostSync.
    for (const h of hooks) expect(h.metadata.annotations?.['argocd.argoproj.io/hook']).toMatch(/^(Sync|PostSync)$/);
  });

  test('install: post-install runs the migration before the smoke test', () => {
    const order = hooksInExecutionOrder(hooks, 'post-install').map(
      (h) => h.metadata.labels?.['app.kubernetes.io/component'],
    );
    expect(order).toEqual(['migrate', 'smoke-test']);
    expect(hooksInExecutionOrder(hooks, 'pre-install')).toEqual([]);
  });

  test.each(['install', 'upgrade'] as const)(
    '%s: every hook finds its ServiceAccount, Secrets, ConfigMaps and Services',
    (operation) => {
      expect(unmetNeeds(helmSteps(rendered, operation), preconditions(env))).toEqual([]);
    },
  );

  test("upgrade: the pre-upgrade migration reads no ConfigMap (it would be the previous release's)", () => {
    for (const hook of hooksInExecutionOrder(hooks, 'pre-upgrade')) {
      expect(JSON.stringify(hook.spec)).not.toMatch(/configMap(Ref|KeyRef)?"/);
    }
  });
});

describe('the model can fail', () => {
  const [, { env }] = environmentRows()[0];
  const rendered = render(env.name, env.namespace);
  const asPreInstall = rendered.map((m) =>
    m.metadata.labels?.['app.kubernetes.io/component'] === 'migrate' && m.kind === 'Job'
      ? {
          ...m,
          metadata: {
            ...m.metadata,
            annotations: { ...m.metadata.annotations, 'helm.sh/hook': 'pre-install,pre-upgrade' },
          },
        }
      : m,
  );

  test('a pre-install migration misses its ServiceAccount and the database', () => {
    const missing = unmetNeeds(helmSteps(asPreInstall, 'install'), preconditions(env)).map((u) => u.missing.kind);
    expect(missing).toEqual(expect.arrayContaining(['ServiceAccount', 'Service', 'StatefulSet']));
  });

  test('a migration that reads the ConfigMap misses it at pre-install', () => {
    const withConfigMap = asPreInstall.map((m) =>
      m.kind === 'Job' && m.metadata.labels?.['app.kubernetes.io/component'] === 'migrate'
        ? (JSON.parse(
            JSON.stringify(m).replace('"env":[', '"envFrom":[{"configMapRef":{"name":"acme-django"}}],"env":['),
          ) as Manifest)
        : m,
    );
    expect(unmetNeeds(helmSteps(withConfigMap, 'install'), preconditions(env)).map((u) => u.missing.kind)).toContain(
      'ConfigMap',
    );
  });
});

describe('docs/delivery.md: the documented plain Helm commands', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'docs/delivery.md'), 'utf8');
  const section = readme.slice(
    readme.indexOf('## Install with plain Helm'),
    readme.indexOf('\n## ', readme.indexOf('## Install with plain Helm') + 5),
  );

  test('label the namespace with exactly the Pod Security labels ArgoCD sets', () => {
    const labels = environmentNamespaceLabels(projectConfig().project.product.name);
    for (const [key, value] of Object.entries(labels)) expect(section).toContain(`${key}=${value}`);
    expect(Object.keys(podSecurityLabels()).every((k) => k in labels)).toBe(true);
  });

  test('install into the pre-created namespace, without --wait on install, and upgrade', () => {
    expect(section).toMatch(/kubectl create namespace acme-dev/);
    expect(section).toMatch(/helm install acme-dev dist\/dev --namespace acme-dev --timeout \d+m/);
    expect(section).toMatch(/helm upgrade acme-dev dist\/dev --namespace acme-dev/);
    expect(section).toMatch(/--take-ownership/);
  });

  test("the documented --timeout outlasts every environment's migration (Helm bounds each hook by it)", () => {
    const timeouts = [...section.matchAll(/--timeout (\d+)m/g)].map((m) => Number(m[1]) * 60);
    expect(timeouts.length).toBeGreaterThan(0);
    const longest = Math.max(...projectConfig().environments.map((e) => e.migrations.activeDeadlineSeconds));
    for (const t of timeouts) expect(t).toBeGreaterThan(longest);
  });
});
