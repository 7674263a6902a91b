/**
 * The JSON schemas CI gives `kubeconform -strict` for custom resources, derived from the CRDs by
 * scripts/crd-json-schemas.cjs: named as kubeconform's schema-location template looks them up
 * (yannh/kubeconform v0.7.0, pkg/registry/registry.go), accepting every custom resource the
 * project renders and refusing an unknown field.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import { crdJsonSchemas } from '../scripts/crd-json-schemas.cjs';
import { schemaFile, sources } from '../scripts/schema-dir.cjs';
import { GA_API_VERSIONS } from '../lib/policy/rules';
import type { Manifest } from '../lib/common/manifest';
import { distManifests } from './support/dist';
import { environments, ROOT } from './support/project';

const crdFiles = sources.crds.map((c) => schemaFile(c.path));
const schemas = crdJsonSchemas(crdFiles);

/** The file kubeconform's `{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json` names. */
function kubeconformPath(o: Pick<Manifest, 'apiVersion' | 'kind'>): string {
  const [group, version] = o.apiVersion.split('/');
  return `${group}/${o.kind.toLowerCase()}_${version}.json`;
}

const customResources = [...environments().flatMap((e) => e.manifests), ...distManifests('dist/argocd')].filter(
  (o) => !GA_API_VERSIONS.includes(o.apiVersion),
);
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const validator = (name: string) => {
  const schema = schemas.get(name);
  if (!schema) throw new Error(`no schema ${name}: kubeconform would report "could not find schema"`);
  return ajv.getSchema(name) ?? (ajv.addSchema(schema, name), ajv.getSchema(name));
};

test('there are custom resources of every vendored group to check', () => {
  const groups = new Set(customResources.map((o) => o.apiVersion.split('/')[0]));
  expect([...groups].sort()).toEqual(['argoproj.io', 'external-secrets.io', 'postgresql.cnpg.io']);
});

test.each(customResources.map((o) => [`${o.kind}/${o.metadata.name} (${kubeconformPath(o)})`, o] as const))(
  '%s validates against the derived schema',
  (_name, o) => {
    const validate = validator(kubeconformPath(o));
    expect([validate?.(o), validate?.errors ?? null]).toEqual([true, null]);
  },
);

test('the derived schemas are strict: an unknown field is refused at any depth', () => {
  const cluster = customResources.find((o) => o.kind === 'Cluster');
  if (!cluster) throw new Error('no CloudNativePG Cluster rendered');
  const validate = validator(kubeconformPath(cluster));
  const unknownInSpec = structuredClone(cluster) as Manifest & { spec: Record<string, unknown> };
  unknownInSpec.spec.instancez = 3;
  expect(validate?.(unknownInSpec)).toBe(false);
  const unknownDeep = structuredClone(cluster) as Manifest & { spec: { storage: Record<string, unknown> } };
  unknownDeep.spec.storage.sise = '1Gi';
  expect(validate?.(unknownDeep)).toBe(false);
});

test('the script writes one file per served version under the names kubeconform looks up', () => {
  const crds = fs.mkdtempSync(path.join(os.tmpdir(), 'crds-'));
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'crd-schemas-'));
  try {
    for (const [i, file] of crdFiles.entries()) fs.copyFileSync(file, path.join(crds, `${i}-${path.basename(file)}`));
    const run = spawnSync(process.execPath, ['scripts/crd-json-schemas.cjs', '--crds', crds, '--out', out], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect([run.status, run.stderr]).toEqual([0, '']);
    const written = fs
      .readdirSync(out, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.json'))
      .sort();
    expect(written).toEqual([...schemas.keys()].sort());
    for (const o of customResources) expect(written).toContain(kubeconformPath(o));
    // A folder without CRDs is an error, not an empty schema set kubeconform would then miss.
    const empty = spawnSync(process.execPath, ['scripts/crd-json-schemas.cjs', '--crds', out, '--out', out], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect([empty.status, empty.stderr]).toEqual([1, expect.stringContaining('holds no CustomResourceDefinition')]);
  } finally {
    fs.rmSync(crds, { recursive: true, force: true });
    fs.rmSync(out, { recursive: true, force: true });
  }
});
