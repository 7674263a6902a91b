// The vendored Kubernetes JSON schemas and CRDs: schemas/ in this repository, laid out as the
// `path`s of schemas/sources.json. Nothing here looks outside the repository, so a fresh clone
// validates offline; `npm run refresh-schemas` is the only step that goes to the network.
// CommonJS so that both the .mjs scripts and the TypeScript tests share this one copy.
const fs = require('node:fs');
const path = require('node:path');

const projectRoot = path.resolve(__dirname, '..');
const schemaRoot = path.join(projectRoot, 'schemas');
const sourcesFile = path.join(schemaRoot, 'sources.json');
const sources = JSON.parse(fs.readFileSync(sourcesFile, 'utf8'));

function schemaDir() {
  return schemaRoot;
}

/** Absolute path of a vendored schema file, or an error telling how to restore it. */
function schemaFile(relative) {
  const file = path.join(schemaRoot, relative);
  if (!fs.existsSync(file)) {
    throw new Error(
      `schema file schemas/${relative} is missing: restore it from git, or run \`npm run refresh-schemas\``,
    );
  }
  return file;
}

/** Every entry of schemas/sources.json, Kubernetes schemas and CRDs alike. */
function allSources() {
  return [...sources.kubernetes, ...sources.crds];
}

module.exports = { projectRoot, sources, sourcesFile, schemaDir, schemaFile, allSources };
