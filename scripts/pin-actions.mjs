// Rewrites every `uses:` of a third-party action in the workflows to the commit pinned in
// .github/action-pins.json, with the version as a comment: `owner/repo[/path]@<sha> # <version>`.
// Offline: it only reads the pins file. `--check` changes nothing and exits 1 when a workflow
// differs from the pins (what test/workflows.test.ts also checks).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const PINS_FILE = '.github/action-pins.json';
export const WORKFLOW_DIRS = ['.github/workflows', 'examples/app-repo/.github/workflows'];
/** A `uses:` line: indentation and list dash, the reference, an optional trailing comment. */
const USES = /^(\s*(?:-\s+)?uses:\s*)(['"]?)([^\s'"#]+)\2(\s+#.*)?$/;

/** `owner/repo` of a reference `owner/repo[/path]@ref`, or undefined for local and docker actions. */
export function actionOf(reference) {
  if (reference.startsWith('./') || reference.startsWith('docker://')) return undefined;
  const [name] = reference.split('@');
  return name.split('/').slice(0, 2).join('/');
}

/** Rewrites one workflow's text; returns the new text and the actions the pins file lacks. */
export function pinWorkflow(text, pins) {
  const missing = [];
  const lines = text.split('\n').map((line) => {
    const match = USES.exec(line);
    if (!match) return line;
    const [, prefix, , reference] = match;
    const action = actionOf(reference);
    if (!action) return line;
    const pin = pins.find((p) => p.action.toLowerCase() === action.toLowerCase());
    if (!pin) {
      missing.push(action);
      return line;
    }
    const [name] = reference.split('@');
    return `${prefix}${name}@${pin.sha} # ${pin.version}`;
  });
  return { text: lines.join('\n'), missing };
}

export function readPins(dir = root) {
  return JSON.parse(fs.readFileSync(path.join(dir, PINS_FILE), 'utf8')).pins;
}

export function workflowFiles(dir = root) {
  return WORKFLOW_DIRS.filter((d) => fs.existsSync(path.join(dir, d))).flatMap((d) =>
    fs
      .readdirSync(path.join(dir, d))
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()
      .map((f) => `${d}/${f}`),
  );
}

function main() {
  const { values } = parseArgs({
    options: {
      check: { type: 'boolean', default: false },
      root: { type: 'string', default: root },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(`usage: node scripts/pin-actions.mjs [--check] [--root <dir>]
Pins every third-party action in ${WORKFLOW_DIRS.join(' and ')} to the commit in ${PINS_FILE}.`);
    return 0;
  }
  const pins = readPins(values.root);
  let changed = 0;
  const missing = new Set();
  for (const file of workflowFiles(values.root)) {
    const full = path.join(values.root, file);
    const before = fs.readFileSync(full, 'utf8');
    const result = pinWorkflow(before, pins);
    for (const action of result.missing) missing.add(`${file}: ${action}`);
    if (result.text === before) continue;
    changed += 1;
    if (values.check) console.log(`${file}: differs from ${PINS_FILE}`);
    else {
      fs.writeFileSync(full, result.text);
      console.log(`${file}: pinned`);
    }
  }
  for (const entry of missing)
    console.error(`${entry} is not in ${PINS_FILE}: add its version and the tag's commit sha there`);
  if (missing.size > 0 || (values.check && changed > 0)) return 1;
  console.log(values.check ? 'every action is pinned as in the pins file' : `${changed} workflow(s) rewritten`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main();
