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

/** The project scripts/synth.mjs runs in (last test), copied first so its files age meanwhile. */
let synthProject: { root: string; copiedAt: number };
beforeAll(() => {
  synthProject = { root: temporaryProject(), copiedAt: Date.now() };
});
// Also when that test is filtered out (its own `finally` removes it too).
afterAll(() => fs.rmSync(synthProject.root, { recursive: true, force: true }));

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

describe('scripts/synth.mjs (`npm run synth`, `cdk8s synth`) builds only when an input changed', () => {
  test('the first synth builds the bundle and its code cache; no change: no build (npm run cli neither); a new file an import resolves to: a build; npm run build always builds', () => {
    const root = synthProject.root;
    try {
      const synth = () =>
        execFileSync(process.execPath, ['scripts/synth.mjs'], { cwd: root, stdio: 'pipe' }).toString();
      const bundle = path.join(root, 'build', 'synth.js');
      const builtAt = () => fs.statSync(bundle, { bigint: true }).mtimeNs;
      // A build is recorded only once its inputs are older than the race margin: the copy was made
      // before this file's other tests ran, so this waits only for what is left of the margin.
      const left = synthProject.copiedAt + MARGIN_MS + 200 - Date.now();
      if (left > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, left);
      expect(synth()).toMatch(/^synthesized \d+ files/); // no build/ yet: builds
      expect(staleReason(root)).toBeUndefined(); // and the build is recorded
      // The toJson rewrite (scripts/defined-entries.cjs) is in the bundle. (A boolean: a failure
      // should not print a 1 MB bundle.)
      expect(fs.readFileSync(bundle, 'utf8').includes(`function ${HELPER}(`)).toBe(true);
      expect(fs.readdirSync(path.join(root, 'build', CACHE_DIR)).filter((f) => f.endsWith('.bin'))).toHaveLength(1);
      const first = builtAt();
      expect(synth()).toMatch(/^synthesized \d+ files/); // from the code cache
      expect(builtAt()).toBe(first); // not rebuilt
      expect(readTree(path.join(root, 'dist'))).toEqual(readTree(path.join(ROOT, 'dist')));
      // `npm run cli` (scripts/cli.mjs) takes the same record: no build either.
      const check = execFileSync(process.execPath, ['scripts/cli.mjs', 'check'], { cwd: root, stdio: 'pipe' });
      expect(check.toString()).toMatch(/ 0 violation\(s\)\n$/);
      expect(builtAt()).toBe(first);

      // A new file that an existing import now resolves to (esbuild tries .tsx before .ts): the
      // record's folder stamps see it. (Which stat changes count, a same-size edit included, is
      // test/build-record.test.ts's subject.)
      const source = path.join(root, 'lib', 'synth', 'write-synthesis');
      fs.writeFileSync(
        `${source}.tsx`,
        `${fs.readFileSync(`${source}.ts`, 'utf8')}\nprocess.stdout.write('new module\\n');\n`,
      );
      expect(synth()).toMatch(/^new module\nsynthesized \d+ files/);

      // `npm run build` (scripts/build.mjs) builds whatever the record says.
      const beforeForced = builtAt();
      execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'pipe' });
      expect(builtAt()).not.toBe(beforeForced);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
