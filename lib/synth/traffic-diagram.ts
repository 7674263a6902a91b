/**
 * Who may talk to whom, per environment, as a Mermaid flowchart for docs/environments.md. The
 * edges are not read from the configuration: every candidate connection is put to the
 * NetworkPolicy evaluator over the NetworkPolicies the chart renders, so the picture shows what
 * Kubernetes would enforce, and a pull request that opens or closes a path changes the picture.
 *
 * Nodes are the chart's pods (one per component), the pods the policies select that the chart
 * does not run (cert-manager's HTTP-01 solver), and every peer the policies name outside the
 * namespace: pods of other namespaces (ingress controller, DNS, an operator) and ipBlocks.
 */
import { GKE_METADATA_SERVER } from '../platform/workload-identity';
import type { EnvironmentConfig } from '../config/environment-schema';
import type { Manifest } from '../common/manifest';
import { parseCidr } from '../common/cidr';
import { chartPods } from '../platform/chart-pods';
import { ACME_HTTP01_SOLVER_LABEL, NAMESPACE_NAME_LABEL } from '../platform/network-policies';
import {
  NetworkPolicyEvaluator,
  cidrContains,
  networkPolicies,
  type External,
  type Peer,
  type Pod,
} from '../platform/network-policy-evaluator';
import { labelsMatch } from '../common/workloads';
import { compareText } from '../common/compare-text';

/** A place traffic starts or ends: a pod (in or outside the namespace) or an outside network. */
export interface TrafficNode {
  /** Mermaid node id: letters, digits and `_` only, unique in the diagram. */
  readonly id: string;
  /** What the reader sees. */
  readonly label: string;
  /** The pod, or the representative address of an ipBlock. */
  readonly peer: Pod | External;
  /** True for the pods of the environment's namespace. */
  readonly local: boolean;
}

/** A connection the policies allow: source, destination and the ports, as `5432` or `53/UDP`. */
export interface TrafficFlow {
  readonly from: string;
  readonly to: string;
  readonly ports: readonly string[];
}

/** The nodes and the allowed flows between them, in a stable order. */
export interface TrafficGraph {
  readonly nodes: readonly TrafficNode[];
  readonly flows: readonly TrafficFlow[];
}

/** Probed besides the named ports: a rule without `ports` allows it, and then any port. */
const ANY_PORT_PROBE = 1;
const PROTOCOLS = ['TCP', 'UDP'] as const;

const nodeId = (text: string) => text.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '');
const labelText = (labels: Record<string, string>) =>
  Object.entries(labels)
    .sort(([a], [b]) => compareText(a, b))
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');

/** An address inside the ipBlock and outside its exceptions, or undefined if there is none. */
function representativeAddress(block: { cidr: string; except?: string[] }): string | undefined {
  // The same few networks (DNS, API server, egress rules) recur in every environment.
  const key = [block.cidr, ...(block.except ?? [])].join(' ');
  if (!representatives.has(key)) representatives.set(key, computeRepresentativeAddress(block));
  return representatives.get(key);
}
const representatives = new Map<string, string | undefined>();

function computeRepresentativeAddress(block: { cidr: string; except?: string[] }): string | undefined {
  const network = parseCidr(block.cidr);
  if (!network) return undefined;
  const width = network.family === 4 ? 32 : 128;
  const candidates = [network.address];
  for (const e of block.except ?? []) {
    const inner = parseCidr(e);
    if (inner) candidates.push(inner.address + (1n << BigInt(width - inner.prefix)));
  }
  for (const candidate of candidates) {
    const ip = formatAddress(candidate, network.family);
    if (cidrContains(block.cidr, ip) && !(block.except ?? []).some((e) => cidrContains(e, ip))) return ip;
  }
  return undefined;
}

function formatAddress(address: bigint, family: 4 | 6): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((address >> s) & 0xffn)).join('.');
  return Array.from({ length: 8 }, (_, i) => ((address >> BigInt(112 - 16 * i)) & 0xffffn).toString(16)).join(':');
}

/** What the configuration calls a foreign pod group, for the label only. */
function foreignName(env: EnvironmentConfig, namespace: string, labels: Record<string, string>): string {
  const same = (other: Record<string, string>) => labelText(other) === labelText(labels);
  const { ingress, dns, operators } = env.platform;
  if (namespace === ingress.controller.namespace && same(ingress.controller.podLabels)) return 'ingress controller';
  if (namespace === dns.namespace && same(dns.podLabels)) return 'cluster DNS';
  if (namespace === operators.cloudnativepg?.namespace) return 'CloudNativePG operator';
  return Object.keys(labels).length > 0 ? labelText(labels) : 'any pod';
}

/** What the configuration calls a network, for the label only. */
function networkName(env: EnvironmentConfig, cidr: string): string {
  const names = [
    ...(env.platform.kubernetesApi?.cidrs.includes(cidr) ? ['Kubernetes API'] : []),
    ...((env.platform.dns.addresses ?? []).includes(cidr) ? ['node-local DNS'] : []),
    ...(env.database.mode === 'external' && env.database.cidrs.includes(cidr) ? ['external database'] : []),
    ...env.network.egress.filter((r) => r.cidrs.includes(cidr)).map((r) => `egress ${r.name}`),
    ...(env.cloudIdentity?.apiCidrs.includes(cidr) ? [`${env.cloudIdentity.provider} API`] : []),
    ...(env.cloudIdentity?.provider === 'gcp' && GKE_METADATA_SERVER.some((s) => s.cidr === cidr)
      ? ['GKE metadata server']
      : []),
  ];
  return names.length > 0 ? names.join(', ') : 'network';
}

/** Every node of the environment's picture: chart pods first, then foreign pods, then networks. */
export function trafficNodes(env: EnvironmentConfig, manifests: readonly Manifest[]): TrafficNode[] {
  const local = new Map<string, TrafficNode>();
  for (const pod of chartPods(manifests)) {
    if (!local.has(pod.name)) local.set(pod.name, { id: nodeId(pod.name), label: pod.name, peer: pod, local: true });
  }
  const pods = [...local.values()].map((n) => n.peer as Pod);
  const foreign = new Map<string, TrafficNode>();
  const networks = new Map<string, TrafficNode>();
  const addPeer = (peer: Peer, policyNamespace: string) => {
    if (peer.ipBlock) {
      const key = `${peer.ipBlock.cidr} except ${(peer.ipBlock.except ?? []).join(',')}`;
      const ip = representativeAddress(peer.ipBlock);
      if (ip === undefined || networks.has(key)) return;
      const except = peer.ipBlock.except?.length ? ` except ${peer.ipBlock.except.join(', ')}` : '';
      networks.set(key, {
        id: nodeId(`net ${peer.ipBlock.cidr}${peer.ipBlock.except?.length ? ' except' : ''}`),
        label: `${networkName(env, peer.ipBlock.cidr)}: ${peer.ipBlock.cidr}${except}`,
        peer: { ip },
        local: false,
      });
      return;
    }
    // Only namespaces named by kubernetes.io/metadata.name can be drawn as one node; the
    // selectors of this project never select namespaces otherwise.
    const namespace = peer.namespaceSelector
      ? peer.namespaceSelector.matchLabels?.[NAMESPACE_NAME_LABEL]
      : policyNamespace;
    if (namespace === undefined || namespace === env.namespace) return;
    const labels = peer.podSelector?.matchLabels ?? {};
    const key = `${namespace}/${labelText(labels)}`;
    if (foreign.has(key)) return;
    foreign.set(key, {
      id: nodeId(`${namespace} ${foreignName(env, namespace, labels)}`),
      label: `${foreignName(env, namespace, labels)} (${namespace})`,
      peer: { name: key, namespace, labels },
      local: false,
    });
  };
  for (const { namespace, spec } of networkPolicies(manifests)) {
    // A policy selecting pods the chart does not run (cert-manager's solver) adds them as a node.
    const selected = spec.podSelector.matchLabels ?? {};
    if (
      Object.keys(selected).length > 0 &&
      !pods.some((p) => p.namespace === namespace && labelsMatch(selected, p.labels))
    ) {
      const name = selected[ACME_HTTP01_SOLVER_LABEL] === 'true' ? 'cert-manager HTTP-01 solver' : labelText(selected);
      if (!local.has(name)) {
        local.set(name, { id: nodeId(name), label: name, peer: { name, namespace, labels: selected }, local: true });
      }
    }
    for (const rule of spec.ingress ?? []) for (const peer of rule.from ?? []) addPeer(peer, namespace);
    for (const rule of spec.egress ?? []) for (const peer of rule.to ?? []) addPeer(peer, namespace);
  }
  const byId = (a: TrafficNode, b: TrafficNode) => compareText(a.id, b.id) || compareText(a.label, b.label);
  const nodes = [
    ...[...local.values()].sort(byId),
    ...[...foreign.values()].sort(byId),
    ...[...networks.values()].sort(byId),
  ];
  // Ids come from names; should two names reduce to the same id, the later node gets a suffix.
  const seen = new Map<string, number>();
  return nodes.map((n) => {
    const count = (seen.get(n.id) ?? 0) + 1;
    seen.set(n.id, count);
    return count === 1 ? n : { ...n, id: `${n.id}_${count}` };
  });
}

/**
 * Every port a rule names or a pod declares, by protocol. A port no rule names can only be
 * allowed by a rule without ports, which the probe port finds: so no other port needs asking.
 */
function candidatePorts(
  manifests: readonly Manifest[],
  nodes: readonly TrafficNode[],
): Record<(typeof PROTOCOLS)[number], number[]> {
  const ports = { TCP: new Set<number>(), UDP: new Set<number>() };
  const add = (protocol: string | undefined, port: number) => {
    if (protocol === undefined || protocol === 'TCP' || protocol === 'UDP') ports[protocol ?? 'TCP'].add(port);
  };
  for (const { spec } of networkPolicies(manifests)) {
    for (const rule of [...(spec.ingress ?? []), ...(spec.egress ?? [])]) {
      for (const p of rule.ports ?? []) {
        if (typeof p.port === 'number') add(p.protocol, p.port);
        if (p.endPort !== undefined) add(p.protocol, p.endPort);
      }
    }
  }
  for (const node of nodes) {
    for (const p of 'ip' in node.peer ? [] : (node.peer.ports ?? [])) add(p.protocol, p.containerPort);
  }
  const sorted = (set: Set<number>) => [...set].filter((p) => p !== ANY_PORT_PROBE).sort((x, y) => x - y);
  return { TCP: sorted(ports.TCP), UDP: sorted(ports.UDP) };
}

/**
 * The allowed flows of one environment: every pair of nodes with at least one end in the
 * namespace (what happens between other namespaces is not this chart's to say), every candidate
 * port over TCP and UDP, each asked of the evaluator.
 */
export function trafficGraph(env: EnvironmentConfig, manifests: readonly Manifest[]): TrafficGraph {
  const evaluator = new NetworkPolicyEvaluator(manifests);
  const nodes = trafficNodes(env, manifests);
  const ports = candidatePorts(manifests, nodes);
  const flows: TrafficFlow[] = [];
  for (const source of nodes) {
    if ('ip' in source.peer) continue; // An ipBlock is only ever a destination here.
    for (const target of nodes) {
      if (!source.local && !target.local) continue;
      const allowed: string[] = [];
      const passes = evaluator.connection(source.peer, target.peer);
      for (const protocol of PROTOCOLS) {
        if (!passes(undefined, protocol)) continue;
        if (passes(ANY_PORT_PROBE, protocol)) {
          allowed.push(protocol === 'TCP' ? 'any' : 'any/UDP');
          continue;
        }
        for (const port of ports[protocol]) {
          if (passes(port, protocol)) allowed.push(protocol === 'TCP' ? String(port) : `${port}/UDP`);
        }
      }
      if (allowed.length > 0) flows.push({ from: source.id, to: target.id, ports: allowed });
    }
  }
  return { nodes: nodes.filter((n) => flows.some((f) => f.from === n.id || f.to === n.id) || n.local), flows };
}

/** The graph as a Mermaid flowchart, left to right, nodes and edges in the graph's order. */
export function trafficDiagram(env: EnvironmentConfig, manifests: readonly Manifest[]): string {
  const { nodes, flows } = trafficGraph(env, manifests);
  const quote = (text: string) => `"${text.replace(/"/g, '#quot;')}"`;
  const lines = [
    'flowchart LR',
    ...nodes.map((n) => `  ${n.id}${n.local ? `[${quote(n.label)}]` : `([${quote(n.label)}])`}`),
    ...flows.map((f) => `  ${f.from} -->|${quote(f.ports.join(', '))}| ${f.to}`),
  ];
  return `\`\`\`mermaid\n${lines.join('\n')}\n\`\`\`\n`;
}
