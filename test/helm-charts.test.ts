/**
 * A real helm 3 proves every dist/<env>/ is a valid chart and renders, as ArgoCD renders it
 * (`helm template` with the Application's release name and namespace), exactly the synthesized
 * objects.
 */
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { helm } from './support/helm';
import { environmentRows, ROOT } from './support/project';
import type { Manifest } from '../lib/common/manifest';

const byIdentity = (objects: Manifest[]) =>
  Object.fromEntries(
    objects.map((o) => [`${o.apiVersion} ${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`, o]),
  );

describe.each(environmentRows())('dist/%s', (name, { env, manifests }) => {
  const chart = path.join(ROOT, 'dist', name);
  const release = `acme-${name}`;

  test('passes helm lint --strict', () => {
    const out = helm(['lint', '--strict', chart, '--namespace', env.namespace]);
    expect(out).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
  });

  test.each(['1.27.0', '1.36.0'])(
    'helm template for Kubernetes %s renders exactly the synthesized objects',
    (kubeVersion) => {
      const out = helm(['template', release, chart, '--namespace', env.namespace, '--kube-version', kubeVersion]);
      const rendered = parseAllDocuments(out)
        .map((d) => d.toJS() as Manifest | null)
        .filter((m): m is Manifest => m !== null);
      expect(rendered).toHaveLength(manifests.length);
      expect(byIdentity(rendered)).toEqual(byIdentity(manifests));
    },
  );

  test('the chart refuses a Kubernetes older than its kubeVersion constraint', () => {
    expect(() => helm(['template', release, chart, '--namespace', env.namespace, '--kube-version', '1.26.0'])).toThrow(
      /kubeVersion/,
    );
  });
});
