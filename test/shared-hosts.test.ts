/**
 * A public host claimed on two clusters (issue 16, item 13): refused, naming both claims with
 * file:line, unless both environment files list it under sharedHosts naming each other (a
 * cluster migration).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Document } from 'yaml';
import type { ConfigError } from '../lib/config/config-error';
import { loadConfig } from '../lib/config/load';
import { configRefusal } from './support/config-refusal';
import { editedConfig } from './support/edit-config';
import { ROOT } from './support/project';

const STAGING = 'config/environments/staging.yaml';
const PROD = 'config/environments/production.yaml';
const HOST = 'docs.acme.example.com';

const lineOf = (overrides: Map<string, string>, file: string, line: number): string =>
  (overrides.get(file) ?? fs.readFileSync(path.join(ROOT, file), 'utf8')).split('\n')[line - 1];

/** Staging (cluster in-cluster) serves production's docs host (cluster production). */
const stagingTakesProductionHost: [string, (d: Document) => void] = [
  STAGING,
  (d) => d.setIn(['docs', 'ingress', 'hosts', 0], HOST),
];
/** `file` lists `host` under sharedHosts, naming `environment` as the other side. */
const shares = (file: string, environment: string, host = HOST): [string, (d: Document) => void] => [
  file,
  (d) => d.set('sharedHosts', d.createNode([{ host, environment }])),
];

const refusal = (overrides: Map<string, string>): ConfigError => configRefusal(() => loadConfig(ROOT, overrides));

test("staging claiming production's host on another cluster is refused, with file:line of both claims", () => {
  const overrides = editedConfig(stagingTakesProductionHost);
  const problem = refusal(overrides).problems.find((p) => p.file === STAGING && p.field === 'docs.ingress.hosts.0');
  expect(lineOf(overrides, STAGING, problem?.line ?? 0)).toContain(HOST);
  const other =
    /also served by config\/environments\/production\.yaml:(\d+):\d+ \(docs\.ingress\.hosts\.0\) on cluster production/.exec(
      problem?.message ?? '',
    );
  expect(other).not.toBeNull();
  expect(lineOf(overrides, PROD, Number(other?.[1]))).toContain(HOST);
  expect(problem?.message).toMatch(
    /only during a cluster migration, when both files list it under sharedHosts naming each other \(production does not name staging and staging does not name production\)/,
  );
});

test('one side naming the other is not enough: the refusal says which side does not', () => {
  const problem = refusal(editedConfig(stagingTakesProductionHost, shares(STAGING, 'production'))).problems.find(
    (p) => p.field === 'docs.ingress.hosts.0',
  );
  expect(problem?.message).toMatch(/\(production does not name staging\)$/);
});

test('a cluster migration, both files naming each other for the host, is accepted', () => {
  const overrides = editedConfig(stagingTakesProductionHost, shares(STAGING, 'production'), shares(PROD, 'staging'));
  const config = loadConfig(ROOT, overrides);
  const hosts = config.environments.filter((e) => e.docs.ingress?.hosts.includes(HOST)).map((e) => e.platform.name);
  expect(hosts.sort()).toEqual(['in-cluster', 'production']);
});

test.each([
  [
    'an environment that does not exist',
    shares(PROD, 'preview'),
    PROD,
    'sharedHosts.0.environment',
    /"preview" is not an environment/,
  ],
  [
    'an environment on the same cluster',
    shares(STAGING, 'dev', 'staging.acme.example.com'),
    STAGING,
    'sharedHosts.0.environment',
    /runs on the same cluster \(in-cluster\)/,
  ],
  [
    'a host the environment does not serve',
    shares(STAGING, 'production'),
    STAGING,
    'sharedHosts.0.host',
    /is not a host of this environment's Ingresses/,
  ],
  [
    'a host the other environment does not serve',
    shares(PROD, 'staging', 'acme.example.com'),
    PROD,
    'sharedHosts.0.host',
    /staging \(config\/environments\/staging.yaml\) does not serve "acme.example.com"/,
  ],
  ['itself', shares(PROD, 'production'), PROD, 'sharedHosts.0.environment', /names this environment itself/],
])('sharedHosts naming %s is refused', (_what, edit, file, field, reason) => {
  const problem = refusal(editedConfig(edit)).problems.find((p) => p.file === file && p.field === field);
  expect(problem?.line).toEqual(expect.any(Number));
  expect(problem?.message).toMatch(reason);
});
