/**
 * Loads the bundled synth (`build/synth.js`) through V8's code cache, so that the second and
 * later runs skip parsing and compiling it: start-up was a third of `npm run synth`. Node 22.1+
 * does this itself (`module.enableCompileCache()`); Node 20, which we support, does not, and the
 * `v8-compile-cache` package only caches what was compiled eagerly. This uses the documented
 * `vm.Script` `cachedData` / `createCachedData()` API: the cache is made after the run, so it also
 * holds the functions the synth compiled lazily.
 *
 * The cache is keyed by a hash of the bundle and the Node version: a rebuilt bundle or another
 * Node never reads a stale one, and V8 itself refuses data made by another V8 or with other
 * flags (`cachedDataRejected`), then compiles from source as without a cache. The cache only
 * changes speed, never what the code does; failing to read or write it is not an error.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

/** A loaded CommonJS bundle, and how to store its code cache once it has run. */
export interface CachedBundle<T> {
  readonly exports: T;
  /** Whether V8 used a stored cache for this load. */
  readonly cacheUsed: boolean;
  /** Stores the code cache if none was used; call it after the work, so lazy functions are in it. */
  saveCache(): void;
}

/** The folder beside the bundle that holds its caches (rebuilt bundles get new keys). */
export const CACHE_DIR = '.code-cache';

/** Loads `file` as CommonJS, with the V8 code cache stored beside it when there is one. */
export function loadBundle<T>(file: string): CachedBundle<T> {
  const source = fs.readFileSync(file, 'utf8');
  const key = createHash('sha256').update(`${process.version}\0${process.arch}\0`).update(source).digest('hex');
  const cacheDir = path.join(path.dirname(file), CACHE_DIR);
  const cacheFile = path.join(cacheDir, `${path.basename(file)}.${key.slice(0, 24)}.bin`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined; // first run after a build: compile from source
  }
  // The CommonJS wrapper Node itself puts around a module.
  const wrapper = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new vm.Script(wrapper, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const cacheUsed = cachedData !== undefined && !script.cachedDataRejected;
  const module = { exports: {} as T, filename: file, id: file, loaded: false };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  module.loaded = true;
  return {
    exports: module.exports,
    cacheUsed,
    saveCache(): void {
      if (cacheUsed) return;
      try {
        fs.mkdirSync(cacheDir, { recursive: true });
        // Caches of earlier builds of this bundle are dead weight.
        for (const old of fs.readdirSync(cacheDir)) {
          if (old.startsWith(`${path.basename(file)}.`)) fs.rmSync(path.join(cacheDir, old), { force: true });
        }
        // Written whole and renamed, so a concurrent run never reads half a cache.
        const temporary = `${cacheFile}.${process.pid}.tmp`;
        fs.writeFileSync(temporary, script.createCachedData());
        fs.renameSync(temporary, cacheFile);
      } catch {
        // A read-only build folder only costs speed.
      }
    },
  };
}
