/**
 * The example images for today's cookiecutter-django (uv.Dockerfile, uv-docs.Dockerfile), beside
 * the seed's (Dockerfile, docs.Dockerfile, unchanged): Python as the template pins it, the
 * environment from uv.lock exactly without the dev group, non-root, nothing written under / at
 * run time, the build-time placeholders of config/app.yaml loaded only where they are used, and
 * the example CI building whichever layout the repository has, with CodeQL and dependency review.
 *
 * Facts about the template (release 2026.8.18, cookiecutter/cookiecutter-django) are constants
 * here with the file they come from; this repository never reads the template itself.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { runCli } from '../cli';
import { buildTimeSettings } from '../lib/app/app-processes';
import { loadAppContract } from '../lib/config/load';
import { args, chain, envOf, parseStages, type Stage } from './support/dockerfile';
import { ROOT } from './support/project';

const APP = path.join(ROOT, 'examples/app-repo');
const read = (file: string) => fs.readFileSync(path.join(APP, file), 'utf8');
const app = parseStages(read('uv.Dockerfile'));
const run = app.at(-1) as Stage;
const docs = parseStages(read('uv-docs.Dockerfile'));
const stage = (stages: readonly Stage[], name: string) => stages.find((s) => s.name === name) as Stage;
const runsOf = (stages: readonly Stage[]) => stages.flatMap((s) => args(s, 'RUN'));

/** The template's pyproject.toml: `requires-python = "==3.14.*"`; .python-version: 3.14. */
const TEMPLATE_PYTHON = '3.14';

describe('uv.Dockerfile', () => {
  test('Python as the template pins it, in every Python stage; uv pinned by version', () => {
    const pythonStages = app.filter((s) => /python:/.test(s.from));
    expect(pythonStages.map((s) => s.name)).toEqual(['build', 'base']);
    for (const s of pythonStages)
      expect(s.from).toMatch(new RegExp(`python:${TEMPLATE_PYTHON.replace('.', '\\.')}\\.\\d+-slim-`));
    expect(stage(app, 'uv').from).toMatch(/^ghcr\.io\/astral-sh\/uv:\d+\.\d+\.\d+$/);
  });

  test('installs from uv.lock exactly, without the dev group, dependencies before the code', () => {
    const syncs = runsOf(app).filter((r) => /\buv sync\b/.test(r));
    expect(syncs).toHaveLength(2);
    for (const sync of syncs) expect(sync).toMatch(/uv sync --frozen --no-dev/);
    const build = stage(app, 'build');
    const first = build.instructions.findIndex((i) => i.keyword === 'RUN' && i.args.includes('--no-install-project'));
    const copy = build.instructions.findIndex((i) => i.keyword === 'COPY' && i.args === '. /app');
    expect(first).toBeGreaterThanOrEqual(0);
    expect(copy).toBeGreaterThan(first);
    // The compiler stays in the build stage.
    expect(runsOf(chain(app, run.name)).join('\n')).not.toMatch(/build-essential/);
  });

  test('runs as the contract says: non-root user, /app, /entrypoint, port', () => {
    const contract = loadAppContract(ROOT);
    expect(args(run, 'USER')).toEqual([`${contract.image.uid}:${contract.image.gid}`]);
    expect(read('uv.Dockerfile')).toContain(`--uid ${contract.image.uid} --gid ${contract.image.gid}`);
    expect(chain(app, run.name).flatMap((s) => args(s, 'WORKDIR'))).toContain(contract.paths.app);
    expect(args(run, 'ENTRYPOINT')).toEqual([JSON.stringify([contract.paths.entrypoint])]);
    expect(args(run, 'EXPOSE')).toEqual([String(contract.port)]);
    // The template's own entrypoint (it waits with wait-for-it, installed in the shared stage).
    expect(run.instructions.find((i) => i.args.endsWith(' /entrypoint'))?.args).toBe(
      'compose/production/django/entrypoint /entrypoint',
    );
    expect(runsOf(chain(app, run.name)).join('\n')).toMatch(/install .*wait-for-it/);
  });

  test('a read-only root filesystem: bytecode compiled at build, none written, no VOLUME, gunicorn scratch in /dev/shm', () => {
    expect(envOf(app, 'build').get('UV_COMPILE_BYTECODE')).toBe('1');
    expect(envOf(app, run.name).get('PYTHONDONTWRITEBYTECODE')).toBe('1');
    expect(chain(app, run.name).flatMap((s) => args(s, 'VOLUME'))).toEqual([]);
    expect(args(run, 'CMD')[0]).toContain('--worker-tmp-dir=/dev/shm');
  });

  test('the build-time placeholders are bind-mounted for collectstatic and compilemessages only, never in the image', () => {
    const assets = stage(app, 'assets');
    const mounted = assets.instructions.filter(
      (i) => i.keyword === 'RUN' && i.flags.mount?.includes('build-settings.env'),
    );
    expect(mounted).toHaveLength(1);
    expect(mounted[0].args).toMatch(
      /set -a; \. \/tmp\/build-settings\.env; set \+a;.*collectstatic --noinput.*compilemessages/s,
    );
    // Not copied along with the code, and not in any ENV or ARG.
    expect(runsOf([stage(app, 'build')]).join('\n')).toContain('rm -f /app/docker/build-settings.env');
    const placeholders = Object.keys(buildTimeSettings(loadAppContract(ROOT)));
    expect(placeholders).toContain('DJANGO_SECRET_KEY');
    for (const s of app) {
      for (const i of s.instructions.filter((x) => x.keyword === 'ENV' || x.keyword === 'ARG')) {
        for (const name of placeholders) expect([s.name, i.args.includes(name)]).toEqual([s.name, false]);
      }
    }
  });

  test('collectstatic can be left to the cluster (static files in object storage)', () => {
    expect(args(stage(app, 'assets'), 'ARG')).toEqual(['COLLECTSTATIC=true']);
    expect(read('uv.Dockerfile')).toMatch(/if \[ "\$COLLECTSTATIC" = true \]; then python manage\.py collectstatic/);
  });
});

describe('uv-docs.Dockerfile', () => {
  const build = stage(docs, 'build');
  test('the same Python as the app image; Sphinx from the dev group (uv sync --frozen), code in /app', () => {
    expect(build.from).toBe(stage(app, 'build').from);
    expect(args(build, 'RUN')).toContain('uv sync --frozen');
    const copy = build.instructions.findIndex((i) => i.keyword === 'COPY' && i.args === '. /app');
    const sphinx = build.instructions.findIndex((i) => i.args.includes('sphinx-build'));
    expect(args(build, 'WORKDIR')).toEqual(['/app']);
    expect(sphinx).toBeGreaterThan(copy);
    expect(args(build, 'RUN')).toContain('/app/.venv/bin/sphinx-build -b html docs /html');
    expect(envOf(docs, 'build').get('USE_DOCKER')).toBe('no');
  });

  test('served by the same pinned nginx-unprivileged as the seed docs image', () => {
    const seedDocs = parseStages(read('docs.Dockerfile')).at(-1) as Stage;
    const served = docs.at(-1) as Stage;
    expect(served.from).toBe(seedDocs.from);
    expect(args(served, 'USER')).toEqual(args(seedDocs, 'USER'));
    expect(args(served, 'EXPOSE')).toEqual(args(seedDocs, 'EXPOSE'));
  });
});

test('both build contexts keep git data, env files and the local virtual environment out', () => {
  for (const file of ['uv.Dockerfile.dockerignore', 'uv-docs.Dockerfile.dockerignore']) {
    const lines = read(file).split('\n');
    for (const entry of ['.git', '.envs', '.env', '**/.env', '.venv'])
      expect([file, lines.includes(entry)]).toEqual([file, true]);
  }
});

describe('the example CI', () => {
  const workflow = (file: string) =>
    parse(read(`.github/workflows/${file}`)) as {
      on: Record<string, unknown>;
      jobs: Record<string, { steps: Array<{ uses?: string; run?: string; with?: Record<string, unknown> }> }>;
    };

  test.each([
    ['app-image.yml', 'uv.Dockerfile', 'Dockerfile'],
    ['docs-image.yml', 'uv-docs.Dockerfile', 'docs.Dockerfile'],
  ])('%s builds either layout: %s with uv.lock, else %s', (file, uv, seed) => {
    const steps = workflow(file).jobs.image.steps;
    const layout = steps.find((s) => s.run?.includes('DOCKERFILE='))?.run ?? '';
    expect(layout).toContain(
      `if [ -f uv.lock ]; then echo "DOCKERFILE=${uv}"; else echo "DOCKERFILE=${seed}"; fi >> "$GITHUB_ENV"`,
    );
    const builds = steps.filter((s) => s.uses?.startsWith('docker/build-push-action@'));
    expect(builds.length).toBe(2);
    for (const b of builds) expect(b.with?.file).toBe('${{ env.DOCKERFILE }}');
  });

  test('CodeQL analyses Python on pull requests, main and weekly', () => {
    const codeql = workflow('codeql.yml');
    expect(Object.keys(codeql.on).sort()).toEqual(['pull_request', 'push', 'schedule']);
    const steps = codeql.jobs.analyze.steps;
    const init = steps.find((s) => s.uses?.startsWith('github/codeql-action/init@'));
    expect(init?.with).toEqual(expect.objectContaining({ languages: 'python', 'build-mode': 'none' }));
    expect(steps.some((s) => s.uses?.startsWith('github/codeql-action/analyze@'))).toBe(true);
  });

  test('dependency review runs on pull requests and fails on high severity', () => {
    const review = workflow('dependency-review.yml');
    expect(Object.keys(review.on)).toEqual(['pull_request']);
    const step = review.jobs.review.steps.find((s) => s.uses?.startsWith('actions/dependency-review-action@'));
    expect(step?.with).toEqual(expect.objectContaining({ 'fail-on-severity': 'high' }));
  });
});

describe('npm run cli -- build-settings', () => {
  test("prints config/app.yaml's build-time placeholders, shell-quoted for the uv image's `set -a; .`", () => {
    let out = '';
    const code = runCli(['build-settings'], { root: ROOT, out: (t) => (out += t), err: () => undefined });
    expect(code).toBe(0);
    const lines = out.split('\n').filter((l) => l && !l.startsWith('#'));
    const expected = buildTimeSettings(loadAppContract(ROOT));
    expect(lines).toEqual(Object.entries(expected).map(([k, v]) => `${k}='${v}'`));
    expect(lines).toContain("SENTRY_DSN=''");
  });
});
