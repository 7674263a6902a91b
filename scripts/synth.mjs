// `npm run synth` and `cdk8s synth` (cdk8s.yaml): builds build/ only when an input of the build
// changed since the last one, then runs the synth (build/main.js) in this same process, on the
// configuration in the working directory (scripts/run-built.mjs).
import { runBuilt } from './run-built.mjs';

await runBuilt('main.js');
