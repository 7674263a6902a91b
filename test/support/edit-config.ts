import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocument, type Document } from 'yaml';
import { ROOT } from './project';

/** Edits one YAML file of a temporary project in place, keeping its comments. */
export function editYaml(root: string, file: string, edit: (doc: Document) => void): void {
  const full = path.join(root, file);
  const doc = parseDocument(fs.readFileSync(full, 'utf8'));
  edit(doc);
  fs.writeFileSync(full, doc.toString());
}

/**
 * The committed configuration with some files edited in memory, as `loadConfig` overrides; a
 * file edited twice gets both edits, keeping its comments.
 */
export function editedConfig(...edits: Array<[string, (doc: Document) => void]>): Map<string, string> {
  const overrides = new Map<string, string>();
  for (const [file, edit] of edits) {
    const doc = parseDocument(overrides.get(file) ?? fs.readFileSync(path.join(ROOT, file), 'utf8'));
    edit(doc);
    overrides.set(file, doc.toString());
  }
  return overrides;
}
