/**
 * writeTreeAtomically: dist/ becomes exactly the new tree or stays as it was; unchanged files are
 * carried over as hard links (not rewritten), and nothing of the old tree is left behind.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readTree, readTreeOnDisk, writeTreeAtomically } from '../lib/synth/write-tree';

let parent: string;
let dir: string;
beforeEach(() => {
  parent = fs.mkdtempSync(path.join(os.tmpdir(), 'write-tree-'));
  dir = path.join(parent, 'dist');
});
afterEach(() => fs.rmSync(parent, { recursive: true, force: true }));

const inode = (relative: string): number => fs.statSync(path.join(dir, relative)).ino;

test('the new tree replaces the old one exactly; unchanged files keep their inode, changed ones do not', () => {
  writeTreeAtomically(
    dir,
    new Map([
      ['same.yaml', 'kind: A\n'],
      ['env/templates/changed.yaml', 'kind: B\n'],
      ['env/templates/resized.yaml', 'kind: C\n'],
      ['gone.yaml', 'kind: D\n'],
    ]),
  );
  const before = { same: inode('same.yaml'), changed: inode('env/templates/changed.yaml') };
  const next = new Map([
    ['same.yaml', 'kind: A\n'],
    ['env/templates/changed.yaml', 'kind: X\n'], // same length, other bytes
    ['env/templates/resized.yaml', 'kind: CC\n'],
    ['env/new.yaml', 'kind: E\n'],
  ]);
  writeTreeAtomically(dir, next);
  expect(readTree(dir)).toEqual(next);
  expect(inode('same.yaml')).toBe(before.same);
  expect(inode('env/templates/changed.yaml')).not.toBe(before.changed);
  // The old tree is gone, so no file is still shared with anything.
  for (const file of next.keys()) expect([file, fs.statSync(path.join(dir, file)).nlink]).toEqual([file, 1]);
  expect(fs.readdirSync(parent)).toEqual(['dist']);
});

test('a symbolic link in the old tree is replaced by a file, never linked', () => {
  writeTreeAtomically(dir, new Map([['a.yaml', 'kind: A\n']]));
  fs.writeFileSync(path.join(parent, 'outside.yaml'), 'kind: A\n');
  fs.rmSync(path.join(dir, 'a.yaml'));
  fs.symlinkSync(path.join(parent, 'outside.yaml'), path.join(dir, 'a.yaml'));
  writeTreeAtomically(dir, new Map([['a.yaml', 'kind: A\n']]));
  expect(fs.lstatSync(path.join(dir, 'a.yaml')).isFile()).toBe(true);
  expect(fs.statSync(path.join(parent, 'outside.yaml')).nlink).toBe(1);
});

test('a failure half-way leaves the old tree as it was and no staging folder', () => {
  const old = new Map([['a.yaml', 'kind: A\n']]);
  writeTreeAtomically(dir, old);
  // `x` cannot be both a file and a folder.
  const impossible = new Map([
    ['a.yaml', 'kind: A\n'],
    ['x', 'file\n'],
    ['x/y.yaml', 'kind: Y\n'],
  ]);
  expect(() => writeTreeAtomically(dir, impossible)).toThrow();
  expect(readTree(dir)).toEqual(old);
  expect(fs.readdirSync(parent)).toEqual(['dist']);
});

test('a tree already on disk is left untouched: same folder, same files, no staging folder', () => {
  const files = new Map([
    ['a.yaml', 'kind: A\n'],
    ['env/templates/b.yaml', 'kind: B\n'],
  ]);
  writeTreeAtomically(dir, files);
  const before = {
    dir: fs.statSync(dir).ino,
    a: inode('a.yaml'),
    mtime: fs.statSync(path.join(dir, 'a.yaml')).mtimeMs,
  };
  writeTreeAtomically(dir, new Map(files));
  expect({
    dir: fs.statSync(dir).ino,
    a: inode('a.yaml'),
    mtime: fs.statSync(path.join(dir, 'a.yaml')).mtimeMs,
  }).toEqual(before);
  expect(fs.readdirSync(parent)).toEqual(['dist']);
});

test('a tree that also holds an empty folder is rewritten without it', () => {
  const files = new Map([['a.yaml', 'kind: A\n']]);
  writeTreeAtomically(dir, files);
  fs.mkdirSync(path.join(dir, 'left-over'));
  expect(readTreeOnDisk(dir).plain).toBe(false);
  writeTreeAtomically(dir, files);
  expect(fs.readdirSync(dir)).toEqual(['a.yaml']);
});

test('a file that is not UTF-8 is never taken for the text it decodes to', () => {
  // 0xff decodes to U+FFFD: the same text as the new content, other bytes.
  writeTreeAtomically(dir, new Map([['a.yaml', 'kind: A\n']]));
  fs.writeFileSync(path.join(dir, 'a.yaml'), Buffer.from([0x78, 0xff, 0x0a]));
  const content = 'x\uFFFD\n';
  expect(readTreeOnDisk(dir)).toEqual({ files: new Map([['a.yaml', content]]), plain: false });
  writeTreeAtomically(dir, new Map([['a.yaml', content]]));
  expect(fs.readFileSync(path.join(dir, 'a.yaml'))).toEqual(Buffer.from(content));
});

test('a file of the same size whose bytes decode to the new text is rewritten, not linked', () => {
  // A truncated four-byte sequence decodes to one U+FFFD: the same text and the same byte count
  // as the new content, other bytes.
  const content = 'x\uFFFD\n';
  writeTreeAtomically(dir, new Map([['a.yaml', content]]));
  fs.writeFileSync(path.join(dir, 'a.yaml'), Buffer.from([0x78, 0xf0, 0x9f, 0x98, 0x0a]));
  expect(fs.statSync(path.join(dir, 'a.yaml')).size).toBe(Buffer.byteLength(content));
  expect(readTreeOnDisk(dir).files.get('a.yaml')).toBe(content);
  writeTreeAtomically(dir, new Map([['a.yaml', content]]));
  expect(fs.readFileSync(path.join(dir, 'a.yaml'))).toEqual(Buffer.from(content));
});
