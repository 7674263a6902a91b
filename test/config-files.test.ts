/**
 * The configuration files as files: every entry of config/ is read or refused by name, and a
 * file that holds no settings, or settings of the wrong shape, is refused in the config's terms
 * at the nearest line, whatever its line breaks.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Document } from 'yaml';
import type { ConfigProblem } from '../lib/config/config-error';
import { loadConfig } from '../lib/config/load';
import { configRefusal } from './support/config-refusal';
import { editedConfig } from './support/edit-config';
import { readTree } from '../lib/synth/write-tree';
import { configCopy, copyPerTest, ROOT, temporaryProject } from './support/project';

const DEV = 'config/environments/dev.yaml';
const PROJECT = 'config/project.yaml';
const CLUSTER = 'config/clusters/in-cluster.yaml';

const root = copyPerTest(() => configCopy('config-files-'));

const problemsOf = (load: () => unknown): readonly ConfigProblem[] => configRefusal(load).problems;
/** The problems of the committed configuration with some files' text replaced. */
const withText = (files: Record<string, string>): readonly ConfigProblem[] =>
  problemsOf(() => loadConfig(ROOT, new Map(Object.entries(files))));
const committed = (file: string): string => fs.readFileSync(path.join(ROOT, file), 'utf8');
/** The text of a committed file edited, keeping its comments. */
const edited = (file: string, edit: (doc: Document) => void): string => editedConfig([file, edit]).get(file) ?? '';

describe('every entry of config/ is read or refused by name', () => {
  test.each([
    ['dev.YAML', /the extension must be \.yaml, in lower case \(rename it to dev\.yaml\)/],
    ['dev.Yaml', /rename it to dev\.yaml/],
    ['dev.yml', /the extension must be \.yaml.*rename it to dev\.yaml/],
    ['dev.yaml ', /spaces at its ends \(rename it to "dev\.yaml"\)/],
    [' dev.yaml', /spaces at its ends/],
    ['dev.yaml~', /backup or editor copy/],
    ['dev.yaml.bak', /backup or editor copy/],
    ['.dev.yaml.swp', /backup or editor copy/],
    ['dev.yaml.orig', /backup or editor copy/],
    ['dev', /only files config\/environments\/<name>\.yaml are/],
    ['dev.json', /only files config\/environments\/<name>\.yaml are/],
  ])('config/environments/%j instead of dev.yaml: refused, naming it', (name, reason) => {
    fs.renameSync(path.join(root(), DEV), path.join(root(), 'config/environments', name));
    const problems = problemsOf(() => loadConfig(root()));
    expect(problems).toContainEqual({
      file: `config/environments/${name}`,
      field: '',
      message: expect.stringMatching(reason),
    });
  });

  test('a stray copy beside the file it copies is refused too', () => {
    fs.copyFileSync(path.join(root(), DEV), path.join(root(), `${DEV}~`));
    expect(problemsOf(() => loadConfig(root()))).toEqual([
      { file: `${DEV}~`, field: '', message: expect.stringMatching(/backup or editor copy/) },
    ]);
  });

  test('a folder among the environments, and files in the wrong folder, are refused', () => {
    fs.mkdirSync(path.join(root(), 'config/environments/old'));
    fs.copyFileSync(path.join(root(), 'config/environments/staging.yaml'), path.join(root(), 'config/qa.yaml'));
    fs.writeFileSync(path.join(root(), 'config/clusters/notes.txt'), 'x');
    const problems = problemsOf(() => loadConfig(root()));
    expect(problems).toEqual(
      expect.arrayContaining([
        { file: 'config/environments/old', field: '', message: expect.stringMatching(/is a folder/) },
        {
          file: 'config/qa.yaml',
          field: '',
          message: expect.stringMatching(/an environment goes in config\/environments\//),
        },
        {
          file: 'config/clusters/notes.txt',
          field: '',
          message: expect.stringMatching(/only files config\/clusters\/<name>\.yaml/),
        },
      ]),
    );
    expect(problems).toHaveLength(3);
  });

  test('the committed config/ holds nothing unread', () => {
    expect(() => loadConfig(ROOT)).not.toThrow();
  });

  test('missing or unreadable paths are still reported as such (ENOENT, EISDIR, ELOOP, ENOTDIR)', () => {
    fs.rmSync(path.join(root(), DEV));
    fs.mkdirSync(path.join(root(), DEV));
    fs.symlinkSync('loop.yaml', path.join(root(), 'config/environments/loop.yaml'));
    fs.rmSync(path.join(root(), 'config/clusters'), { recursive: true });
    fs.writeFileSync(path.join(root(), 'config/clusters'), '');
    fs.rmSync(path.join(root(), PROJECT));
    const problems = problemsOf(() => loadConfig(root()));
    const said = (file: string) => problems.filter((p) => p.file === file).map((p) => p.message);
    expect(said(DEV)).toEqual([expect.stringMatching(/^cannot be read: EISDIR/)]);
    expect(said('config/environments/loop.yaml')).toEqual([expect.stringMatching(/^cannot be read: ELOOP/)]);
    expect(said('config/clusters')).toEqual([expect.stringMatching(/^cannot be read: ENOTDIR/)]);
    expect(said(PROJECT)).toEqual([expect.stringMatching(/^cannot be read: ENOENT/)]);
  });
});

describe('a file without settings, or with settings of the wrong shape, is refused in the config’s terms', () => {
  test.each([
    [DEV, '', 'is empty: expected the settings name, tier, namespace, chart, images, django, secrets, database'],
    [DEV, '# nothing yet\n\n   # really\n', 'holds only comments: expected the settings name, tier, namespace'],
    [DEV, '---\n', 'holds no settings: expected the settings name'],
    [PROJECT, '\n', 'is empty: expected the settings product, delivery'],
    [CLUSTER, '# in-cluster\n', 'holds only comments: expected the settings name'],
  ])('%s as %j: one problem at line 1', (file, text, message) => {
    // (An empty project file also leaves the environments without their default image names.)
    expect(withText({ [file]: text }).filter((p) => p.file === file)).toEqual([
      { file, field: '', line: 1, column: 1, message: expect.stringContaining(message) },
    ]);
  });

  test.each([
    [
      'a list',
      '- name: dev\n- tier: development\n',
      'must be a mapping of settings (one "key: value" per line), not a list',
    ],
    ['a word', 'dev\n', 'must be a mapping of settings (one "key: value" per line), not the text "dev"'],
  ])('a file holding %s: one problem at its line', (_, text, message) => {
    expect(withText({ [DEV]: `# dev\n${text}` })).toEqual([{ file: DEV, field: '', line: 2, column: 1, message }]);
  });

  /** The one problem of dev.yaml edited, with the text of the line it points at. */
  const devProblem = (edit: (doc: Document) => void) => {
    const text = edited(DEV, edit);
    const problems = withText({ [DEV]: text }).filter((p) => p.file === DEV);
    expect(problems).toHaveLength(1);
    const [problem] = problems;
    return { ...problem, text: text.split('\n')[(problem.line ?? 0) - 1] };
  };

  test('a missing section: at line 1, saying what it is', () => {
    expect(devProblem((d) => d.delete('chart'))).toMatchObject({
      field: 'chart',
      line: 1,
      column: 1,
      message: 'is required: expected a mapping of settings (one "key: value" per line, indented under it)',
    });
  });

  test('a missing setting in a section: at the key of the section', () => {
    expect(devProblem((d) => d.deleteIn(['chart', 'version']))).toMatchObject({
      field: 'chart.version',
      text: expect.stringMatching(/^chart:/),
      message: 'is required: expected text',
    });
  });

  test('an empty section: at its key', () => {
    expect(devProblem((d) => d.set('chart', null))).toMatchObject({
      field: 'chart',
      text: expect.stringMatching(/^chart:/),
      message: expect.stringMatching(/^is empty: expected a mapping of settings/),
    });
  });

  test.each([
    ['chart', [1], 'must be a mapping of settings (one "key: value" per line, indented under it), not a list'],
    ['imagePullSecrets', 'regcred', 'must be a list ("- item" lines, or [a, b]), not the text "regcred"'],
    ['web', 3, 'must be a mapping of settings (one "key: value" per line, indented under it), not the whole number 3'],
    ['tier', 'prod', 'must be one of: development, staging, production, not the text "prod"'],
  ])('%s written as %j: what is expected and what was found, at its line', (key, value, message) => {
    expect(devProblem((d) => d.set(key, value))).toMatchObject({
      field: key,
      message,
      text: expect.stringContaining(`${key}:`),
    });
  });

  test('a number where text is expected says to quote it', () => {
    expect(devProblem((d) => d.set('namespace', 1))).toMatchObject({
      field: 'namespace',
      message: 'must be text, not the whole number 1 (YAML reads 1 as a number: write it in quotes, "1")',
    });
  });

  test('text where a number is expected', () => {
    expect(devProblem((d) => d.setIn(['web', 'replicas'], '2'))).toMatchObject({
      field: 'web.replicas',
      text: expect.stringMatching(/replicas: "2"/),
      message: 'must be a number, not the text "2"',
    });
  });

  test('no problem reads as zod’s own message', () => {
    const problems = withText({
      [DEV]: edited(DEV, (d) => {
        d.delete('chart');
        d.set('web', []);
        d.set('tier', 'x');
        d.setIn(['images', 'app', 'tag'], 12);
      }),
      [PROJECT]: '',
    });
    expect(problems.length).toBeGreaterThan(3);
    for (const p of problems) expect(p.message).not.toMatch(/Invalid input|Invalid option|received undefined/);
  });
});

describe('line breaks', () => {
  test.each([
    ['CR LF', '\r\n'],
    ['CR alone', '\r'],
  ])('every configuration file with %s reads as with LF', (_, lineBreak) => {
    const files = [
      'config/project.yaml',
      CLUSTER,
      'config/clusters/production.yaml',
      DEV,
      'config/environments/staging.yaml',
    ];
    const overrides = new Map(files.map((f) => [f, committed(f).replace(/\n/g, lineBreak)]));
    expect(loadConfig(ROOT, overrides)).toEqual(loadConfig(ROOT));
  });
});

describe('the built synth refuses a YAML bomb and a deep nesting at file:line, without a stack, dist/ untouched', () => {
  let project: string;
  beforeAll(() => {
    project = temporaryProject();
    execFileSync(process.execPath, [path.join(project, 'scripts', 'build.mjs')], { cwd: project, stdio: 'pipe' });
  });
  afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

  test('9 aliases a level, 12 levels (9^12 values) under an unknown key, and 100,000 nested brackets', () => {
    const bomb = ['a0: &a0 [lol]'];
    for (let i = 1; i <= 12; i += 1)
      bomb.push(
        `a${i}: &a${i} [${Array(9)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const dev = path.join(project, DEV);
    const devLines = fs.readFileSync(dev, 'utf8').split('\n').length;
    fs.appendFileSync(dev, `${bomb.join('\n')}\nunknownSetting: *a12\n`);
    const staging = path.join(project, 'config/environments/staging.yaml');
    fs.appendFileSync(staging, `deep: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`);
    const stagingLines = fs.readFileSync(staging, 'utf8').split('\n').length - 1;
    const before = readTree(path.join(project, 'dist'));
    // The old reader walked the bomb for hours (and ran out of memory on the brackets): the
    // timeout only ends a hang, the synth answers in about a second.
    const run = spawnSync(process.execPath, ['build/main.js'], { cwd: project, encoding: 'utf8', timeout: 120_000 });
    expect(run.error).toBeUndefined();
    expect(run.status).toBe(1);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stderr).toMatch(
      new RegExp(`${DEV}:${devLines + 4}:\\d+: the aliases up to \\*a3 expand the file past 10000 values`),
    );
    expect(run.stderr).toMatch(
      new RegExp(
        `config/environments/staging\\.yaml:${stagingLines}:\\d+: nests lists and mappings more than 64 levels deep`,
      ),
    );
    expect(readTree(path.join(project, 'dist'))).toEqual(before);
  });
});
