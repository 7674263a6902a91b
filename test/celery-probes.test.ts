/**
 * The Celery probe module and the probe commands, run for real: the module under python3 against
 * a stand-in of the celery 5.2.7 API it uses (test/fixtures/celery-stub), the probes' shell
 * commands under sh with GNU coreutils, as in the Debian-based app image.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileExistsProbe, freshHeartbeatProbe, PROBES_SOURCE, PROBES_STATE_DIR } from '../lib/django/celery-probes';
import { ROOT } from './support/project';

const STUB = path.join(ROOT, 'test/fixtures/celery-stub');
const timing = { periodSeconds: 1, timeoutSeconds: 1, failureThreshold: 1 };

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-probes-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('the module hooks the worker timer, the ready signals and beat ticks, and clears stale files', () => {
  const moduleDir = path.join(dir, 'module');
  const state = path.join(dir, 'state');
  fs.mkdirSync(moduleDir);
  fs.mkdirSync(state);
  fs.writeFileSync(path.join(moduleDir, 'k8s_celery_probes.py'), PROBES_SOURCE);
  // What a crashed container left in the pod's /tmp emptyDir.
  fs.writeFileSync(path.join(state, 'heartbeat'), '');
  fs.writeFileSync(path.join(state, 'ready'), '');
  const result = spawnSync('python3', [path.join(STUB, 'drive.py')], {
    env: {
      PATH: process.env.PATH,
      PYTHONPATH: `${moduleDir}:${STUB}`,
      PYTHONDONTWRITEBYTECODE: '1',
      CELERY_PROBES_DIR: state,
      CELERY_PROBES_APP: 'fakeapp.celery_app',
      CELERY_PROBES_BEAT_SCHEDULER: 'fakeapp.schedulers:Scheduler',
    },
    encoding: 'utf8',
  });
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe('OK\n');
  expect(result.status).toBe(0);
});

/** Runs a probe's exec command with the state directory moved to `dir`. */
function probe(command: string[]): number {
  const script = command[2].split(PROBES_STATE_DIR).join(dir);
  return spawnSync(command[0], [command[1], script]).status ?? -1;
}

test('the heartbeat probe passes on a fresh file only; the ready probe on an existing file', () => {
  const fresh = freshHeartbeatProbe(120, timing).exec?.command ?? [];
  const exists = fileExistsProbe('ready', timing).exec?.command ?? [];
  expect(fresh[0]).toBe('sh');
  expect(probe(fresh)).toBe(1); // missing
  fs.writeFileSync(path.join(dir, 'heartbeat'), '');
  expect(probe(fresh)).toBe(0);
  const old = new Date(Date.now() - 5 * 60 * 1000);
  fs.utimesSync(path.join(dir, 'heartbeat'), old, old);
  expect(probe(fresh)).toBe(1); // stale: the loop stopped
  expect(probe(exists)).toBe(1);
  fs.writeFileSync(path.join(dir, 'ready'), '');
  expect(probe(exists)).toBe(0);
});
