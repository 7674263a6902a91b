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
 * scalars where YAML 1.1 and 1.2 differ.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CORE_SCHEMA, load } from 'js-yaml';
import { type Document, isMap, isPair, isScalar, LineCounter, parseDocument } from 'yaml';
import type * as z from './zod';
import type { ConfigProblem } from './config-error';

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
function readsAlike(text: string, data: unknown): boolean {
  return !/^%/m.test(text) && !hasLongLine(text, 1024) && !hasKey(data, 'null');
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

function hasKey(value: unknown, key: string): boolean {
  if (Array.isArray(value)) return value.some((v) => hasKey(v, key));
  if (value === null || typeof value !== 'object') return false;
  return Object.hasOwn(value, key) || Object.values(value).some((v) => hasKey(v, key));
}

export function parseFile(root: string, file: string, problems: ConfigProblem[], overrides?: ConfigOverrides): ParsedFile | undefined {
  let text: string;
  try {
    text = overrides?.get(file) ?? fs.readFileSync(path.join(root, file), 'utf8');
  } catch (error) {
    problems.push({ file, field: '', message: `cannot be read: ${(error as Error).message}` });
    return undefined;
  }
  let positions: Positions | undefined;
  const parsed = (data: unknown): ParsedFile => ({ file, data, positions: () => (positions ??= parseWithPositions(text)) });
  try {
    const data = load(text, { schema: CORE_SCHEMA });
    if (readsAlike(text, data)) return parsed(data);
  } catch {
    // Refused by js-yaml (or a file with no document, which it does not read): `yaml` decides.
  }
  positions = parseWithPositions(text);
  if (positions.doc.errors.length > 0) {
    for (const error of positions.doc.errors) {
      const pos = positions.lines.linePos(error.pos[0]);
      problems.push({ file, field: '', line: pos.line, column: pos.col, message: error.message.split('\n')[0] });
    }
    return undefined;
  }
  try {
    return parsed(positions.doc.toJS() ?? undefined);
  } catch (error) {
    // An alias to no anchor passes the parser and fails here, naming the anchor.
    problems.push({ file, field: '', message: (error as Error).message });
    return undefined;
  }
}

/** The node at `fieldPath`, or the nearest ancestor that exists (a missing field points at its parent). */
export function locate(parsed: ParsedFile, fieldPath: readonly PropertyKey[], key?: string): { line?: number; column?: number } {
  const keys = fieldPath.map((k) => (typeof k === 'symbol' ? String(k) : k));
  const { doc, lines } = parsed.positions();
  for (let depth = keys.length; depth >= 0; depth -= 1) {
    const node = doc.getIn(keys.slice(0, depth), true);
    if (node === undefined || node === null) continue;
    let offset: number | undefined;
    if (key !== undefined && depth === keys.length && isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === key);
      offset = pair && isScalar(pair.key) ? pair.key.range?.[0] : undefined;
    }
    const range = (node as { range?: [number, number, number] }).range;
    offset ??= range?.[0];
    if (offset !== undefined) {
      const pos = lines.linePos(offset);
      return { line: pos.line, column: pos.col };
    }
  }
  return {};
}

export function validate<T>(
  parsed: ParsedFile,
  schema: z.ZodType<T>,
  problems: ConfigProblem[],
  prepare: (raw: unknown) => unknown = (raw) => raw,
): T | undefined {
  const result = schema.safeParse(prepare(parsed.data ?? {}));
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({
          file: parsed.file,
          field: [...issue.path, key].join('.'),
          ...locate(parsed, issue.path, key),
          message: 'is not a known setting (check the spelling against the README)',
        });
      }
      continue;
    }
    problems.push({
      file: parsed.file,
      field: issue.path.map(String).join('.'),
      ...locate(parsed, issue.path),
      message: issue.message,
    });
  }
  return undefined;
}
