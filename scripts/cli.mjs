// `npm run cli`: the operator CLI (build/cli.js), built first only when an input of the build
// changed since the last one (scripts/build-record.cjs), as scripts/synth.mjs does for the synth.
import { createRequire } from 'node:module';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
if (require('./build-record.cjs').staleReason(root) !== undefined) await (await import('./build.mjs')).buildOrExit();
require('../build/cli.js').run();
