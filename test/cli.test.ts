/**
 * The operator CLI, driven as a user would, on throwaway copies of the project: its refusals
 * change nothing, and a promotion changes exactly one environment's image lines.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { parseDocument } from 'yaml';
import { runCli } from '../cli';
import { environmentMatrix, MATRIX_FILE } from '../lib/synth/environment-matrix';
import { readTree } from '../lib/synth/write-tree';
import { environments, projectConfig, ROOT, temporaryProject } from './support/project';

/** The copy of the project the current test's commands run in. */
let root: string;

function cli(...argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runCli(argv, { root, out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

/** Everything a command could change. */
const snapshot = () => ({ config: readTree(path.join(root, 'config')), dist: readTree(path.join(root, 'dist')) });

// Commands that must change nothing share one copy: each refusal checks it left the copy as it was.
describe('commands that change nothing, in one shared copy', () => {
  beforeAll(() => {
    root = temporaryProject();
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test.each(['synth', 'set-image', 'diff', 'docs', 'check', 'scanner-config'])(
    '%s --help describes the command',
    (command) => {
      const result = cli(command, '--help');
      expect(result.code).toBe(0);
      expect(result.out).toMatch(new RegExp(`Usage: deploy ${command}`));
    },
  );

  test.each([
    [
      ['set-image', '-e', 'qa', '-c', 'app', '-t', '1.2.3'],
      /unknown environment "qa": choose one of dev, production, staging/,
    ],
    [
      ['set-image', '-e', 'dev', '-c', 'frontend', '-t', '1.2.3'],
      /argument 'frontend' is invalid. Allowed choices are app, docs/,
    ],
    [['set-image', '-e', 'dev', '-c', 'app', '-t', 'latest'], /invalid tag "latest": must not be "latest"/],
    [['set-image', '-e', 'dev', '-c', 'app', '-t', 'v1 beta'], /invalid tag "v1 beta": must be a Docker tag/],
    [
      ['set-image', '-e', 'dev', '-c', 'app', '-t', '1.2.3', '--digest', 'sha256:abc'],
      /images\.app\.digest: must be sha256: followed by 64 hex digits/,
    ],
    [['set-image', '-e', 'dev', '-c', 'app'], /required option '-t, --tag <tag>' not specified/],
    [['diff', '-e', 'qa'], /unknown environment "qa"/],
  ])('refuses %j with a clear message and changes nothing', (argv, message) => {
    const before = snapshot();
    const result = cli(...argv);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(message);
    expect(snapshot()).toEqual(before);
  });

  test('check runs the checklist and passes on the committed configuration', () => {
    const result = cli('check');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/\d+ rules, 3 environments, \d+ exceptions, 0 violation\(s\)/);
  });

  describe('an internal error (a bug, not a refusal)', () => {
    // A failure the CLI does not expect: here the output stream breaks under `docs --stdout`.
    const failing = () => {
      let err = '';
      const code = runCli(['docs', '--stdout'], {
        root,
        out: () => {
          throw new TypeError('stdout is gone');
        },
        err: (t) => (err += t),
      });
      return { code, err };
    };
    const debug = process.env.DEBUG;
    afterEach(() => {
      if (debug === undefined) delete process.env.DEBUG;
      else process.env.DEBUG = debug;
    });

    test('prints one line without a stack trace and exits 1', () => {
      delete process.env.DEBUG;
      expect(failing()).toEqual({ code: 1, err: 'internal error: stdout is gone (run with DEBUG=1 for the stack)\n' });
    });

    test('prints the stack with DEBUG=1', () => {
      process.env.DEBUG = '1';
      const { code, err } = failing();
      expect(code).toBe(1);
      expect(err).toMatch(/^internal error: TypeError: stdout is gone\n\s+at /);
    });
  });
});

describe('commands that write, each in a copy of its own', () => {
  beforeEach(() => {
    root = temporaryProject();
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  test('promotion: set-image changes only that environment, only its image lines, keeping the file as written', () => {
    const file = path.join(root, 'config/environments/staging.yaml');
    const before = snapshot();
    const oldText = fs.readFileSync(file, 'utf8');
    const result = cli('set-image', '--env', 'staging', '--component', 'app', '--tag', '1.4.3');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/images\.app\.tag 1\.4\.2 -> 1\.4\.3/);
    expect(result.err).toMatch(/\[1\/4\] synthesizing dev/);

    // The configuration: one line changed, comments and layout kept.
    const newText = fs.readFileSync(file, 'utf8');
    const changedConfigLines = newText.split('\n').filter((line, i) => line !== oldText.split('\n')[i]);
    expect(changedConfigLines).toEqual(['    tag: 1.4.3']);

    // dist/: only staging's files, and in them only the lines that name the app version.
    const after = snapshot();
    const changedFiles = [...after.dist.keys()].filter((f) => after.dist.get(f) !== before.dist.get(f));
    expect(changedFiles.length).toBeGreaterThan(3);
    for (const f of changedFiles) {
      expect(f.startsWith('staging/')).toBe(true);
      const oldLines = before.dist.get(f)?.split('\n') ?? [];
      const newLines = after.dist.get(f)?.split('\n') ?? [];
      expect(newLines.length).toBe(oldLines.length);
      for (const [i, line] of newLines.entries()) {
        if (line === oldLines[i]) continue;
        expect([f, line]).toEqual([
          f,
          expect.stringMatching(
            /^\s*(image: ghcr\.io\/acme\/acme-django:1\.4\.3|app\.kubernetes\.io\/version: 1\.4\.3|appVersion: 1\.4\.3)$/,
          ),
        ]);
      }
    }
    // And the result is what a fresh synth of the new configuration gives.
    expect(cli('diff', '--exit-code').code).toBe(0);
  });

  test('set-image writes out a default image it overrides, and drops a digest that belonged to the old tag', () => {
    expect(cli('set-image', '-e', 'dev', '-c', 'redis', '-t', '7.4.2-bookworm').code).toBe(0);
    expect(fs.readFileSync(path.join(root, 'config/environments/dev.yaml'), 'utf8')).toMatch(
      /\n {2}redis:\n {4}repository: docker.io\/library\/redis\n {4}tag: 7.4.2-bookworm\n/,
    );
    const digest = `sha256:${'b'.repeat(64)}`;
    expect(cli('set-image', '-e', 'dev', '-c', 'app', '-t', '1.5.0', '--digest', digest).code).toBe(0);
    expect(fs.readFileSync(path.join(root, 'dist/dev/templates/web.yaml'), 'utf8')).toContain(
      `acme-django:1.5.0@${digest}`,
    );
    expect(cli('set-image', '-e', 'dev', '-c', 'app', '-t', '1.5.1').code).toBe(0);
    expect(fs.readFileSync(path.join(root, 'config/environments/dev.yaml'), 'utf8')).not.toContain('digest');
  });

  test('set-image on a file with CR line breaks edits its tag and keeps every other setting', () => {
    const dev = path.join(root, 'config/environments/dev.yaml');
    const lf = fs.readFileSync(dev, 'utf8');
    fs.writeFileSync(dev, lf.replace(/\n/g, '\r'));
    expect(cli('set-image', '-e', 'dev', '-c', 'docs', '-t', '1.5.0').code).toBe(0);
    const edited = parseDocument(fs.readFileSync(dev, 'utf8')).toJS() as { images: { docs: { tag: string } } };
    const expected = parseDocument(lf).toJS() as typeof edited;
    expected.images.docs.tag = '1.5.0';
    expect(edited).toEqual(expected);
  });

  test('diff reports nothing on a fresh tree, and object by object after a hand edit', () => {
    expect(cli('diff').out).toMatch(/no differences/);
    const web = path.join(root, 'dist/dev/templates/web.yaml');
    fs.writeFileSync(web, fs.readFileSync(web, 'utf8').replace('maxSurge: 25%', 'maxSurge: 50%'));
    const result = cli('diff', '--exit-code');
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/== dev: 1 object differ\n-- changed: Deployment acme-dev\/acme-web/);
    expect(result.out).toMatch(/^-\s+maxSurge: 50%$/m);
    expect(result.out).toMatch(/^\+\s+maxSurge: 25%$/m);
    expect(cli('diff', '-e', 'staging', '--exit-code').code).toBe(0);
  });

  test('diff --base compares the dist/ of a git revision with the working tree, as Markdown for job summaries', () => {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'pipe' });
    git('init', '-q', '-b', 'main');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'base');
    expect(cli('set-image', '-e', 'dev', '-c', 'docs', '-t', '1.5.0').code).toBe(0);
    const result = cli('diff', '--base', 'main', '--markdown');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^### Manifest changes against main/);
    expect(result.out).toMatch(/#### dev: \d+ objects changed/);
    expect(result.out).toContain('--- main/dev/Deployment acme-dev/acme-docs\n+++ working-tree/dev/');
    expect(result.out).toMatch(
      /<summary>changed: <code>Deployment acme-dev\/acme-docs<\/code><\/summary>\n\n```diff\n/,
    );
    expect(result.out).toMatch(/^\+\s+- image: ghcr.io\/acme\/acme-django-docs:1.5.0$/m);
    expect(result.out).not.toMatch(/#### (staging|production)/);
    expect(cli('diff', '--base', 'no-such-ref').err).toMatch(/unknown git revision "no-such-ref"/);
  });

  test('docs writes the environment matrix, and the committed one is up to date', () => {
    expect(fs.readFileSync(path.join(ROOT, MATRIX_FILE), 'utf8')).toBe(environmentMatrix(environments()));
    fs.rmSync(path.join(root, MATRIX_FILE), { force: true });
    const stale = cli('docs', '--check');
    expect(stale.code).toBe(1);
    expect(stale.err).toBe(`error: ${MATRIX_FILE} out of date: run \`npm run cli -- docs\` and commit the result\n`);
    expect(fs.existsSync(path.join(root, MATRIX_FILE))).toBe(false); // --check writes nothing
    expect(cli('docs')).toEqual({ code: 0, out: `wrote ${MATRIX_FILE}\n`, err: expect.any(String) });
    // Written by a rename (writeFileAtomically): no temporary file is left beside it.
    expect(fs.readdirSync(path.join(root, path.dirname(MATRIX_FILE))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(cli('docs', '--check').code).toBe(0);
    // An up-to-date file is left alone (the same helper as scanner-config: lib/cli/generated-files.ts).
    expect(cli('docs').out).toBe(
      `${MATRIX_FILE}, docs/reference/configuration.md, docs/reference/policy-rules.md up to date\n`,
    );
    const matrix = fs.readFileSync(path.join(root, MATRIX_FILE), 'utf8');
    for (const env of projectConfig().environments) {
      expect(matrix).toContain(`\`${env.namespace}\``);
      expect(matrix).toContain(`${env.images.app.repository}:${env.images.app.tag}`);
      // The traffic picture of each environment (test/traffic-diagram.test.ts checks its arrows).
      expect(matrix).toContain(`### ${env.name}\n\n\`\`\`mermaid\nflowchart LR\n`);
    }
    expect(matrix).toMatch(/\| database \|.*CloudNativePG ×3/);
  });

  test('synth writes dist/ with progress', () => {
    fs.rmSync(path.join(root, 'dist'), { recursive: true });
    const result = cli('synth');
    expect(result.code).toBe(0);
    expect(result.err).toMatch(/\[4\/4\] synthesizing argocd/);
    expect(readTree(path.join(root, 'dist'))).toEqual(readTree(path.join(ROOT, 'dist')));
  });
});

test('every configuration file round-trips unchanged through the editor set-image uses', () => {
  for (const file of [
    'config/project.yaml',
    ...fs.readdirSync(path.join(ROOT, 'config/environments')).map((f) => `config/environments/${f}`),
  ]) {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    expect([file, parseDocument(text).toString({ flowCollectionPadding: false, lineWidth: 0 })]).toEqual([file, text]);
  }
});
