/**
 * Reading one configuration file: YAML parsed with its line positions, validated by a zod
 * schema, every problem located at the node it concerns (file:line:column).
 *
 * Two parsers, one reading. `yaml` (eemeli/yaml) keeps every node's position, which locating a
 * problem needs, but it reads a file four times slower than js-yaml, and the positions are only
 * needed when there is a problem. So js-yaml reads each file (YAML 1.2 core schema, duplicate
 * keys refused, as `yaml` with `uniqueKeys`), and `yaml` parses a file only to locate a problem
 * in it, or when js-yaml refuses it: then `yaml` decides, with its own messages and positions,
 * so what is accepted and what is said about a broken file are what `yaml` alone said.
 * test/yaml-file.test.ts holds both to the same data on every configuration file and on the
 * scalars where YAML 1.1 and 1.2 differ. Both read the text with its line breaks normalized, and
 * its expansion bounded (yaml-limits.ts) before anything walks its data.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CORE_SCHEMA, load } from 'js-yaml';
import { type Document, isCollection, isMap, isPair, isScalar, LineCounter, parseDocument } from 'yaml';
import type { ConfigProblem } from './config-error';
import { expansionProblem, inspectData, YAML_LIMITS } from './yaml-limits';

/** File contents to use instead of what is on disk, keyed by path relative to the root. */
export type ConfigOverrides = ReadonlyMap<string, string>;

/** A YAML document with what is needed to point at its nodes. */
export interface Positions {
  readonly doc: Document;
  readonly lines: LineCounter;
}

/** A parsed YAML file: its data, and its node positions on demand. */
export interface ParsedFile {
  readonly file: string;
  /** The file's text, line breaks normalized (what both parsers read). */
  readonly text: string;
  /** The file's content as plain data (undefined for a file without a document). */
  readonly data: unknown;
  /** The document with node positions, parsed on first use (only problems need it). */
  positions(): Positions;
}

/** `text` parsed by `yaml`, keeping positions; its errors are in `doc.errors`. */
export function parseWithPositions(text: string): Positions {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  return { doc, lines };
}

/**
 * False where js-yaml may read `text` otherwise than `yaml` does; `yaml` then reads it. Where
 * they are known to part: a `%YAML 1.1` directive (`yaml` switches schema, js-yaml does not),
 * an implicit key over 1024 characters (`yaml` refuses it, as YAML 1.2 says), and an empty
 * key, which js-yaml names "null" and `yaml` "".
 */
function readsAlike(text: string, hasNullKey: boolean): boolean {
  return !/^%/m.test(text) && !hasLongLine(text, 1024) && !hasNullKey;
}

/** Whether a line of `text` is longer than `limit` (a regular expression for it backtracks). */
function hasLongLine(text: string, limit: number): boolean {
  let start = 0;
  for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
    if (end - start > limit) return true;
    start = end + 1;
  }
  return text.length - start > limit;
}

/**
 * YAML 1.2 (5.4, line break characters): CR LF and a lone CR are line breaks, read as LF. js-yaml
 * reads a lone CR so, `yaml` as an ordinary character (a CR-only file is then one long comment):
 * with LF alone, both read the same lines. Lines and columns of problems are unchanged.
 */
export function normalizeLineBreaks(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/**
 * An upper bound of the flow nesting of `text` (brackets counted wherever they are): when it is
 * within the bound, `yaml` can read the file without exhausting the stack or the memory.
 */
function flowNestingWithin(text: string, limit: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > limit) return false;
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth -= 1;
  }
  return true;
}

/** js-yaml's refusal as a problem, at its line and column. */
function jsYamlProblem(file: string, error: unknown): ConfigProblem {
  const { reason, mark } = error as { reason?: string; mark?: { line: number; column: number } };
  const message = reason?.startsWith('nesting exceeded maxDepth')
    ? `nests lists and mappings more than ${YAML_LIMITS.depth} levels deep`
    : (reason ?? String(error));
  return { file, field: '', ...(mark && { line: mark.line + 1, column: mark.column + 1 }), message };
}

/** The text of `file`, or undefined with the reason it cannot be read (missing, a folder, a loop, too big). */
function readText(
  root: string,
  file: string,
  problems: ConfigProblem[],
  overrides?: ConfigOverrides,
): string | undefined {
  let raw: string;
  try {
    raw = overrides?.get(file) ?? fs.readFileSync(path.join(root, file), 'utf8');
  } catch (error) {
    problems.push({ file, field: '', message: `cannot be read: ${(error as Error).message}` });
    return undefined;
  }
  if (raw.length <= YAML_LIMITS.characters) return normalizeLineBreaks(raw);
  const message = `is over ${YAML_LIMITS.characters} characters: a configuration file holds a few thousand`;
  problems.push({ file, field: '', line: 1, column: 1, message });
  return undefined;
}

/**
 * Whether a file js-yaml refused (with `refusal`) is too deep for `yaml` to read: a deep flow
 * nesting exhausts its stack, or its memory (100,000 brackets). js-yaml's reason is then given.
 */
function tooDeepForYaml(refusal: unknown, text: string): boolean {
  const reason = (refusal as { reason?: unknown }).reason;
  return (
    (typeof reason === 'string' && reason.startsWith('nesting exceeded')) || !flowNestingWithin(text, YAML_LIMITS.depth)
  );
}

/**
 * `file` read and parsed, or undefined with its problems in `problems`: unreadable, too big,
 * not YAML, or expanding past YAML_LIMITS (checked before anything walks its data).
 */
export function parseFile(
  root: string,
  file: string,
  problems: ConfigProblem[],
  overrides?: ConfigOverrides,
): ParsedFile | undefined {
  const text = readText(root, file, problems, overrides);
  if (text === undefined) return undefined;
  let positions: Positions | undefined;
  const parsed = (data: unknown): ParsedFile => ({
    file,
    text,
    data,
    positions: () => (positions ??= parseWithPositions(text)),
  });
  try {
    const data = load(text, { schema: CORE_SCHEMA, maxDepth: YAML_LIMITS.depth });
    // An alias bomb stops this walk within YAML_LIMITS.values steps; the data is then read by `yaml`.
    const seen = inspectData(data, 'null');
    if (seen.withinLimits && readsAlike(text, seen.hasKey)) return parsed(data);
  } catch (refusal) {
    // Refused by js-yaml (or a file with no document, which it does not read): `yaml` decides,
    // unless the file nests too deep for `yaml` to read it safely.
    if (tooDeepForYaml(refusal, text)) {
      problems.push(jsYamlProblem(file, refusal));
      return undefined;
    }
  }
  positions = parseWithPositions(text);
  const { doc, lines } = positions;
  const problemAt = (offset: number | undefined, message: string): ConfigProblem => {
    const pos = offset === undefined ? undefined : lines.linePos(offset);
    return { file, field: '', ...(pos && { line: pos.line, column: pos.col }), message };
  };
  if (doc.errors.length > 0) {
    for (const error of doc.errors) problems.push(problemAt(error.pos[0], error.message.split('\n')[0]));
    return undefined;
  }
  const expansion = expansionProblem(doc);
  if (expansion) {
    problems.push(problemAt(expansion.node.range?.[0], expansion.message));
    return undefined;
  }
  try {
    // Expansion is bounded above; `yaml`'s own alias count would refuse files js-yaml accepts.
    return parsed(doc.toJS({ maxAliasCount: -1 }) ?? undefined);
  } catch (error) {
    problems.push({ file, field: '', line: 1, column: 1, message: (error as Error).message });
    return undefined;
  }
}

/** Where the key of the node at `keys.slice(0, depth)` starts, when its parent is a mapping. */
function keyOffset(doc: Document, keys: readonly unknown[], depth: number): number | undefined {
  const parent = doc.getIn(keys.slice(0, depth - 1), true);
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === keys[depth - 1]);
  return pair && isScalar(pair.key) ? pair.key.range?.[0] : undefined;
}

/**
 * Where to point for `fieldPath`: its node when the file has it (the key `key` in it, when
 * given); else the key of its nearest ancestor in the file (a missing field is reported at the
 * key that should hold it), or line 1 for a field missing at the top.
 */
export function locate(
  parsed: ParsedFile,
  fieldPath: readonly PropertyKey[],
  key?: string,
): { line?: number; column?: number } {
  const keys = fieldPath.map((k) => (typeof k === 'symbol' ? String(k) : k));
  const { doc, lines } = parsed.positions();
  const at = (offset: number | undefined) => {
    if (offset === undefined) return undefined;
    const pos = lines.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  for (let depth = keys.length; depth >= 0; depth -= 1) {
    const node = doc.getIn(keys.slice(0, depth), true) as { range?: [number, number, number] } | null | undefined;
    if (node === undefined || node === null) continue;
    if (depth === 0 && keys.length > 0) return { line: 1, column: 1 };
    let offset: number | undefined;
    if (depth === keys.length && key !== undefined && isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === key);
      offset = pair && isScalar(pair.key) ? pair.key.range?.[0] : undefined;
    } else if (depth === keys.length && key === undefined && isCollection(node) && depth > 0) {
      // A list or mapping in the wrong place: its key, the line it starts under.
      offset = keyOffset(doc, keys, depth);
    } else if (depth < keys.length) {
      // The field is missing: point at the key that holds its parent.
      offset = keyOffset(doc, keys, depth);
    }
    const found = at(offset ?? node.range?.[0]);
    if (found) return found;
  }
  return {};
}

/** The problem `message` at `field` of `parsed` (the key `key` in it, when given), at its line. */
export function fieldProblem(
  parsed: ParsedFile,
  field: readonly PropertyKey[],
  message: string,
  key?: string,
): ConfigProblem {
  const named = key === undefined ? field : [...field, key];
  return { file: parsed.file, field: named.map(String).join('.'), ...locate(parsed, field, key), message };
}

/** `file:line:column (field)` of a field, for a message that names where another claim is. */
export function fieldAt(parsed: ParsedFile, field: readonly PropertyKey[]): string {
  const where = locate(parsed, field);
  return `${parsed.file}:${where.line ?? '?'}:${where.column ?? '?'} (${field.map(String).join('.')})`;
}
