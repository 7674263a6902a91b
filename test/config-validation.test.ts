/**
 * Bad configuration is refused before anything is written, with the file, the field (and its
 * line) and the reason.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Document } from 'yaml';
import { ConfigError } from '../lib/config/config-error';
import { loadConfig } from '../lib/config/load';
import { main } from '../main';
import { readTree } from '../lib/synth/write-tree';
import { editYaml } from './support/edit-config';
import { temporaryProject } from './support/project';

let root: string;
beforeEach(() => {
  root = temporaryProject();
});
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

function refusal(): ConfigError {
  try {
    loadConfig(root);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('configuration was accepted');
}

const DEV = 'config/environments/dev.yaml';
const PROD = 'config/environments/production.yaml';
const PROJECT = 'config/project.yaml';

const cases: Array<[string, string, (doc: Document) => void, string, RegExp]> = [
  ['an unknown key', DEV, (d) => d.setIn(['web', 'replica'], 2), 'web.replica', /not a known setting/],
  ['a latest tag', DEV, (d) => d.setIn(['images', 'app', 'tag'], 'latest'), 'images.app.tag', /must not be "latest"/],
  [
    'a missing tag',
    DEV,
    (d) => d.deleteIn(['images', 'docs', 'tag']),
    'images.docs.tag',
    /is required: pin every image/,
  ],
  [
    'a malformed tag',
    DEV,
    (d) => d.setIn(['images', 'app', 'tag'], 'v1 beta'),
    'images.app.tag',
    /must be a Docker tag/,
  ],
  ['replicas above the range', DEV, (d) => d.setIn(['worker', 'replicas'], 500), 'worker.replicas', /at most 50/],
  ['zero replicas', DEV, (d) => d.setIn(['web', 'replicas'], 0), 'web.replicas', /at least 1/],
  [
    'a memory request above its limit',
    PROD,
    (d) => d.setIn(['web', 'resources', 'requests', 'memory'], '2Gi'),
    'web.resources.requests.memory',
    /request 2Gi is above the limit 1Gi/,
  ],
  [
    'a CPU request above its limit',
    DEV,
    (d) =>
      d.setIn(
        ['worker', 'resources'],
        d.createNode({ requests: { cpu: '2', memory: '1Gi' }, limits: { cpu: '500m', memory: '1Gi' } }),
      ),
    'worker.resources.requests.cpu',
    /request 2 is above the limit 500m/,
  ],
  [
    'a bad quantity',
    DEV,
    (d) => d.setIn(['database', 'storage', 'size'], '5 gigs'),
    'database.storage.size',
    /byte quantity/,
  ],
  ['an invalid namespace', DEV, (d) => d.set('namespace', 'Acme_Dev'), 'namespace', /RFC 1123 label/],
  [
    'an invalid host',
    DEV,
    (d) => d.setIn(['web', 'ingress', 'hosts'], d.createNode(['https://dev.acme.example.com'])),
    'web.ingress.hosts.0',
    /fully qualified/,
  ],
  [
    'production with a mail catcher',
    PROD,
    (d) => d.setIn(['mailCatcher', 'enabled'], true),
    'mailCatcher.enabled',
    /must not run in production/,
  ],
  [
    'production with a single web replica',
    PROD,
    (d) => d.setIn(['web', 'autoscaling', 'minReplicas'], 1),
    'web.autoscaling.minReplicas',
    /at least 2/,
  ],
  [
    'autoscaling that cannot scale',
    PROD,
    (d) => d.setIn(['web', 'autoscaling', 'maxReplicas'], 3),
    'web.autoscaling.maxReplicas',
    /above minReplicas/,
  ],
  [
    'an unknown database mode',
    DEV,
    (d) => d.setIn(['database', 'mode'], 'sqlite'),
    'database.mode',
    /statefulset, cloudnativepg, external/,
  ],
  [
    'a secret in the settings',
    DEV,
    (d) => d.setIn(['django', 'extraSettings', 'STRIPE_API_KEY'], 'sk_live_x'),
    'django.extraSettings.STRIPE_API_KEY',
    /looks like a secret/,
  ],
  ['a name that is not the file name', DEV, (d) => d.set('name', 'develop'), 'name', /must equal the file name "dev"/],
  [
    'a namespace used twice on one cluster',
    'config/environments/staging.yaml',
    (d) => d.set('namespace', 'acme-dev'),
    'namespace',
    /already used on cluster in-cluster by config\/environments\/dev.yaml/,
  ],
  ['a chart version that is not SemVer', DEV, (d) => d.setIn(['chart', 'version'], '1.0'), 'chart.version', /SemVer/],
  [
    'a nodePort without NodePort',
    DEV,
    (d) => d.setIn(['web', 'service', 'nodePort'], 30080),
    'web.service.nodePort',
    /only allowed when service.type is NodePort/,
  ],
  [
    'a repository URL with credentials',
    PROJECT,
    (d) => d.setIn(['delivery', 'repoURL'], 'https://bot:ghp_secret@github.com/acme/deploy.git'),
    'delivery.repoURL',
    /without credentials/,
  ],
  [
    'the default AppProject',
    PROJECT,
    (d) => d.setIn(['delivery', 'project'], 'default'),
    'delivery.project',
    /admits everything/,
  ],
  [
    'a target revision with spaces',
    DEV,
    (d) => d.setIn(['delivery', 'targetRevision'], 'my branch'),
    'delivery.targetRevision',
    /git branch, tag or commit/,
  ],
  [
    'a sync window with a bad schedule',
    PROD,
    (d) => d.setIn(['delivery', 'syncWindows', 0, 'schedule'], 'weekdays'),
    'delivery.syncWindows.0.schedule',
    /5-field cron/,
  ],
  [
    'an unknown sync window kind',
    PROD,
    (d) => d.setIn(['delivery', 'syncWindows', 0, 'kind'], 'maybe'),
    'delivery.syncWindows.0.kind',
    /allow|deny/,
  ],
];

test.each(cases)('refuses %s, naming file, field, line and reason', (_what, file, edit, field, reason) => {
  editYaml(root, file, edit);
  const error = refusal();
  const problem = error.problems.find((p) => p.field === field);
  expect(problem).toBeDefined();
  expect(problem?.file).toBe(file);
  expect(problem?.line).toEqual(expect.any(Number));
  expect(problem?.message).toMatch(reason);
  expect(error.message).toContain(`${file}:${problem?.line}:${problem?.column}: ${field}:`);
});

test('points at the line of the offending value', () => {
  editYaml(root, DEV, (d) => d.setIn(['worker', 'replicas'], 500));
  const problem = refusal().problems[0];
  const lines = fs.readFileSync(path.join(root, DEV), 'utf8').split('\n');
  expect(lines[(problem.line ?? 0) - 1]).toMatch(/replicas: 500/);
});

test('reports YAML syntax errors and duplicate keys with their position', () => {
  fs.appendFileSync(path.join(root, DEV), 'web:\n  replicas: 3\n');
  const problem = refusal().problems[0];
  expect(problem.file).toBe(DEV);
  expect(problem.line).toBeGreaterThan(1);
  expect(problem.message).toMatch(/unique/i);
});

test('reports every problem of every file at once', () => {
  editYaml(root, DEV, (d) => d.setIn(['images', 'app', 'tag'], 'latest'));
  editYaml(root, PROD, (d) => d.setIn(['mailCatcher', 'enabled'], true));
  const files = new Set(refusal().problems.map((p) => p.file));
  expect(files).toEqual(new Set([DEV, PROD]));
});

test('a failed synth leaves dist/ exactly as it was and exits non-zero', () => {
  const before = readTree(path.join(root, 'dist'));
  fs.writeFileSync(path.join(root, 'dist', 'marker.txt'), 'kept');
  editYaml(root, DEV, (d) => d.setIn(['images', 'app', 'tag'], 'latest'));
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    expect(main(root)).toBe(1);
    expect(String(stderr.mock.calls[0][0])).toMatch(
      /dist\/ left unchanged.*\n.*dev\.yaml:\d+:\d+: images\.app\.tag: must not be "latest"/s,
    );
  } finally {
    stderr.mockRestore();
    stdout.mockRestore();
  }
  const after = readTree(path.join(root, 'dist'));
  expect(after.get('marker.txt')).toBe('kept');
  after.delete('marker.txt');
  expect(after).toEqual(before);
  expect(fs.readdirSync(root).filter((f) => f.startsWith('.dist'))).toEqual([]);
});
