/**
 * Which files of `config/` are read, and a refusal for every other entry: a typo in a file name
 * (`dev.YAML`, `"dev.yaml "`) or a stray copy (`dev.yaml~`) would otherwise drop an environment
 * from `dist/` without a word, and ArgoCD would prune what it deployed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ConfigProblem } from './config-error';

/** The folder of the configuration, relative to the project root. */
const CONFIG_DIR = 'config';

/** The one extension of a configuration file; the file's name (without it) is what it configures. */
export const CONFIG_EXTENSION = '.yaml';

/** Whether `name` is the name of a file that is read: `<name>.yaml`, nothing around it. */
const isConfigFileName = (name: string): boolean =>
  name.endsWith(CONFIG_EXTENSION) && name.length > CONFIG_EXTENSION.length && name.trim() === name;

// Copies editors and tools leave beside a file: backups, swap files, merge leftovers.
const LEFTOVER = /(~|\.(bak|backup|old|orig|rej|swp|swo|tmp|save|sav|copy))$|^\.?#|^\._/i;

/** Why the entry `name` of a folder of configuration files is not read, in the user's terms. */
function notReadReason(name: string, isDirectory: boolean, dir: string): string {
  if (isDirectory)
    return `is a folder: only files ${dir}/<name>${CONFIG_EXTENSION} are read (move its files up or delete it)`;
  if (name.trim() !== name) {
    const trimmed = name.trim();
    return `is not read: its name has spaces at its ends (rename it to "${trimmed}")`;
  }
  const yamlLike = /^(.+)\.(ya?ml)$/i.exec(name);
  if (yamlLike)
    return `is not read: the extension must be ${CONFIG_EXTENSION}, in lower case (rename it to ${yamlLike[1]}${CONFIG_EXTENSION})`;
  if (LEFTOVER.test(name))
    return 'is not read: it looks like a backup or editor copy; delete it or move it out of config/ (only <name>.yaml files are read)';
  return `is not read: only files ${dir}/<name>${CONFIG_EXTENSION} are (rename or delete it)`;
}

/** The entries of `dir` under `root`, or undefined with a problem when it cannot be listed. */
function entries(root: string, dir: string, problems: ConfigProblem[]): fs.Dirent[] | undefined {
  try {
    return fs.readdirSync(path.join(root, dir), { withFileTypes: true });
  } catch (error) {
    problems.push({ file: dir, field: '', message: `cannot be read: ${(error as Error).message}` });
    return undefined;
  }
}

/**
 * The `<name>.yaml` files of a folder of configuration files, sorted, as paths from the root;
 * every other entry of it is a problem, and so is a folder with no file. `what` names what a
 * file configures (environment, cluster).
 */
export function configFiles(root: string, dir: string, what: string, problems: ConfigProblem[]): string[] {
  const listed = entries(root, dir, problems);
  if (!listed) return [];
  const names: string[] = [];
  for (const entry of listed) {
    // Whatever its type: a folder or a dangling link named <name>.yaml is reported when read.
    if (isConfigFileName(entry.name)) names.push(entry.name);
    else
      problems.push({
        file: `${dir}/${entry.name}`,
        field: '',
        message: notReadReason(entry.name, entry.isDirectory(), dir),
      });
  }
  if (names.length === 0)
    problems.push({ file: dir, field: '', message: `holds no ${what} file (<name>${CONFIG_EXTENSION})` });
  return names.sort().map((name) => `${dir}/${name}`);
}

/**
 * Refuses every entry of `config/` itself but the files and folders in `expected` (their own
 * problems, such as a missing project file, are reported where they are read).
 */
export function checkConfigFolder(root: string, expected: readonly string[], problems: ConfigProblem[]): void {
  let listed: fs.Dirent[];
  try {
    listed = fs.readdirSync(path.join(root, CONFIG_DIR), { withFileTypes: true });
  } catch {
    return; // the project file and the folders say it, each as it is read
  }
  for (const entry of listed) {
    if (expected.includes(entry.name)) continue;
    const message = isConfigFileName(entry.name)
      ? `is not read: ${CONFIG_DIR}/ holds ${expected.join(', ')} only; an environment goes in ${CONFIG_DIR}/environments/, a cluster in ${CONFIG_DIR}/clusters/`
      : notReadReason(entry.name, entry.isDirectory(), CONFIG_DIR);
    problems.push({ file: `${CONFIG_DIR}/${entry.name}`, field: '', message });
  }
}
