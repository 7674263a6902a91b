import * as fs from 'node:fs';
import * as path from 'node:path';
import { MATRIX_FILE } from './environment-matrix';
import type { SynthesisResult } from './synthesize';
import { type TreeOnDisk, writeTreeAtomically } from './write-tree';

export const DIST_DIR = 'dist';

/** Replaces one file by a rename, so readers never see it half-written; an equal file is left alone. */
export function writeFileAtomically(file: string, content: string): void {
  if (fs.lstatSync(file, { throwIfNoEntry: false })?.isFile() && fs.readFileSync(file).equals(Buffer.from(content)))
    return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, content);
  fs.renameSync(temporary, file);
}

/**
 * Writes `dist/` (swapped in whole) and the environment matrix. `previous` is the committed
 * `dist/` when the caller has read it already, so unchanged files are not read a second time.
 */
export function writeOutputs(root: string, result: SynthesisResult, previous?: TreeOnDisk): void {
  writeTreeAtomically(path.join(root, DIST_DIR), result.dist, previous);
  writeFileAtomically(path.join(root, MATRIX_FILE), result.matrix);
}
