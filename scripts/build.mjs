// `npm run build`: bundles the entry points into build/ with esbuild.
// - build/synth.js: main.ts with every dependency inlined, so Node resolves and reads one file
//   instead of about 400 (the loader's path and package.json lookups were a fifth of start-up).
//   One rewrite of third-party code, which refuses to build if its premise breaks: the
//   generated toJson functions of cdk8s-plus-27's Kubernetes classes build their objects in one
//   loop (scripts/defined-entries.cjs), without which 30 environments take 8 % longer and miss
//   the target of 3.2 times the floor (docs/measurements.md, "Measured"). The other rewrites (cdk8s-plus-27 cut
//   down to its k8s namespace, one copy of `yaml` for cdk8s and us) saved 1 % or less and were
//   dropped.
// - build/main.js: the small launcher that loads build/synth.js through the V8 code cache
//   (lib/synth/code-cache.ts).
// - build/cli.js: the operator CLI, dependencies left in node_modules as before.
// Every build records what it read (scripts/build-record.cjs), so that scripts/synth.mjs builds
// only when an input changed; `npm run build` always builds.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const { linearizeDefinedEntries } = require('./defined-entries.cjs');
const { recordBuild, removeRecord } = require('./build-record.cjs');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  absWorkingDir: root,
  metafile: true,
};

/** cdk8s-plus-27's Kubernetes classes with their toJson loops made linear (scripts/defined-entries.cjs). */
const linearToJson = {
  name: 'linear-to-json',
  setup(build) {
    build.onLoad({ filter: /[\\/]cdk8s-plus-27[\\/]lib[\\/]imports[\\/]k8s\.js$/ }, (args) => ({
      contents: linearizeDefinedEntries(fs.readFileSync(args.path, 'utf8')).code,
      loader: 'js',
    }));
  },
};

/**
 * Builds build/ and records its inputs; a failed build leaves no record, so the next one builds.
 * esbuild writes into a folder of this build's own, whose files are then renamed into build/: a
 * synth running meanwhile loads a whole file, old or new, never one half written. When another
 * build renamed its files over ours before the record was written, this build records nothing
 * (scripts/build-record.cjs compares the inodes).
 */
export async function build() {
  const startedAt = Date.now();
  removeRecord(root);
  const staging = path.join('build', `.building-${process.pid}`);
  fs.rmSync(path.join(root, staging), { recursive: true, force: true });
  let results;
  try {
    results = await Promise.all([
      // Whitespace and comments out (names kept, for readable stack traces): a bundle half the
      // size is read, hashed and deserialized faster (11 ms of 30 environments).
      esbuild.build({
        ...common,
        outdir: staging,
        entryPoints: { synth: 'main.ts' },
        plugins: [linearToJson],
        minifyWhitespace: true,
        minifySyntax: true,
      }),
      esbuild.build({ ...common, outdir: staging, entryPoints: { main: 'lib/synth/launch.ts' }, packages: 'external' }),
      esbuild.build({ ...common, outdir: staging, entryPoints: ['cli.ts'], packages: 'external' }),
    ]);
  } catch (error) {
    fs.rmSync(path.join(root, staging), { recursive: true, force: true });
    throw error;
  }
  const inputs = [...results.flatMap((r) => Object.keys(r.metafile.inputs)), 'scripts/defined-entries.cjs'];
  const moved = results
    .flatMap((r) => Object.keys(r.metafile.outputs))
    .map((staged) => {
      const output = path.join('build', path.relative(staging, staged));
      const { ino } = fs.statSync(path.join(root, staged), { bigint: true });
      fs.renameSync(path.join(root, staged), path.join(root, output));
      return [output, String(ino)];
    });
  fs.rmSync(path.join(root, staging), { recursive: true, force: true });
  recordBuild(root, { inputs, outputs: moved.map(([output]) => output), inodes: Object.fromEntries(moved), startedAt });
}

/**
 * build(), ending the process with status 1 on a build error: esbuild has printed each error
 * with its file and line already, so no stack trace follows.
 */
export async function buildOrExit() {
  try {
    await build();
  } catch (error) {
    if (!Array.isArray(error?.errors)) throw error;
    process.stderr.write('the build failed (errors above): nothing synthesized, dist/ left unchanged\n');
    process.exit(1);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await buildOrExit();
