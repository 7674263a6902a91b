import { isUtf8 } from 'node:buffer';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileTree } from '../common/manifest';
import { compareText } from '../common/compare-text';

/** A folder as read from disk: its regular files, and whether it holds anything else. */
export interface TreeOnDisk {
  /** Every regular file, keyed by its path relative to the folder (with `/` separators). */
  readonly files: FileTree;
  /**
   * False when the folder also holds a link, an empty folder, a special file or a file that is
   * not UTF-8 text: such a tree is never taken to equal a generated one, so it is rewritten.
   */
  readonly plain: boolean;
}

/**
 * Replaces `dir` with exactly `files`, or leaves it untouched. When `dir` already holds exactly
 * `files` (a synth after an edit that changed no output, the usual case) nothing is written.
 * Otherwise the tree is written to a sibling folder first and swapped in with renames, so a
 * failure half-way never leaves a mixed `dist/`. A file whose bytes are unchanged is hard-linked
 * from the tree it replaces rather than written again: creating and later deleting hundreds of
 * files was most of the time of a large synth, and a link leaves the old tree's data in place,
 * so deleting that tree frees nothing. Files are never modified in place, so sharing an inode
 * between the two trees is safe. `previous` is `dir` as read already (the synth reads it once,
 * for the StatefulSet check).
 */
export function writeTreeAtomically(dir: string, files: FileTree, previous: TreeOnDisk = readTreeOnDisk(dir)): void {
  if (previous.plain && sameFiles(previous.files, files)) return;
  const parent = path.dirname(path.resolve(dir));
  const base = path.basename(dir);
  const staging = fs.mkdtempSync(path.join(parent, `.${base}.new-`));
  const retired = path.join(parent, `.${base}.old-${process.pid}-${Date.now()}`);
  try {
    const folders = new Set<string>([staging]);
    for (const [relative, content] of [...files.entries()].sort(([a], [b]) => compareText(a, b))) {
      const target = path.join(staging, relative);
      const folder = path.dirname(target);
      // One mkdir per folder, not per file: a synth writes hundreds of files into a few folders.
      if (!folders.has(folder)) {
        fs.mkdirSync(folder, { recursive: true });
        folders.add(folder);
      }
      if (!linkIfUnchanged(path.join(dir, relative), target, content, previous.files.get(relative))) {
        fs.writeFileSync(target, content);
      }
    }
    const existed = fs.existsSync(dir);
    if (existed) fs.renameSync(dir, retired);
    try {
      fs.renameSync(staging, dir);
    } catch (error) {
      if (existed) fs.renameSync(retired, dir);
      throw error;
    }
    if (existed) fs.rmSync(retired, { recursive: true, force: true });
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Hard-links `previous` to `target` when it holds exactly `content`; `text` is what reading it
 * gave (readTreeOnDisk), undefined when it is not a regular file there.
 */
function linkIfUnchanged(previous: string, target: string, content: string, text: string | undefined): boolean {
  if (text !== content) return false;
  try {
    // Equal text can still hide other bytes: U+FFFD is also what bytes that are not UTF-8 decode to.
    if (text.includes('\uFFFD') && !fs.readFileSync(previous).equals(Buffer.from(content))) return false;
    fs.linkSync(previous, target);
    return true;
  } catch {
    return false; // gone meanwhile, or a file system without hard links: write it instead
  }
}

function sameFiles(a: FileTree, b: FileTree): boolean {
  if (a.size !== b.size) return false;
  for (const [file, content] of a) if (b.get(file) !== content) return false;
  return true;
}

/** Every regular file under `dir`, keyed by its path relative to `dir` (with `/` separators). */
export function readTree(dir: string): FileTree {
  return readTreeOnDisk(dir).files;
}

/** `dir` as it is on disk; a missing folder is an empty, plain tree. */
export function readTreeOnDisk(dir: string): TreeOnDisk {
  const files: FileTree = new Map();
  let plain = true;
  // Relative paths are built as the walk descends: path.relative() per file was a third of it.
  const walk = (current: string, prefix: string): void => {
    const entries = fs.readdirSync(current, { withFileTypes: true });
    if (entries.length === 0 && prefix !== '') plain = false;
    for (const entry of entries) {
      const full = `${current}/${entry.name}`;
      if (entry.isDirectory()) walk(full, `${prefix}${entry.name}/`);
      else if (!entry.isFile()) plain = false;
      else {
        // Read as text (Node decodes it natively, without a Buffer); only a file whose text has
        // a replacement character is read again as bytes, to tell such a character from bytes
        // that are not UTF-8 at all.
        const text = fs.readFileSync(full, 'utf8');
        if (text.includes('\uFFFD') && !isUtf8(fs.readFileSync(full))) plain = false;
        files.set(`${prefix}${entry.name}`, text);
      }
    }
  };
  if (fs.existsSync(dir)) walk(dir, '');
  return { files, plain };
}
