// `npm run build`: bundles the entry points into build/ with esbuild.
// - build/synth.js: main.ts with every dependency inlined, so Node resolves and reads one file
//   instead of about 300 (the loader's path and package.json lookups were a fifth of start-up).
//   `cdk8s-plus-27` is reduced to its `k8s` namespace (the Kubernetes API classes), the only
//   export the project uses: its L2 constructs are never loaded. Importing anything else from
//   it fails the build with esbuild's "No matching export" error, rather than at run time.
//   Two more rewrites, each refusing to build if its premise breaks: cdk8s's own copy of `yaml`
//   is replaced by ours when both are the same version, and the generated toJson functions of
//   the Kubernetes classes build their objects in one loop (scripts/defined-entries.cjs).
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
const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning', absWorkingDir: root };

/** `import { k8s } from 'cdk8s-plus-27'` without the rest of cdk8s-plus-27. */
const k8sOnly = {
  name: 'cdk8s-plus-27-k8s-only',
  setup(build) {
    build.onResolve({ filter: /^cdk8s-plus-27$/ }, () => ({ path: 'cdk8s-plus-27', namespace: 'k8s-only' }));
    build.onLoad({ filter: /.*/, namespace: 'k8s-only' }, () => ({
      contents: "export * as k8s from 'cdk8s-plus-27/lib/imports/k8s';",
      resolveDir: root,
      loader: 'js',
    }));
  },
};

/**
 * One copy of `yaml` in the bundle: cdk8s ships its own (a bundled dependency, in
 * node_modules/cdk8s/node_modules/yaml) beside ours. When both are the same version the bundle
 * takes ours for both; if the versions ever differ the build stops, rather than mix them.
 */
const oneYaml = {
  name: 'one-yaml',
  setup(build) {
    const version = (dir) => JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
    const ours = path.join(root, 'node_modules', 'yaml');
    const theirs = path.join(root, 'node_modules', 'cdk8s', 'node_modules', 'yaml');
    build.onResolve({ filter: /^yaml$/ }, (args) => {
      if (!args.importer.startsWith(path.join(root, 'node_modules', 'cdk8s') + path.sep) || !fs.existsSync(theirs))
        return undefined;
      if (version(theirs) !== version(ours)) {
        return {
          errors: [
            {
              text: `cdk8s bundles yaml ${version(theirs)}, the project uses ${version(ours)}: align them or drop the one-yaml plugin`,
            },
          ],
        };
      }
      return build.resolve('yaml', { kind: args.kind, resolveDir: root });
    });
  },
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

/** Builds build/ and records its inputs; a failed build leaves no record, so the next one builds. */
export async function build() {
  const startedAt = Date.now();
  removeRecord(root);
  const results = await Promise.all([
    // Whitespace and comments out (names kept, for readable stack traces): a smaller bundle is
    // read, hashed and deserialized faster, and it is pure ASCII, which Node reads without decoding.
    esbuild.build({
      ...common,
      entryPoints: { synth: 'main.ts' },
      outdir: 'build',
      plugins: [k8sOnly, oneYaml, linearToJson],
      minifyWhitespace: true,
      minifySyntax: true,
      charset: 'ascii',
      metafile: true,
    }),
    esbuild.build({
      ...common,
      entryPoints: { main: 'lib/synth/launch.ts' },
      outdir: 'build',
      packages: 'external',
      metafile: true,
    }),
    esbuild.build({ ...common, entryPoints: ['cli.ts'], outdir: 'build', packages: 'external', metafile: true }),
  ]);
  // Files, not the k8s-only plugin's virtual module (`k8s-only:cdk8s-plus-27`).
  const inputs = results
    .flatMap((r) => Object.keys(r.metafile.inputs))
    .filter((input) => !/^[\w-]+:/.test(input))
    .concat('scripts/defined-entries.cjs');
  const outputs = results.flatMap((r) => Object.keys(r.metafile.outputs));
  recordBuild(root, { inputs, outputs, startedAt });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await build();
