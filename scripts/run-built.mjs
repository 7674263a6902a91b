// What scripts/synth.mjs and scripts/cli.mjs share: build build/ only when an input of the build
// changed since the last one (scripts/build-record.cjs), then run one of its bundles in this
// process. esbuild (scripts/build.mjs) is loaded only when a build is due.
import { createRequire } from 'node:module';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

/** Runs the `run()` export of build/`bundle` (`main.js`, `cli.js`), building first when stale. */
export async function runBuilt(bundle) {
  if (require('./build-record.cjs').staleReason(root) !== undefined) await (await import('./build.mjs')).buildOrExit();
  require(path.join(root, 'build', bundle)).run();
}
