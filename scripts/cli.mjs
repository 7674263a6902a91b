// `npm run cli`: the operator CLI (build/cli.js), built first only when an input of the build
// changed since the last one, as for the synth (scripts/run-built.mjs).
import { runBuilt } from './run-built.mjs';

await runBuilt('cli.js');
