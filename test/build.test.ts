/**
 * What `npm run build` makes for `npm run synth`: one bundle (build/synth.js) holding the synth
 * and its dependencies, loaded by build/main.js through the V8 code cache
 * (lib/synth/code-cache.ts). A cache may change speed, never output. And scripts/synth.mjs,
 * which builds only when an input of the build changed (scripts/build-record.cjs).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CACHE_DIR, cacheFileFor, loadBundle } from '../lib/synth/code-cache';
import { readTree } from '../lib/synth/write-tree';
import { MARGIN_MS, staleReason } from '../scripts/build-record.cjs';
import { HELPER } from '../scripts/defined-entries.cjs';
import { ROOT, temporaryProject } from './support/project';

describe('loadBundle', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'code-cache-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, body: string): string => {
    fs.writeFileSync(path.join(dir, name), body);
    return path.join(dir, name);
  };
  const caches = () => fs.readdirSync(path.join(dir, CACHE_DIR)).filter((f) => f.endsWith('.bin'));

  test('runs the file as CommonJS, then loads it from the cache it stored', () => {
    const file = write('b.js', "exports.answer = require('node:path').basename(__filename) + module.id.length;");
    const first = loadBundle<{ answer: string }>(file);
    expect(first.exports.answer).toBe(`b.js${file.length}`);
    expect(first.cacheUsed).toBe(false);
    first.saveCache();
    expect(caches()).toHaveLength(1);
    const second = loadBundle<{ answer: string }>(file);
    expect(second.cacheUsed).toBe(true);
    expect(second.exports.answer).toBe(first.exports.answer);
  });

  test('a rebuilt bundle of the same length never runs a stale cache, and replaces it', () => {
    const file = write('b.js', 'exports.value = 1;');
    loadBundle(file).saveCache();
    const [old] = caches();
    write('b.js', 'exports.value = 2;');
    const rebuilt = loadBundle<{ value: number }>(file);
    expect(rebuilt.exports.value).toBe(2);
    expect(rebuilt.cacheUsed).toBe(false);
    rebuilt.saveCache();
    expect(caches()).toHaveLength(1);
    expect(caches()).not.toContain(old);
  });

  test('a damaged cache is refused by V8 and the bundle still runs', () => {
    // Never compiled in this process before, so V8 cannot take it from its in-memory cache.
    const file = write('b.js', 'exports.value = [1, 2, 3].map((x) => x * 2);');
    const cacheFile = cacheFileFor(file, fs.readFileSync(file));
    fs.mkdirSync(path.dirname(cacheFile));
    fs.writeFileSync(cacheFile, 'not a code cache');
    const loaded = loadBundle<{ value: number[] }>(file);
    expect(loaded.cacheUsed).toBe(false);
    expect(loaded.exports.value).toEqual([2, 4, 6]);
  });

  test('a folder it cannot write to costs only the cache', () => {
    const file = write('b.js', 'exports.value = 1;');
    fs.writeFileSync(path.join(dir, CACHE_DIR), 'a file where the cache folder would be');
    const loaded = loadBundle<{ value: number }>(file);
    expect(() => loaded.saveCache()).not.toThrow();
    expect(loaded.exports.value).toBe(1);
  });
});

test('npm run build bundles the synth, and a cached run writes the same dist/', () => {
  const root = temporaryProject();
  try {
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'pipe' });
    // The toJson rewrite (scripts/defined-entries.cjs) is in the bundle. (A boolean: a failure
    // should not print a 2 MB bundle.)
    const bundle = fs.readFileSync(path.join(root, 'build', 'synth.js'), 'utf8');
    expect(bundle.includes(`function ${HELPER}(`)).toBe(true);
    const run = () => execFileSync(process.execPath, ['build/main.js'], { cwd: root, stdio: 'pipe' }).toString();
    expect(run()).toMatch(/^synthesized \d+ files/);
    expect(fs.readdirSync(path.join(root, 'build', CACHE_DIR)).filter((f) => f.endsWith('.bin'))).toHaveLength(1);
    run(); // from the cache
    expect(readTree(path.join(root, 'dist'))).toEqual(readTree(path.join(ROOT, 'dist')));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

describe('scripts/synth.mjs (`npm run synth`, `cdk8s synth`) builds only when an input changed', () => {
  test('no change: no build; a changed source or a new file an import resolves to: a build', () => {
    const root = temporaryProject();
    try {
      const synth = () =>
        execFileSync(process.execPath, ['scripts/synth.mjs'], { cwd: root, stdio: 'pipe' }).toString();
      const bundle = path.join(root, 'build', 'synth.js');
      const builtAt = () => fs.statSync(bundle, { bigint: true }).mtimeNs;
      /** A synth once the sources are older than the race margin, so that its build is recorded. */
      const recordedSynth = () => {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, MARGIN_MS + 200);
        const out = synth();
        expect(staleReason(root)).toBeUndefined();
        return out;
      };

      expect(recordedSynth()).toMatch(/^synthesized \d+ files/); // no build/ yet: builds
      const first = builtAt();
      expect(synth()).toMatch(/^synthesized \d+ files/);
      expect(builtAt()).toBe(first); // not rebuilt
      expect(readTree(path.join(root, 'dist'))).toEqual(readTree(path.join(ROOT, 'dist')));

      // A new file that an existing import now resolves to (esbuild tries .tsx before .ts).
      const source = path.join(root, 'lib', 'synth', 'write-synthesis');
      fs.writeFileSync(
        `${source}.tsx`,
        `${fs.readFileSync(`${source}.ts`, 'utf8')}\nprocess.stdout.write('new module\\n');\n`,
      );
      expect(synth()).toMatch(/^new module\nsynthesized \d+ files/);
      fs.rmSync(`${source}.tsx`);

      // A changed source runs as changed.
      expect(recordedSynth()).toMatch(/^synthesized \d+ files/);
      const main = path.join(root, 'main.ts');
      fs.writeFileSync(main, fs.readFileSync(main, 'utf8').replace('`synthesized ${', '`SYNTHESIZED ${'));
      expect(synth()).toMatch(/^SYNTHESIZED \d+ files/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

test('a build error stops scripts/synth.mjs with the file and line, no stack trace, dist/ and the record untouched', () => {
  const root = temporaryProject();
  try {
    fs.appendFileSync(path.join(root, 'lib', 'synth', 'write-synthesis.ts'), 'export const broken = ;\n');
    const before = readTree(path.join(root, 'dist'));
    const run = spawnSync(process.execPath, ['scripts/synth.mjs'], { cwd: root, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/lib\/synth\/write-synthesis\.ts:\d+:\d+:/);
    expect(run.stderr).toContain('the build failed (errors above): nothing synthesized, dist/ left unchanged');
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(readTree(path.join(root, 'dist'))).toEqual(before);
    expect(staleReason(root)).toBe('no readable build record');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
