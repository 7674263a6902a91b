/**
 * Entry of `build/main.js` (`npm run synth`, `cdk8s synth`): runs `main()` of the bundled synth
 * (`build/synth.js`, built from `main.ts` with its dependencies) through the V8 code cache.
 * It imports nothing else, so that it stays small: all the work is in the cached bundle.
 */
import * as path from 'node:path';
import type * as Main from '../../main';
import { loadBundle } from './code-cache';

const bundle = loadBundle<typeof Main>(path.join(__dirname, 'synth.js'));

/** `main()` of main.ts, as bundled. */
export const main: typeof Main.main = (root) => {
  const code = bundle.exports.main(root);
  bundle.saveCache();
  return code;
};

/** The phases of `main()`, as bundled (for `npm run bench`). */
export const { synthesizeAll, writeOutputs } = bundle.exports;

if (require.main === module) process.exitCode = main();
