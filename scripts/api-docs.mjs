// Writes the library's API reference (docs/reference/api/) from the TSDoc comments of what
// lib/index.ts exports, with TypeDoc and typedoc-plugin-markdown (options in typedoc.json).
// With --check: renders into a temporary folder and compares it with the committed copy, writing
// nothing; exit 1 when they differ (CI runs it: .ci/run). Not part of `npm test`: one TypeDoc run
// type-checks the whole project (about 20 s of CPU here), more than the suite can afford.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { Application } from 'typedoc';

const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const committed = path.join(root, 'docs/reference/api');
const out = values.check ? fs.mkdtempSync(path.join(os.tmpdir(), 'api-docs-')) : committed;

try {
  process.chdir(root);
  const app = await Application.bootstrapWithPlugins({ options: path.join(root, 'typedoc.json'), out });
  const project = await app.convert();
  if (!project || app.logger.hasErrors()) throw new Error('TypeDoc could not convert lib/index.ts (see above)');
  await app.generateOutputs(project);
  if (app.logger.hasErrors()) throw new Error('TypeDoc could not write the reference (see above)');
  if (values.check) {
    const stale = differences(committed, out);
    if (stale.length > 0) {
      console.error(`docs/reference/api/ out of date (${stale.join(', ')}): run \`npm run docs:api\` and commit it`);
      process.exitCode = 1;
    } else console.log('docs/reference/api/ up to date');
  } else console.log('wrote docs/reference/api/');
} finally {
  if (values.check) fs.rmSync(out, { recursive: true, force: true });
}

/** Files (relative paths) present in only one of the folders or different in content. */
function differences(a, b) {
  const filesA = files(a);
  const filesB = files(b);
  const all = [...new Set([...filesA, ...filesB])].sort();
  return all.filter(
    (f) =>
      !filesA.includes(f) ||
      !filesB.includes(f) ||
      !fs.readFileSync(path.join(a, f)).equals(fs.readFileSync(path.join(b, f))),
  );
}

function files(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true }).filter((f) => fs.statSync(path.join(dir, f)).isFile());
}
