/**
 * The schemas and CRDs the tests validate against are part of the repository: a fresh clone has
 * nothing beside it and no network but the npm registry. Each vendored file is exactly the one
 * schemas/sources.json names (sha256), nothing unlisted hides there, and no file of the project
 * reads a folder outside the repository.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allSources, schemaDir } from '../scripts/schema-dir.cjs';
import { readTree } from '../lib/synth/write-tree';
import { ROOT } from './support/project';

const sources = allSources();

test.each(sources.map((s) => [s.path, s]))('%s is vendored with its recorded sha256', (_path, source) => {
  const bytes = fs.readFileSync(path.join(schemaDir(), source.path));
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(source.sha256);
  // The URL names the same upstream version as the entry, so the record cannot drift from it.
  expect(source.url).toContain(source.version);
});

test('schemas/ holds exactly the listed files', () => {
  const files = [...readTree(schemaDir()).keys()].filter((f) => f !== 'sources.json').sort();
  expect(files).toEqual(sources.map((s) => s.path).sort());
});

test('no tracked file refers to a folder beside the repository', () => {
  // A pattern, not the path itself, so that this file does not match itself.
  const outside = /\.\.\/shared\b/;
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter((f) => f !== '' && !/^(schemas|imports|dist)\//.test(f) && f !== 'package-lock.json');
  const offenders = tracked.filter((f) => {
    const file = path.join(ROOT, f);
    return fs.existsSync(file) && outside.test(fs.readFileSync(file, 'utf8'));
  });
  expect(offenders).toEqual([]);
});
