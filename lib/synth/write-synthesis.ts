import * as path from 'node:path';
import { immutableChanges, type ImmutableChange } from './immutable-fields';
import type { SynthesisResult } from './synthesize';
import { DIST_DIR, writeOutputs } from './write-outputs';
import { readTreeOnDisk } from './write-tree';

export interface WriteSynthesisOptions {
  /**
   * Refuse, writing nothing, when a StatefulSet would change a field Kubernetes does not update.
   * @default false: the caller warns with `immutable`, and the output is written
   */
  readonly strict?: boolean;
}

/** What writing a synth did. */
export interface WriteSynthesisResult {
  /** StatefulSet changes against the `dist/` on disk that need the runbook on the cluster. */
  readonly immutable: readonly ImmutableChange[];
  /** False when `strict` refused; `dist/` and the matrix are then as they were. */
  readonly written: boolean;
}

/**
 * The end of `npm run synth` and `cli synth`: the result checked against the `dist/` on disk,
 * then written. A change Kubernetes refuses on an existing StatefulSet is still the change
 * wanted (a bigger volume, backups turned on): the fix is a runbook on the cluster, not another
 * `dist/`, so it is written unless `strict`.
 */
export function writeSynthesis(
  root: string,
  result: SynthesisResult,
  options: WriteSynthesisOptions = {},
): WriteSynthesisResult {
  // Read once: for the StatefulSet check, and so that unchanged files are not read again.
  const previous = readTreeOnDisk(path.join(root, DIST_DIR));
  const immutable = immutableChanges(previous.files, result.dist);
  if (options.strict && immutable.length > 0) return { immutable, written: false };
  writeOutputs(root, result, previous);
  return { immutable, written: true };
}
