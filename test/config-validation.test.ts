/**
 * Bad configuration is refused before anything is written, with the file, the field (and its
 * line) and the reason.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import type { Document } from 'yaml';
import type { ConfigError } from '../lib/config/config-error';
import { loadConfig } from '../lib/config/load';
import { cronProblem } from '../lib/config/cron';
import { parseQuantity } from '../lib/common/quantities';
import { hasHostBits, isStrictSubnet, parseCidr } from '../lib/common/cidr';
import { main } from '../main';
import { readTree } from '../lib/synth/write-tree';
import { configRefusal } from './support/config-refusal';
import { editedConfig, editYaml } from './support/edit-config';
import { copyPerTest, environments, projectConfig, ROOT, temporaryProject } from './support/project';
import { reservedSettings } from '../lib/config/reserved-settings';
import { imageReference } from '../lib/common/images';

/** A throwaway copy of the project, made on first use in a test (most tests need none). */
const project = copyPerTest(temporaryProject);

/** The committed configuration with one file edited in memory (`loadConfig` overrides). */
const edited = (file: string, edit: (doc: Document) => void): Map<string, string> => editedConfig([file, edit]);

/** The loader's refusal of the committed configuration with some files edited in memory. */
const refusal = (overrides: Map<string, string>): ConfigError => configRefusal(() => loadConfig(ROOT, overrides));

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
    /not a Kubernetes quantity/,
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
  [
    'an environment in the ArgoCD namespace',
    DEV,
    (d) => d.set('namespace', 'argocd'),
    'namespace',
    /is the namespace ArgoCD runs in \(delivery.argocdNamespace in config\/project.yaml\): give the environment its own namespace/,
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

/**
 * What the schema accepted before although Kubernetes, a controller or the app would reject it
 * (issue 8, section 4). Quantities follow k8s.io/apimachinery v0.36.3 pkg/api/resource/quantity.go;
 * cron ranges robfig/cron v3.0.1 spec.go; ipBlock rules kubernetes pkg/apis/networking/validation.
 */
export const SECTION_4_CASES: Array<[string, string, (doc: Document) => void, string, RegExp]> = [
  [
    'a memory limit in words',
    DEV,
    (d) =>
      d.setIn(
        ['web', 'resources'],
        d.createNode({ requests: { cpu: '100m', memory: '1Gi' }, limits: { memory: '12 gigs' } }),
      ),
    'web.resources.limits.memory',
    /"12 gigs" is not a Kubernetes quantity/,
  ],
  [
    'a negative CPU request',
    DEV,
    (d) =>
      d.setIn(
        ['worker', 'resources'],
        d.createNode({ requests: { cpu: '-500m', memory: '256Mi' }, limits: { memory: '1Gi' } }),
      ),
    'worker.resources.requests.cpu',
    /"-500m" is negative/,
  ],
  [
    'a zero CPU request',
    DEV,
    (d) =>
      d.setIn(
        ['beat', 'resources'],
        d.createNode({ requests: { cpu: '0', memory: '128Mi' }, limits: { memory: '256Mi' } }),
      ),
    'beat.resources.requests.cpu',
    /is zero/,
  ],
  [
    'a CPU amount finer than 1m',
    DEV,
    (d) =>
      d.setIn(
        ['beat', 'resources'],
        d.createNode({ requests: { cpu: '0.0001', memory: '128Mi' }, limits: { memory: '256Mi' } }),
      ),
    'beat.resources.requests.cpu',
    /below 1m/,
  ],
  [
    'memory in millibytes',
    DEV,
    (d) =>
      d.setIn(
        ['redis', 'resources'],
        d.createNode({ requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '512m' } }),
      ),
    'redis.resources.limits.memory',
    /millibytes/,
  ],
  [
    'a zero volume size',
    DEV,
    (d) => d.setIn(['database', 'storage', 'size'], '0Gi'),
    'database.storage.size',
    /is zero/,
  ],
  [
    'a negative volume size',
    DEV,
    (d) => d.setIn(['redis', 'persistence'], d.createNode({ enabled: true, size: '-1Gi' })),
    'redis.persistence.size',
    /negative/,
  ],
  [
    'the same host twice in one list',
    PROD,
    (d) => d.setIn(['web', 'ingress', 'hosts'], d.createNode(['acme.example.com', 'acme.example.com'])),
    'web.ingress.hosts.1',
    /repeats host "acme.example.com" of entry 0/,
  ],
  [
    'the same allowed host twice',
    DEV,
    (d) => d.setIn(['django', 'allowedHosts'], d.createNode(['dev.acme.example.com', 'dev.acme.example.com'])),
    'django.allowedHosts.1',
    /repeats host/,
  ],
  [
    'docs on the host and path of web',
    DEV,
    (d) => d.setIn(['docs', 'ingress', 'hosts'], d.createNode(['dev.acme.example.com'])),
    'docs.ingress.hosts.0',
    /dev.acme.example.com\/ is already routed to web \(web.ingress.hosts.0\)/,
  ],
  [
    'Flower on the host and path of web',
    DEV,
    (d) => d.setIn(['flower', 'ingress', 'hosts'], d.createNode(['dev.acme.example.com'])),
    'flower.ingress.hosts.0',
    /already routed to web/,
  ],
  [
    'a cron hour out of range',
    PROD,
    (d) => d.setIn(['database', 'backup', 'schedule'], '0 0 25 * * *'),
    'database.backup.schedule',
    /hour: 25 is outside 0-23/,
  ],
  [
    'a day of week 7',
    PROD,
    (d) => d.setIn(['delivery', 'syncWindows', 0, 'schedule'], '0 8 * * 7'),
    'delivery.syncWindows.0.schedule',
    /day of week: 7 is outside 0-6/,
  ],
  [
    'a cron step of zero',
    DEV,
    (d) => d.setIn(['database', 'backup'], d.createNode({ schedule: '*/0 3 * * *' })),
    'database.backup.schedule',
    /step "0" must be a positive number/,
  ],
  [
    'a zero-length sync window',
    PROD,
    (d) => d.setIn(['delivery', 'syncWindows', 0, 'duration'], '0h'),
    'delivery.syncWindows.0.duration',
    /longer than 0: the window would never be open/,
  ],
  [
    'an unknown time zone',
    PROD,
    (d) => d.setIn(['delivery', 'syncWindows', 0, 'timeZone'], 'Mars/Olympus'),
    'delivery.syncWindows.0.timeZone',
    /IANA time zone/,
  ],
  [
    'a zero secret refresh interval',
    PROD,
    (d) => d.setIn(['secrets', 'refreshInterval'], '0s'),
    'secrets.refreshInterval',
    /longer than 0/,
  ],
  [
    'an except outside its networks',
    DEV,
    (d) => d.setIn(['network', 'egress', 0, 'cidrs'], d.createNode(['203.0.113.0/24'])),
    'network.egress.0.except.0',
    /strict subset of its cidr/,
  ],
  [
    'a network with host bits',
    DEV,
    (d) => d.setIn(['network', 'egress', 0, 'cidrs'], d.createNode(['10.0.0.1/8'])),
    'network.egress.0.cidrs.0',
    /beyond the \/8 prefix/,
  ],
  [
    'two issued Ingresses on one TLS Secret',
    DEV,
    (d) => {
      d.setIn(['web', 'ingress', 'tlsSecretName'], 'acme-shared-tls');
      d.setIn(['docs', 'ingress', 'tlsSecretName'], 'acme-shared-tls');
    },
    'docs.ingress.tlsSecretName',
    /already the TLS Secret of web: cert-manager issues one certificate per Secret/,
  ],
  [
    'the app Secret as a TLS Secret',
    DEV,
    (d) => d.setIn(['flower', 'ingress', 'tlsSecretName'], 'acme-django'),
    'flower.ingress.tlsSecretName',
    /the app's own Secret/,
  ],
  [
    'a web host Django does not allow',
    DEV,
    (d) => d.setIn(['django', 'allowedHosts'], d.createNode(['other.acme.example.com'])),
    'web.ingress.hosts.0',
    /missing from django.allowedHosts: Django would answer every request for it with 400/,
  ],
  [
    'an extra setting the chart sets itself',
    DEV,
    (d) => d.setIn(['django', 'extraSettings', 'REDIS_URL'], 'redis://elsewhere:6379/0'),
    'django.extraSettings.REDIS_URL',
    /is set by the chart itself/,
  ],
  [
    'the same port twice',
    DEV,
    (d) => d.setIn(['network', 'egress', 0, 'ports'], d.createNode([443, 443])),
    'network.egress.0.ports.1',
    /repeats port 443/,
  ],
];

test.each([...cases, ...SECTION_4_CASES])(
  'refuses %s, naming file, field, line and reason',
  (_what, file, edit, field, reason) => {
    const error = refusal(edited(file, edit));
    const problem = error.problems.find((p) => p.field === field);
    expect(problem).toBeDefined();
    expect(problem?.file).toBe(file);
    expect(problem?.line).toEqual(expect.any(Number));
    expect(problem?.message).toMatch(reason);
    expect(error.message).toContain(`${file}:${problem?.line}:${problem?.column}: ${field}:`);
  },
);

test('points at the line of the offending value', () => {
  const overrides = edited(DEV, (d) => d.setIn(['worker', 'replicas'], 500));
  const problem = refusal(overrides).problems[0];
  const lines = (overrides.get(DEV) ?? '').split('\n');
  expect(lines[(problem.line ?? 0) - 1]).toMatch(/replicas: 500/);
});

test('reports YAML syntax errors and duplicate keys with their position', () => {
  const duplicate = `${fs.readFileSync(path.join(ROOT, DEV), 'utf8')}web:\n  replicas: 3\n`;
  const problem = refusal(new Map([[DEV, duplicate]])).problems[0];
  expect(problem.file).toBe(DEV);
  expect(problem.line).toBeGreaterThan(1);
  expect(problem.message).toMatch(/unique/i);
});

test('reports every problem of every file at once', () => {
  const overrides = editedConfig(
    [DEV, (d) => d.setIn(['images', 'app', 'tag'], 'latest')],
    [PROD, (d) => d.setIn(['mailCatcher', 'enabled'], true)],
  );
  const files = new Set(refusal(overrides).problems.map((p) => p.file));
  expect(files).toEqual(new Set([DEV, PROD]));
});

test('a failed synth leaves dist/ exactly as it was and exits non-zero', () => {
  const before = readTree(path.join(project(), 'dist'));
  fs.writeFileSync(path.join(project(), 'dist', 'marker.txt'), 'kept');
  editYaml(project(), DEV, (d) => d.setIn(['images', 'app', 'tag'], 'latest'));
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    expect(main(project())).toBe(1);
    expect(String(stderr.mock.calls[0][0])).toMatch(
      /dist\/ left unchanged.*\n.*dev\.yaml:\d+:\d+: images\.app\.tag: must not be "latest"/s,
    );
  } finally {
    stderr.mockRestore();
    stdout.mockRestore();
  }
  const after = readTree(path.join(project(), 'dist'));
  expect(after.get('marker.txt')).toBe('kept');
  after.delete('marker.txt');
  expect(after).toEqual(before);
  expect(fs.readdirSync(project()).filter((f) => f.startsWith('.dist'))).toEqual([]);
});

describe('an Ingress host belongs to one environment', () => {
  const STAGING = 'config/environments/staging.yaml';

  // dev and staging share the cluster in-cluster (production has its own: see clusters.test.ts).
  test('two environments on one cluster with the same host: refused with both file:line locations', () => {
    const overrides = edited(STAGING, (d) => d.setIn(['web', 'ingress', 'hosts', 0], 'dev.acme.example.com'));
    const problem = refusal(overrides).problems.find((p) => p.field === 'web.ingress.hosts.0');
    expect(problem?.file).toBe(STAGING);
    const devLines = fs.readFileSync(path.join(ROOT, DEV), 'utf8').split('\n');
    const at =
      /already claimed on cluster in-cluster by config\/environments\/dev\.yaml:(\d+):\d+ \(web\.ingress\.hosts\.0\)/.exec(
        problem?.message ?? '',
      );
    expect(at).not.toBeNull();
    expect(devLines[Number(at?.[1]) - 1]).toContain('dev.acme.example.com');
    const stagingLines = (overrides.get(STAGING) ?? '').split('\n');
    expect(stagingLines[(problem?.line ?? 0) - 1]).toContain('dev.acme.example.com');
  });

  test('a component of one environment on the host of another component elsewhere: refused too', () => {
    // Files are read in name order: staging's docs meets the host dev's Flower claimed first.
    const problem = refusal(
      edited(DEV, (d) => d.setIn(['flower', 'ingress', 'hosts', 0], 'docs.staging.acme.example.com')),
    ).problems.find((p) => p.field === 'docs.ingress.hosts.0');
    expect(problem?.file).toBe(STAGING);
    expect(problem?.message).toMatch(
      /already claimed on cluster in-cluster by config\/environments\/dev\.yaml:\d+:\d+ \(flower\.ingress\.hosts\.0\)/,
    );
  });

  test('two environments on one NodePort: refused naming the first', () => {
    const nodePort = (d: Document) => d.setIn(['web', 'service'], d.createNode({ type: 'NodePort', nodePort: 30080 }));
    const problem = refusal(editedConfig([DEV, nodePort], [STAGING, nodePort])).problems.find(
      (p) => p.field === 'web.service.nodePort',
    );
    expect(problem?.file).toBe(STAGING);
    expect(problem?.message).toMatch(
      /nodePort 30080 is already claimed on cluster in-cluster by config\/environments\/dev\.yaml:\d+:\d+/,
    );
  });

  test('the committed environments share no host', () => {
    expect(() => loadConfig(ROOT)).not.toThrow();
  });
});

describe('the built entry points refuse without a stack trace and leave dist/ unchanged', () => {
  /** The real `npm run build` (launcher, bundle and code cache), run inside the temporary project. */
  function build(dir: string): void {
    execFileSync(process.execPath, [path.join(dir, 'scripts', 'build.mjs')], { cwd: dir, stdio: 'pipe' });
  }

  test('every refusal above, each with file:line, in one run of main and of the CLI', () => {
    build(project());
    const before = readTree(path.join(project(), 'dist'));
    // All edits at once: one per field, on files that stay valid YAML.
    const byField = new Map(SECTION_4_CASES.map((c) => [c[3], c] as const));
    const applied: Array<[string, string]> = [];
    for (const [, file, edit, field] of byField.values()) {
      if (applied.some(([f, fld]) => f === file && fld.split('.')[0] === field.split('.')[0])) continue;
      editYaml(project(), file, edit);
      applied.push([file, field]);
    }
    for (const [entry, args] of [
      ['build/main.js', []],
      ['build/cli.js', ['synth']],
    ] as const) {
      const run = spawnSync(process.execPath, [entry, ...args], { cwd: project(), encoding: 'utf8' });
      expect(run.status).toBe(1);
      expect(run.stderr).not.toMatch(/^\s+at /m);
      expect(run.stderr).not.toMatch(/Error: not a|TypeError|ZodError/);
      for (const [file, field] of applied)
        expect([
          entry,
          field,
          new RegExp(`${file}:\\d+:\\d+: ${field.replace(/\./g, '\\.')}:`).test(run.stderr),
        ]).toEqual([entry, field, true]);
    }
    expect(readTree(path.join(project(), 'dist'))).toEqual(before);
  });
});

describe('Kubernetes quantity grammar (k8s.io/apimachinery v0.36.3 pkg/api/resource/quantity.go)', () => {
  test.each([
    ['250m', 0.25],
    ['1', 1],
    ['1.5', 1.5],
    ['.5', 0.5],
    ['5.', 5],
    ['+2', 2],
    ['-500m', -0.5],
    ['1e3', 1000],
    ['1E-3', 0.001],
    ['512Mi', 512 * 2 ** 20],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['2k', 2000],
    ['1E', 1e18],
  ])('%s parses to %d', (text, value) => {
    expect((parseQuantity(text)?.value ?? NaN) / value).toBeCloseTo(1, 9);
  });

  test.each(['12 gigs', '1gb', 'Mi', '1.2.3', '1e', '1e1.5', '--1', '1 Gi', ''])('%s is not a quantity', (text) => {
    expect(parseQuantity(text)).toBeUndefined();
  });
});

test('cron ranges and syntax as robfig/cron v3.0.1 parses them', () => {
  expect(cronProblem('*/15 0-6,22 1 jan-MAR mon-fri', 5)).toBeUndefined();
  expect(cronProblem('0 0 3 * * ?', 6)).toBeUndefined();
  expect(cronProblem('60 * * * *', 5)).toMatch(/minute: 60 is outside 0-59/);
  expect(cronProblem('0 0 0 * *', 5)).toMatch(/day of month: 0 is outside 1-31/);
  expect(cronProblem('0 5-2 * * *', 5)).toMatch(/starts after it ends/);
  expect(cronProblem('0 3 * * funday', 5)).toMatch(/not a number/);
  expect(cronProblem('0 3 * *', 5)).toMatch(/has 4 fields/);
});

test('networks: host bits and strict subnets, IPv4 and IPv6', () => {
  const net = (t: string) => {
    const n = parseCidr(t);
    if (!n) throw new Error(`not a network: ${t}`);
    return n;
  };
  expect(hasHostBits(net('10.0.0.1/8'))).toBe(true);
  expect(hasHostBits(net('10.0.0.0/8'))).toBe(false);
  expect(isStrictSubnet(net('10.1.0.0/16'), net('10.0.0.0/8'))).toBe(true);
  expect(isStrictSubnet(net('10.0.0.0/8'), net('10.0.0.0/8'))).toBe(false);
  expect(isStrictSubnet(net('192.168.0.0/16'), net('10.0.0.0/8'))).toBe(false);
  expect(isStrictSubnet(net('fd00:1::/32'), net('fd00::/8'))).toBe(true);
  expect(isStrictSubnet(net('fe80::/10'), net('fd00::/8'))).toBe(false);
  expect(hasHostBits(net('::ffff:10.0.0.1/128'))).toBe(false);
});

test('the reserved settings, derived from the app contract and the constructs, holds every name of the former hand list', () => {
  // The list as it was kept by hand before it was derived (commit 624c753), without MAILGUN_DOMAIN:
  // the Mailgun domain is a plain setting now, which extraSettings gives.
  const former = [
    'DJANGO_SETTINGS_MODULE',
    'DJANGO_ALLOWED_HOSTS',
    'DJANGO_SECURE_SSL_REDIRECT',
    'REDIS_URL',
    'CELERY_BROKER_URL',
    'SENTRY_ENVIRONMENT',
    'DJANGO_EMAIL_BACKEND',
    'EMAIL_HOST',
    'EMAIL_PORT',
    'POSTGRES_HOST',
    'POSTGRES_PORT',
    'POSTGRES_DB',
    'POSTGRES_USER',
    'POSTGRES_PASSWORD',
    'DATABASE_URL',
    'DJANGO_SECRET_KEY',
    'DJANGO_ADMIN_URL',
    'SENTRY_DSN',
    'MAILGUN_API_KEY',
    'CELERY_FLOWER_USER',
    'CELERY_FLOWER_PASSWORD',
    'WEB_CONCURRENCY',
    'FLOWER_BASIC_AUTH',
    'PYTHONPATH',
    'CELERY_PROBES_APP',
    'CELERY_PROBES_BEAT_SCHEDULER',
  ];
  const RESERVED_SETTINGS = reservedSettings(projectConfig().app);
  expect(former.filter((name) => !RESERVED_SETTINGS.includes(name))).toEqual([]);
  expect(RESERVED_SETTINGS).not.toContain('MAILGUN_DOMAIN');
  expect(new Set(RESERVED_SETTINGS).size).toBe(RESERVED_SETTINGS.length);
  // The optional settings left to the app's defaults stay open to extraSettings.
  expect(RESERVED_SETTINGS).not.toContain('DJANGO_DEBUG');
  expect(RESERVED_SETTINGS).not.toContain('SENTRY_TRACES_SAMPLE_RATE');
});

test('the reserved settings are exactly the variables the charts give Django processes', () => {
  const RESERVED_SETTINGS = reservedSettings(projectConfig().app);
  const set = new Set<string>();
  for (const { env, manifests } of environments()) {
    const extra = new Set(Object.keys(env.django.extraSettings));
    for (const m of manifests) {
      if (m.kind === 'ConfigMap' && m.metadata.labels?.['app.kubernetes.io/name'] === 'django')
        for (const key of Object.keys((m as { data?: Record<string, string> }).data ?? {}))
          if (!extra.has(key)) set.add(key);
      const pod = (
        m.spec as
          { template?: { spec?: { containers?: Array<{ image: string; env?: Array<{ name: string }> }> } } } | undefined
      )?.template?.spec;
      for (const c of pod?.containers ?? [])
        if (c.image === imageReference(env.images.app))
          for (const e of c.env ?? []) if (!extra.has(e.name)) set.add(e.name);
    }
  }
  expect([...set].filter((name) => !RESERVED_SETTINGS.includes(name))).toEqual([]);
  // Everything listed is really set somewhere (DATABASE_URL too: in the container, not by the entrypoint).
  expect(RESERVED_SETTINGS.filter((name) => !set.has(name))).toEqual([]);
});
