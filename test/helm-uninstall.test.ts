/**
 * What `helm uninstall` leaves of each chart, by helm v3.17.3's own rule (modelled in
 * support/helm-uninstall.ts: hooks set apart, `helm.sh/resource-policy: keep` kept, the rest
 * deleted, then garbage collection), on the chart as the real helm binary renders it; and the
 * docs/delivery.md ("Install with plain Helm") says the same.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { Manifest } from '../lib/common/manifest';
import { helm } from './support/helm';
import { helmUninstall } from './support/helm-uninstall';
import { environmentRows, ROOT } from './support/project';
import type { LiveObject } from './support/argocd-live-objects';

function render(name: string, namespace: string): Manifest[] {
  const out = helm(['template', `acme-${name}`, path.join(ROOT, 'dist', name), '--namespace', namespace]);
  return parseAllDocuments(out)
    .map((d) => d.toJS() as Manifest | null)
    .filter((m): m is Manifest => m !== null);
}

/** Volumes, Secrets, the database and its pods, the namespace. */
const stateful = (key: string) =>
  /^(PersistentVolumeClaim|Secret|Cluster|ScheduledBackup|Backup|Namespace)\//.test(key) ||
  /^(StatefulSet|Pod)\/[^/]*\/[^/]*(postgres|-db)/.test(key);

describe.each(environmentRows())('helm uninstall of %s', (name, { env }) => {
  const rendered = render(name, env.namespace);
  // The plain-Helm steps (docs/delivery.md) create the namespace, and (secrets.mode: existing) the app Secret.
  const preexisting: LiveObject[] = [
    { kind: 'Namespace', name: env.namespace },
    ...(env.secrets.mode === 'existing' ? [{ kind: 'Secret', name: env.secrets.name, namespace: env.namespace }] : []),
  ];
  const outcome = helmUninstall(rendered, preexisting);

  test('keeps exactly the objects marked helm.sh/resource-policy: keep: the database', () => {
    const marked = rendered
      .filter((m) => m.metadata.annotations?.['helm.sh/resource-policy'] === 'keep')
      .map((m) => `${m.kind}/${m.metadata.namespace}/${m.metadata.name}`)
      .sort();
    expect(outcome.keptByPolicy).toEqual(marked);
    expect(marked.length).toBeGreaterThan(0);
    expect(marked.every(stateful)).toBe(true);
  });

  test('the database, its pods and volumes, every PVC, the Secrets and the namespace survive', () => {
    expect(outcome.deleted.filter(stateful)).toEqual([]);
    const survivors = outcome.survivors.filter(stateful);
    expect(survivors).toContain(`Namespace//${env.namespace}`);
    expect(survivors.some((k) => k.startsWith('PersistentVolumeClaim/'))).toBe(true);
    expect(survivors.some((k) => /^Pod\//.test(k))).toBe(true); // the database keeps running
  });

  test('everything else the release manifest holds is deleted, with its pods', () => {
    for (const kind of ['Deployment', 'Service', 'NetworkPolicy', 'ConfigMap', 'ServiceAccount'])
      expect([kind, outcome.deleted.some((k) => k.startsWith(`${kind}/`))]).toEqual([kind, true]);
    const hooks = rendered
      .filter((m) => m.metadata.annotations?.['helm.sh/hook'] !== undefined)
      .flatMap((m) => [`Job/${env.namespace}/${m.metadata.name}`, `Pod/${env.namespace}/${m.metadata.name}-a`]);
    const left = outcome.survivors.filter((k) => !stateful(k) && !hooks.includes(k));
    expect(left).toEqual([]);
  });

  test('the hook Jobs (migrate, smoke test) are not part of the release manifest and stay until their TTL', () => {
    const hooks = rendered.filter((m) => m.metadata.annotations?.['helm.sh/hook'] !== undefined);
    expect(hooks.map((h) => h.kind)).toEqual(['Job', 'Job']);
    for (const hook of hooks) {
      expect(outcome.survivors).toContain(`Job/${env.namespace}/${hook.metadata.name}`);
      expect((hook.spec as { ttlSecondsAfterFinished?: number }).ttlSecondsAfterFinished).toBeGreaterThan(0);
    }
  });

  test('without the keep annotation the database would go (the model can fail)', () => {
    const bare = rendered.map((m) => {
      const copy = structuredClone(m);
      delete copy.metadata.annotations?.['helm.sh/resource-policy'];
      return copy;
    });
    expect(
      helmUninstall(bare, preexisting).deleted.filter((k) => /^(StatefulSet|Cluster)\//.test(k) && stateful(k)),
    ).not.toEqual([]);
  });
});

describe('docs/delivery.md says what helm uninstall does', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'docs/delivery.md'), 'utf8');
  const section = readme.slice(
    readme.indexOf('## Install with plain Helm'),
    readme.indexOf('\n## ', readme.indexOf('## Install with plain Helm') + 5),
  );
  const bullet = section.slice(section.indexOf('- `helm uninstall'));

  test('it names the keep rule, what it keeps and that hooks stay', () => {
    expect(section.indexOf('- `helm uninstall')).toBeGreaterThan(0);
    expect(bullet).toMatch(/helm\.sh\/resource-policy: keep/);
    expect(bullet).toMatch(/filterManifestsToKeep/);
    for (const kept of ['StatefulSet', '`Cluster`', '`ScheduledBackup`', 'PersistentVolumeClaims', 'hooks'])
      expect([kept, bullet.includes(kept)]).toEqual([kept, true]);
  });

  test('it no longer claims that every object goes, or that the CloudNativePG volumes do', () => {
    expect(section).not.toMatch(/deletes every object of the release/);
    expect(section).not.toMatch(/takes its volumes with it/);
  });
});
