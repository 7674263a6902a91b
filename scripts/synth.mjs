// `npm run synth` and `cdk8s synth` (cdk8s.yaml): builds build/ only when an input of the build
// changed since the last one (scripts/build-record.cjs), then runs the synth (build/main.js) in
// this same process, on the configuration in the working directory.
import { createRequire } from 'node:module';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
if (require('./build-record.cjs').staleReason(root) !== undefined) await (await import('./build.mjs')).buildOrExit();
require('../build/main.js').run();
