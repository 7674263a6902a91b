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

test('an alias to no anchor is refused at its line, not a crash', () => {
  expect(read('a: 1\nb: *nowhere\n')).toEqual({
    problems: [
      {
        file: 'config/environments/x.yaml',
        field: '',
        line: 2,
        column: 4,
        message: 'the alias *nowhere refers to no anchor &nowhere before it',
      },
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
  // A missing field points at the key that should hold it; one missing at the top, at line 1.
  expect(parsed && locate(parsed, ['web', 'resources', 'limits', 'memory'])).toEqual({ line: 3, column: 5 });
  expect(parsed && locate(parsed, ['web', 'resources', 'requests', 'cpu'])).toEqual({ line: 2, column: 3 });
  expect(parsed && locate(parsed, ['chart', 'version'])).toEqual({ line: 1, column: 1 });
});

describe('one reading whatever the line breaks (YAML 1.2, 5.4: CR LF and a lone CR are line breaks)', () => {
  test.each(configFiles('config'))('%s reads the same with CR LF and with CR alone', (file) => {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    const lf = read(text, file);
    expect(lf.problems).toEqual([]);
    expect(read(text.replace(/\n/g, '\r\n'), file)).toEqual(lf);
    expect(read(text.replace(/\n/g, '\r'), file)).toEqual(lf);
  });

  test('a problem in a CR-only file is at the line and column it has with LF', () => {
    const text = '# a comment\nweb:\n  replicas: 1\n  replicas: 2\n';
    expect(read(text.replace(/\n/g, '\r')).problems).toEqual(read(text).problems);
    expect(read(text).problems).toEqual([expect.objectContaining({ line: 4, column: 3 })]);
  });
});

describe('YAML bombs and deep nesting are refused at their line before anything walks the data', () => {
  /** `levels` anchors, each a list of `width` aliases of the one before, used under `key`. */
  const aliasBomb = (width: number, levels: number, key = 'unknownSetting'): string => {
    const lines = ['a0: &a0 [lol]'];
    for (let i = 1; i <= levels; i += 1)
      lines.push(
        `a${i}: &a${i} [${Array(width)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    return `${lines.join('\n')}\n${key}: *a${levels}\n`;
  };

  test('the 495-byte bomb of issue 17 (9 aliases a level, 10 levels: 9^10 values; 577 bytes here) at the alias past the bound', () => {
    const text = aliasBomb(9, 10);
    expect(text.length).toBeLessThan(600);
    const { problems } = read(text);
    // *a3 stands for 1,549 values (lists and scalars); line 5 repeats it nine times, past 10,000.
    expect(problems).toEqual([
      {
        file: 'config/environments/x.yaml',
        field: '',
        line: 5,
        column: expect.any(Number),
        message: expect.stringMatching(/expand the file past 10000 values \(a YAML bomb\?\)/),
      },
    ]);
  });

  test('an alias inside the node it names (a cycle) is refused at the alias', () => {
    expect(read('a: 1\nb: &x [1, *x]\n').problems).toEqual([
      expect.objectContaining({
        line: 2,
        column: 11,
        message: expect.stringMatching(/\*x repeats a node that contains it/),
      }),
    ]);
    expect(read('b: &x {k: *x}\n').problems).toEqual([expect.objectContaining({ line: 1 })]);
  });

  test('nesting past 64 levels is refused at its line, in flow and in block style', () => {
    const flow = read(`a: 1\nb: ${'['.repeat(1000)}${']'.repeat(1000)}\n`).problems;
    expect(flow).toEqual([
      expect.objectContaining({ line: 2, message: 'nests lists and mappings more than 64 levels deep' }),
    ]);
    const block = Array.from({ length: 80 }, (_, i) => `${'  '.repeat(i)}k:`).join('\n') + ' 1\n';
    expect(read(block).problems).toEqual([
      expect.objectContaining({
        line: expect.any(Number),
        message: 'nests lists and mappings more than 64 levels deep',
      }),
    ]);
    // A broken file nested deep too: js-yaml's reason, not a `yaml` that runs out of stack.
    expect(read(`a: [1\nb: ${'['.repeat(1000)}\n`).problems).toEqual([
      expect.objectContaining({ line: expect.any(Number) }),
    ]);
  });

  test('anchors and aliases within the bounds read as yaml reads them', () => {
    const text =
      'limits: &limits\n  cpu: 500m\n  memory: 256Mi\nweb: {resources: {limits: *limits}}\nworker: {resources: {limits: *limits}}\n' +
      aliasBomb(5, 4, 'list');
    // As `yaml` reads them, less its own alias guard (which refuses 5 aliases of 5 aliases...).
    expect(read(text)).toEqual({ data: parseWithPositions(text).doc.toJS({ maxAliasCount: -1 }), problems: [] });
  });

  test('a file over a million characters is refused at line 1', () => {
    expect(read(`a: "${'x'.repeat(1024 * 1024)}"\n`).problems).toEqual([
      expect.objectContaining({ line: 1, column: 1, message: expect.stringMatching(/is over 1048576 characters/) }),
    ]);
  });
});
