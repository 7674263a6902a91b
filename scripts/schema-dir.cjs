// The directory holding the Kubernetes JSON schemas and CRDs, laid out as the `path`s of
// scripts/schema-sources.json: $SCHEMAS_DIR, else ../shared beside the project (present on the
// team's machines and in CI), else .cache/schemas (filled by `npm run fetch-schemas`).
// CommonJS so that both the .mjs scripts and the TypeScript tests share this one copy.
const fs = require('node:fs');
const path = require('node:path');

const projectRoot = path.resolve(__dirname, '..');
const sources = JSON.parse(fs.readFileSync(path.join(projectRoot, 'scripts', 'schema-sources.json'), 'utf8'));

function schemaDir() {
  if (process.env.SCHEMAS_DIR) return path.resolve(process.env.SCHEMAS_DIR);
  const shared = path.resolve(projectRoot, '..', 'shared');
  if (fs.existsSync(path.join(shared, 'crds'))) return shared;
  return path.join(projectRoot, '.cache', 'schemas');
}

/** Absolute path of a schema file, or an error telling how to get it. */
function schemaFile(relative) {
  const file = path.join(schemaDir(), relative);
  if (!fs.existsSync(file)) {
    throw new Error(
      `schema file ${file} is missing: set SCHEMAS_DIR to a folder holding it, or run \`npm run fetch-schemas\``,
    );
  }
  return file;
}

module.exports = { projectRoot, sources, schemaDir, schemaFile };
