/**
 * `--access-logfile=-` prints access lines under an app whose LOGGING disables existing loggers
 * (cookiecutter-django's production settings: `disable_existing_loggers: True`), proven with
 * real gunicorn run as the web container runs it: the rendered arguments and the rendered
 * configuration file, a WSGI module of ours that configures logging at import as django.setup()
 * does (test/fixtures/wsgi-logging), one worker, three requests, then a graceful stop.
 *
 * gunicorn comes from the machine: Debian 12's python3-gunicorn is 20.1.0, the seed's pin
 * (`apt-get install python3-gunicorn`). Without it the test is skipped, saying so.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { GUNICORN_CONFIG_FILE, GUNICORN_CONFIG_MOUNT } from '../lib/django/gunicorn-config';
import { find, requirePodTemplate } from '../lib/common/workloads';
import { parse } from 'yaml';
import { environments, ROOT } from './support/project';

const APP = path.join(ROOT, 'test/fixtures/wsgi-logging');

/**
 * The interpreter CI names (`GUNICORN_PYTHON`, which must import gunicorn), else the first of the
 * machine's that does, and the version it imports.
 */
function findGunicorn(): { python: string; version: string } | undefined {
  const named = process.env.GUNICORN_PYTHON;
  for (const python of named ? [named] : ['python3', '/usr/bin/python3']) {
    const found = spawnSync(python, ['-c', 'import gunicorn; print(gunicorn.__version__)'], { encoding: 'utf8' });
    if (found.status === 0) return { python, version: found.stdout.trim() };
  }
  return undefined;
}
const gunicorn = findGunicorn();
if (!gunicorn && process.env.GUNICORN_PYTHON)
  throw new Error(`GUNICORN_PYTHON=${process.env.GUNICORN_PYTHON} does not import gunicorn`);
if (!gunicorn)
  console.warn('gunicorn-logging.test.ts: no python3 imports gunicorn (apt-get install python3-gunicorn): SKIPPED');
const testWithGunicorn = gunicorn ? test : test.skip;

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

/** GET a path; rejects while nothing listens. */
const get = (port: number, route: string) =>
  new Promise<string>((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: route }, (response) => {
      let body = '';
      response.on('data', (d: Buffer) => (body += d.toString()));
      response.on('end', () => resolve(body));
    });
    request.on('error', reject);
  });

testWithGunicorn(
  `gunicorn ${gunicorn?.version ?? ''} prints access lines although the app's LOGGING disabled its loggers`,
  async () => {
    const { manifests } = environments()[0];
    const web = requirePodTemplate(find(manifests, 'Deployment', 'acme-web')[0]).spec.containers[0];
    const configMap = manifests.find((m) => m.kind === 'ConfigMap' && m.metadata.name === 'acme-gunicorn') as
      { data: Record<string, string> } | undefined;
    // The file this test is about: without it there is nothing to check, so it fails, not skips.
    expect(configMap?.data[GUNICORN_CONFIG_FILE]).toEqual(expect.any(String));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gunicorn-logging-'));
    const port = await freePort();
    // The container's arguments with the machine's paths: the mounted file, the code, the port.
    fs.writeFileSync(path.join(dir, GUNICORN_CONFIG_FILE), configMap?.data[GUNICORN_CONFIG_FILE] ?? '');
    const args = (web.args ?? []).map((arg) =>
      arg
        .replace(`${GUNICORN_CONFIG_MOUNT}/`, `${dir}/`)
        .replace(/^--chdir=.*/, `--chdir=${APP}`)
        .replace(/^--bind=.*/, `--bind=127.0.0.1:${port}`),
    );
    expect(args.slice(0, 2)).toEqual(['gunicorn', 'config.wsgi']);
    expect(args).toContain('--access-logfile=-');

    const child = spawn(gunicorn?.python ?? 'python3', ['-m', ...args], {
      cwd: dir,
      // Its own process group, so that nothing it starts outlives the test.
      detached: true,
      env: { PATH: process.env.PATH, WEB_CONCURRENCY: '1', PYTHONDONTWRITEBYTECODE: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
    try {
      let body: string | undefined;
      while (body === undefined && child.exitCode === null) {
        body = await get(port, '/one').catch(() => new Promise<undefined>((r) => setTimeout(() => r(undefined), 100)));
      }
      // The fixture reproduces the problem: its LOGGING switched gunicorn's access logger off.
      expect(body).toBe('access log disabled by LOGGING: True\n');
      await get(port, '/two?x=1');
      await get(port, '/three');
      // A graceful stop (SIGTERM) returns once the worker has finished and logged every request.
      process.kill(-(child.pid as number), 'SIGTERM');
      await closed;
    } finally {
      if (child.exitCode === null && child.signalCode === null) process.kill(-(child.pid as number), 'SIGKILL');
      await closed;
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(stderr).toContain('gunicorn.access disabled: True');
    // gunicorn.error too: the worker's own last line, written after the app was loaded
    // (gunicorn 20.1.0 gunicorn/arbiter.py Arbiter.spawn_worker, in the worker process).
    expect(stderr).toMatch(/\[INFO\] Worker exiting \(pid: \d+\)/);
    const access = stdout.split('\n').filter((line) => /"GET \/\S* HTTP\/1\.1" 200 /.test(line));
    expect(access.map((line) => /"GET (\S+) /.exec(line)?.[1])).toEqual(['/one', '/two?x=1', '/three']);
  },
  60_000, // gunicorn starts in about a second; only a hang comes near this
);

test('CI runs it with gunicorn 20.1.0 instead of skipping it', () => {
  const ci = parse(fs.readFileSync(path.join(ROOT, '.github/workflows/ci.yml'), 'utf8')) as {
    jobs: { test: { steps: Array<{ name?: string; run?: string; env?: Record<string, string> }> } };
  };
  const steps = ci.jobs.test.steps;
  const install = steps.findIndex((s) => /pip" install --quiet gunicorn==20\.1\.0$/m.test(s.run ?? ''));
  const run = steps.findIndex((s) => s.run === 'npm test');
  expect(install).toBeGreaterThanOrEqual(0);
  expect(run).toBeGreaterThan(install);
  expect(steps[run].env?.GUNICORN_PYTHON).toBe('${{ runner.temp }}/gunicorn/bin/python');
  expect(steps[install].run).toContain('python3 -m venv "$RUNNER_TEMP/gunicorn"');
});
