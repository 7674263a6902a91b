/**
 * A generated configuration: the committed `config/` folder with a list of mutations applied.
 * A mutation is plain data (which file, which node, what value), so fast-check can shrink a
 * failing list to the one edit that matters and print it; `materialize` applies the list to the
 * committed files deterministically.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isCollection, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { ROOT } from '../project';

/** Files of the committed configuration, by path under the project root. */
const BASE_FILES: ReadonlyMap<string, string> = new Map(
  ['config/project.yaml', 'config/app.yaml', 'config/clusters', 'config/environments'].flatMap((entry) =>
    entry.endsWith('.yaml')
      ? [[entry, fs.readFileSync(path.join(ROOT, entry), 'utf8')] as const]
      : fs
          .readdirSync(path.join(ROOT, entry))
          .sort()
          .map((name) => [`${entry}/${name}`, fs.readFileSync(path.join(ROOT, entry, name), 'utf8')] as const),
  ),
);

/** Which file a mutation edits: an index into the files present (of its kind), taken modulo their count. */
export type FilePick = number;

/** The kinds of configuration file. */
export type FileKind = 'project' | 'app' | 'cluster' | 'environment';

const KIND_PREFIX: Record<FileKind, string> = {
  project: 'config/project.yaml',
  app: 'config/app.yaml',
  cluster: 'config/clusters/',
  environment: 'config/environments/',
};

/** Text-level tricks: what a YAML reader or an editor can do to a file without changing a key. */
export const TEXT_TRICKS = [
  'empty',
  'whitespace',
  'comment-only',
  'crlf',
  'cr',
  'bom',
  'yaml-1.1-directive',
  'second-document',
  'document-end',
  'tabs',
  'nul-byte',
  'invalid-utf8',
  'long-line',
  'duplicate-key',
  'anchors',
  'merge-key',
  'truncate',
  'top-level-list',
  'top-level-scalar',
] as const;
export type TextTrick = (typeof TEXT_TRICKS)[number];

export type Mutation =
  /** Sets the node at the `pick`-th path of the file (every node, depth first) to `value`. */
  | { readonly op: 'set'; readonly file: FilePick; readonly pick: number; readonly value: unknown }
  /**
   * Sets a named field (dotted path; created when missing) of a file of one kind, for the fields
   * whose values matter most.
   */
  | {
      readonly op: 'field';
      readonly kind: FileKind;
      readonly file: FilePick;
      readonly field: string;
      readonly value: unknown;
    }
  /** Deletes the node at the `pick`-th path. */
  | { readonly op: 'delete'; readonly file: FilePick; readonly pick: number }
  /** Renames the key at the `pick`-th path of a map (a misspelt or unknown key). */
  | { readonly op: 'rename-key'; readonly file: FilePick; readonly pick: number; readonly key: string }
  | { readonly op: 'text'; readonly file: FilePick; readonly trick: TextTrick; readonly at: number }
  /** An alias bomb: `depth` levels of `width` aliases each, under an unknown key. */
  | { readonly op: 'alias-bomb'; readonly file: FilePick; readonly width: number; readonly depth: number }
  /** Moves the file to another name in its folder (`name` is the new base name). */
  | { readonly op: 'rename-file'; readonly file: FilePick; readonly name: string }
  | { readonly op: 'delete-file'; readonly file: FilePick }
  /** A stray entry in a config folder: an odd file or a folder. */
  | {
      readonly op: 'stray';
      readonly dir: 'config' | 'config/clusters' | 'config/environments';
      readonly name: string;
      readonly kind: 'file' | 'dir' | 'copy';
    }
  /** A new environment: a copy of one committed environment under another name. */
  | { readonly op: 'add-environment'; readonly template: number; readonly name: string };

/** A configuration folder to synthesize: file contents (a Buffer for bytes that are not UTF-8) and folders. */
export interface ConfigCase {
  readonly files: ReadonlyMap<string, string | Buffer>;
  /** Extra empty folders (a folder named like a configuration file). */
  readonly dirs: readonly string[];
  /** The files a mutation wrote, renamed or deleted: a refusal must name one of them. */
  readonly touched: ReadonlySet<string>;
}

type Key = string | number;

/** Every path in the document, depth first: map keys and sequence indexes. */
function nodePaths(doc: Document): Key[][] {
  const paths: Key[][] = [];
  const walk = (node: unknown, at: Key[]): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        paths.push([...at, key]);
        walk(pair.value, [...at, key]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        paths.push([...at, i]);
        walk(item, [...at, i]);
      });
    }
  };
  walk(doc.contents, []);
  return paths;
}

const pickOf = <T>(items: readonly T[], pick: number): T | undefined =>
  items.length === 0 ? undefined : items[pick % items.length];

/** The committed file a `FilePick` names among those present (sorted). */
function pickFile(files: Map<string, string | Buffer>, pick: FilePick, kind?: FileKind): string | undefined {
  const candidates = [...files.keys()].filter((f) => f.endsWith('.yaml') && (!kind || f.startsWith(KIND_PREFIX[kind])));
  return pickOf(candidates.sort(), pick);
}

function editDocument(text: string, edit: (doc: Document) => void): string {
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length > 0 || !isCollection(doc.contents)) return text;
  try {
    edit(doc);
  } catch {
    // A path through a scalar (setIn refuses it): the mutation does nothing.
    return text;
  }
  return doc.toString({ lineWidth: 0 });
}

/** `name: <old>` and every `<old>` word in the copy become the new name; `tier` keeps its value. */
function renamedEnvironment(text: string, from: string, to: string): string {
  return text
    .split('\n')
    .map((line) => (/^tier:/.test(line) ? line : line.replace(new RegExp(`\\b${from}\\b`, 'g'), to)))
    .join('\n');
}

function applyText(text: string, trick: TextTrick, at: number): string | Buffer {
  const lines = text.split('\n');
  switch (trick) {
    case 'empty':
      return '';
    case 'whitespace':
      return '  \n\t\n';
    case 'comment-only':
      return '# nothing configured yet\n';
    case 'crlf':
      return text.replace(/\n/g, '\r\n');
    case 'cr':
      return text.replace(/\n/g, '\r');
    case 'bom':
      return `\uFEFF${text}`;
    case 'yaml-1.1-directive':
      return `%YAML 1.1\n---\n${text}`;
    case 'second-document':
      return `${text}---\nname: other\n`;
    case 'document-end':
      return `${text}...\n`;
    case 'tabs':
      return text.replace(/^( +)/gm, (spaces) => '\t'.repeat(spaces.length / 2));
    case 'nul-byte':
      return `${text.slice(0, at % (text.length + 1))}\u0000${text.slice(at % (text.length + 1))}`;
    case 'invalid-utf8': {
      const bytes = Buffer.from(text);
      const i = at % (bytes.length + 1);
      return Buffer.concat([bytes.subarray(0, i), Buffer.from([0xc3, 0x28, 0xff]), bytes.subarray(i)]);
    }
    case 'long-line':
      return `${text}# ${'x'.repeat(1100)}\n`;
    case 'duplicate-key': {
      const keyLine = pickOf(
        lines.filter((l) => /^[a-zA-Z]+:/.test(l)),
        at,
      );
      return keyLine ? `${text}${keyLine}\n` : text;
    }
    case 'anchors':
      return editDocument(text, (doc) => {
        const paths = nodePaths(doc).filter((p) => isScalar(doc.getIn(p, true)));
        const target = pickOf(paths, at);
        if (!target) return;
        const node = doc.getIn(target, true) as Node;
        node.anchor = 'a1';
        doc.set('x-anchor-use', doc.createAlias(node as never, 'a1'));
      });
    case 'merge-key':
      return `${text}defaults: &defaults {replicas: 1}\nextra:\n  <<: *defaults\n`;
    case 'truncate':
      return text.slice(0, at % (text.length + 1));
    case 'top-level-list':
      return `- ${lines.join('\n  ')}\n`;
    case 'top-level-scalar':
      return 'just a sentence\n';
  }
}

function aliasBomb(width: number, depth: number): string {
  const levels = [`x-bomb-0: &b0 [${Array.from({ length: width }, () => '"lol"').join(', ')}]`];
  for (let d = 1; d <= depth; d += 1)
    levels.push(`x-bomb-${d}: &b${d} [${Array.from({ length: width }, () => `*b${d - 1}`).join(', ')}]`);
  return `${levels.join('\n')}\n`;
}

/** The committed configuration with `mutations` applied in order. */
export function materialize(mutations: readonly Mutation[]): ConfigCase {
  const files = new Map<string, string | Buffer>(BASE_FILES);
  const dirs: string[] = [];
  const touched = new Set<string>();
  const editText = (file: string, edit: (text: string) => string | Buffer): void => {
    const before = files.get(file);
    if (before === undefined) return;
    files.set(file, edit(before.toString()));
    touched.add(file);
  };
  for (const m of mutations) {
    switch (m.op) {
      case 'set':
      case 'delete':
      case 'rename-key': {
        const file = pickFile(files, m.file);
        if (!file) break;
        editText(file, (text) =>
          editDocument(text, (doc) => {
            const target = pickOf(nodePaths(doc), m.pick);
            if (!target) return;
            if (m.op === 'set') doc.setIn(target, doc.createNode(m.value));
            else if (m.op === 'delete') doc.deleteIn(target);
            else if (typeof target[target.length - 1] === 'string') {
              const value = doc.getIn(target, true);
              doc.deleteIn(target);
              doc.setIn([...target.slice(0, -1), m.key], value);
            }
          }),
        );
        break;
      }
      case 'field': {
        const file = pickFile(files, m.file, m.kind);
        if (!file) break;
        editText(file, (text) => editDocument(text, (doc) => doc.setIn(m.field.split('.'), doc.createNode(m.value))));
        break;
      }
      case 'text': {
        const file = pickFile(files, m.file);
        if (file) editText(file, (text) => applyText(text, m.trick, m.at));
        break;
      }
      case 'alias-bomb': {
        const file = pickFile(files, m.file);
        if (file) editText(file, (text) => `${text}${aliasBomb(m.width, m.depth)}`);
        break;
      }
      case 'rename-file': {
        const file = pickFile(files, m.file);
        if (!file) break;
        const target = `${path.posix.dirname(file)}/${m.name}`;
        if (files.has(target)) break;
        files.set(target, files.get(file) as string);
        files.delete(file);
        touched.add(file).add(target);
        break;
      }
      case 'delete-file': {
        const file = pickFile(files, m.file);
        if (!file) break;
        files.delete(file);
        touched.add(file);
        break;
      }
      case 'stray': {
        const target = `${m.dir}/${m.name}`;
        if (files.has(target) || dirs.includes(target)) break;
        if (m.kind === 'dir') dirs.push(target);
        else
          files.set(target, m.kind === 'copy' ? (BASE_FILES.get('config/environments/dev.yaml') as string) : 'x: 1\n');
        touched.add(target);
        break;
      }
      case 'add-environment': {
        const templates = [...BASE_FILES.keys()].filter((f) => f.startsWith('config/environments/'));
        const template = templates[m.template % templates.length];
        const from = path.posix.basename(template, '.yaml');
        const target = `config/environments/${m.name}.yaml`;
        if (files.has(target)) break;
        files.set(target, renamedEnvironment(BASE_FILES.get(template) as string, from, m.name));
        touched.add(target);
        break;
      }
    }
  }
  return { files, dirs, touched };
}

/**
 * Where cases and charts are written: memory when the system offers it (/dev/shm), since a run
 * writes and removes thousands of small files and the disk is shared with everything else.
 */
export const SCRATCH = fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();

/** Writes a case under `root` (a fresh folder): its files and folders. */
export function writeCase(root: string, c: ConfigCase): void {
  for (const dir of ['config/clusters', 'config/environments', ...c.dirs])
    fs.mkdirSync(path.join(root, dir), { recursive: true });
  for (const [file, content] of c.files) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  }
}
