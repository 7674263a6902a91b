/**
 * The Celery probe module and the probe commands, run for real: the module under python3 against
 * a stand-in of the celery 5.2.7 API it uses (test/fixtures/celery-stub), the probes' shell
 * commands under sh with GNU coreutils, as in the Debian-based app image, and the example image's
 * entrypoint as the container's first process.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { k8s } from 'cdk8s-plus-27';
import { fileExistsProbe, freshHeartbeatProbe, PROBES_SOURCE, PROBES_STATE_DIR } from '../lib/django/celery-probes';
import { find, requirePodTemplate } from '../lib/common/workloads';
import { environments, ROOT } from './support/project';

const STUB = path.join(ROOT, 'test/fixtures/celery-stub');
const ENTRYPOINT = path.join(ROOT, 'examples/app-repo/docker/entrypoint');
const timing = { periodSeconds: 1, timeoutSeconds: 1, failureThreshold: 1 };
const python3 = spawnSync('sh', ['-c', 'command -v python3'], { encoding: 'utf8' }).stdout.trim();

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-probes-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The module as the ConfigMap mounts it, and the variables the chart sets for it. */
function moduleEnv(state: string): Record<string, string> {
  const moduleDir = path.join(dir, 'module');
  fs.mkdirSync(moduleDir, { recursive: true });
  fs.writeFileSync(path.join(moduleDir, 'k8s_celery_probes.py'), PROBES_SOURCE);
  return {
    PYTHONPATH: `${moduleDir}:${STUB}`,
    PYTHONDONTWRITEBYTECODE: '1',
    CELERY_PROBES_DIR: state,
    CELERY_PROBES_APP: 'fakeapp.celery_app',
    CELERY_PROBES_BEAT_SCHEDULER: 'fakeapp.schedulers:Scheduler',
  };
}

/** Runs a probe's exec command as the kubelet would, with the state directory moved to `state`. */
function probe(command: readonly string[], state: string): number {
  const script = command[2].split(PROBES_STATE_DIR).join(state);
  return spawnSync(command[0], [command[1], script]).status ?? -1;
}

/** The start time of process `pid` (proc(5) field 22). */
function startOf(pid: number): number {
  return Number(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(')').at(-1)?.trim().split(' ')[19]);
}
/** A probe file's content as the module writes it: PID and start time. */
const owner = (pid: number, start = startOf(pid)) => `${pid} ${start}\n`;

const describePython = python3 ? describe : describe.skip;
if (!python3) console.warn('celery-probes.test.ts: python3 is not installed, the process tests are SKIPPED');

describePython('with python3', () => {
  test('the module hooks the worker timer, the ready signals and beat ticks, writing its PID and start time, and turns the celery loggers on again after the app LOGGING', () => {
    const state = path.join(dir, 'state');
    fs.mkdirSync(state);
    const result = spawnSync('python3', [path.join(STUB, 'drive.py')], {
      env: { PATH: process.env.PATH, ...moduleEnv(state) },
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('OK\n');
    expect(result.status).toBe(0);
  });

  describe.each(['worker', 'beat'])('%s: files a killed container left in /tmp', (component) => {
    const rendered = environments()[0];
    const container = requirePodTemplate(find(rendered.manifests, 'Deployment', `acme-${component}`)[0]).spec
      .containers[0];
    const probes = (['startupProbe', 'readinessProbe', 'livenessProbe'] as const).map((p) => [
      p,
      (container[p] as k8s.Probe | undefined)?.exec?.command ?? [],
    ]);

    let child: ChildProcess | undefined;
    let server: net.Server | undefined;
    afterEach(async () => {
      if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
        const closed = new Promise((resolve) => child?.once('close', resolve));
        // The whole group: while the entrypoint waits, its Python child holds the output pipes.
        process.kill(-child.pid, 'SIGKILL');
        await closed;
      }
      await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
      child = undefined;
      server = undefined;
    });

    test('fail every probe while the new entrypoint waits for PostgreSQL; its Celery passes them', async () => {
      expect(probes.map(([, command]) => command[0])).toEqual(['sh', 'sh', 'sh']);
      const state = path.join(dir, 'state');
      fs.mkdirSync(state);

      // A port nothing listens on yet: PostgreSQL is down.
      const port = await new Promise<number>((resolve) => {
        const probeServer = net.createServer().listen(0, '127.0.0.1', () => {
          const { port: free } = probeServer.address() as net.AddressInfo;
          probeServer.close(() => resolve(free));
        });
      });
      const bin = path.join(dir, 'bin');
      fs.mkdirSync(bin);
      fs.symlinkSync(python3, path.join(bin, 'python'));
      const started = spawn('bash', ['--norc', '--noprofile', ENTRYPOINT, 'python', path.join(STUB, 'run_worker.py')], {
        // Its own process group, so that the test can end it with every child it started.
        detached: true,
        env: {
          PATH: `${bin}:${process.env.PATH}`,
          ...moduleEnv(state),
          DATABASE_URL: `postgres://u:p@127.0.0.1:${port}/d`,
          // What an entrypoint that builds the URL itself needs.
          POSTGRES_HOST: '127.0.0.1',
          POSTGRES_PORT: String(port),
          POSTGRES_DB: 'd',
          POSTGRES_USER: 'u',
          POSTGRES_PASSWORD: 'p',
        },
      });
      child = started;
      const pid = started.pid as number;
      // What the previous container's Celery wrote before its SIGKILL: fresh files naming its PID,
      // which the new container's first process has again (both PID 1), with an earlier start;
      // and the empty files the module wrote before.
      fs.writeFileSync(path.join(state, 'heartbeat'), owner(pid, startOf(pid) - 1000));
      fs.writeFileSync(path.join(state, 'ready'), component === 'worker' ? '' : owner(pid, startOf(pid) - 1000));
      let stdout = '';
      let stderr = '';
      started.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      started.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise((resolve) => started.once('close', resolve));
      /** Resolves once `pattern` shows in the output; rejects with it if the process ends first. */
      const until = (pattern: RegExp) =>
        new Promise<void>((resolve, reject) => {
          const check = () => {
            if (pattern.test(stdout) || pattern.test(stderr)) resolve();
            else if (started.exitCode !== null) reject(new Error(`exited: ${stdout}${stderr}`));
            else setTimeout(check, 50);
          };
          void exited.then(check);
          check();
        });

      await until(/waiting for PostgreSQL/);
      const outcome = () => probes.map(([name, command]) => [name, probe(command as string[], state)]);
      expect(outcome().filter(([, status]) => status === 0)).toEqual([]);

      // PostgreSQL comes up: the entrypoint execs the process, which writes its files.
      server = net.createServer((socket) => socket.end());
      await new Promise<void>((resolve) => server?.listen(port, '127.0.0.1', resolve));
      await until(/worker ready/);
      // The exec'd process: the same PID and start time as the entrypoint.
      expect(fs.readFileSync(path.join(state, 'heartbeat'), 'utf8')).toBe(owner(pid));
      expect(outcome()).toEqual(probes.map(([name]) => [name, 0]));
    }, 60_000); // the entrypoint retries every second; only a hang comes near this
  });
});

test('the heartbeat probe passes on a fresh file of a running writer only; the ready probe on its file', () => {
  const fresh = freshHeartbeatProbe(120, timing).exec?.command ?? [];
  const exists = fileExistsProbe('ready', timing).exec?.command ?? [];
  const heartbeat = path.join(dir, 'heartbeat');
  const ready = path.join(dir, 'ready');
  const mine = owner(process.pid);
  expect(fresh[0]).toBe('sh');
  expect(probe(fresh, dir)).toBe(1); // missing
  fs.writeFileSync(heartbeat, mine);
  expect(probe(fresh, dir)).toBe(0);
  const old = new Date(Date.now() - 5 * 60 * 1000);
  fs.utimesSync(heartbeat, old, old);
  expect(probe(fresh, dir)).toBe(1); // stale: the loop stopped
  fs.writeFileSync(heartbeat, owner(process.pid, startOf(process.pid) - 1));
  expect(probe(fresh, dir)).toBe(1); // fresh, but by an earlier process of that PID
  fs.writeFileSync(heartbeat, owner(2 ** 22 + 1, 1)); // above Linux's PID_MAX_LIMIT: no such process
  expect(probe(fresh, dir)).toBe(1);
  expect(probe(exists, dir)).toBe(1);
  for (const content of ['', '\n', `${process.pid}\n`]) {
    fs.writeFileSync(ready, content);
    expect([content, probe(exists, dir)]).toEqual([content, 1]);
  }
  fs.writeFileSync(ready, mine);
  expect(probe(exists, dir)).toBe(0);
});
