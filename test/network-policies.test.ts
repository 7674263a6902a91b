/**
 * The NetworkPolicies of every environment, evaluated as Kubernetes would: every path the app
 * needs is open, and pods that are not the app's cannot reach PostgreSQL or Redis.
 */
import {
  cidrContains,
  NetworkPolicyEvaluator,
  type External,
  type Pod,
} from '../lib/platform/network-policy-evaluator';
import { chartPods } from '../lib/platform/chart-pods';
import { loadConfig } from '../lib/config/load';
import { editedConfig } from './support/edit-config';
import { environmentRows, projectConfig, ROOT } from './support/project';
import { environmentManifests } from '../charts/render';
import type { Manifest } from '../lib/common/manifest';
import type { EnvironmentConfig } from '../lib/config/environment-schema';

const INTERNET: External = { ip: '203.0.113.10' };
const PRIVATE_ADDRESS: External = { ip: '10.1.2.3' };

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
  // What cert-manager v1.21.1 creates for an HTTP-01 challenge in the Ingress's namespace
  // (pkg/issuer/acme/http/pod.go podLabels and buildDefaultPod; port 8089 from http.go).
  const solver: Pod = {
    name: 'cm-acme-http-solver',
    namespace: ns,
    labels: {
      'acme.cert-manager.io/http-domain': '1234567',
      'acme.cert-manager.io/http-token': '7654321',
      'acme.cert-manager.io/http01-solver': 'true',
    },
    ports: [{ name: 'http', containerPort: 8089 }],
  };
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

  test("cert-manager's HTTP-01 solver answers the ingress controller on 8089, and no one else", () => {
    // cert-manager starts solver pods only for an Ingress that names an issuer, as rendered.
    const issued = manifests.some(
      (m) => m.kind === 'Ingress' && m.metadata.annotations?.['cert-manager.io/cluster-issuer'],
    );
    const http01 = env.platform.acmeChallenge === 'http01' && issued;
    expect(issued).toBe(true); // every committed environment issues certificates
    expect(policies.allows(ingressController, solver, 8089)).toBe(http01);
    expect(policies.allows(ingressController, solver, 8080)).toBe(false);
    const otherNamespace: Pod = { ...ingressController, name: 'fake-controller', namespace: 'other-team' };
    for (const intruder of [stranger, otherNamespace, ...pods]) {
      expect([intruder.name, policies.allows(intruder, solver, 8089)]).toEqual([intruder.name, false]);
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
    // The backup store restores dumps by hand; it reaches the database and nothing else.
    if (has('backup-store')) {
      expect(policies.allows(pod('backup-store'), pod('database'), databasePort)).toBe(true);
      expect(policies.allows(pod('backup-store'), pod('redis'), 6379)).toBe(false);
    }
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

/** An environment's objects rendered from its configuration with a change applied. */
function renderedWith(name: string, change: (env: EnvironmentConfig) => EnvironmentConfig): Manifest[] {
  const config = projectConfig();
  const env = config.environments.find((e) => e.name === name);
  if (!env) throw new Error(`no environment ${name}`);
  return environmentManifests(config.project, change(env));
}

describe('NodeLocal DNSCache (dns.addresses of the cluster file)', () => {
  // node-local-dns (kubernetes.io "Using NodeLocal DNSCache in Kubernetes Clusters") listens on
  // 169.254.20.10 on every node's network: not a pod, so only an ipBlock peer can match it.
  const nodeLocal: External = { ip: '169.254.20.10' };
  const name = 'production';
  const base = renderedWith(name, (env) => env);
  const podNamed = (pods: Pod[], wanted: string): Pod => {
    const found = pods.find((p) => p.name === wanted);
    if (!found) throw new Error(`no ${wanted} pod`);
    return found;
  };
  const web = podNamed(chartPods(base), 'web');
  const docs = podNamed(chartPods(base), 'docs');

  test('without it, lookups to the node-local address are dropped (today every pod would fail)', () => {
    const policies = new NetworkPolicyEvaluator(base);
    expect(policies.allows(docs, nodeLocal, 53, 'UDP')).toBe(false);
  });

  test('with it, every pod queries the node-local address on 53 over UDP and TCP, and nothing else there', () => {
    const manifests = renderedWith(name, (env) => ({
      ...env,
      platform: { ...env.platform, dns: { ...env.platform.dns, addresses: ['169.254.20.10/32'] } },
    }));
    const policies = new NetworkPolicyEvaluator(manifests);
    for (const p of chartPods(manifests)) {
      expect([p.name, policies.allows(p, nodeLocal, 53, 'UDP'), policies.allows(p, nodeLocal, 53, 'TCP')]).toEqual([
        p.name,
        true,
        true,
      ]);
      expect([p.name, policies.allows(p, nodeLocal, 80)]).toEqual([p.name, false]);
    }
    expect(policies.allows(web, { ip: '169.254.20.11' }, 53, 'UDP')).toBe(false);
  });
});

describe('DNS-01 issuers (acmeChallenge: dns01 in the cluster file)', () => {
  test('no path to solver pods is opened', () => {
    const manifests = renderedWith('staging', (env) => ({
      ...env,
      platform: { ...env.platform, acmeChallenge: 'dns01' as const },
    }));
    const solver: Pod = {
      name: 'solver',
      namespace: 'acme-staging',
      labels: { 'acme.cert-manager.io/http01-solver': 'true' },
    };
    const controller: Pod = {
      name: 'ingress',
      namespace: 'ingress-nginx',
      labels: { 'app.kubernetes.io/name': 'ingress-nginx' },
    };
    expect(new NetworkPolicyEvaluator(manifests).allows(controller, solver, 8089)).toBe(false);
    expect(manifests.some((m) => m.metadata.name === 'acme-cert-manager-solver-from-ingress')).toBe(false);
  });
});

describe('dns.addresses in a cluster file', () => {
  /** The committed configuration with the in-cluster file's DNS addresses replaced (in memory). */
  const withAddresses = (addresses: string[]) =>
    editedConfig(['config/clusters/in-cluster.yaml', (d) => d.setIn(['dns', 'addresses'], addresses)]);

  test('takes an address as its /32, and a CIDR as it is', () => {
    const dev = loadConfig(ROOT, withAddresses(['169.254.20.10', '10.96.0.10/32'])).environments.find(
      (e) => e.name === 'dev',
    );
    expect(dev?.platform.dns.addresses).toEqual(['169.254.20.10/32', '10.96.0.10/32']);
  });

  test('refuses anything else, naming the field', () => {
    expect(() => loadConfig(ROOT, withAddresses(['node-local']))).toThrow(
      /in-cluster\.yaml:\d+:\d+: dns\.addresses\.0: must be a network in CIDR notation/,
    );
  });
});

describe('ipBlock addresses (cidrContains)', () => {
  test('IPv4 and IPv6 networks contain their own family only', () => {
    expect(cidrContains('10.0.0.0/8', '10.1.2.3')).toBe(true);
    expect(cidrContains('10.0.0.0/8', '11.0.0.1')).toBe(false);
    expect(cidrContains('0.0.0.0/0', '203.0.113.10')).toBe(true);
    expect(cidrContains('2001:db8::/32', '2001:db8:1::5')).toBe(true);
    expect(cidrContains('2001:db8::/32', '2001:db9::5')).toBe(false);
    expect(cidrContains('0.0.0.0/0', '2001:db8::1')).toBe(false);
    expect(cidrContains('::/0', '10.0.0.1')).toBe(false);
  });

  test('an IPv6 egress ipBlock with an exception is evaluated as the API defines it', () => {
    const policy: Manifest = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'v6', namespace: 'ns' },
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          { to: [{ ipBlock: { cidr: '2001:db8::/32', except: ['2001:db8:ff::/48'] } }], ports: [{ port: 443 }] },
        ],
      },
    };
    const pod: Pod = { name: 'app', namespace: 'ns', labels: {} };
    const policies = new NetworkPolicyEvaluator([policy]);
    expect(policies.allows(pod, { ip: '2001:db8:1::1' }, 443)).toBe(true);
    expect(policies.allows(pod, { ip: '2001:db8:ff::1' }, 443)).toBe(false);
    expect(policies.allows(pod, { ip: '2001:db8:1::1' }, 80)).toBe(false);
    expect(policies.allows(pod, { ip: '10.0.0.1' }, 443)).toBe(false);
  });
});

describe('allowsSomePort', () => {
  test.each(environmentRows())(
    '%s: false only where no port passes, true wherever one does',
    (_name, { manifests }) => {
      const policies = new NetworkPolicyEvaluator(manifests);
      const pods = chartPods(manifests);
      const ports = [...new Set(pods.flatMap((p) => (p.ports ?? []).map((c) => c.containerPort)))];
      for (const from of pods) {
        for (const to of pods) {
          const some = policies.allowsSomePort(from, to);
          const any = ports.some((port) => policies.allows(from, to, port));
          if (any) expect([from.name, to.name, some]).toEqual([from.name, to.name, true]);
        }
      }
      // And it does rule pairs out: docs reaches no Redis port.
      const docs = pods.find((p) => p.name === 'docs');
      const redis = pods.find((p) => p.name === 'redis');
      if (!docs || !redis) throw new Error('no docs or redis pod');
      expect(policies.allowsSomePort(docs, redis)).toBe(false);
    },
  );
});
