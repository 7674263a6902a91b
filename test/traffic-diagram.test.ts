/**
 * The traffic pictures of docs/environments.md: each environment's Mermaid diagram draws exactly
 * the connections the NetworkPolicy evaluator allows over the chart's NetworkPolicies, no more
 * and no fewer, in an order that does not depend on the order of the objects.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Manifest } from '../lib/common/manifest';
import { chartPods } from '../lib/platform/chart-pods';
import { NetworkPolicyEvaluator, type Pod } from '../lib/platform/network-policy-evaluator';
import { MATRIX_FILE } from '../lib/synth/environment-matrix';
import { trafficDiagram } from '../lib/synth/traffic-diagram';
import { environmentManifests } from '../charts/render';
import { environmentRows, environmentVariant, projectConfig, ROOT } from './support/project';

interface Diagram {
  /** Node id → label. */
  readonly nodes: Map<string, string>;
  /** `from → to` by labels → the ports drawn on the arrow. */
  readonly edges: Map<string, string[]>;
}

/** Reads a diagram back from its Mermaid text (the two line shapes trafficDiagram writes). */
function parse(mermaid: string): Diagram {
  const lines = mermaid.split('\n');
  expect(lines[0]).toBe('```mermaid');
  expect(lines[1]).toBe('flowchart LR');
  const nodes = new Map<string, string>();
  const arrows: Array<[string, string, string]> = [];
  for (const line of lines.slice(2)) {
    if (line === '```' || line === '') continue;
    const node = /^ {2}(\w+)(?:\["([^"]*)"\]|\(\["([^"]*)"\]\))$/.exec(line);
    const arrow = /^ {2}(\w+) -->\|"([^"]*)"\| (\w+)$/.exec(line);
    if (node) nodes.set(node[1], node[2] ?? node[3]);
    else if (arrow) arrows.push([arrow[1], arrow[3], arrow[2]]);
    else throw new Error(`unexpected Mermaid line: ${line}`);
  }
  const edges = new Map<string, string[]>();
  for (const [from, to, ports] of arrows) {
    // Every arrow joins two declared nodes, else Mermaid would draw a stray node.
    expect([from, nodes.has(from), to, nodes.has(to)]).toEqual([from, true, to, true]);
    edges.set(`${nodes.get(from)} → ${nodes.get(to)}`, ports.split(', '));
  }
  return { nodes, edges };
}

const portsOf = (d: Diagram, from: string, to: string) => d.edges.get(`${from} → ${to}`) ?? [];

describe.each(environmentRows())('%s', (name, { env, manifests }) => {
  const diagram = parse(trafficDiagram(env, manifests));
  const evaluator = new NetworkPolicyEvaluator(manifests);
  const pods = chartPods(manifests);
  const ingressLabel = `ingress controller (${env.platform.ingress.controller.namespace})`;
  const ingressController: Pod = {
    name: 'ingress',
    namespace: env.platform.ingress.controller.namespace,
    labels: env.platform.ingress.controller.podLabels,
  };

  test('is the one docs/environments.md shows for the environment', () => {
    const doc = fs.readFileSync(path.join(ROOT, MATRIX_FILE), 'utf8');
    expect(doc).toContain(`### ${name}\n\n${trafficDiagram(env, manifests)}`);
  });

  test('draws the paths the app needs, on their ports', () => {
    expect(portsOf(diagram, ingressLabel, 'web')).toEqual([String(env.web.port)]);
    for (const client of ['web', 'worker', 'beat', 'migrate']) {
      expect([client, portsOf(diagram, client, 'redis')]).toEqual([client, ['6379']]);
      if (env.database.mode !== 'external')
        expect([client, portsOf(diagram, client, 'database')]).toEqual([client, ['5432']]);
    }
    expect(portsOf(diagram, 'smoke-test', 'web')).toEqual([String(env.web.port)]);
    const dns = `cluster DNS (${env.platform.dns.namespace})`;
    for (const pod of pods) expect([pod.name, portsOf(diagram, pod.name, dns)]).toEqual([pod.name, ['53', '53/UDP']]);
  });

  test('draws no path the policies deny', () => {
    for (const [from, to] of [
      ['docs', 'database'],
      ['docs', 'redis'],
      ['smoke-test', 'database'],
      ['web', 'docs'],
      [ingressLabel, 'redis'],
      [ingressLabel, 'database'],
      [ingressLabel, 'worker'],
    ]) {
      expect([from, to, portsOf(diagram, from, to)]).toEqual([from, to, []]);
    }
  });

  test('between the chart pods, draws exactly what the evaluator allows on their declared ports', () => {
    for (const source of [...pods, ingressController]) {
      const from = source === ingressController ? ingressLabel : source.name;
      for (const target of pods) {
        const declared = (target.ports ?? []).filter((p) => (p.protocol ?? 'TCP') === 'TCP');
        const allowed = declared.filter((p) => evaluator.allows(source, target, p.containerPort));
        const drawn = portsOf(diagram, from, target.name);
        for (const p of declared) {
          expect([from, target.name, p.containerPort, drawn.includes(String(p.containerPort))]).toEqual([
            from,
            target.name,
            p.containerPort,
            allowed.includes(p),
          ]);
        }
        // Nothing drawn that the evaluator would refuse, declared port or not.
        for (const port of drawn.filter((p) => /^\d+$/.test(p)).map(Number))
          expect([from, target.name, port, evaluator.allows(source, target, port)]).toEqual([
            from,
            target.name,
            port,
            true,
          ]);
      }
    }
  });

  test('does not depend on the order of the objects', () => {
    expect(trafficDiagram(env, [...manifests].reverse())).toBe(trafficDiagram(env, manifests));
    expect(trafficDiagram(env, manifests)).toBe(trafficDiagram(env, manifests));
  });

  test('comes from the NetworkPolicies, not the configuration: drop one and its arrows go', () => {
    const withoutRedisEgress = manifests.filter(
      (m: Manifest) => !(m.kind === 'NetworkPolicy' && m.metadata.name.endsWith('-redis-clients-egress')),
    );
    expect(withoutRedisEgress).toHaveLength(manifests.length - 1);
    const changed = parse(trafficDiagram(env, withoutRedisEgress));
    expect(portsOf(changed, 'web', 'redis')).toEqual([]);
    expect(portsOf(changed, 'web', `cluster DNS (${env.platform.dns.namespace})`)).toEqual(['53', '53/UDP']);
  });
});

describe('outside the namespace', () => {
  const rows = new Map(environmentRows());
  test('production: CloudNativePG instances reach the API server CIDRs, and the operator reaches them', () => {
    const production = rows.get('production');
    if (!production) throw new Error('no production environment');
    const diagram = parse(trafficDiagram(production.env, production.manifests));
    const api = production.env.platform.kubernetesApi?.cidrs ?? [];
    expect(api.length).toBeGreaterThan(0);
    for (const cidr of api) {
      expect(portsOf(diagram, 'database', `Kubernetes API: ${cidr}`)).toEqual(
        production.env.platform.kubernetesApi?.ports.map(String),
      );
      expect(portsOf(diagram, 'web', `Kubernetes API: ${cidr}`)).toEqual([]);
    }
    const operator = `CloudNativePG operator (${production.env.platform.operators.cloudnativepg?.namespace})`;
    expect(portsOf(diagram, operator, 'database')).toEqual(['5432', '8000']);
    expect(portsOf(diagram, 'database', 'database')).toEqual(['5432', '8000']);
  });

  test('every environment: the configured egress reaches its networks only from its components', () => {
    for (const { env, manifests } of rows.values()) {
      const diagram = parse(trafficDiagram(env, manifests));
      for (const rule of env.network.egress) {
        const target = [...diagram.nodes.values()].find((l) => l.includes(`egress ${rule.name}`));
        expect([env.name, rule.name, target !== undefined]).toEqual([env.name, rule.name, true]);
        for (const pod of chartPods(manifests)) {
          const ports = portsOf(diagram, pod.name, target ?? '');
          // Rules to the same networks share one node (production: https and backups).
          const expected = env.network.egress.some(
            (r) =>
              r.cidrs.join() === rule.cidrs.join() &&
              (r.components as string[]).includes(pod.name) &&
              rule.ports.every((p) => r.ports.includes(p)),
          );
          expect([env.name, pod.name, rule.ports.every((p) => ports.includes(String(p)))]).toEqual([
            env.name,
            pod.name,
            expected,
          ]);
        }
      }
    }
  });
});

describe('an external database (config/environments/<env>.yaml database.mode: external)', () => {
  const { project, environments } = projectConfig();
  const dev = environments.find((e) => e.name === 'dev');
  if (!dev) throw new Error('no dev environment');
  const env = environmentVariant(dev, {
    database: { mode: 'external', secretName: 'acme-database', cidrs: ['10.20.0.0/24'] },
  });
  const diagram = parse(trafficDiagram(env, environmentManifests(project, env)));
  const database = 'external database: 10.20.0.0/24';

  test('is drawn as a network the Django processes reach on 5432, and no one else', () => {
    expect(diagram.nodes.has('database')).toBe(false);
    for (const client of ['web', 'worker', 'beat', 'migrate'])
      expect([client, portsOf(diagram, client, database)]).toEqual([client, ['5432']]);
    for (const other of ['docs', 'redis', 'smoke-test'])
      expect([other, portsOf(diagram, other, database)]).toEqual([other, []]);
  });
});
