/**
 * Every synthesized object, in every environment and in dist/argocd/, is valid for the oldest
 * and the newest Kubernetes the charts target (strict: unknown fields rejected), and every custom
 * resource is valid against its CRD. Only GA API versions are used.
 */
import { sources } from '../scripts/schema-dir.cjs';
import { GA_API_VERSIONS } from '../lib/policy/rules';
import { CrdValidator } from './support/crd-schemas';
import { distManifests } from './support/dist';
import { KubernetesValidator } from './support/kubernetes-schemas';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { environments, readManifests } from './support/project';
import type { Manifest } from '../lib/common/manifest';
import { expectEach } from './support/expect-each';

const crds = new CrdValidator();
const all: Array<[string, Manifest]> = [
  ...environments().flatMap(({ env, manifests }) => manifests.map((m) => [env.name, m] as [string, Manifest])),
  ...distManifests('dist/argocd').map((m) => ['argocd', m] as [string, Manifest]),
];
const builtIn = all.filter(([, m]) => !crds.knows(m.apiVersion, m.kind));
const custom = all.filter(([, m]) => crds.knows(m.apiVersion, m.kind));

describe.each(sources.kubernetes.map((k) => [k.version]))('Kubernetes %s', (version) => {
  const validator = new KubernetesValidator(version);

  test('every built-in object validates strictly', () => {
    expect(builtIn.length).toBeGreaterThan(60);
    const failures = builtIn
      .map(([env, m]) => [env, `${m.kind}/${m.metadata.name}`, validator.validate(m).errors] as const)
      .filter(([, , errors]) => errors.length > 0);
    expect(failures).toEqual([]);
  });

  test('the validator rejects an unknown field and a wrong type (it can fail)', () => {
    const deployment = structuredClone(builtIn.find(([, m]) => m.kind === 'Deployment')?.[1]) as unknown as {
      spec: { replica?: number; template: { spec: { containers: Array<{ imagePullPolicy: unknown }> } } };
    };
    deployment.spec.replica = 2;
    deployment.spec.template.spec.containers[0].imagePullPolicy = 3;
    const errors = validator.validate(deployment as never).errors.join('\n');
    expect(errors).toMatch(/must NOT have additional properties: replica/);
    expect(errors).toMatch(/imagePullPolicy must be string/);
  });
});

test('every custom resource validates strictly against its CRD', () => {
  expect(custom.length).toBeGreaterThan(0);
  const failures = custom
    .map(([env, m]) => [env, `${m.kind}/${m.metadata.name}`, crds.validate(m).errors] as const)
    .filter(([, , errors]) => errors.length > 0);
  expect(failures).toEqual([]);
});

test('YAML with a duplicate key is refused when dist/ is read', () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dup-')), 'dup.yaml');
  fs.writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n');
  expect(() => readManifests(file)).toThrow(/unique/i);
});

test('only GA API versions are used, and every one is still served by the newest Kubernetes', () => {
  const newest = new KubernetesValidator(sources.kubernetes[sources.kubernetes.length - 1].version);
  const objects = builtIn.map(([, m]) => m);
  expectEach(
    objects,
    (m) => `${m.kind} ${m.apiVersion} is not GA`,
    (m) => GA_API_VERSIONS.includes(m.apiVersion),
  );
  expectEach(
    objects,
    (m) => `${m.kind} ${m.apiVersion} is not served by Kubernetes ${newest.version}`,
    (m) => newest.serves(m.apiVersion, m.kind),
  );
});
