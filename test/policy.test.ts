/**
 * The checklist rules (lib/policy/rules/), each a test, over every object of every environment.
 * Findings are allowed only where lib/policy/exceptions.ts names the object and the rule with a
 * reason.
 */
import { evaluateRule, formatViolation, type RuleResult } from '../lib/policy/evaluate';
import { policyExceptions } from '../lib/policy/exceptions';
import { NOT_ADOPTED, RULES } from '../lib/policy/rules';
import { requirePodTemplate, type LabelSelector } from '../lib/common/workloads';
import type { Manifest } from '../lib/common/manifest';
import { environmentManifests } from '../charts/render';
import { environments, projectConfig } from './support/project';
import { expectEach } from './support/expect-each';

const EXCEPTIONS = policyExceptions(projectConfig().project.product.name);

/** Every rule on every environment, evaluated once for all the tests below. */
let memo: Array<{ env: string; result: RuleResult }> | undefined;
function results(): Array<{ env: string; result: RuleResult }> {
  memo ??= environments().flatMap(({ env, manifests }) =>
    RULES.map((rule) => ({
      env: env.name,
      result: evaluateRule(rule, { objects: manifests, tier: env.tier }, EXCEPTIONS),
    })),
  );
  return memo;
}

describe.each(environments().map((e) => [e.env.name, e] as const))('%s', (_name, { env }) => {
  test.each(RULES.map((r) => [r.id, r.title, r] as const))('%s: %s', (_id, _title, rule) => {
    const result = results().find((r) => r.env === env.name && r.result.rule === rule)?.result;
    if (!result) throw new Error(`${rule.id} was not evaluated`);
    expect(result.violations.map(formatViolation)).toEqual([]);
  });
});

test('the rules find what they look for (each fails on a broken object)', () => {
  const web = structuredClone(
    environments()[0].manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === 'acme-web'),
  );
  if (!web) throw new Error('no web Deployment');
  const container = (web.spec as { template: { spec: { containers: Array<Record<string, unknown>> } } }).template.spec
    .containers[0];
  container.image = 'ghcr.io/acme/acme-django:latest';
  container.securityContext = { runAsUser: 0 };
  container.env = [{ name: 'DJANGO_SECRET_KEY', value: 'hunter2' }];
  const failed = RULES.filter((r) => r.check({ objects: [web], tier: 'production' }).length > 0).map((r) => r.id);
  expect(failed).toEqual(
    expect.arrayContaining([
      'IMG-TAG',
      'NON-ROOT',
      'RO-ROOTFS',
      'DROP-ALL',
      'NO-PRIV-ESC',
      'NO-LITERAL-SECRETS',
      'SA-REF',
      // Alone, without the environment's NetworkPolicies, the pod is not isolated.
      'NETPOL-COVERAGE',
    ]),
  );
});

test('the rules added from Trivy and kube-linter find what they look for (each fails on a broken object)', () => {
  const objects = structuredClone(environments().find((e) => e.env.tier === 'production')?.manifests ?? []);
  const failing = (mutate: (objects: Manifest[]) => void) => {
    const copy = structuredClone(objects);
    mutate(copy);
    return RULES.filter(
      (r) => evaluateRule(r, { objects: copy, tier: 'production' }, EXCEPTIONS).violations.length > 0,
    ).map((r) => r.id);
  };
  const web = (all: Manifest[]) => {
    const deployment = all.find((m) => m.kind === 'Deployment' && m.metadata.name === 'acme-web');
    if (!deployment) throw new Error('no web Deployment');
    return requirePodTemplate(deployment);
  };
  expect(failing(() => undefined)).toEqual([]);
  // Short names resolve through the node's search registries; other registries are not trusted.
  expect(failing((all) => (web(all).spec.containers[0].image = 'postgres:16.6'))).toEqual(['IMG-REGISTRY']);
  expect(failing((all) => (web(all).spec.containers[0].image = 'quay.io/acme/acme-django:1.4.2'))).toEqual([
    'IMG-REGISTRY',
  ]);
  expect(
    failing(
      (all) =>
        (web(all).spec.containers[0].securityContext = {
          ...web(all).spec.containers[0].securityContext,
          runAsUser: 10000,
        }),
    ),
  ).toEqual(['HIGH-UID']);
  expect(failing((all) => Object.assign(web(all).spec.securityContext ?? {}, { fsGroup: 0 }))).toEqual(['NONROOT-GID']);
  expect(failing((all) => Object.assign(web(all).spec.securityContext ?? {}, { supplementalGroups: [0] }))).toEqual([
    'NONROOT-GID',
  ]);
  expect(failing((all) => web(all).spec.containers[0].ports?.push({ name: 'http-alt', containerPort: 80 }))).toEqual([
    'NO-PRIV-PORTS',
  ]);
  expect(
    failing((all) => {
      const service = all.find((m) => m.kind === 'Service' && m.metadata.name === 'acme-web');
      (service?.spec as { ports: Array<{ targetPort: string }> }).ports[0].targetPort = 'metrics';
    }),
  ).toEqual(['SVC-TARGET-PORT']);
  expect(
    failing((all) => {
      const policy = all.find(
        (m) => m.kind === 'NetworkPolicy' && JSON.stringify(m.spec).includes('"from":[{"podSelector"'),
      );
      if (!policy) throw new Error('no NetworkPolicy with a pod peer');
      const rule = (policy.spec as { ingress: Array<{ from: Array<{ podSelector: LabelSelector }> }> }).ingress[0];
      rule.from[0].podSelector = { matchLabels: { 'app.kubernetes.io/component': 'gone' } };
    }),
  ).toEqual(['NP-PEER-SELECTS']);
});

test('every exception has a reason and is used; the exceptions are few and reported', () => {
  const used = new Set(results().flatMap(({ result }) => result.excepted.map((e) => e.exception)));
  expectEach(
    EXCEPTIONS,
    (e) => `${e.rule} ${e.kind}/${e.name} is never used`,
    (e) => used.has(e),
  );
  for (const exception of EXCEPTIONS) {
    expect(exception.reason.length).toBeGreaterThan(20);
    expect(RULES.map((r) => r.id)).toContain(exception.rule);
  }
  expect(EXCEPTIONS.length).toBeLessThanOrEqual(8);
  const objectsChecked = environments().reduce((n, e) => n + e.manifests.length, 0);
  const excepted = results().flatMap(({ env, result }) =>
    result.excepted.map((e) => `  ${env}: ${result.rule.id} ${formatViolation(e.violation)} -- ${e.exception.reason}`),
  );
  console.log(
    [
      `policy: ${RULES.length} rules over ${objectsChecked} objects in ${environments().length} environments; ${results().filter((r) => !r.result.skipped).length} rule runs`,
      `exceptions: ${EXCEPTIONS.length} declared, ${excepted.length} findings excepted:`,
      ...excepted,
      `not adopted: ${Object.entries(NOT_ADOPTED)
        .map(([id, why]) => `${id} (${why})`)
        .join('; ')}`,
    ].join('\n'),
  );
});

test('the exceptions name the objects of any product, not only acme', () => {
  const { project } = projectConfig();
  const shop = { ...project, product: { ...project.product, name: 'shop' } };
  const exceptions = policyExceptions('shop');
  expect(exceptions.map((e) => e.name.startsWith('shop-'))).toEqual(exceptions.map(() => true));
  const used = new Set<unknown>();
  for (const { env } of environments()) {
    const objects = environmentManifests(shop, env);
    for (const rule of RULES) {
      const result = evaluateRule(rule, { objects, tier: env.tier }, exceptions);
      expect([env.name, rule.id, result.violations.map(formatViolation)]).toEqual([env.name, rule.id, []]);
      for (const e of result.excepted) used.add(e.exception);
    }
  }
  // Every exception still matches its finding under the other name: none went stale.
  expect(exceptions.filter((e) => !used.has(e))).toEqual([]);
});
