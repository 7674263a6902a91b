import { execFileSync } from 'node:child_process';
import type { FileTree } from '../common/manifest';
import { CliError } from './cli-error';

/** The files under `dir` as committed at `ref`, keyed by path relative to `dir`. */
export function readTreeAtRef(root: string, ref: string, dir: string): FileTree {
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 256 * 1024 * 1024,
    });
  try {
    git('rev-parse', '--verify', '--quiet', `${ref}^{commit}`);
  } catch {
    throw new CliError(`unknown git revision "${ref}"`);
  }
  const files: FileTree = new Map();
  for (const file of git('ls-tree', '-r', '--name-only', ref, '--', dir).split('\n').filter(Boolean)) {
    files.set(file.slice(dir.length + 1), git('show', `${ref}:${file}`));
  }
  return files;
}
