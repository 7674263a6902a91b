/**
 * Networking: Service types, Ingresses, NetworkPolicies (they select pods; every pod is
 * isolated with DNS allowed) and container ports.
 */
import { containerRule, objectRule, podRule, type PolicyRule } from '../policy-rule';
import { labelsOfPods, spec } from './helpers';
import { find, selectorMatches, type LabelSelector } from '../../common/workloads';

/** A `from`/`to` entry of a NetworkPolicy rule, as far as the rules read it. */
interface NetworkPolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
}

export const NETWORKING_RULES: readonly PolicyRule[] = [
  objectRule(
    'SVC-TYPE',
    'Services are ClusterIP',
    'kube-score',
    (o) => {
      const type = spec<{ type?: string }>(o).type ?? 'ClusterIP';
      return type === 'ClusterIP' ? undefined : `type ${type}`;
    },
    { kinds: ['Service'] },
  ),
  objectRule(
    'ING-BACKEND',
    'Ingress backends exist',
    'kube-score',
    (o, ctx) => {
      const rules = spec<{
        rules: Array<{
          http: { paths: Array<{ backend: { service: { name: string; port: { name?: string; number?: number } } } }> };
        }>;
      }>(o).rules;
      return rules.flatMap((r) =>
        r.http.paths.map(({ backend }) => {
          const svc = find(ctx.objects, 'Service', backend.service.name)[0];
          const ports = svc ? spec<{ ports: Array<{ name: string; port: number }> }>(svc).ports : [];
          const found = ports.some(
            (p) => p.name === backend.service.port.name || p.port === backend.service.port.number,
          );
          return found ? undefined : `backend ${backend.service.name} does not exist`;
        }),
      );
    },
    { kinds: ['Ingress'] },
  ),
  objectRule(
    'ING-TLS',
    'Ingress has TLS',
    'Polaris',
    (o) => ((spec<{ tls?: unknown[] }>(o).tls ?? []).length > 0 ? undefined : 'no TLS'),
    {
      kinds: ['Ingress'],
    },
  ),
  objectRule('ING-NO-SNIPPETS', 'no ingress-nginx snippet annotations', 'Checkov CKV_K8S_152-154', (o) =>
    Object.keys(o.metadata.annotations ?? {}).map((k) => (/snippet/i.test(k) ? `annotation ${k}` : undefined)),
  ),
  objectRule(
    'NP-SELECTS',
    'NetworkPolicies select pods',
    'kube-score',
    (o, ctx) => {
      const selector = spec<{ podSelector: LabelSelector }>(o).podSelector;
      if (!selector.matchLabels && !selector.matchExpressions) return undefined; // all pods
      const match = labelsOfPods(ctx.objects).some((labels) => selectorMatches(selector, labels));
      return match ? undefined : 'selects no pod';
    },
    { kinds: ['NetworkPolicy'] },
  ),
  objectRule(
    'NP-PEER-SELECTS',
    'NetworkPolicy peers in the namespace select pods',
    'kube-linter dangling-networkpolicypeer-podselector',
    (o, ctx) => {
      const s = spec<{ ingress?: Array<{ from?: NetworkPolicyPeer[] }>; egress?: Array<{ to?: NetworkPolicyPeer[] }> }>(
        o,
      );
      const peers = [...(s.ingress ?? []).flatMap((r) => r.from ?? []), ...(s.egress ?? []).flatMap((r) => r.to ?? [])];
      // A peer without namespaceSelector means pods of this namespace (NetworkPolicyPeer API docs);
      // one that selects none opens a path for pods that do not exist, or misses the ones meant.
      return peers
        .filter(
          (p) => p.podSelector && !p.namespaceSelector && (p.podSelector.matchLabels || p.podSelector.matchExpressions),
        )
        .map((p) =>
          labelsOfPods(ctx.objects).some((labels) => selectorMatches(p.podSelector, labels))
            ? undefined
            : `peer ${JSON.stringify(p.podSelector)} selects no pod`,
        );
    },
    { kinds: ['NetworkPolicy'] },
  ),
  // Judged for every pod template: the charts hold no Namespace object to hang it on.
  podRule(
    'NETPOL-COVERAGE',
    'every pod isolated by a NetworkPolicy in both directions, with DNS allowed',
    'kube-score, Polaris, Checkov CKV2_K8S_6',
    (_pod, _object, ctx) => {
      const policies = find(ctx.objects, 'NetworkPolicy').map((p) =>
        spec<{ podSelector: Record<string, unknown>; policyTypes?: string[]; egress?: unknown[] }>(p),
      );
      const denyAll = policies.some(
        (p) =>
          Object.keys(p.podSelector).length === 0 &&
          (p.policyTypes ?? []).includes('Ingress') &&
          (p.policyTypes ?? []).includes('Egress'),
      );
      const dns = policies.some(
        (p) => Object.keys(p.podSelector).length === 0 && JSON.stringify(p.egress ?? []).includes('"port":53'),
      );
      return [
        denyAll ? undefined : 'no default-deny policy for ingress and egress',
        dns ? undefined : 'no DNS egress for every pod',
      ];
    },
  ),
  containerRule('PORTS', 'no SSH port', 'kube-linter', (c) =>
    (c.ports ?? []).map((p) => (p.containerPort === 22 ? 'exposes port 22' : undefined)),
  ),
  // Non-root processes without NET_BIND_SERVICE cannot bind below 1024: such a port means a
  // container that crashes at start, or one that needs privileges it must not have.
  containerRule('NO-PRIV-PORTS', 'no container port below 1024', 'kube-linter privileged-ports, Trivy KSV-0117', (c) =>
    (c.ports ?? []).map((p) => (p.containerPort < 1024 ? `port ${p.containerPort} is privileged` : undefined)),
  ),
];
