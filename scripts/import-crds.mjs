// Regenerates the typed custom-resource classes in imports/ with `cdk8s import`, from the local
// CRD files when the schema directory has them (offline), else from their public URLs.
// The k8s core classes are not imported: cdk8s-plus-27 ships them (`import { k8s } from 'cdk8s-plus-27'`),
// and `cdk8s import k8s` only works online.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot, schemaDir, sources } from './schema-dir.cjs';

const { values } = parseArgs({
  options: { output: { type: 'string', default: 'imports' }, help: { type: 'boolean', short: 'h' } },
});
if (values.help) {
  console.log(
    'usage: npm run import [-- --output <dir>]\n' +
      'Regenerates imports/ from the CRDs in scripts/schema-sources.json (local copies first, else their URLs).',
  );
  process.exit(0);
}
const output = path.resolve(projectRoot, values.output);
const dir = schemaDir();
const cli = path.join(projectRoot, 'node_modules', '.bin', 'cdk8s');
for (const [i, crd] of sources.crds.entries()) {
  const local = path.join(dir, crd.path);
  const source = fs.existsSync(local) ? local : crd.url;
  console.log(`[${i + 1}/${sources.crds.length}] ${crd.importAs} <- ${source}`);
  execFileSync(
    cli,
    ['import', `${crd.importAs}:=${source}`, '--no-save', '--language', 'typescript', '--output', output],
    {
      cwd: projectRoot,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' },
    },
  );
}
