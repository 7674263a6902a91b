/**
 * imports/ is generated code: regenerating it from the CRD files with `npm run import` must give
 * exactly what is committed, so nobody edits it by hand and the CRD versions are the ones named.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readTree } from '../lib/synth/write-tree';
import { ROOT } from './support/project';
import { expectEach } from './support/expect-each';

test('npm run import regenerates the committed imports/ byte for byte', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'imports-'));
  try {
    execFileSync('node', ['scripts/import-crds.mjs', '--output', out], { cwd: ROOT, stdio: 'pipe' });
    const fresh = readTree(out);
    expect([...fresh.keys()].sort()).toEqual([...readTree(path.join(ROOT, 'imports')).keys()].sort());
    expectEach(
      [...fresh],
      ([file]) => file,
      ([file, content]) => content === fs.readFileSync(path.join(ROOT, 'imports', file), 'utf8'),
    );
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}, 120_000);
