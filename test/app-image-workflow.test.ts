/**
 * The app repository's image workflow uploads its scan to code scanning only where the upload can
 * succeed (issue 16, 6): its step conditions are evaluated as the runner does
 * (test/support/github-expression.ts) for each kind of run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { evaluate, isTrue, stepRuns, type ExpressionScope } from './support/github-expression';
import { ROOT } from './support/project';

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly if?: string;
  readonly 'continue-on-error'?: string | boolean;
  readonly with?: Record<string, string>;
}
const workflow = parse(
  fs.readFileSync(path.join(ROOT, 'examples/app-repo/.github/workflows/app-image.yml'), 'utf8'),
) as { jobs: { image: { steps: Step[] } } };
const steps = workflow.jobs.image.steps;
const scan = steps.find((s) => s.uses?.startsWith('aquasecurity/trivy-action@'));
const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));

/** A run of the workflow: the event, the repository's visibility, how the job went, what the scan wrote. */
interface Run {
  readonly event: 'push' | 'pull_request';
  /** For a pull request: the repository its head branch lives in, and who opened it. */
  readonly head?: string;
  readonly author?: string;
  readonly visibility?: 'public' | 'private' | 'internal';
  readonly status: 'success' | 'failure' | 'cancelled';
  readonly sarif: boolean;
}
function scope(run: Run): ExpressionScope {
  const repository = 'Acme/shop';
  return {
    contexts: {
      github: {
        event_name: run.event,
        repository,
        event: {
          repository: { full_name: repository, visibility: run.visibility ?? 'public' },
          ...(run.event === 'pull_request'
            ? {
                pull_request: {
                  head: { repo: { full_name: run.head ?? repository } },
                  user: { login: run.author ?? 'dev' },
                },
              }
            : {}),
        },
      },
    },
    status: run.status,
    files: run.sarif ? [scan?.with?.output ?? ''] : [],
  };
}

test('the upload sends the file the scan writes', () => {
  // Both steps exist and name a file: two missing ones would give undefined on both sides below.
  expect(scan?.with?.output).toEqual(expect.any(String));
  expect(upload).toBeDefined();
  expect(scan?.with?.format).toBe('sarif');
  expect(upload?.with?.sarif_file).toBe(scan?.with?.output);
});

test.each<[string, boolean, Run]>([
  ['a push whose scan passed', true, { event: 'push', status: 'success', sarif: true }],
  [
    'a push whose scan found critical findings (they are uploaded)',
    true,
    { event: 'push', status: 'failure', sarif: true },
  ],
  [
    'a push whose build failed before the scan wrote anything',
    false,
    { event: 'push', status: 'failure', sarif: false },
  ],
  ['a cancelled run', false, { event: 'push', status: 'cancelled', sarif: true }],
  ['a pull request from a branch of the repository', true, { event: 'pull_request', status: 'success', sarif: true }],
  [
    'a pull request from a fork (read-only token)',
    false,
    { event: 'pull_request', head: 'someone/shop', status: 'success', sarif: true },
  ],
  [
    "Dependabot's pull request (read-only token)",
    false,
    { event: 'pull_request', author: 'dependabot[bot]', status: 'success', sarif: true },
  ],
])('%s: the upload runs: %s', (_what, runs, run) => {
  expect(stepRuns(upload?.if, scope(run))).toBe(runs);
});

test.each<[Run['visibility'], boolean]>([
  ['public', false],
  ['private', true],
  ['internal', true],
])(
  'a %s repository: a failed upload fails the job = %s (code scanning needs Advanced Security unless public)',
  (visibility, goesOn) => {
    expect(
      isTrue(upload?.['continue-on-error'], scope({ event: 'push', visibility, status: 'success', sarif: true })),
    ).toBe(goesOn);
  },
);

describe('the expression model (it can tell)', () => {
  const s: ExpressionScope = { contexts: { github: { event_name: 'Push', x: null } }, files: ['a.sarif'] };
  test.each<[string, unknown]>([
    ["github.event_name == 'push'", true],
    ["github.event_name != 'push'", false],
    ['github.missing.deeper', null],
    ['github.x == 0', true],
    ["'' == 0", true],
    ["hashFiles('a.sarif') != ''", true],
    ["hashFiles('b.sarif') != ''", false],
    ["1 && 'b'", 'b'],
    ["0 || 'c'", 'c'],
    ["!(github.event_name == 'push') || failure()", false],
    ["'it''s'", "it's"],
  ])('%s is %p', (expression, value) => {
    expect(evaluate(expression, s)).toEqual(value);
  });

  test('a step if without a status function also needs success(); always() and !cancelled() do not', () => {
    expect(stepRuns("github.event_name == 'push'", { ...s, status: 'failure' })).toBe(false);
    expect(stepRuns('always()', { ...s, status: 'failure' })).toBe(true);
    expect(stepRuns('${{ !cancelled() }}', { ...s, status: 'failure' })).toBe(true);
    expect(stepRuns('${{ !cancelled() }}', { ...s, status: 'cancelled' })).toBe(false);
    expect(stepRuns(undefined, { ...s, status: 'failure' })).toBe(false);
  });

  test('a function it does not model is refused, not guessed', () => {
    expect(() => evaluate("format('{0}', 1)", s)).toThrow('function format is not modelled');
  });
});
