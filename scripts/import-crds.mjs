// Regenerates the typed custom-resource classes in imports/ with `cdk8s import`, from the CRD
// files vendored in schemas/ (offline; schemas/sources.json names their origin).
// The k8s core classes are not imported: cdk8s-plus-27 ships them (`import { k8s } from 'cdk8s-plus-27'`),
// and `cdk8s import k8s` only works online.
import { execFile } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';

const execFileAsync = promisify(execFile);
import { projectRoot, schemaFile, sources } from './schema-dir.cjs';

const { values } = parseArgs({
  options: { output: { type: 'string', default: 'imports' }, help: { type: 'boolean', short: 'h' } },
});
if (values.help) {
  console.log(
    'usage: npm run import [-- --output <dir>]\n' +
      'Regenerates imports/ from the CRDs vendored in schemas/ (listed in schemas/sources.json).',
  );
  process.exit(0);
}
const output = path.resolve(projectRoot, values.output);
const cli = path.join(projectRoot, 'node_modules', '.bin', 'cdk8s');

/** One `cdk8s import` (the CLI takes a single spec per call). */
async function importOne(crd, index) {
  const source = path.relative(projectRoot, schemaFile(crd.path));
  console.log(`[${index + 1}/${sources.crds.length}] ${crd.importAs} <- ${source}`);
  await execFileAsync(
    cli,
    ['import', `${crd.importAs}:=${source}`, '--no-save', '--language', 'typescript', '--output', output],
    {
      cwd: projectRoot,
      env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
}

// Each import writes its own file, so they run side by side, one per core: most of each call is
// the CLI's start-up.
const queue = [...sources.crds.entries()];
const workers = Array.from({ length: Math.min(os.availableParallelism(), queue.length) }, async () => {
  for (let next = queue.shift(); next; next = queue.shift()) await importOne(next[1], next[0]);
});
await Promise.all(workers);
