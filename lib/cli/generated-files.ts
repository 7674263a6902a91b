/**
 * Files the CLI generates from the configuration and that are committed (the environment
 * matrix, Trivy's configuration): written when they differ, or, with `--check`, compared only,
 * so CI can fail on a stale copy. One implementation for every such command, so they report and
 * refuse alike.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomically } from '../synth/write-outputs';
import { CliError } from './cli-error';

export interface GeneratedFilesOptions {
  /** Compare only: throw a {@link CliError} naming the stale files, write nothing. @default false */
  readonly check?: boolean;
  /** The CLI command that regenerates the files, named in the refusal. */
  readonly command: string;
  /** Where the progress lines go. */
  readonly out: (text: string) => void;
}

/**
 * Writes each of `files` (path under `root` → content) whose content on disk differs, or with
 * `check` refuses when any differs. A missing file differs.
 */
export function writeOrCheck(root: string, files: ReadonlyMap<string, string>, options: GeneratedFilesOptions): void {
  const stale = [...files].filter(([file, text]) => {
    const full = path.join(root, file);
    return !fs.existsSync(full) || fs.readFileSync(full, 'utf8') !== text;
  });
  if (options.check && stale.length > 0) {
    throw new CliError(
      `${stale.map(([f]) => f).join(', ')} out of date: run \`npm run cli -- ${options.command}\` and commit the result`,
    );
  }
  if (stale.length === 0) return options.out(`${[...files.keys()].join(', ')} up to date\n`);
  for (const [file, text] of stale) {
    // By a rename, as the synth writes: a reader never sees half a file, an interrupted run leaves the old one.
    writeFileAtomically(path.join(root, file), text);
    options.out(`wrote ${file}\n`);
  }
}
