/**
 * The reference app repository (examples/app-repo) builds images that run the seed app
 * (tomctm/devops-coding-challenge @ 4b8da4e8) the way the manifests assume: Python 3.11 (the
 * seed's Django 4.1.8 and Pillow 9.5.0 stop there), psycopg2 without a driver import in the
 * entrypoint, every setting the production settings read at import given a placeholder around
 * both collectstatic and compilemessages, the docs built the way the seed's docs/conf.py expects,
 * user ids, ports, paths and image names that agree with the charts and the app contract.
 *
 * The seed's files are not in this repository (nothing may read outside it), so facts about them
 * are stated here as constants with the file they come from; the e2e workflow builds the real seed.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { buildCli } from '../cli';
import { buildTimeSettings, entrypointSettings } from '../lib/app/app-processes';
import { NGINX_UNPRIVILEGED_USER } from '../lib/common/security';
import { find, requirePodTemplate } from '../lib/common/workloads';
import { args, chain, envOf, parseStages, type Stage } from './support/dockerfile';
import { environments, projectConfig, ROOT } from './support/project';

const APP = 'examples/app-repo';
const SEED_APP_CONTRACT = projectConfig().app;
const read = (file: string) => fs.readFileSync(path.join(ROOT, APP, file), 'utf8');

/** The stages of a Dockerfile of the example app repository. */
const stagesOf = (file: string): Stage[] => parseStages(read(file));

const django = stagesOf('Dockerfile');
const djangoRun = django.at(-1) as Stage;
const docs = stagesOf('docs.Dockerfile');
const docsRun = docs.at(-1) as Stage;

/**
 * A `RUN` line run by `/bin/sh -c`, command by command (`;`-separated, as the Dockerfile writes
 * it): the variables each command sees, and whether a failure stops the build (`set -e`).
 */
function simulateRun(line: string): Array<{ command: string; env: Map<string, string>; errexit: boolean }> {
  const env = new Map<string, string>();
  let errexit = false;
  const commands: Array<{ command: string; env: Map<string, string>; errexit: boolean }> = [];
  for (const part of line.split(';').map((p) => p.trim())) {
    const set = /^set\s+-(\w+)$/.exec(part);
    const exported = /^export\s+(\w+)=(\S*)$/.exec(part);
    if (set) errexit ||= set[1].includes('e');
    else if (exported) env.set(exported[1], exported[2]);
    else if (part) commands.push({ command: part, env: new Map(env), errexit });
  }
  return commands;
}

describe('the app Dockerfile', () => {
  test('builds on Python 3.11 in every stage (Django 4.1.8: 3.8 to 3.11; Pillow 9.5.0: up to 3.11)', () => {
    for (const stage of django) {
      const image = chain(django, stage.name)[0].from;
      expect([stage.name, image]).toEqual([
        stage.name,
        expect.stringMatching(/^docker\.io\/library\/python:3\.11\.\d+-slim-\w+$/),
      ]);
    }
  });

  test('builds psycopg2 from source in a wheels stage; the image keeps only libpq, no compiler', () => {
    const wheels = django.find((s) => s.name === 'wheels') as Stage;
    expect(args(wheels, 'RUN').join('\n')).toMatch(/build-essential libpq-dev/);
    expect(args(wheels, 'RUN').join('\n')).toContain('pip wheel --wheel-dir /wheels -r /requirements/production.txt');
    const runtime = chain(django, djangoRun.name)
      .flatMap((s) => args(s, 'RUN'))
      .join('\n');
    expect(runtime).toMatch(/install --no-install-recommends -y libpq5\b/);
    expect(runtime).not.toMatch(/build-essential|libpq-dev|gettext/);
    const install = chain(django, djangoRun.name)
      .flatMap((s) => s.instructions)
      .find((i) => i.keyword === 'RUN' && i.args.includes('pip install'));
    expect(install?.flags.mount).toBe('type=bind,from=wheels,source=/wheels,target=/wheels');
    expect(install?.args).toContain('--no-index');
  });

  describe('placeholders for the settings the production settings read at import', () => {
    const assets = django.find((s) => s.name === 'assets') as Stage;
    const runs = args(assets, 'RUN').map(simulateRun);
    const commandsOf = (pattern: RegExp) => runs.flat().filter((c) => pattern.test(c.command));
    const required = buildTimeSettings(SEED_APP_CONTRACT);

    test.each(['collectstatic --noinput', 'compilemessages'])(
      'manage.py %s sees every one, with the contract value',
      (cmd) => {
        const found = commandsOf(new RegExp(`^python manage\\.py ${cmd}$`));
        expect(found).toHaveLength(1);
        const [{ env, errexit }] = found;
        expect(errexit).toBe(true);
        expect(Object.fromEntries([...env].filter(([k]) => k in required))).toEqual(required);
        // The settings module is the deployed one (an image ENV, inherited from the base stage).
        expect(envOf(django, 'assets').get('DJANGO_SETTINGS_MODULE')).toBe(SEED_APP_CONTRACT.settingsModules[0]);
      },
    );

    test('none reaches the image: no ENV or ARG holds them, the run stage runs nothing with them', () => {
      for (const stage of django) {
        const declared = stage.instructions
          .filter((i) => i.keyword === 'ENV' || i.keyword === 'ARG')
          .flatMap((i) => [...i.args.matchAll(/(\w+)=/g)].map((m) => m[1]));
        for (const name of Object.keys(required))
          expect([stage.name, declared.includes(name)]).toEqual([stage.name, false]);
      }
      expect(args(djangoRun, 'RUN')).toEqual([]);
      expect(
        djangoRun.instructions.filter((i) => i.keyword === 'COPY' && i.flags.from === 'assets').map((i) => i.args),
      ).toEqual([`${SEED_APP_CONTRACT.paths.app} ${SEED_APP_CONTRACT.paths.app}`]);
    });

    test('the simulation sees a placeholder that only one command gets (it can fail)', () => {
      const [first, second] = simulateRun('set -e; export A=1 ; cmd-one; export B=2; cmd-two');
      expect(first.env.has('B')).toBe(false);
      expect(second.env.get('B')).toBe('2');
      // `A=1 cmd-one && cmd-two`, the old form, gives cmd-two nothing.
      expect(simulateRun('A=1 cmd-one && cmd-two')[0].env.size).toBe(0);
    });
  });

  test('runs as the contract says: user, working directory, entrypoint, port, WSGI module', () => {
    expect(args(djangoRun, 'USER')).toEqual([`${SEED_APP_CONTRACT.image.uid}:${SEED_APP_CONTRACT.image.gid}`]);
    expect(read('Dockerfile')).toContain(`--uid ${SEED_APP_CONTRACT.image.uid} --gid ${SEED_APP_CONTRACT.image.gid}`);
    expect(args(djangoRun, 'WORKDIR')).toEqual([SEED_APP_CONTRACT.paths.app]);
    expect(args(djangoRun, 'ENTRYPOINT')).toEqual([JSON.stringify([SEED_APP_CONTRACT.paths.entrypoint])]);
    expect(
      djangoRun.instructions.find((i) => i.args.endsWith(` ${SEED_APP_CONTRACT.paths.entrypoint}`))?.flags.chmod,
    ).toBe('0755');
    expect(args(djangoRun, 'EXPOSE')).toEqual([String(SEED_APP_CONTRACT.port)]);
    const cmd = JSON.parse(args(djangoRun, 'CMD')[0]) as string[];
    expect(cmd.slice(0, 2)).toEqual(['gunicorn', SEED_APP_CONTRACT.processes.web.module]);
    expect(cmd).toContain(`--bind=0.0.0.0:${SEED_APP_CONTRACT.port}`);
  });

  test('needs no writable root: static files built in, no bytecode written, gunicorn scratch in /dev/shm', () => {
    expect(envOf(django, djangoRun.name).get('PYTHONDONTWRITEBYTECODE')).toBe('1');
    expect(chain(django, djangoRun.name).flatMap((s) => args(s, 'VOLUME'))).toEqual([]);
    expect(args(djangoRun, 'CMD')[0]).toContain('--worker-tmp-dir=/dev/shm');
  });
});

describe.each(environments().map((e) => [e.env.name, e] as const))(
  '%s manifests and the images',
  (_name, { manifests, env }) => {
    const djangoContainers = manifests
      .filter((m) => ['Deployment', 'Job'].includes(m.kind))
      .map((m) => requirePodTemplate(m))
      // By repository, then tag or digest: the docs repository may extend the app's name (`-docs`).
      .filter((pod) => /^[:@]/.test(pod.spec.containers[0].image.slice(env.images.app.repository.length)))
      .filter((pod) => pod.spec.containers[0].image.startsWith(env.images.app.repository));

    test('run as the user the Dockerfile declares', () => {
      // web, migrate, the smoke test and Celery's: the loops below check something.
      expect(djangoContainers.length).toBeGreaterThanOrEqual(3);
      for (const pod of djangoContainers) {
        expect(pod.spec.containers[0].securityContext).toEqual(
          expect.objectContaining({ runAsUser: SEED_APP_CONTRACT.image.uid, runAsGroup: SEED_APP_CONTRACT.image.gid }),
        );
      }
    });

    test('web listens on the port the image exposes, in the working directory it uses', () => {
      const web = requirePodTemplate(find(manifests, 'Deployment', 'acme-web')[0]).spec.containers[0];
      expect(args(djangoRun, 'EXPOSE')).toEqual([String(web.ports?.[0].containerPort)]);
      expect(web.args).toContain(`--chdir=${SEED_APP_CONTRACT.paths.app}`);
    });

    test('every container that runs the entrypoint gets every variable it requires', () => {
      const required = [...read('docker/entrypoint').matchAll(/\$\{(\w+):\?/g)].map((m) => m[1]);
      expect(required).toEqual(['DATABASE_URL']);
      const configMap = find(manifests, 'ConfigMap')[0] as unknown as { data: Record<string, string> };
      // The smoke test bypasses the entrypoint on purpose.
      const viaEntrypoint = djangoContainers.filter((pod) => !pod.spec.containers[0].command);
      expect(viaEntrypoint.length).toBeGreaterThanOrEqual(2);
      for (const pod of viaEntrypoint) {
        const container = pod.spec.containers[0];
        const provided = new Set([...(container.env ?? []).map((e) => e.name), ...Object.keys(configMap.data)]);
        for (const variable of required) expect([variable, provided.has(variable)]).toEqual([variable, true]);
      }
    });

    test('the docs image is nginx-unprivileged on the port and user the docs Deployment uses', () => {
      const deployment = find(manifests, 'Deployment', 'acme-docs')[0];
      // Every committed environment serves the docs: a missing Deployment fails, it is not skipped.
      expect(deployment).toBeDefined();
      const container = requirePodTemplate(deployment).spec.containers[0];
      expect(args(docsRun, 'USER')).toEqual([`${NGINX_UNPRIVILEGED_USER.uid}:${NGINX_UNPRIVILEGED_USER.gid}`]);
      expect(args(docsRun, 'EXPOSE')).toEqual([String(container.ports?.[0].containerPort)]);
      expect(container.securityContext).toEqual(expect.objectContaining({ runAsUser: NGINX_UNPRIVILEGED_USER.uid }));
    });
  },
);

describe('the docs Dockerfile builds the way the seed docs/conf.py expects', () => {
  const build = docs.find((s) => s.name === 'build') as Stage;
  const runs = args(build, 'RUN');
  const sphinxAt = build.instructions.findIndex((i) => i.keyword === 'RUN' && i.args.startsWith('sphinx-build'));

  test('Python 3.11, the same base image as the app', () => {
    expect(build.from).toBe(django[0].from);
  });

  test('installs requirements/local.txt: Sphinx, and the apps local settings add, are pinned there', () => {
    // The seed has no docs-only requirements file: sphinx==6.2.1 is in requirements/local.txt, and
    // config.settings.local adds debug_toolbar and django_extensions (also local.txt).
    expect(runs).toContain('pip install -r /requirements/local.txt');
    // local.txt pins psycopg2 2.9.6 (built from source): the compiler and libpq-dev are needed.
    expect(runs.join('\n')).toMatch(/build-essential libpq-dev/);
  });

  test('the code is in /app before Sphinx runs (conf.py puts /app on sys.path)', () => {
    const workdir = build.instructions.findIndex((i) => i.keyword === 'WORKDIR' && i.args === '/app');
    const copy = build.instructions.findIndex((i) => i.keyword === 'COPY' && i.args === '. /app');
    expect(workdir).toBeGreaterThanOrEqual(0);
    expect(copy).toBeGreaterThan(workdir);
    expect(sphinxAt).toBeGreaterThan(copy);
    expect(build.instructions[sphinxAt].args).toBe('sphinx-build -b html docs /html');
  });

  test('sets USE_DOCKER (read without a default by config.settings.local), and leaves conf.py its own choices', () => {
    const env = envOf(docs, 'build');
    expect(env.get('USE_DOCKER')).toBe('no');
    // conf.py: READTHEDOCS=True would take the code from .. instead of /app; it sets
    // DATABASE_URL and CELERY_BROKER_URL itself and only defaults DJANGO_SETTINGS_MODULE.
    for (const name of ['READTHEDOCS', 'DJANGO_SETTINGS_MODULE', 'DATABASE_URL', 'CELERY_BROKER_URL']) {
      expect([name, env.has(name)]).toEqual([name, false]);
    }
  });

  test('serves the HTML from a pinned nginx-unprivileged, read-only for nginx', () => {
    expect(docsRun.from).toMatch(/^docker\.io\/nginxinc\/nginx-unprivileged:\d+\.\d+\.\d+-alpine$/);
    const copy = docsRun.instructions.find((i) => i.keyword === 'COPY');
    expect(copy?.flags).toEqual({ from: 'build' });
    expect(copy?.args).toBe('/html /usr/share/nginx/html');
  });
});

test('base images are pinned to exact versions, never latest', () => {
  for (const stages of [django, docs]) {
    for (const stage of stages.filter((s) => !stages.some((other) => other.name === s.from))) {
      expect([stage.name, stage.from]).toEqual([stage.name, expect.stringMatching(/:\d+\.\d+\.\d+[-\w.]*$/)]);
    }
  }
});

describe('build contexts', () => {
  // Patterns of a .dockerignore, matched the way BuildKit does for these simple forms: a path or
  // a directory prefix, `**/` for any depth, `*` inside one segment.
  const ignored = (file: string) => (candidate: string) =>
    read(file)
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'))
      .some((pattern) => {
        const body = pattern
          .split('/')
          .map((seg) =>
            seg === '**' ? '(?:.*/)?' : seg.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*') + '/',
          )
          .join('')
          .replace(/\/$/, '');
        return new RegExp(`^${body}(?:/.*)?$`).test(candidate);
      });

  test.each(['Dockerfile', 'docs.Dockerfile'])(
    '%s has its own ignore file: no git data or local env files, everything the build needs',
    (dockerfile) => {
      const isIgnored = ignored(`${dockerfile}.dockerignore`);
      // The seed's .envs/.local/.django holds Flower credentials; its own .dockerignore lets it in.
      for (const secret of ['.envs/.local/.django', '.git/config', '.env', 'config/.env']) {
        expect([secret, isIgnored(secret)]).toEqual([secret, true]);
      }
      for (const needed of [
        'requirements/production.txt',
        'requirements/local.txt',
        'manage.py',
        'config/settings/base.py',
        'docs/conf.py',
        'docker/entrypoint',
        'locale/README.rst',
      ]) {
        expect([needed, isIgnored(needed)]).toEqual([needed, false]);
      }
    },
  );
});

describe('docker/entrypoint', () => {
  const script = read('docker/entrypoint');
  const entrypoint = path.join(ROOT, APP, 'docker/entrypoint');

  test('imports no database driver (the seed ships psycopg2, not psycopg 3) and waits with a TCP connect', () => {
    expect(script).not.toMatch(/^\s*(?:import|from)\s+psycopg/m);
    expect(script).toContain('socket.create_connection((host, port)');
    expect(script.split('\n')[0]).toBe('#!/bin/bash');
    expect(script).toContain('exec "$@"');
    expect(fs.statSync(entrypoint).mode & 0o111).not.toBe(0);
  });

  test('exports nothing the app needs: what a process started by kubectl exec would lack', () => {
    // The contract gives no setting to the entrypoint to build; DATABASE_URL is in the container.
    expect(SEED_APP_CONTRACT.database).toBe('chart-gives-url');
    expect([...entrypointSettings(SEED_APP_CONTRACT).keys()]).toEqual([]);
    expect(SEED_APP_CONTRACT.settings.find((s) => s.name === 'DATABASE_URL')?.source).toBe('database');
    // Only the broker default, for a bare `docker run` (the charts set CELERY_BROKER_URL).
    expect([...script.matchAll(/^\s*export (\w+)/gm)].map((m) => m[1])).toEqual(['CELERY_BROKER_URL']);
  });

  // Runs the real script with bash and the machine's Python 3 (as `python`, its name in the image).
  const python3 = spawnSync('sh', ['-c', 'command -v python3'], { encoding: 'utf8' }).stdout.trim();
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'entrypoint-'));
  beforeAll(() => fs.symlinkSync(python3, path.join(bin, 'python')));
  afterAll(() => fs.rmSync(bin, { recursive: true, force: true }));

  function run(env: Record<string, string>, command: string[]) {
    return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn('bash', ['--norc', '--noprofile', entrypoint, ...command], {
        env: { PATH: `${bin}:${process.env.PATH}`, ...env },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
  }
  /**
   * The container's database settings for a server on this machine's loopback `port`, as the
   * charts give them: DATABASE_URL (encoded as its writer encodes it) and the POSTGRES_* parts.
   */
  const postgresAt = (port: number | string, user = 'u', password = 'p', database = 'd') => ({
    DATABASE_URL: `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    POSTGRES_HOST: '127.0.0.1',
    POSTGRES_PORT: String(port),
    POSTGRES_DB: database,
    POSTGRES_USER: user,
    POSTGRES_PASSWORD: password,
  });
  const printEnv = [
    'python',
    '-c',
    'import os; print(os.environ["DATABASE_URL"]); print(os.environ.get("CELERY_BROKER_URL"))',
  ];

  test('waits for the host and port of DATABASE_URL, passes it on unchanged, then execs', async () => {
    const server = net.createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const settings = postgresAt(port, 'app@team', 'p:/@?#% w=+', 'app');
    try {
      const result = await run({ ...settings, REDIS_URL: 'redis://redis:6379/0' }, printEnv);
      expect(result.stderr).toContain(`PostgreSQL at 127.0.0.1:${port} accepts connections`);
      expect(result.status).toBe(0);
      const [url, broker] = result.stdout.trim().split('\n');
      expect(url).toBe(settings.DATABASE_URL);
      // CELERY_BROKER_URL defaults to REDIS_URL, as cookiecutter-django's entrypoint does.
      expect(broker).toBe('redis://redis:6379/0');
    } finally {
      server.close();
    }
  });

  test('refuses a URL that does not hold POSTGRES_USER and POSTGRES_PASSWORD as they are, printing neither', async () => {
    // What the kubelet composes from a password with reserved characters: nothing encodes it.
    const password = 'pa@ss/word';
    const result = await run(
      {
        ...postgresAt(1, 'u', password),
        DATABASE_URL: `postgres://u:${password}@127.0.0.1:1/d`,
        POSTGRES_WAIT_SECONDS: '0',
      },
      ['python', '-c', 'print("ran")'],
    );
    expect(result.status).not.toBe(0);
    expect(result.stdout).not.toContain('ran');
    expect(result.stderr).toContain('DATABASE_URL does not hold POSTGRES_PASSWORD as it is');
    expect(result.stderr).not.toContain(password);
  });

  test('keeps a CELERY_BROKER_URL it is given', async () => {
    const server = net.createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = String((server.address() as net.AddressInfo).port);
    try {
      const result = await run(
        { ...postgresAt(port), REDIS_URL: 'redis://cache:6379/0', CELERY_BROKER_URL: 'redis://broker:6379/1' },
        printEnv,
      );
      expect(result.stdout.trim().split('\n')[1]).toBe('redis://broker:6379/1');
    } finally {
      server.close();
    }
  });

  test('gives up with a clear message when PostgreSQL stays unreachable, and never runs the command', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = String((server.address() as net.AddressInfo).port);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const result = await run({ ...postgresAt(port), POSTGRES_WAIT_SECONDS: '1' }, ['python', '-c', 'print("ran")']);
    expect(result.status).not.toBe(0);
    expect(result.stdout).not.toContain('ran');
    expect(result.stderr).toContain(`PostgreSQL at 127.0.0.1:${port} is not reachable`);
  });

  test('names the variable that is missing', async () => {
    const result = await run({ POSTGRES_HOST: 'db', POSTGRES_DB: 'd', POSTGRES_USER: 'u' }, ['true']);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('DATABASE_URL is required');
  });
});

describe('patches/email-backend.patch (the dev mail settings change, point 9)', () => {
  const patch = read('patches/email-backend.patch');
  const lines = patch.split('\n');
  const hunks = [...patch.matchAll(/^@@ -(\d+),(\d+) \+(\d+),(\d+) @@/gm)];
  const body = lines.slice(lines.findIndex((l) => l.startsWith('@@')) + 1).filter((l) => l !== '');
  const removed = body.filter((l) => l.startsWith('-')).map((l) => l.slice(1));
  const added = body.filter((l) => l.startsWith('+')).map((l) => l.slice(1));
  const context = body.filter((l) => l.startsWith(' '));

  test('is one hunk on config/settings/production.py whose line counts match its body', () => {
    expect(patch).toMatch(/^--- a\/config\/settings\/production\.py$/m);
    expect(patch).toMatch(/^\+\+\+ b\/config\/settings\/production\.py$/m);
    expect(hunks).toHaveLength(1);
    const [, , oldCount, , newCount] = hunks[0].map(Number);
    expect(context.length + removed.length).toBe(oldCount);
    expect(context.length + added.length).toBe(newCount);
    // Every body line is context, removal or addition: git apply refuses anything else.
    expect(body.every((l) => /^[ +-]/.test(l))).toBe(true);
  });

  test('replaces the hard-coded Anymail backend by DJANGO_EMAIL_BACKEND with Anymail as default', () => {
    // The seed's production.py, line 92 at 4b8da4e8 (checked with `git apply --check` there).
    expect(removed).toEqual(['EMAIL_BACKEND = "anymail.backends.mailgun.EmailBackend"']);
    const code = added.filter((l) => !l.trimStart().startsWith('#')).join('\n');
    expect(code).toMatch(
      /EMAIL_BACKEND = env\(\s*"DJANGO_EMAIL_BACKEND",\s*default="anymail\.backends\.mailgun\.EmailBackend",\s*\)/,
    );
    expect(code).toContain('EMAIL_HOST = env("EMAIL_HOST", default="localhost")');
    expect(code).toContain('EMAIL_PORT = env.int("EMAIL_PORT", default=25)');
  });

  test('reads exactly the mail variables the dev ConfigMap sets and the contract declares', () => {
    const read = [...added.join('\n').matchAll(/env(?:\.\w+)?\(\s*"(\w+)"/g)].map((m) => m[1]).sort();
    expect(read).toEqual(['DJANGO_EMAIL_BACKEND', 'EMAIL_HOST', 'EMAIL_PORT']);
    const dev = environments().find((e) => e.env.mailCatcher.enabled);
    expect(dev).toBeDefined();
    const configMap = find(dev?.manifests ?? [], 'ConfigMap')[0] as unknown as { data: Record<string, string> };
    for (const name of read) {
      expect([name, name in configMap.data]).toEqual([name, true]);
      expect(SEED_APP_CONTRACT.settings.find((s) => s.name === name)?.source).toBe('chart');
    }
  });

  test('the added lines are valid Python', () => {
    const result = spawnSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], {
      input: added.join('\n'),
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});

describe('image names: what the pipelines push is what the environments pull', () => {
  /** Runs a workflow step's script as GitHub does (bash) and returns what it wrote to $GITHUB_ENV. */
  function stepEnv(file: string, stepName: string, env: Record<string, string>): Record<string, string> {
    const workflow = parse(read(`.github/workflows/${file}`)) as {
      jobs: Record<string, { steps: Array<{ name?: string; run?: string }> }>;
    };
    const step = Object.values(workflow.jobs)
      .flatMap((j) => j.steps)
      .find((s) => s.name === stepName);
    expect(step?.run).toBeDefined();
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'github-env-')), 'env');
    fs.writeFileSync(out, '');
    const result = spawnSync('bash', ['--norc', '--noprofile', '-e', '-c', step?.run ?? ''], {
      env: { PATH: process.env.PATH, ...env, GITHUB_ENV: out },
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    return Object.fromEntries(
      fs
        .readFileSync(out, 'utf8')
        .trim()
        .split('\n')
        .map((l) => l.split('=', 2) as [string, string]),
    );
  }

  test('app-image pushes ghcr.io/<owner>/<repository> and docs-image <that>-docs, lowercased', () => {
    expect(stepEnv('app-image.yml', 'Image name', { GITHUB_REPOSITORY: 'Acme/Acme-Django' })).toEqual({
      IMAGE: 'ghcr.io/acme/acme-django',
    });
    expect(stepEnv('docs-image.yml', 'Image name', { GITHUB_REPOSITORY: 'Acme/Acme-Django' })).toEqual({
      IMAGE: 'ghcr.io/acme/acme-django-docs',
    });
  });

  test.each(environments().map((e) => [e.env.name, e.env] as const))(
    '%s pulls the names the app repository (config/project.yaml app.githubRepository) pushes',
    (_name, env) => {
      // The repository as GitHub spells it: the pipelines lowercase it, as GHCR requires.
      const repository = projectConfig().project.app?.githubRepository;
      expect(repository).toMatch(/^[\w.-]+\/[\w.-]+$/);
      const pushed = { GITHUB_REPOSITORY: repository ?? '' };
      expect(stepEnv('app-image.yml', 'Image name', pushed).IMAGE).toBe(env.images.app.repository);
      expect(stepEnv('docs-image.yml', 'Image name', pushed).IMAGE).toBe(env.images.docs?.repository);
    },
  );
});

interface WorkflowStep {
  readonly name?: string;
  readonly uses?: string;
  readonly if?: string;
  readonly run?: string;
  readonly with?: Record<string, string>;
  readonly env?: Record<string, string>;
}

describe('the example CI (tests.yml) passes on the seed', () => {
  const workflow = parse(read('.github/workflows/tests.yml')) as {
    jobs: {
      pytest: {
        env: Record<string, string>;
        steps: Array<{ name?: string; run?: string; with?: Record<string, string>; env?: Record<string, string> }>;
      };
    };
  };
  const job = workflow.jobs.pytest;
  const checkApp = (parse(read('.github/workflows/tests.yml')) as { jobs: Record<string, { steps: WorkflowStep[] }> })
    .jobs['check-app'];

  test('uses the Python the image runs', () => {
    expect(job.steps.find((s) => s.with?.['python-version'])?.with?.['python-version']).toBe('3.11');
  });

  test('checks the deployment against the production settings with every variable they read at import', () => {
    const check = job.steps.find((s) => s.run?.includes('check --deploy'));
    expect(check?.run).toBe('python manage.py check --deploy --fail-level WARNING');
    // The test settings warn by design (security.W004, W008, W012, W016, W020: django/core/checks
    // /security/base.py, sessions.py, csrf.py); production.py sets what each asks for.
    expect(check?.env?.DJANGO_SETTINGS_MODULE).toBe(SEED_APP_CONTRACT.settingsModules[0]);
    const generated = job.steps
      .filter((s) => s.run?.includes('>> "$GITHUB_ENV"'))
      .flatMap((s) => [...(s.run ?? '').matchAll(/echo "(\w+)=/g)].map((m) => m[1]));
    const provided = new Set([...Object.keys(job.env), ...Object.keys(check?.env ?? {}), ...generated]);
    for (const name of Object.keys(buildTimeSettings(SEED_APP_CONTRACT)))
      expect([name, provided.has(name)]).toEqual([name, true]);
    // production.py imports sentry_sdk and anymail, which only requirements/production.txt installs.
    expect(job.steps.find((s) => s.name === 'Install')?.run).toContain('-r requirements/production.txt');
  });

  test("runs this repository's check-app on the app checkout, skipped only without the deployment repository", () => {
    const run = checkApp.steps.map((s) => s.run ?? '').join('\n');
    expect(run).toContain('npm run --silent cli -- check-app "$GITHUB_WORKSPACE/app"');
    expect(checkApp.steps.find((s) => s.with?.path === 'app')?.uses).toMatch(/^actions\/checkout@[0-9a-f]{40}$/);
    expect(checkApp.steps.find((s) => s.with?.path === 'deploy')?.with?.repository).toBe(
      '${{ secrets.DEPLOY_REPOSITORY }}',
    );
    for (const step of checkApp.steps.slice(1)) expect(step.if).toBe("steps.target.outputs.enabled == 'true'");
    const io = { root: ROOT, out: () => undefined, err: () => undefined };
    expect(buildCli(io).commands.map((c) => c.name())).toContain('check-app');
  });
});
