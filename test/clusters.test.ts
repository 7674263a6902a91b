/**
 * Environments on their own clusters: each names its cluster, the cluster file holds the
 * platform facts, the environment is refused (file:line) when its cluster lacks what it needs,
 * namespaces and hosts are unique per cluster, and ArgoCD addresses clusters by name. Moving
 * staging to a new cluster is a config change (the fleet of 30 environments on 5 clusters is
 * test/fleet.test.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments, type Document } from 'yaml';
import type { ConfigError } from '../lib/config/config-error';
import { loadConfig } from '../lib/config/load';
import { synthesizeAll } from '../lib/synth/synthesize';
import { CHARTS } from '../charts/render';
import type { Manifest } from '../lib/common/manifest';
import { configRefusal } from './support/config-refusal';
import { editedConfig, editYaml } from './support/edit-config';
import { ROOT, temporaryProject } from './support/project';

const DEV = 'config/environments/dev.yaml';
const STAGING = 'config/environments/staging.yaml';
const PROD = 'config/environments/production.yaml';
const IN_CLUSTER = 'config/clusters/in-cluster.yaml';
const PROD_CLUSTER = 'config/clusters/production.yaml';

type Edit = [file: string, edit: (doc: Document) => void];
/** The refusal of the committed configuration with `edits` made to its files (in memory: nothing is written). */
const refusal = (...edits: Edit[]): ConfigError => configRefusal(() => loadConfig(ROOT, editedConfig(...edits)));

/** The objects of a synthesized file tree under `dist/`, by top folder. */
function objects(files: Map<string, string>, folder: string): Manifest[] {
  return [...files]
    .filter(([f]) => f.startsWith(`${folder}/`) && f.endsWith('.yaml') && !/(Chart|values)\.yaml$/.test(f))
    .flatMap(([, text]) => parseAllDocuments(text).map((d) => d.toJS() as Manifest))
    .filter((m) => m !== null);
}

const refusals: Array<[string, Edit[], string, string, RegExp]> = [
  [
    'a cluster without a file',
    [[DEV, (d) => d.set('cluster', 'mars')]],
    DEV,
    'cluster',
    /no file config\/clusters\/mars\.yaml/,
  ],
  [
    'External Secrets on a cluster without the operator',
    [[IN_CLUSTER, (d) => d.deleteIn(['operators', 'externalSecrets'])]],
    STAGING,
    'secrets.mode',
    /External Secrets operator/,
  ],
  [
    'a ClusterSecretStore the cluster does not have',
    [[STAGING, (d) => d.setIn(['secrets', 'storeName'], 'aws')]],
    STAGING,
    'secrets.storeName',
    /"aws" is not a ClusterSecretStore of config\/clusters\/in-cluster\.yaml/,
  ],
  [
    'CloudNativePG on a cluster without the operator',
    [[PROD_CLUSTER, (d) => d.deleteIn(['operators', 'cloudnativepg'])]],
    PROD,
    'database.mode',
    /CloudNativePG operator/,
  ],
  [
    'CloudNativePG backups without the Barman Cloud plugin',
    [[PROD_CLUSTER, (d) => d.setIn(['operators', 'cloudnativepg', 'barmanCloudPlugin'], false)]],
    PROD,
    'database.backup',
    /Barman Cloud plugin/,
  ],
  [
    "CloudNativePG without the API server's networks",
    [[PROD_CLUSTER, (d) => d.delete('kubernetesApi')]],
    PROD,
    'database.mode',
    /kubernetesApi/,
  ],
  [
    'an issuer the cluster lacks',
    [[PROD, (d) => d.setIn(['web', 'ingress', 'clusterIssuer'], 'letsencrypt-staging')]],
    PROD,
    'web.ingress.clusterIssuer',
    /"letsencrypt-staging" is not a ClusterIssuer/,
  ],
  [
    'a StorageClass the cluster lacks',
    [[STAGING, (d) => d.setIn(['database', 'storage', 'storageClassName'], 'gold')]],
    STAGING,
    'database.storage.storageClassName',
    /"gold" is not a StorageClass/,
  ],
  [
    'two environments in one namespace on one cluster',
    [[STAGING, (d) => d.set('namespace', 'acme-dev')]],
    STAGING,
    'namespace',
    /already used on cluster in-cluster by config\/environments\/dev\.yaml/,
  ],
  [
    'two environments routing one host on one cluster',
    [[STAGING, (d) => d.setIn(['docs', 'ingress', 'hosts'], ['docs.dev.acme.example.com'])]],
    STAGING,
    'docs.ingress.hosts.0',
    /already claimed on cluster in-cluster by config\/environments\/dev\.yaml:\d+:\d+ \(docs\.ingress\.hosts\.0\)/,
  ],
  [
    'a platform fact left in an environment file',
    [[DEV, (d) => d.setIn(['network', 'ingressController'], { namespace: 'ingress-nginx' })]],
    DEV,
    'network.ingressController',
    /not a known setting/,
  ],
  [
    'a cluster file named differently',
    [[PROD_CLUSTER, (d) => d.set('name', 'prod')]],
    PROD_CLUSTER,
    'name',
    /file name "production"/,
  ],
];

test.each(refusals)('refuses %s, with file, line, field and reason', (_what, edits, file, field, reason) => {
  const problem = refusal(...edits).problems.find((p) => p.file === file && p.field === field);
  expect(problem).toEqual(
    expect.objectContaining({ line: expect.any(Number), message: expect.stringMatching(reason) }),
  );
});

test('the same namespace is fine on two clusters; the same host only when both files share it', () => {
  // Production's namespace and a dev host, but on its own cluster.
  const moved: Edit = [
    PROD,
    (d) => {
      d.set('namespace', 'acme-dev');
      d.setIn(['docs', 'ingress', 'hosts'], ['docs.dev.acme.example.com']);
    },
  ];
  expect(refusal(moved).problems.map((p) => p.field)).toEqual(['docs.ingress.hosts.0']);
  // A cluster migration: both environment files name each other for the host (test/shared-hosts.test.ts).
  const share = (environment: string) => (d: Document) =>
    d.set('sharedHosts', d.createNode([{ host: 'docs.dev.acme.example.com', environment }]));
  expect(() => loadConfig(ROOT, editedConfig(moved, [PROD, share('dev')], [DEV, share('production')]))).not.toThrow();
});

describe('on a copy of the project', () => {
  // A new cluster file: the loader lists config/clusters/, so this one is written to disk.
  let root: string;
  beforeEach(() => {
    root = temporaryProject();
  });
  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('moving staging to a new cluster is a config change plus synth', () => {
    const before = synthesizeAll(root, { charts: CHARTS }).dist;
    fs.writeFileSync(
      path.join(root, 'config/clusters/staging-eu.yaml'),
      [
        'name: staging-eu',
        'ingress:',
        '  className: traefik',
        '  controller: {namespace: traefik, podLabels: {app.kubernetes.io/name: traefik}}',
        'clusterIssuers: [letsencrypt-production]',
        'operators:',
        '  externalSecrets: {clusterSecretStores: [vault]}',
        '',
      ].join('\n'),
    );
    editYaml(root, STAGING, (d) => d.set('cluster', 'staging-eu'));
    const after = synthesizeAll(root, { charts: CHARTS }).dist;

    const app = objects(after, 'argocd').find((m) => m.kind === 'Application' && m.metadata.name === 'acme-staging');
    expect((app?.spec as { destination: unknown }).destination).toEqual({
      name: 'staging-eu',
      namespace: 'acme-staging',
    });
    const project = objects(after, 'argocd').find((m) => m.kind === 'AppProject' && m.metadata.name === 'acme');
    expect((project?.spec as { destinations: unknown[] }).destinations).toEqual([
      { name: 'in-cluster', namespace: 'acme-dev' },
      { name: 'production', namespace: 'acme-production' },
      { name: 'staging-eu', namespace: 'acme-staging' },
    ]);
    // The cluster's facts reach the chart: its IngressClass and its controller's namespace.
    const staging = objects(after, 'staging');
    expect(
      staging.filter((m) => m.kind === 'Ingress').map((m) => (m.spec as { ingressClassName: string }).ingressClassName),
    ).toEqual(['traefik', 'traefik', 'traefik']);
    const fromIngress = staging
      .filter((m) => m.kind === 'NetworkPolicy')
      .flatMap((m) => JSON.stringify(m.spec).match(/"kubernetes.io\/metadata.name":"[a-z-]+"/g) ?? []);
    expect(fromIngress).toContain('"kubernetes.io/metadata.name":"traefik"');
    expect(fromIngress).not.toContain('"kubernetes.io/metadata.name":"ingress-nginx"');
    // Nothing else moves: dev's and production's charts are untouched.
    for (const [file, content] of before) {
      if (file.startsWith('dev/') || file.startsWith('production/'))
        expect([file, after.get(file) === content]).toEqual([file, true]);
    }
  });
});
