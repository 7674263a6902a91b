/**
 * NetworkPolicy semantics as the Kubernetes API defines them: a pod is isolated in a direction
 * once any policy of its namespace selects it for that direction; then only traffic some rule
 * allows may pass, and a connection needs both the source's egress and the target's ingress.
 * Source: kubernetes/api networking/v1/types.go (NetworkPolicySpec: rules of all selecting
 * policies combine additively, policyTypes defaults to Ingress plus Egress when there are egress
 * rules; a rule without ports or peers matches all; a peer's podSelector alone means the
 * policy's namespace, namespaceSelector alone every pod of those namespaces; an IPBlock's except
 * is carved out of its cidr, IPv4 or IPv6). Traffic from a pod's own node (kubelet probes) is
 * always allowed there and is not modelled.
 */
import { parseCidr } from '../common/cidr';
import type { Manifest } from '../common/manifest';
import { selectorMatches, type LabelSelector } from '../common/workloads';

/** A `from`/`to` entry of a rule (networking.k8s.io/v1 NetworkPolicyPeer). */
export interface Peer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}
export interface PolicyPort {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}
export interface Rule {
  from?: Peer[];
  to?: Peer[];
  ports?: PolicyPort[];
}
/** The spec of a NetworkPolicy, as far as the evaluator reads it. */
export interface PolicySpec {
  podSelector: LabelSelector;
  policyTypes?: Array<'Ingress' | 'Egress'>;
  ingress?: Rule[];
  egress?: Rule[];
}

/** A pod as the evaluator sees it. */
export interface Pod {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly ports?: ReadonlyArray<{ name?: string; containerPort: number; protocol?: string }>;
}

/** An address outside the cluster. */
export interface External {
  readonly ip: string;
}

/**
 * Whether `ip` lies in `cidr`, for IPv4 and IPv6 alike; an address never matches a network of
 * the other family (an IPv4 ipBlock does not match an IPv6 peer, as in the API's semantics).
 */
export function cidrContains(cidr: string, ip: string): boolean {
  const key = `${cidr} ${ip}`;
  let contained = containment.get(key);
  if (contained === undefined) {
    contained = computeContains(cidr, ip);
    containment.set(key, contained);
  }
  return contained;
}

/** Answers of cidrContains: parsing to bigints is slow next to the few pairs a chart has. */
const containment = new Map<string, boolean>();

function computeContains(cidr: string, ip: string): boolean {
  const network = parseCidr(cidr);
  const host = parseCidr(`${ip}/${ip.includes(':') ? 128 : 32}`);
  if (!network || !host) throw new Error(`not a CIDR and an address: ${cidr}, ${ip}`);
  if (network.family !== host.family) return false;
  const shift = BigInt((network.family === 4 ? 32 : 128) - network.prefix);
  return network.address >> shift === host.address >> shift;
}

/** The NetworkPolicies among `manifests`, with their namespace. */
export function networkPolicies(manifests: readonly Manifest[]): Array<{ namespace: string; spec: PolicySpec }> {
  return manifests
    .filter((m) => m.kind === 'NetworkPolicy')
    .map((m) => ({ namespace: m.metadata.namespace ?? 'default', spec: m.spec as PolicySpec }));
}

/**
 * Evaluates the NetworkPolicies of a set of manifests; used by the tests and by the traffic
 * diagrams of docs/environments.md, so what the docs show is what the tests prove.
 */
export class NetworkPolicyEvaluator {
  private readonly policies: Array<{ namespace: string; spec: PolicySpec }>;
  private readonly namespaceLabels: (namespace: string) => Record<string, string>;
  private readonly selected = new WeakMap<Pod, Record<'Ingress' | 'Egress', PolicySpec[]>>();
  /** Answers of peerMatches by peer and target: the diagrams ask each pair of nodes about every rule. */
  private readonly peerMatchCache = new Map<Peer, Map<Pod | External, boolean>>();

  public constructor(
    manifests: readonly Manifest[],
    namespaceLabels: (namespace: string) => Record<string, string> = (n) => ({
      'kubernetes.io/metadata.name': n,
    }),
  ) {
    const labels = new Map<string, Record<string, string>>();
    this.namespaceLabels = (n) => {
      let found = labels.get(n);
      if (!found) labels.set(n, (found = namespaceLabels(n)));
      return found;
    };
    this.policies = networkPolicies(manifests);
  }

  /** Whether a TCP/UDP connection from `from` to `to` on `port` is allowed in both directions. */
  public allows(from: Pod, to: Pod | External, port: number, protocol = 'TCP'): boolean {
    return this.connection(from, to)(port, protocol);
  }

  /**
   * Whether some port over `protocol` could pass from `from` to `to`, each direction asked for
   * any port (not necessarily the same one): false means `allows` is false on every port, so a
   * caller can skip the pair before asking port by port.
   */
  public allowsSomePort(from: Pod, to: Pod | External, protocol = 'TCP'): boolean {
    return this.connection(from, to)(undefined, protocol);
  }

  /**
   * The ports test of one pair: which rules admit the pair depends on peers only, so they are
   * matched once here, and the returned test (`port` undefined: any port) checks ports alone.
   * The traffic diagrams ask every pair about every candidate port; matching peers per port was
   * most of their time.
   */
  public connection(from: Pod, to: Pod | External): (port: number | undefined, protocol: string) => boolean {
    const target = 'ip' in to ? undefined : to;
    // Isolated with no rule admitting the other side: no port passes (most pairs of a chart).
    const egress = this.admitting(this.selecting(from, 'Egress'), 'egress', from.namespace, to);
    if (egress?.length === 0) return () => false;
    // Traffic to an ipBlock leaves the cluster: no ingress policy of ours applies to it.
    const ingress = target && this.admitting(this.selecting(target, 'Ingress'), 'ingress', target.namespace, from);
    if (ingress?.length === 0) return () => false;
    // Each direction's rules reduced, per protocol, to the ports they let through, so that a
    // port is then a set lookup: the diagrams ask every pair about every candidate port.
    const compiled = new Map<string, [PortsAllowed, PortsAllowed]>();
    return (port, protocol) => {
      let both = compiled.get(protocol);
      if (!both)
        compiled.set(protocol, (both = [allowed(egress, protocol, target), allowed(ingress, protocol, target)]));
      return admits(both[0], port) && admits(both[1], port);
    };
  }

  /**
   * The rules of `policies` in `direction` whose peers include `peer`; undefined when no policy
   * selects the pod in that direction, which leaves it open.
   */
  private admitting(
    policies: readonly PolicySpec[],
    direction: 'ingress' | 'egress',
    namespace: string,
    peer: Pod | External,
  ): Rule[] | undefined {
    if (policies.length === 0) return undefined;
    const rules: Rule[] = [];
    for (const spec of policies) {
      for (const rule of spec[direction] ?? []) {
        const peers = direction === 'ingress' ? rule.from : rule.to;
        if (peers === undefined || peers.length === 0 || peers.some((p) => this.peerMatches(p, namespace, peer)))
          rules.push(rule);
      }
    }
    return rules;
  }

  /** Whether some policy isolates the pod in the direction (NETPOL-COVERAGE). */
  public isolates(pod: Pod, direction: 'Ingress' | 'Egress'): boolean {
    return this.selecting(pod, direction).length > 0;
  }

  private selecting(pod: Pod, direction: 'Ingress' | 'Egress'): PolicySpec[] {
    // Memoized per pod object: the traffic diagram asks about the same pods thousands of times.
    let cached = this.selected.get(pod);
    if (!cached) {
      const specs = this.policies
        .filter((p) => p.namespace === pod.namespace && selectorMatches(p.spec.podSelector, pod.labels))
        .map((p) => p.spec);
      cached = {
        Ingress: specs.filter((spec) => types(spec).includes('Ingress')),
        Egress: specs.filter((spec) => types(spec).includes('Egress')),
      };
      this.selected.set(pod, cached);
    }
    return cached[direction];
  }

  private peerMatches(peer: Peer, policyNamespace: string, target: Pod | External): boolean {
    // A peer belongs to one policy, so its namespace is fixed: peer and target make the key.
    let answers = this.peerMatchCache.get(peer);
    if (!answers) this.peerMatchCache.set(peer, (answers = new Map()));
    let answer = answers.get(target);
    if (answer === undefined) answers.set(target, (answer = this.computePeerMatches(peer, policyNamespace, target)));
    return answer;
  }

  private computePeerMatches(peer: Peer, policyNamespace: string, target: Pod | External): boolean {
    if (peer.ipBlock) {
      if (!('ip' in target)) return false; // Pods here have no fixed addresses: ipBlocks are for the outside.
      return (
        cidrContains(peer.ipBlock.cidr, target.ip) &&
        !(peer.ipBlock.except ?? []).some((c) => cidrContains(c, target.ip))
      );
    }
    if ('ip' in target) return false;
    const namespaceOk = peer.namespaceSelector
      ? selectorMatches(peer.namespaceSelector, this.namespaceLabels(target.namespace))
      : target.namespace === policyNamespace;
    return namespaceOk && selectorMatches(peer.podSelector, target.labels);
  }
}

function types(spec: PolicySpec): string[] {
  if (spec.policyTypes && spec.policyTypes.length > 0) return spec.policyTypes;
  return spec.egress && spec.egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

/** What one direction's rules let through over one protocol. */
interface PortsAllowed {
  /** Some port passes (a rule without ports, or naming a port of this protocol). */
  readonly some: boolean;
  /** Every port passes (no policy isolates the direction, or a rule without ports). */
  readonly every: boolean;
  readonly ports: ReadonlySet<number>;
  readonly ranges: ReadonlyArray<readonly [number, number]>;
}

const OPEN: PortsAllowed = { some: true, every: true, ports: new Set(), ranges: [] };

/**
 * The ports `rules` let through over `protocol` (undefined rules: the direction is open): the
 * union of what each rule's ports match, for every port at once. A named port is the target
 * container's port of that name and protocol (the first, as the API server resolves it).
 */
function allowed(rules: readonly Rule[] | undefined, protocol: string, target: Pod | undefined): PortsAllowed {
  if (rules === undefined) return OPEN;
  let some = false;
  let every = false;
  const ports = new Set<number>();
  const ranges: Array<readonly [number, number]> = [];
  for (const rule of rules) {
    if (!rule.ports || rule.ports.length === 0) return OPEN;
    for (const p of rule.ports) {
      if ((p.protocol ?? 'TCP') !== protocol) continue;
      some = true;
      if (p.port === undefined) every = true;
      else if (typeof p.port === 'string') {
        const named = target?.ports?.find((cp) => cp.name === p.port && (cp.protocol ?? 'TCP') === protocol);
        if (named) ports.add(named.containerPort);
      } else if (p.endPort !== undefined) ranges.push([p.port, p.endPort]);
      else ports.add(p.port);
    }
  }
  return { some, every, ports, ranges };
}

/** Whether `port` passes (undefined: whether some port does). */
function admits(allowedPorts: PortsAllowed, port: number | undefined): boolean {
  if (port === undefined) return allowedPorts.some;
  return (
    allowedPorts.every ||
    allowedPorts.ports.has(port) ||
    allowedPorts.ranges.some(([low, high]) => port >= low && port <= high)
  );
}
