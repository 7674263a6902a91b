// Downloads every schema and CRD listed in schemas/sources.json from its public `url` and
// compares it with the vendored copy's recorded sha256. Default: report and exit 1 on any
// difference, writing nothing. With --update: write the downloaded files and record their
// checksums (after changing a `url`/`version` to move to a new upstream release).
// Needs the network; the tests never run it.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { allSources, schemaDir, sources, sourcesFile } from './schema-dir.cjs';

const { values } = parseArgs({
  options: { update: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
});
if (values.help) {
  console.log(
    'usage: npm run refresh-schemas [-- --update]\n' +
      'Downloads schemas/sources.json entries and checks them against the recorded sha256; --update writes them.',
  );
  process.exit(0);
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const entries = allSources();
let differing = 0;
for (const [i, entry] of entries.entries()) {
  const response = await fetch(entry.url);
  if (!response.ok) {
    console.error(`${entry.url}: HTTP ${response.status}`);
    process.exit(1);
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  const digest = sha256(bytes);
  const same = digest === entry.sha256;
  console.log(`[${i + 1}/${entries.length}] ${entry.path}: ${same ? 'unchanged' : `differs (${digest})`}`);
  if (same) continue;
  differing += 1;
  if (values.update) {
    const file = path.join(schemaDir(), entry.path);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, bytes);
    entry.sha256 = digest;
  }
}
if (values.update && differing > 0) {
  fs.writeFileSync(sourcesFile, `${JSON.stringify(sources, null, 2)}\n`);
  console.log(
    `updated ${differing} file(s); run \`npm run import\` and \`npm test\`, then commit schemas/ and imports/`,
  );
} else if (differing > 0) {
  console.error(`${differing} file(s) differ from their recorded checksum; rerun with --update to take them`);
  process.exit(1);
}
