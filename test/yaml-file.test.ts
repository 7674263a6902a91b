/**
 * lib/config/yaml-file.ts reads configuration with js-yaml for speed and `yaml` for positions.
 * The reading must be the one `yaml` alone gave (YAML 1.2 core schema, unique keys): the same
 * data on every configuration file and on the scalars where YAML versions and parsers part, and
 * on a broken file the same problems, with `yaml`'s messages and positions.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fleetEnvironments } from '../scripts/fleet.cjs';
import type { ConfigProblem } from '../lib/config/config-error';
import { locate, parseFile, parseWithPositions } from '../lib/config/yaml-file';
import { ROOT } from './support/project';

/** What `yaml` alone makes of `text`: its data, or its errors as problems. */
function yamlAlone(file: string, text: string): { data?: unknown; problems: ConfigProblem[] } {
  const { doc, lines } = parseWithPositions(text);
  if (doc.errors.length === 0) return { data: doc.toJS() ?? undefined, problems: [] };
  const problems = doc.errors.map((error) => {
    const pos = lines.linePos(error.pos[0]);
    return { file, field: '', line: pos.line, column: pos.col, message: error.message.split('\n')[0] };
  });
  return { problems };
}

/** parseFile on `text` as the content of `file`. */
function read(text: string, file = 'config/environments/x.yaml'): { data?: unknown; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const parsed = parseFile(ROOT, file, problems, new Map([[file, text]]));
  return parsed ? { data: parsed.data, problems } : { problems };
}

const configFiles = (dir: string): string[] =>
  fs
    .readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => path.join(dir, f));

test.each([...configFiles('config'), ...configFiles('examples')])('%s reads as yaml reads it', (file) => {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  expect(read(text, file)).toEqual(yamlAlone(file, text));
});

test('every generated fleet environment reads as yaml reads it', () => {
  const fleet = fleetEnvironments(30, undefined, 5) as Map<string, string>;
  expect(fleet.size).toBe(30);
  for (const [name, text] of fleet) {
    expect([name, read(text)]).toEqual([name, yamlAlone('config/environments/x.yaml', text)]);
  }
});

// Scalars where YAML 1.1 and 1.2 differ, where js-yaml 3/4 and `yaml` differed, and tags.
const SCALARS = [
  '1',
  '-1',
  '+1',
  '0755',
  '0o755',
  '0x1F',
  '0b101',
  '1_000',
  '1.5',
  '.5',
  '+.5',
  '1.',
  '1e3',
  '-.inf',
  '.NaN',
  'true',
  'True',
  'yes',
  'no',
  'on',
  'off',
  'y',
  'n',
  'null',
  'Null',
  '~',
  '',
  '2024-01-01',
  '12:30',
  '1:30:00',
  '0.0.0.0/0',
  '"1"',
  "'x'",
  '-0',
  '00',
  '1.10',
  '!!str 1',
  '!!int x',
  '!!binary aGk=',
  '!custom x',
  '<<',
  '=',
];
test.each(SCALARS)('the scalar `%s` reads as yaml reads it', (scalar) => {
  const text = `key: ${scalar}\nlist: [${scalar}]\n`;
  expect(read(text)).toEqual(yamlAlone('config/environments/x.yaml', text));
});

// Broken files, and files js-yaml reads otherwise than `yaml` (which must then decide).
const SPECIAL = {
  'duplicate key': 'a: 1\na: 2\n',
  'tab indentation': 'a:\n\t- x\n',
  'unclosed flow': 'a: [1, 2\n',
  'two documents': 'a: 1\n---\nb: 2\n',
  'bad indentation': 'a:\n  - x\n - y\n',
  'nested compact mapping': 'a: b: c\n',
  'YAML 1.1 directive': '%YAML 1.1\n---\na: yes\nb: 0755\n',
  'key over 1024 characters': `${'k'.repeat(1100)}: 1\n`,
  'empty key': 'labels:\n  : x\n',
  'collection as key': '[a, b]: c\n',
  'empty file': '',
  'only a comment': '# nothing here\n',
};
test.each(Object.entries(SPECIAL))('%s: the result and problems of yaml alone', (_, text) => {
  expect(read(text)).toEqual(yamlAlone('config/environments/x.yaml', text));
});

test('a broken file is refused with yaml’s reason at its line and column', () => {
  expect(read('a: 1\nb:\n  c: 1\n  c: 2\n').problems).toEqual([
    expect.objectContaining({ line: 4, column: 3, message: expect.stringMatching(/Map keys must be unique/) }),
  ]);
});

test('an alias to no anchor is refused, not a crash', () => {
  expect(read('a: *nowhere\n')).toEqual({
    problems: [
      { file: 'config/environments/x.yaml', field: '', message: expect.stringMatching(/Unresolved alias.*nowhere/) },
    ],
  });
});

test('a problem in a file read by js-yaml is still located at its node', () => {
  const problems: ConfigProblem[] = [];
  const parsed = parseFile(
    ROOT,
    'f.yaml',
    problems,
    new Map([['f.yaml', 'web:\n  resources:\n    limits:\n      cpu: 2\n']]),
  );
  expect(parsed && locate(parsed, ['web', 'resources', 'limits', 'cpu'])).toEqual({ line: 4, column: 12 });
  expect(parsed && locate(parsed, ['web', 'resources', 'limits', 'memory'])).toEqual({ line: 4, column: 7 });
});
