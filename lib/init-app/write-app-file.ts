/**
 * Writes `config/app.yaml` from an app checkout. The file starts with a line holding the
 * SHA-256 of the rest, so a later run can tell a file it wrote (replaced freely) from one a person
 * has edited since (or wrote by hand): that one is kept unless `--force`. The contract is
 * validated by the same schema the synth uses before anything is written.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import type { AppContract } from '../app/app-contract';
import { APP_FILE, appSchema } from '../config/app-schema';
import { writeFileAtomically } from '../synth/write-outputs';

const MARK = '# Written by `npm run cli -- init-app`; sha256 of the rest of this file: ';

const digest = (body: string) => createHash('sha256').update(body).digest('hex');

/** The file's text: the mark line, a note, and the contract. */
function appFileText(contract: AppContract, checkout: string): string {
  const body =
    `# The app contract of ${checkout}, read from its settings. Edit freely: init-app will then\n` +
    '# refuse to overwrite it without --force. Check it against the app with `npm run cli -- check-app`.\n' +
    stringify(contract, { lineWidth: 0 });
  return `${MARK}${digest(body)}\n${body}`;
}

/** Whether `text` is a file init-app wrote and nobody edited since. */
function isUntouched(text: string): boolean {
  const newline = text.indexOf('\n');
  const first = text.slice(0, newline);
  return first.startsWith(MARK) && first.slice(MARK.length) === digest(text.slice(newline + 1));
}

/** Writes the contract to `root/config/app.yaml`; refuses an edited file without `force`. */
export function writeAppFile(root: string, contract: AppContract, checkout: string, force: boolean): string {
  const parsed = appSchema.safeParse(contract);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `the contract read from ${checkout} is not valid (${issue.path.join('.')}: ${issue.message}); nothing written`,
    );
  }
  const file = path.join(root, APP_FILE);
  if (fs.existsSync(file) && !force && !isUntouched(fs.readFileSync(file, 'utf8'))) {
    throw new Error(
      `${APP_FILE} was edited by hand (or not written by init-app): kept as it is; run again with --force to replace it`,
    );
  }
  writeFileAtomically(file, appFileText(contract, checkout));
  return APP_FILE;
}
