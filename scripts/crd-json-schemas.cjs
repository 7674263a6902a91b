// Writes kubeconform's JSON schemas for custom resources from CRD files, so `kubeconform -strict`
// checks CloudNativePG, External Secrets and ArgoCD objects against the CRDs the project vendors:
//
//   node scripts/crd-json-schemas.cjs --crds <folder of CRD YAML files> --out <folder>
//   kubeconform -strict -schema-location default \
//     -schema-location '<folder>/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json' ...
//
// One file per served version, `<group>/<kind in lower case>_<version>.json`: the names
// kubeconform's template yields (yannh/kubeconform v0.7.0, pkg/registry/registry.go: ResourceKind
// is lower-cased, Group and ResourceAPIVersion split from apiVersion). kubeconform's -strict only
// picks "-strict" schema files and refuses duplicate keys; closing the objects is the schema's
// job, so every object that declares properties is closed here (`strictify`), as the API server
// does with field validation and as the tests' CRD validator does (test/support/crd-schemas.ts).
// CommonJS so the tests share `strictify` and the function without a build.
const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { parseAllDocuments } = require('yaml');

/** Declared properties close the object, unless the schema keeps unknown fields on purpose. */
function strictify(schema) {
  if (Array.isArray(schema)) return schema.map(strictify);
  if (schema === null || typeof schema !== 'object') return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    out[key] = key === 'enum' || key === 'default' || key === 'example' ? value : strictify(value);
  }
  if (
    out.properties !== undefined &&
    out.additionalProperties === undefined &&
    out['x-kubernetes-preserve-unknown-fields'] !== true
  ) {
    out.additionalProperties = false;
  }
  return out;
}

/** `<group>/<kind>_<version>.json` → schema, for every served version of every CRD in the files. */
function crdJsonSchemas(files) {
  const schemas = new Map();
  for (const file of files) {
    const docs = parseAllDocuments(fs.readFileSync(file, 'utf8'));
    for (const doc of docs) {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0].message}`);
      const crd = doc.toJS();
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      for (const version of crd.spec.versions.filter((v) => v.served && v.schema?.openAPIV3Schema)) {
        const name = `${crd.spec.group}/${crd.spec.names.kind.toLowerCase()}_${version.name}.json`;
        schemas.set(name, strictify(version.schema.openAPIV3Schema));
      }
    }
  }
  return schemas;
}

/** YAML files under a folder, recursively, sorted. */
function yamlFiles(dir) {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

function main() {
  const { values } = parseArgs({
    options: { crds: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || !values.crds || !values.out) {
    console.log('usage: node scripts/crd-json-schemas.cjs --crds <folder of CRD YAML> --out <folder>');
    return values.help ? 0 : 1;
  }
  if (!fs.existsSync(values.crds)) {
    console.error(`${values.crds}: no such folder of CRDs`);
    return 1;
  }
  const schemas = crdJsonSchemas(yamlFiles(values.crds));
  if (schemas.size === 0) {
    console.error(`${values.crds}: holds no CustomResourceDefinition`);
    return 1;
  }
  for (const [name, schema] of schemas) {
    const file = path.join(values.out, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(schema, null, 2)}\n`);
  }
  console.log(`${schemas.size} JSON schemas from ${values.crds} in ${values.out}`);
  return 0;
}

if (require.main === module) process.exitCode = main();

module.exports = { strictify, crdJsonSchemas, yamlFiles };
