/**
 * Loads the bundled synth (`build/synth.js`) through V8's code cache, so that runs after the
 * first skip parsing and compiling it: start-up was a third of `npm run synth`. Node 22.1+ does
 * this itself (`module.enableCompileCache()`); Node 20, which we support, does not. The
 * `v8-compile-cache` package (2.4.0, `v8-compile-cache.js`) asks for the cache at compile time
 * (`produceCachedData`), so it holds only what V8 compiled eagerly; this uses the documented
 * `vm.Script` `cachedData` / `createCachedData()` API after the run, so the cache also holds the
 * functions the synth compiled lazily, and needs no dependency.
 *
 * The cache is keyed by a hash of the bundle and the Node version, because V8 itself only checks
 * the source length: a rebuilt bundle never runs a stale cache. V8 refuses data made by another
 * V8 or under other flags (`cachedDataRejected`) and then compiles from source, as without a
 * cache. Caches are written whole and renamed into place. The cache changes speed, never what
 * the code does; failing to read or write it is not an error.
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

/** Where the code cache of `file` with this content is kept: keyed by content and Node version. */
export function cacheFileFor(file: string, bytes: Uint8Array): string {
  const key = createHash('sha256').update(`${process.version}\0${process.arch}\0`).update(bytes).digest('hex');
  return path.join(path.dirname(file), CACHE_DIR, `${path.basename(file)}.${key.slice(0, 24)}.bin`);
}

/** Loads `file` as CommonJS, with the V8 code cache stored beside it when there is one. */
export function loadBundle<T>(file: string): CachedBundle<T> {
  const bytes = fs.readFileSync(file);
  const source = bytes.toString('utf8');
  const cacheFile = cacheFileFor(file, bytes);
  const cacheDir = path.dirname(cacheFile);
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
