/**
 * Entry of `build/main.js` (`npm run synth`, `cdk8s synth`, through scripts/synth.mjs): runs
 * `main()` of the bundled synth (`build/synth.js`, built from `main.ts` with its dependencies)
 * through the V8 code cache. It imports nothing else, so that it stays small: all the work is in
 * the cached bundle.
 */
import * as path from 'node:path';
import { loadBundle } from './code-cache';
import type { SynthBundle } from './synth-bundle';

const bundle = loadBundle<{ synthBundle: SynthBundle }>(path.join(__dirname, 'synth.js'));

/** `main()` of main.ts, as bundled. */
export const main: SynthBundle['main'] = (root, args) => {
  const code = bundle.exports.synthBundle.main(root, args);
  bundle.saveCache();
  return code;
};

/** The phases of `main()`, as bundled (for `npm run bench`). */
export const { synthesizeAll, writeOutputs } = bundle.exports.synthBundle;

/** Runs the synth on the working directory and ends the process with its exit code. */
export function run(): void {
  const code = main();
  // Exit as soon as the output is out, not when the event loop runs dry: Node would first wait
  // for V8's background compilations queued during the run (optimized code for functions that
  // will not run again) and tear the heap down, 20-25 ms after main() returned
  // (docs/measurements.md: without it 30 environments miss 3.2 times the floor). Files are
  // written synchronously; stdout and stderr may not be (Node docs, "A note on process I/O":
  // writes to pipes are asynchronous on POSIX), so the exit waits for both to flush: a write's
  // callback runs once everything written before it is out.
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

if (require.main === module) run();
