import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileTree } from './render-environment';

/**
 * Replaces `dir` with exactly `files`, or leaves it untouched. The tree is written to a sibling
 * folder first and swapped in with renames, so a failure half-way never leaves a mixed `dist/`.
 */
export function writeTreeAtomically(dir: string, files: FileTree): void {
  const parent = path.dirname(path.resolve(dir));
  const base = path.basename(dir);
  const staging = fs.mkdtempSync(path.join(parent, `.${base}.new-`));
  const retired = path.join(parent, `.${base}.old-${process.pid}-${Date.now()}`);
  try {
    const folders = new Set<string>([staging]);
    for (const [relative, content] of [...files.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const target = path.join(staging, relative);
      const folder = path.dirname(target);
      // One mkdir per folder, not per file: a synth writes hundreds of files into a few folders.
      if (!folders.has(folder)) {
        fs.mkdirSync(folder, { recursive: true });
        folders.add(folder);
      }
      fs.writeFileSync(target, content);
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

/** Every file under `dir`, keyed by its path relative to `dir` (with `/` separators). */
export function readTree(dir: string): FileTree {
  const files: FileTree = new Map();
  const walk = (current: string): void => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(path.relative(dir, full).split(path.sep).join('/'), fs.readFileSync(full, 'utf8'));
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return files;
}
