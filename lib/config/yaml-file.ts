/**
 * Reading one configuration file: YAML parsed with its line positions, validated by a zod
 * schema, every problem located at the node it concerns (file:line:column).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Document, isMap, isPair, isScalar, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import type { ConfigProblem } from './config-error';

/** File contents to use instead of what is on disk, keyed by path relative to the root. */
export type ConfigOverrides = ReadonlyMap<string, string>;

/** A parsed YAML file with what is needed to point at its nodes. */
export interface ParsedFile {
  readonly file: string;
  readonly doc: Document;
  readonly lines: LineCounter;
}

export function parseFile(root: string, file: string, problems: ConfigProblem[], overrides?: ConfigOverrides): ParsedFile | undefined {
  let text: string;
  try {
    text = overrides?.get(file) ?? fs.readFileSync(path.join(root, file), 'utf8');
  } catch (error) {
    problems.push({ file, field: '', message: `cannot be read: ${(error as Error).message}` });
    return undefined;
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const pos = lines.linePos(error.pos[0]);
      problems.push({ file, field: '', line: pos.line, column: pos.col, message: error.message.split('\n')[0] });
    }
    return undefined;
  }
  return { file, doc, lines };
}

/** The node at `fieldPath`, or the nearest ancestor that exists (a missing field points at its parent). */
export function locate(parsed: ParsedFile, fieldPath: readonly PropertyKey[], key?: string): { line?: number; column?: number } {
  const keys = fieldPath.map((k) => (typeof k === 'symbol' ? String(k) : k));
  for (let depth = keys.length; depth >= 0; depth -= 1) {
    const node = parsed.doc.getIn(keys.slice(0, depth), true);
    if (node === undefined || node === null) continue;
    let offset: number | undefined;
    if (key !== undefined && depth === keys.length && isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === key);
      offset = pair && isScalar(pair.key) ? pair.key.range?.[0] : undefined;
    }
    const range = (node as { range?: [number, number, number] }).range;
    offset ??= range?.[0];
    if (offset !== undefined) {
      const pos = parsed.lines.linePos(offset);
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
  const result = schema.safeParse(prepare(parsed.doc.toJS() ?? {}));
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
