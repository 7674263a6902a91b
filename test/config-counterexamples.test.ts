/**
 * The shrunk counterexamples the configuration property tests found (test/config-properties.test.ts,
 * issue 17), kept as regular tests: each configuration must now be refused at
 * file:line with dist/ unchanged, or accepted with objects and charts that Kubernetes and the
 * real helm accept (the same oracle, test/support/fuzz/synth-oracle.ts). Every one failed on
 * main at 84595b7.
 */
import { type Mutation, materialize } from './support/fuzz/config-case';
import { checkChartsWithHelm } from './support/fuzz/helm-batch';
import { ObjectChecker, runCase } from './support/fuzz/synth-oracle';

const checker = new ObjectChecker();

const COUNTEREXAMPLES: Array<[string, Mutation[]]> = [
  ['an emptied cluster file', [{ op: 'text', file: 1, trick: 'empty', at: 0 }]],
  ['a comment-only environment file', [{ op: 'text', file: 2, trick: 'comment-only', at: 0 }]],
  ['an emptied project file', [{ op: 'text', file: 5, trick: 'empty', at: 0 }]],
  ['an environment file with CR line endings', [{ op: 'text', file: 2, trick: 'cr', at: 0 }]],
  [
    'a storage size beyond int64',
    [{ op: 'field', kind: 'environment', file: 2, field: 'redis.persistence.size', value: '9223372036854775808' }],
  ],
  [
    'an app repository refused in project.yaml',
    [{ op: 'field', kind: 'project', file: 0, field: 'app.githubRepository', value: 'a/.' }],
  ],
  [
    'a bootstrap name that clashes with an environment, set in project.yaml',
    [{ op: 'field', kind: 'project', file: 0, field: 'delivery.bootstrapName', value: 'acme-dev' }],
  ],
  ['an environment file renamed to .json', [{ op: 'rename-file', file: 2, name: 'dev.json' }]],
  ['an editor swap file beside the environments', [{ op: 'rename-file', file: 2, name: '.dev.yaml.swp' }]],
  ['an environment file with a trailing space in its name', [{ op: 'rename-file', file: 2, name: 'dev.yaml ' }]],
  [
    'a chart version Helm cannot load',
    [{ op: 'field', kind: 'environment', file: 2, field: 'chart.version', value: '99999999999999999999.0.0' }],
  ],
  [
    'a Helm comment in a remote key',
    [{ op: 'field', kind: 'environment', file: 1, field: 'secrets.remoteKey', value: '{{- /* c */ -}}' }],
  ],
  [
    'an app repository whose image names exceed 255 characters',
    [
      {
        op: 'field',
        kind: 'project',
        file: 0,
        field: 'app.githubRepository',
        value: `${'o'.repeat(200)}/${'n'.repeat(100)}`,
      },
    ],
  ],
  [
    'a bootstrap revision git refuses',
    [{ op: 'field', kind: 'project', file: 0, field: 'delivery.bootstrapRevision', value: 'a*' }],
  ],
];

test.each(COUNTEREXAMPLES)(
  '%s: refused at file:line, or accepted with valid objects and charts',
  (_name, mutations) => {
    const outcome = runCase(materialize(mutations), checker);
    expect(outcome.violations).toEqual([]);
    const findings = checkChartsWithHelm(outcome.charts.map((chart) => ({ chart, origin: JSON.stringify(mutations) })));
    expect(findings).toEqual([]);
  },
  // Only for a real hang: each case runs the synth and helm, seconds even on a busy machine.
  5 * 60_000,
);
