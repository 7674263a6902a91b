/**
 * scripts/build-record.cjs decides whether scripts/synth.mjs may skip the build: any change to a
 * file the build read, to the build's own files or outputs, or to a folder an import resolves in
 * (a new or deleted file) must mean "rebuild", and so must a missing, corrupt or foreign record,
 * or a build during which an input was written.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BUILD_FILES, RECORD_FILE, recordBuild, staleReason } from '../scripts/build-record.cjs';

let root: string;
const INPUTS = ['main.ts', 'lib/synth/launch.ts', 'lib/synth/code-cache.ts', 'node_modules/dep/index.js'];
const OUTPUTS = ['build/synth.js', 'build/main.js'];
/** Recorded with the inputs: the manifest of the installed package an input belongs to. */
const MANIFESTS = ['node_modules/dep/package.json'];
const HOUR_AGO = new Date(Date.now() - 3_600_000);

const file = (name: string) => path.join(root, name);
function write(name: string, content: string): void {
  fs.mkdirSync(path.dirname(file(name)), { recursive: true });
  fs.writeFileSync(file(name), content);
}
/** Records a build of INPUTS as if it had started after every file was written. */
const record = () => recordBuild(root, { inputs: INPUTS, outputs: OUTPUTS, startedAt: Date.now() + 60_000 });

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'build-record-'));
  for (const name of [...INPUTS, ...MANIFESTS, ...BUILD_FILES, ...OUTPUTS]) write(name, `// ${name}\n`);
  // An hour old, so that any later write gives another mtime whatever the file system's clock.
  for (const name of [...INPUTS, ...MANIFESTS, ...BUILD_FILES, ...OUTPUTS])
    fs.utimesSync(file(name), HOUR_AGO, HOUR_AGO);
  for (const dir of ['lib/synth', 'lib', 'node_modules/dep', 'scripts']) fs.utimesSync(file(dir), HOUR_AGO, HOUR_AGO);
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

test('nothing changed: no rebuild', () => {
  expect(record()).toBe(true);
  expect(staleReason(root)).toBeUndefined();
  expect(staleReason(root)).toBeUndefined(); // checking changes nothing
});

test('an input whose content changed, size kept, means a rebuild', () => {
  record();
  write('lib/synth/launch.ts', '// lib/synth/launch.tX\n');
  expect(staleReason(root)).toBe('lib/synth/launch.ts changed since the last build');
});

test('a changed file in node_modules, a build file or an output means a rebuild', () => {
  for (const name of ['node_modules/dep/index.js', 'package-lock.json', 'scripts/build.mjs', 'build/synth.js']) {
    record();
    fs.appendFileSync(file(name), ' ');
    expect(staleReason(root)).toBe(`${name} changed since the last build`);
  }
});

test('a deleted input or output means a rebuild', () => {
  record();
  fs.rmSync(file('build/main.js'));
  expect(staleReason(root)).toMatch(/^build\/main\.js changed since the last build/);
  write('build/main.js', '// build/main.js\n');
  record();
  fs.rmSync(file('lib/synth/code-cache.ts'));
  expect(staleReason(root)).toMatch(/changed since the last build/);
  record();
  fs.rmSync(file('build/main.js'));
  expect(staleReason(root)).toBe('build/main.js changed since the last build');
});

test('a new file beside an input, which an import could now resolve to, means a rebuild', () => {
  record();
  write('lib/synth/code-cache.tsx', 'export {};\n'); // esbuild tries .tsx before .ts
  expect(staleReason(root)).toBe('lib/synth changed since the last build');
});

test('a new node_modules folder on the way to an input means a rebuild', () => {
  record();
  write('lib/node_modules/dep/index.js', '');
  expect(staleReason(root)).toBe('lib changed since the last build');
});

test('a folder linked into the project is watched up to its target, not above it', () => {
  // As in test/support/project.ts temporaryProject: imports/ is a link to a folder elsewhere, and
  // esbuild names the files it read there by their real path, outside the project.
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'build-record-linked-'));
  try {
    fs.mkdirSync(path.join(outside, 'imports'));
    fs.writeFileSync(path.join(outside, 'imports', 'k8s.ts'), '// k8s\n');
    fs.utimesSync(path.join(outside, 'imports'), HOUR_AGO, HOUR_AGO);
    fs.symlinkSync(path.join(outside, 'imports'), file('imports'), 'dir');
    const input = path.relative(root, path.join(fs.realpathSync(outside), 'imports', 'k8s.ts'));
    const recordLinked = () =>
      recordBuild(root, { inputs: [...INPUTS, input], outputs: OUTPUTS, startedAt: Date.now() + 60_000 });

    expect(recordLinked()).toBe(true);
    // Beside the link's target, not in it (the way every mkdtemp changes the temporary folder).
    fs.writeFileSync(path.join(outside, 'unrelated'), '');
    expect(staleReason(root)).toBeUndefined();
    // In the linked folder: an import could now resolve to it.
    fs.writeFileSync(path.join(outside, 'imports', 'k8s.tsx'), '');
    expect(staleReason(root)).toMatch(/imports changed since the last build$/);
  } finally {
    fs.rmSync(outside, { recursive: true, force: true });
  }
});

test('a changed package.json of a package an input belongs to means a rebuild (esbuild resolves through it)', () => {
  record();
  fs.appendFileSync(file('node_modules/dep/package.json'), ' ');
  expect(staleReason(root)).toBe('node_modules/dep/package.json changed since the last build');
});

test('a top-level link pointed elsewhere means a rebuild, though every file it led to is unchanged', () => {
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'build-record-links-'));
  try {
    for (const dir of ['a', 'b']) fs.mkdirSync(path.join(outside, dir));
    fs.symlinkSync(path.join(outside, 'a'), file('imports'), 'dir');
    record();
    expect(staleReason(root)).toBeUndefined();
    fs.rmSync(file('imports'));
    fs.symlinkSync(path.join(outside, 'b'), file('imports'), 'dir');
    expect(staleReason(root)).toBe('a top-level link changed since the last build');
  } finally {
    fs.rmSync(outside, { recursive: true, force: true });
  }
});

test('an output another build renamed into place before the record was written: no record', () => {
  const inode = String(fs.statSync(file('build/synth.js'), { bigint: true }).ino);
  // Another build's file, renamed over ours after ours was renamed into place.
  write('build/other.js', '// another build\n');
  fs.renameSync(file('build/other.js'), file('build/synth.js'));
  const later = { outputs: OUTPUTS, startedAt: Date.now() + 60_000 };
  expect(recordBuild(root, { inputs: INPUTS, inodes: { 'build/synth.js': inode }, ...later })).toBe(false);
  expect(staleReason(root)).toBe('no readable build record');
  const now = String(fs.statSync(file('build/synth.js'), { bigint: true }).ino);
  expect(recordBuild(root, { inputs: INPUTS, inodes: { 'build/synth.js': now }, ...later })).toBe(true);
});

test('a missing, corrupt, truncated or foreign record means a rebuild', () => {
  expect(staleReason(root)).toBe('no readable build record');
  record();
  const recorded = fs.readFileSync(file(RECORD_FILE), 'utf8');
  fs.writeFileSync(file(RECORD_FILE), recorded.slice(0, recorded.length / 2));
  expect(staleReason(root)).toBe('no readable build record');
  fs.writeFileSync(file(RECORD_FILE), 'null');
  expect(staleReason(root)).toBe('a build record of another format');
  fs.writeFileSync(file(RECORD_FILE), JSON.stringify({ ...JSON.parse(recorded), format: 0 }));
  expect(staleReason(root)).toBe('a build record of another format');
  fs.writeFileSync(file(RECORD_FILE), JSON.stringify({ ...JSON.parse(recorded), files: {} }));
  expect(staleReason(root)).toBe('a build record without files');
  fs.writeFileSync(file(RECORD_FILE), JSON.stringify({ ...JSON.parse(recorded), outputs: [] }));
  expect(staleReason(root)).toBe('a build record without outputs');
});

test('an input missing at build time means a rebuild every time', () => {
  recordBuild(root, { inputs: [...INPUTS, 'gone.ts'], outputs: OUTPUTS, startedAt: Date.now() + 60_000 });
  expect(staleReason(root)).toBe('gone.ts was missing at the last build');
});

test('a build during which an input was written records nothing, so the next synth builds again', () => {
  record();
  write('lib/synth/launch.ts', '// written while esbuild ran\n');
  expect(recordBuild(root, { inputs: INPUTS, outputs: OUTPUTS, startedAt: Date.now() })).toBe(false);
  expect(fs.existsSync(file(RECORD_FILE))).toBe(false);
  expect(staleReason(root)).toBe('no readable build record');
});
