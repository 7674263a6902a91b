// Downloads every schema and CRD listed in scripts/schema-sources.json into .cache/schemas (or
// $SCHEMAS_DIR), for machines without ../shared. Existing files are kept unless --force.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot, sources } from './schema-dir.cjs';

const { values } = parseArgs({
  options: { force: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
});
if (values.help) {
  console.log(
    'usage: npm run fetch-schemas [-- --force]\nDownloads the Kubernetes schemas and CRDs into $SCHEMAS_DIR or .cache/schemas.',
  );
  process.exit(0);
}
const target = process.env.SCHEMAS_DIR
  ? path.resolve(process.env.SCHEMAS_DIR)
  : path.join(projectRoot, '.cache', 'schemas');
const entries = [...sources.kubernetes, ...sources.crds];
for (const [i, entry] of entries.entries()) {
  const file = path.join(target, entry.path);
  if (fs.existsSync(file) && !values.force) {
    console.log(`[${i + 1}/${entries.length}] kept ${entry.path}`);
    continue;
  }
  const response = await fetch(entry.url);
  if (!response.ok) throw new Error(`${entry.url}: HTTP ${response.status}`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, Buffer.from(await response.arrayBuffer()));
  console.log(`[${i + 1}/${entries.length}] fetched ${entry.path}`);
}
console.log(`schemas in ${target}`);
