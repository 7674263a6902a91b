import { Testing } from 'cdk8s';
import type { Manifest } from '../../lib/common/manifest';
import { AppNetworkPolicies, type AppNetworkPoliciesProps } from '../../lib/platform/network-policies';
import { ctx } from './fixtures';

const foreign = { namespace: 'kube-system', podLabels: { app: 'x' } };

/** The policies' names and the components each selects, of the policies the construct writes. */
function policies(props: Partial<AppNetworkPoliciesProps>): Record<string, unknown> {
  const chart = Testing.chart();
  new AppNetworkPolicies(chart, 'NetworkPolicies', {
    ctx,
    ingressController: foreign,
    dns: foreign,
    publicComponents: [],
    connections: [
      { name: 'redis', server: { podLabels: { app: 'redis' }, port: 6379 }, clients: ['web', 'worker', 'flower'] },
      { name: 'mail', server: { podLabels: { app: 'mail' }, port: 1025 }, clients: ['flower'] },
    ],
    externalEgress: [
      { name: 'api', components: ['web', 'beat'], cidrs: ['0.0.0.0/0'], ports: [443] },
      { name: 'flower-only', components: ['flower'], cidrs: ['0.0.0.0/0'], ports: [443] },
    ],
    ...props,
  });
  const selected = (m: Manifest) =>
    (m as Manifest & { spec: { podSelector: { matchExpressions?: { values: string[] }[] } } }).spec.podSelector
      .matchExpressions?.[0]?.values;
  return Object.fromEntries(
    (Testing.synth(chart) as Manifest[]).map((m) => [m.metadata.name.replace('shop-', ''), selected(m)]),
  );
}

describe('AppNetworkPolicies: components the release runs', () => {
  test('without `running`, every component named is selected', () => {
    const all = policies({});
    expect(all['redis-clients-egress']).toEqual(['flower', 'web', 'worker']);
    expect(all['mail-clients-egress']).toEqual(['flower']);
    expect(all['egress-api']).toEqual(['beat', 'web']);
    expect(all['egress-flower-only']).toEqual(['flower']);
  });

  test('components outside `running` are left out, and a rule or connection left with none is not written', () => {
    const some = policies({ running: new Set(['web', 'worker']) });
    expect(some['redis-clients-egress']).toEqual(['web', 'worker']);
    expect(some['egress-api']).toEqual(['web']);
    expect(Object.keys(some).sort()).toEqual(
      ['allow-dns', 'default-deny', 'egress-api', 'redis-clients-egress', 'redis-ingress'].sort(),
    );
  });
});
