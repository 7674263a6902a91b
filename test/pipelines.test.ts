/**
 * What the release and promotion workflows do, beyond actionlint (test/workflows.test.ts):
 * the release step is run for real with helm, and the promotion's writes are checked to use a
 * token whose events start workflow runs.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { helm, helmBinary } from './support/helm';
import { environments, projectConfig, ROOT, temporaryProject } from './support/project';

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, { steps: Step[] }>;
}
const workflow = (name: string) =>
  parse(fs.readFileSync(path.join(ROOT, '.github/workflows', name), 'utf8')) as Workflow;

describe('release.yml', () => {
  const steps = workflow('release.yml').jobs.charts.steps;
  const packageStep = steps.find((s) => s.name === 'Package every chart at the release version');

  /** The step's script as GitHub runs it (`bash -e -o pipefail`), with a real helm on the PATH. */
  function runPackageStep(tag: string) {
    const root = temporaryProject();
    const binary = helmBinary();
    const pathDirs = [path.isAbsolute(binary) ? path.dirname(binary) : '', process.env.PATH ?? ''].filter(Boolean);
    const result = spawnSync(
      'bash',
      ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', packageStep?.run ?? 'exit 9'],
      {
        cwd: root,
        env: { ...process.env, PATH: pathDirs.join(path.delimiter), TAG: tag },
        encoding: 'utf8',
      },
    );
    const packagesDir = path.join(root, 'packages');
    const packages = fs.existsSync(packagesDir) ? fs.readdirSync(packagesDir).sort() : [];
    return { root, result, packages, packagesDir };
  }

  test('the package version comes from the tag, and the push comes after packaging', () => {
    expect(packageStep?.env?.TAG).toBe('${{ github.ref_name }}');
    expect(packageStep?.run).toMatch(/helm package "\$\(dirname "\$chart"\)" --version "\$version"/);
    const names = steps.map((s) => s.name);
    expect(names.indexOf('Push every chart')).toBeGreaterThan(names.indexOf(packageStep?.name));
  });

  test('run for real: every chart is packaged at the tag version, whatever Chart.yaml says', () => {
    const { root, result, packages, packagesDir } = runPackageStep('v2.3.4-rc.1');
    try {
      expect([result.status, result.stderr]).toEqual([0, expect.any(String)]);
      const expected = environments()
        .map(({ env }) => `acme-${env.name}-2.3.4-rc.1.tgz`)
        .sort();
      expect(packages).toEqual(expected);
      for (const file of packages) {
        const chart = parse(helm(['show', 'chart', path.join(packagesDir, file)])) as {
          version: string;
          appVersion: string;
        };
        expect(chart.version).toBe('2.3.4-rc.1');
      }
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  describe('the push, run for real with helm v3.17.3 against a closed port (issue 16, 5)', () => {
    const pushStep = steps.find((s) => s.name === 'Push every chart');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'release-push-'));
    // helm's own configuration and cache stay in the temporary directory.
    const helmHome = {
      HELM_CONFIG_HOME: `${dir}/config`,
      HELM_CACHE_HOME: `${dir}/cache`,
      HELM_DATA_HOME: `${dir}/data`,
    };
    beforeAll(() => {
      helm(['package', 'dist/dev', '--version', '1.2.3', '--destination', path.join(dir, 'packages')]);
      // `helm` on the PATH logs its arguments, then runs the real helm.
      fs.mkdirSync(path.join(dir, 'bin'));
      const real = helmBinary().includes('/') ? path.resolve(ROOT, helmBinary()) : helmBinary();
      fs.writeFileSync(
        path.join(dir, 'bin', 'helm'),
        `#!/bin/bash\nprintf '%s\\n' "$*" >> "${dir}/helm.log"\nexec "${real}" "$@"\n`,
        { mode: 0o755 },
      );
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
    /** The step as GitHub runs it; the registry is 127.0.0.1:1, where nothing listens. */
    const push = (registry: string) =>
      spawnSync('bash', ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', pushStep?.run ?? 'exit 9'], {
        cwd: dir,
        env: { ...process.env, ...helmHome, PATH: `${dir}/bin:${process.env.PATH}`, REGISTRY: registry },
        encoding: 'utf8',
      });

    test('helm refuses a repository with capitals before it connects (the rule the step must meet)', () => {
      const refused = spawnSync(
        helmBinary(),
        ['push', path.join(dir, 'packages', 'acme-dev-1.2.3.tgz'), 'oci://127.0.0.1:1/Acme-Corp/charts'],
        { env: { ...process.env, ...helmHome }, encoding: 'utf8' },
      );
      expect([refused.status, refused.stderr]).toEqual([
        1,
        expect.stringContaining('invalid_reference: invalid repository'),
      ]);
    });

    test('an owner with capitals: the step pushes to the lower-cased reference, which helm accepts', () => {
      fs.rmSync(path.join(dir, 'helm.log'), { force: true });
      const result = push('127.0.0.1:1/Acme-Corp/Charts');
      expect(fs.readFileSync(path.join(dir, 'helm.log'), 'utf8')).toBe(
        'push packages/acme-dev-1.2.3.tgz oci://127.0.0.1:1/acme-corp/charts\n',
      );
      // helm got past the reference check to the network, where nothing answers.
      expect(result.stderr).not.toContain('invalid_reference');
      expect(result.stderr).toContain('127.0.0.1:1');
      expect(result.status).not.toBe(0);
    });
  });

  test('a tag that is not a version packages nothing and says why', () => {
    const { root, result, packages } = runPackageStep('vnext');
    try {
      expect(result.status).toBe(1);
      expect(result.stdout).toMatch(/::error::tag vnext is not v<major>\.<minor>\.<patch>/);
      expect(packages).toEqual([]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('promote.yml', () => {
  // GitHub docs, "Triggering a workflow from a workflow": events triggered with the repository's
  // GITHUB_TOKEN (other than workflow_dispatch and repository_dispatch) create no workflow run;
  // a GitHub App installation token or a personal access token does.
  const promote = workflow('promote.yml');
  const steps = promote.jobs.promote.steps;
  const text = fs.readFileSync(path.join(ROOT, '.github/workflows/promote.yml'), 'utf8');
  const tokenStep = steps.find((s) => s.uses?.startsWith('actions/create-github-app-token@'));
  const appToken = `\${{ steps.${tokenStep?.id}.outputs.token }}`;

  test('an App token is created first, pinned by commit, limited to contents and pull requests', () => {
    expect(steps[0]).toBe(tokenStep);
    expect(tokenStep?.uses).toMatch(/^actions\/create-github-app-token@[0-9a-f]{40}$/);
    expect(text).toMatch(/create-github-app-token@[0-9a-f]{40} # v\d+\.\d+\.\d+/);
    expect(tokenStep?.with).toEqual(
      expect.objectContaining({
        'private-key': '${{ secrets.PROMOTE_APP_PRIVATE_KEY }}',
        'permission-contents': 'write',
        'permission-pull-requests': 'write',
      }),
    );
  });

  test('git push and gh pr create use the App token; the run token only reads', () => {
    const checkout = steps.find((s) => s.uses?.startsWith('actions/checkout@'));
    expect(checkout?.with?.token).toBe(appToken);
    const writer = steps.find((s) => s.run?.includes('gh pr create'));
    expect(writer?.run).toContain('git push');
    expect(writer?.env?.GH_TOKEN).toBe(appToken);
    expect(text).not.toMatch(/github\.token|secrets\.GITHUB_TOKEN/);
    expect(promote.permissions).toEqual({ contents: 'read' });
  });

  test('CI runs on the pull requests and pushes to main that promotions make', () => {
    const ci = workflow('ci.yml');
    expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(['pull_request', 'push']));
    const push = ci.on.push as { branches?: string[] } | null;
    expect(push?.branches ?? ['main']).toContain('main');
  });
});

describe('CODEOWNERS', () => {
  // GitHub's CODEOWNERS: gitignore-style patterns, a leading / anchors at the root, a trailing /
  // matches everything below, and the last matching line decides the owners.
  const rules = fs
    .readFileSync(path.join(ROOT, '.github/CODEOWNERS'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [pattern, ...owners] = line.split(/\s+/);
      return { pattern, owners };
    });
  const matches = (pattern: string, file: string) => {
    if (pattern === '*') return true;
    const anchored = pattern.startsWith('/') ? pattern.slice(1) : pattern;
    return anchored.endsWith('/') ? file.startsWith(anchored) : file === anchored;
  };
  const ownersOf = (file: string) => rules.filter((r) => matches(r.pattern, file)).at(-1)?.owners ?? [];

  test('every owner is a team of the organisation that owns the repository', () => {
    const org = /github\.com[/:]([^/]+)\//.exec(projectConfig().project.delivery.repoURL)?.[1];
    for (const rule of rules)
      for (const owner of rule.owners) expect(owner).toMatch(new RegExp(`^@${org}/[a-z0-9-]+$`));
  });

  test.each([
    ['config/project.yaml', '@acme/platform'],
    ['config/environments/dev.yaml', '@acme/platform'],
    ['dist/argocd/bootstrap.yaml', '@acme/platform'],
    ['dist/argocd/project.yaml', '@acme/platform'],
    ['lib/delivery/environment-project.ts', '@acme/platform'],
    ['.github/workflows/promote.yml', '@acme/platform'],
    ['config/environments/production.yaml', '@acme/release-managers'],
    ['dist/production/templates/database.yaml', '@acme/release-managers'],
  ])('%s is owned by %s', (file, owner) => {
    expect(fs.existsSync(path.join(ROOT, file))).toBe(true);
    expect(ownersOf(file)).toEqual([owner]);
  });
});
