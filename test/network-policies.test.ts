/**
 * The NetworkPolicies of every environment, evaluated as Kubernetes would: every path the app
 * needs is open, and pods that are not the app's cannot reach PostgreSQL or Redis.
 */
import { NetworkPolicyEvaluator, type External, type Pod } from './support/network-policy-evaluator';
import { find, podTemplate } from '../lib/policy/workloads';
import { environmentRows } from './support/project';
import type { Manifest } from '../lib/synth/render-environment';

const INTERNET: External = { ip: '203.0.113.10' };
const PRIVATE_ADDRESS: External = { ip: '10.1.2.3' };

/** The pods the chart runs (workloads, and the instances an operator starts for a Cluster). */
function chartPods(manifests: Manifest[]): Pod[] {
  const pods: Pod[] = [];
  for (const m of manifests) {
    const template = podTemplate(m);
    if (template) {
      pods.push({
        name: m.metadata.labels?.['app.kubernetes.io/component'] ?? m.metadata.name,
        namespace: m.metadata.namespace ?? '',
        labels: template.metadata.labels,
        ports: template.spec.containers.flatMap((c) => c.ports ?? []),
      });
    }
  }
  for (const cluster of find(manifests, 'Cluster')) {
    const inherited =
      (cluster.spec as { inheritedMetadata?: { labels?: Record<string, string> } }).inheritedMetadata?.labels ?? {};
    pods.push({
      name: 'database',
      namespace: cluster.metadata.namespace ?? '',
      labels: { ...inherited, 'cnpg.io/cluster': cluster.metadata.name, 'cnpg.io/instanceRole': 'primary' },
      ports: [
        { name: 'postgresql', containerPort: 5432 },
        { name: 'status', containerPort: 8000 },
      ],
    });
  }
  return pods;
}

describe.each(environmentRows())('%s', (_name, { env, manifests }) => {
  const policies = new NetworkPolicyEvaluator(manifests);
  const pods = chartPods(manifests);
  const pod = (name: string): Pod => {
    const found = pods.find((p) => p.name === name);
    if (!found) throw new Error(`no ${name} pod in ${env.name}`);
    return found;
  };
  const has = (name: string) => pods.some((p) => p.name === name);
  const ns = env.namespace;
  const ingressController: Pod = {
    name: 'ingress',
    namespace: env.platform.ingress.controller.namespace,
    labels: env.platform.ingress.controller.podLabels,
  };
  const dns: Pod = {
    name: 'dns',
    namespace: env.platform.dns.namespace,
    labels: env.platform.dns.podLabels,
    ports: [{ containerPort: 53, protocol: 'UDP' }, { containerPort: 53 }],
  };
  const stranger: Pod = { name: 'stranger', namespace: ns, labels: { app: 'debug-shell' } };
  const impostor: Pod = { name: 'impostor', namespace: 'other-team', labels: pod('web').labels };
  const databasePort = 5432;

  test('every pod is isolated in both directions (default deny covers the namespace)', () => {
    for (const p of [...pods, stranger]) {
      expect([p.name, policies.isolates(p, 'Ingress'), policies.isolates(p, 'Egress')]).toEqual([p.name, true, true]);
    }
  });

  test('every pod resolves names through cluster DNS, over UDP and TCP', () => {
    for (const p of [...pods, stranger]) {
      expect([p.name, policies.allows(p, dns, 53, 'UDP'), policies.allows(p, dns, 53, 'TCP')]).toEqual([
        p.name,
        true,
        true,
      ]);
    }
  });

  test('the ingress controller reaches web, and docs and Flower when they have an Ingress', () => {
    expect(policies.allows(ingressController, pod('web'), env.web.port)).toBe(true);
    if (env.docs.enabled && env.docs.ingress) expect(policies.allows(ingressController, pod('docs'), 8080)).toBe(true);
    if (env.flower.enabled)
      expect(policies.allows(ingressController, pod('flower'), 5555)).toBe(env.flower.ingress !== undefined);
  });

  test('the ingress controller reaches nothing else', () => {
    for (const target of pods.filter((p) => !['web', 'docs', 'flower'].includes(p.name))) {
      for (const port of (target.ports ?? []).map((p) => p.containerPort)) {
        expect([target.name, port, policies.allows(ingressController, target, port)]).toEqual([
          target.name,
          port,
          false,
        ]);
      }
    }
  });

  test('the Django processes reach Redis, and the database wherever it runs', () => {
    for (const client of ['web', 'worker', 'beat', 'flower', 'migrate'].filter(has)) {
      expect([client, 'redis', policies.allows(pod(client), pod('redis'), 6379)]).toEqual([client, 'redis', true]);
      const target = env.database.mode === 'external' ? { ip: env.database.cidrs[0].split('/')[0] } : pod('database');
      expect([client, 'database', policies.allows(pod(client), target, databasePort)]).toEqual([
        client,
        'database',
        true,
      ]);
    }
    if (has('database-backup'))
      expect(policies.allows(pod('database-backup'), pod('database'), databasePort)).toBe(true);
  });

  test('pods that are not the app cannot reach PostgreSQL or Redis', () => {
    const servers = ['redis', ...(has('database') ? ['database'] : [])];
    for (const server of servers) {
      const port = server === 'redis' ? 6379 : databasePort;
      for (const intruder of [
        stranger,
        impostor,
        ingressController,
        ...['docs', 'mail', 'smoke-test'].filter(has).map(pod),
      ]) {
        expect([intruder.name, server, policies.allows(intruder, pod(server), port)]).toEqual([
          intruder.name,
          server,
          false,
        ]);
      }
    }
    expect(policies.allows(pod('web'), pod('redis'), databasePort)).toBe(false);
  });

  test('the mail catcher exists only where configured, and the app reaches it there', () => {
    expect(has('mail')).toBe(env.mailCatcher.enabled);
    if (env.mailCatcher.enabled) {
      for (const client of ['web', 'worker', 'beat'])
        expect(policies.allows(pod(client), pod('mail'), 1025)).toBe(true);
      expect(policies.allows(stranger, pod('mail'), 1025)).toBe(false);
    }
  });

  test('the smoke test reaches web', () => {
    expect(policies.allows(pod('smoke-test'), pod('web'), env.web.port)).toBe(true);
  });

  test('only the configured components leave the cluster, only to the configured networks and ports', () => {
    for (const p of pods) {
      const rules = env.network.egress.filter((r) => (r.components as string[]).includes(p.name));
      const allowedPorts = new Set(rules.flatMap((r) => r.ports));
      expect([p.name, 443, policies.allows(p, INTERNET, 443)]).toEqual([p.name, 443, allowedPorts.has(443)]);
      expect([p.name, 25, policies.allows(p, INTERNET, 25)]).toEqual([p.name, 25, allowedPorts.has(25)]);
      expect([p.name, 'private', policies.allows(p, PRIVATE_ADDRESS, 443)]).toEqual([p.name, 'private', false]);
    }
    expect(policies.allows(stranger, INTERNET, 443)).toBe(false);
  });

  if (env.database.mode === 'cloudnativepg') {
    test('CloudNativePG instances replicate, answer the operator and reach the API server', () => {
      const operator: Pod = {
        name: 'operator',
        namespace: env.platform.operators.cloudnativepg?.namespace ?? 'cnpg-system',
        labels: { 'app.kubernetes.io/name': 'cloudnative-pg' },
      };
      const replica: Pod = {
        ...pod('database'),
        name: 'replica',
        labels: { ...pod('database').labels, 'cnpg.io/instanceRole': 'replica' },
      };
      expect(policies.allows(operator, pod('database'), 8000)).toBe(true);
      expect(policies.allows(replica, pod('database'), databasePort)).toBe(true);
      const api = env.platform.kubernetesApi?.cidrs[0].split('/')[0] ?? '';
      expect(policies.allows(pod('database'), { ip: api }, 443)).toBe(true);
      expect(policies.allows(pod('web'), { ip: api }, 443)).toBe(false);
    });
  }
});
