import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocument, type Document } from 'yaml';

/** Edits one YAML file of a temporary project in place, keeping its comments. */
export function editYaml(root: string, file: string, edit: (doc: Document) => void): void {
  const full = path.join(root, file);
  const doc = parseDocument(fs.readFileSync(full, 'utf8'));
  edit(doc);
  fs.writeFileSync(full, doc.toString());
}
