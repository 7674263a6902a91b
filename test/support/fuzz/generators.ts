/**
 * fast-check arbitraries for configurations: lists of mutations of the committed `config/`
 * (config-case.ts), valid and invalid. Values come from where things break: the lengths just
 * under and over the limits names end up in (63, 53, 253, 255), strings Helm's template engine
 * would read (`{{`), YAML 1.1 look-alikes, numbers at the edge of int64 and of floating point,
 * quantities, SemVer and git refs Helm and git refuse, and file names the loader may skip.
 */
import fc from 'fast-check';
import { TEXT_TRICKS, type FileKind, type Mutation, type TextTrick } from './config-case';

const dnsLabelOfLength = (n: number): string => `a${'b'.repeat(Math.max(0, n - 2))}${n > 1 ? 'c' : ''}`.slice(0, n);

/** Names around the lengths and grammars of Kubernetes, Helm and ArgoCD, and the names we write. */
const awkwardName = fc.oneof(
  fc.constantFrom('argocd', 'dist', 'docs', 'templates', 'platform', 'default', 'kube-system', 'acme', 'in-cluster'),
  fc.constantFrom('0', 'a', 'A', 'a-', '-a', 'a.b', 'a_b', 'xn--a', 'a b', 'ä', '1a', 'a1'),
  fc.constantFrom(1, 2, 20, 30, 31, 40, 44, 48, 49, 52, 53, 54, 62, 63, 64, 200, 253, 254).map(dnsLabelOfLength),
  fc.stringMatching(/^[a-z][a-z0-9-]{0,20}[a-z0-9]$/),
);

/** Strings a template engine, a YAML writer or a terminal may read otherwise than meant. */
const trickyString = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '{{',
    '}}',
    '{{ .Release.Name }}',
    '{{- /* c */ -}}',
    '{{ "{{" }}',
    '"',
    "'",
    '\\',
    '\\n',
    '\n',
    'a\nb',
    '#',
    ': ',
    '- x',
    '&a',
    '*a',
    '!!str',
    '%',
    '@',
    '`',
    '${HOME}',
    '$(id)',
    'yes',
    'no',
    'on',
    'off',
    'null',
    '~',
    '0x10',
    '010',
    '1e3',
    '.inf',
    '.nan',
    '\u0000',
    '\u0007',
    '\u007f',
    '\u0085',
    '\u2028',
    '\u2029',
    '\uFFFE',
    '\u202e',
    '\uFEFF',
    '\r',
    '\t',
    'ünïcödé',
    '日本語',
    '😀',
    'a'.repeat(1100),
  ),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ maxLength: 300 }),
  fc.constantFrom(63, 64, 199, 200, 201, 255, 256, 300).map((n) => 'x'.repeat(n)),
);

/** Numbers at the edges: zero, negatives, fractions, int64 and float64 limits. */
const extremeNumber = fc.oneof(
  fc.constantFrom(0, -0, -1, 1, 0.5, 1.5, 2 ** 31, 2 ** 53, 2 ** 63, 2 ** 64, 1e18, 1e308, -1e308, 5e-324),
  fc.constantFrom(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN),
  fc.integer(),
  fc.double(),
);

/** Kubernetes quantities, well-formed and not, small and beyond int64. */
export const quantity = fc.oneof(
  fc.constantFrom('100000', '1e18', '1e308', '1Mi', '1m', '0.1m', '0', '-1', '1.5Gi', '01', '1 Gi', 'Gi', '8Ei', '1Ei'),
  fc.constantFrom('9223372036854775807', '9223372036854775808', '99999999999999999999Ki', '1E', '500m', '2', '64Mi'),
  fc
    .tuple(fc.integer({ min: 1, max: 4096 }), fc.constantFrom('', 'm', 'Mi', 'Gi', 'Ki', 'M', 'G', 'Ti'))
    .map(([n, unit]) => `${n}${unit}`),
  fc.integer({ min: 1, max: 100000 }),
);

/** SemVer as Helm parses it (Masterminds/semver), and near misses. */
const semverLike = fc.oneof(
  fc.constantFrom('0.1.0', '1.0.0-rc.1', '1.0.0+build.1', '99999999999999999999.0.0', '18446744073709551616.0.0'),
  fc.constantFrom('1.0.0-01', '1.0', 'v1.0.0', '1.0.0-', '01.0.0', '1.0.0-a..b', '1.2.3.4', '9223372036854775807.0.0'),
  fc.tuple(fc.nat(20), fc.nat(20), fc.nat(20)).map(([a, b, c]) => `${a}.${b}.${c}`),
);

/** Git revisions: branches, tags, SHAs and what `git check-ref-format` refuses. */
export const gitRevision = fc.oneof(
  fc.constantFrom(
    'main',
    'HEAD',
    'v1.2.3',
    'release/1.x',
    'refs/heads/main',
    '0123456789abcdef0123456789abcdef01234567',
  ),
  fc.constantFrom(
    'main.lock',
    'main^',
    'a b',
    '../x',
    'a..b',
    'a@{b',
    '@',
    '',
    '-x',
    'x/',
    'a//b',
    '.x',
    'x.',
    'a~1',
    'a:b',
  ),
  fc.constantFrom('a?', 'a*', 'a[', 'a\\b', '/x', 'x\u0001'),
);

/** Any scalar, a list or a map: for changed types. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: trickyString },
  { weight: 2, arbitrary: extremeNumber },
  { weight: 1, arbitrary: fc.constantFrom(true, false, null, [], {}, [1, 'a'], { a: 1 }) },
  { weight: 1, arbitrary: quantity },
);

/** The fields whose values reach names, labels, Helm, git or resource limits, with values for each. */
const FIELD_VALUES: ReadonlyArray<[kind: FileKind, field: string, values: fc.Arbitrary<unknown>]> = [
  ['project', 'product.name', awkwardName],
  ['project', 'product.description', trickyString],
  [
    'project',
    'app.githubRepository',
    fc.oneof(
      trickyString,
      fc.constantFrom('a/-', 'A/B', '-/a', 'a/.', 'a/..', `${'o'.repeat(200)}/${'n'.repeat(100)}`),
    ),
  ],
  ['project', 'delivery.argocdNamespace', fc.oneof(awkwardName, fc.constantFrom('acme-dev', 'acme-staging'))],
  ['project', 'delivery.project', awkwardName],
  ['project', 'delivery.bootstrapName', fc.oneof(awkwardName, fc.constantFrom('acme-dev', 'acme-production'))],
  ['project', 'delivery.bootstrapRevision', gitRevision],
  [
    'project',
    'delivery.repoURL',
    fc.oneof(
      trickyString,
      fc.constantFrom('https://github.com/a/{{x}}.git', 'https://github.com/a/b', 'git@github.com:a/b.git'),
    ),
  ],
  // The app contract (config/app.yaml): what reaches commands, paths, ports and uids.
  ['app', 'port', extremeNumber],
  ['app', 'image.uid', extremeNumber],
  ['app', 'paths.mediaRoot', trickyString],
  ['app', 'paths.manage', trickyString],
  ['app', 'processes.web.module', fc.oneof(trickyString, awkwardName)],
  ['app', 'processes.celery.app', fc.oneof(trickyString, awkwardName)],
  ['app', 'processes.celery', fc.constantFrom(null, {}, 'none')],
  ['app', 'database', fc.constantFrom('chart-gives-url', 'chart-gives-parts', 'entrypoint-builds-url', 'url', '')],
  ['app', 'settings.0.name', fc.oneof(trickyString, awkwardName)],
  ['app', 'settings.0.source', fc.constantFrom('secret', 'plain', 'chart', 'database', 'env')],
  ['cluster', 'ingress.className', awkwardName],
  ['cluster', 'dns.namespace', awkwardName],
  ['cluster', 'clusterIssuers.0', awkwardName],
  ['cluster', 'operators.externalSecrets.clusterSecretStores.0', awkwardName],
  ['environment', 'name', awkwardName],
  ['environment', 'namespace', awkwardName],
  ['environment', 'tier', fc.constantFrom('development', 'staging', 'production', 'Production', 'prod')],
  ['environment', 'cluster', fc.constantFrom('in-cluster', 'production', 'missing', '')],
  ['environment', 'chart.version', semverLike],
  [
    'environment',
    'images.app.tag',
    fc.oneof(trickyString, semverLike, fc.constantFrom('latest', 'a'.repeat(128), 'a'.repeat(129))),
  ],
  [
    'environment',
    'images.app.repository',
    fc.oneof(trickyString, fc.constantFrom(`ghcr.io/${'a'.repeat(300)}`, 'ghcr.io/A/b', 'localhost:5000/a/b')),
  ],
  ['environment', 'images.docs.tag', fc.oneof(trickyString, semverLike)],
  ['environment', 'secrets.name', awkwardName],
  ['environment', 'secrets.remoteKey', trickyString],
  ['environment', 'secrets.storeName', awkwardName],
  ['environment', 'django.mailgunDomain', fc.oneof(trickyString, awkwardName)],
  ['environment', 'django.allowedHosts.0', fc.oneof(trickyString, awkwardName)],
  [
    'environment',
    'django.extraSettings',
    fc.dictionary(fc.stringMatching(/^[A-Z][A-Z0-9_]{0,10}$/), trickyString, { maxKeys: 3 }),
  ],
  ['environment', 'web.replicas', extremeNumber],
  ['environment', 'web.concurrency', extremeNumber],
  [
    'environment',
    'web.resources',
    fc.record({
      requests: fc.record({ cpu: quantity, memory: quantity }),
      limits: fc.record({ cpu: quantity, memory: quantity }),
    }),
  ],
  ['environment', 'worker.resources.requests.memory', quantity],
  ['environment', 'worker.resources.limits.cpu', quantity],
  ['environment', 'worker.replicas', extremeNumber],
  ['environment', 'database.storage.size', quantity],
  [
    'environment',
    'database.backup.schedule',
    fc.oneof(trickyString, fc.constantFrom('* * * * *', '61 * * * *', '0 0 2 * * *', '@daily')),
  ],
  ['environment', 'redis.persistence.size', quantity],
  ['environment', 'delivery.targetRevision', gitRevision],
  [
    'environment',
    'web.ingress.hosts.0',
    fc.oneof(
      awkwardName,
      trickyString,
      fc.constantFrom(`${'a'.repeat(63)}.example.com`, '*.example.com', 'EXAMPLE.com'),
    ),
  ],
  ['environment', 'network.egress.0.ports.0', extremeNumber],
  [
    'environment',
    'network.egress.0.cidrs.0',
    fc.constantFrom('0.0.0.0/0', '10.0.0.1/8', '::/0', '300.0.0.0/8', '10.0.0.0/33', 'x'),
  ],
];

/** File names a person or an editor leaves in a configuration folder. */
const oddFileName = fc.constantFrom(
  'dev.YAML',
  'dev.yaml ',
  ' dev.yaml',
  'dev.yaml~',
  'dev.yaml.bak',
  '.dev.yaml.swp',
  '#dev.yaml#',
  'dev.yml',
  'Dev.yaml',
  'dev.json',
  'README.md',
  'dev .yaml',
  '.yaml',
  'qa.yaml',
);

const filePick = fc.nat(7);
const nodePick = fc.nat(400);

/** Mutations that keep a configuration plausible: most are accepted, so the output gets checked. */
const plausibleMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    op: fc.constant('add-environment' as const),
    template: fc.nat(2),
    name: fc.stringMatching(/^[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,6})?$/),
  }),
  fc.record({
    op: fc.constant('field' as const),
    kind: fc.constant('environment' as const),
    file: filePick,
    field: fc.constantFrom('web.replicas', 'worker.replicas', 'docs.replicas'),
    value: fc.integer({ min: 1, max: 12 }),
  }),
  fc.record({
    op: fc.constant('field' as const),
    kind: fc.constant('environment' as const),
    file: filePick,
    field: fc.constantFrom('images.app.tag', 'images.docs.tag'),
    value: fc.stringMatching(/^[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{1,2}(-rc\.[0-9])?$/),
  }),
  fc.record({
    op: fc.constant('field' as const),
    kind: fc.constant('environment' as const),
    file: filePick,
    field: fc.constantFrom('django.extraSettings.FEATURE_FLAG', 'django.extraSettings.SITE_TITLE'),
    value: trickyString,
  }),
  fc.record({
    op: fc.constant('text' as const),
    file: filePick,
    trick: fc.constantFrom<TextTrick>('crlf', 'bom', 'anchors', 'document-end'),
    at: nodePick,
  }),
);

/** A new environment with a name at the edges: long, reserved, or not a DNS label (file renamed to match). */
const awkwardEnvironment: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constant('add-environment' as const),
  template: fc.nat(2),
  // A file name holds at most 255 bytes (NAME_MAX): a longer one cannot be created at all.
  name: awkwardName.filter((name) => Buffer.byteLength(`${name}.yaml`) <= 255),
});

/** Any mutation: changed and deleted values, odd text, odd files. */
const anyMutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: plausibleMutation },
  { weight: 1, arbitrary: awkwardEnvironment },
  {
    weight: 6,
    arbitrary: fc.tuple(fc.nat(FIELD_VALUES.length - 1), filePick).chain(([i, file]) =>
      FIELD_VALUES[i][2].map((value): Mutation => ({
        op: 'field',
        kind: FIELD_VALUES[i][0],
        file,
        field: FIELD_VALUES[i][1],
        value,
      })),
    ),
  },
  {
    weight: 3,
    arbitrary: fc.record({ op: fc.constant('set' as const), file: filePick, pick: nodePick, value: anyValue }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), file: filePick, pick: nodePick }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('rename-key' as const),
      file: filePick,
      pick: nodePick,
      key: fc.oneof(fc.constantFrom('replica', 'Name', 'name ', ''), fc.string({ maxLength: 8 })),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('text' as const),
      file: filePick,
      trick: fc.constantFrom(...TEXT_TRICKS),
      at: nodePick,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('alias-bomb' as const),
      file: filePick,
      width: fc.integer({ min: 2, max: 9 }),
      depth: fc.integer({ min: 1, max: 6 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('rename-file' as const), file: filePick, name: oddFileName }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete-file' as const), file: filePick }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('stray' as const),
      dir: fc.constantFrom('config' as const, 'config/clusters' as const, 'config/environments' as const),
      name: oddFileName,
      kind: fc.constantFrom('file' as const, 'dir' as const, 'copy' as const),
    }),
  },
);

/** A configuration: one to three mutations of the committed files. */
export const configMutations = fc.array(anyMutation, { minLength: 1, maxLength: 3 });
