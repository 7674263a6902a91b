import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { isStrictSubnet, parseCidr } from '../common/cidr';
import { componentMetadata, objectName, type StackContext } from '../common/stack-context';

/** Pods a NetworkPolicy must let the app reach, and on which port. */
export interface NetworkPeer {
  readonly podLabels: Record<string, string>;
  readonly port: number;
}

/** Pods of another namespace, by namespace name and pod labels. */
export interface ForeignPods {
  readonly namespace: string;
  readonly podLabels: Record<string, string>;
}

/** A server in the namespace and the components allowed to connect to it. */
export interface Connection {
  /** Names the policies: `<product>-<name>-ingress` and `<product>-<name>-clients-egress`. */
  readonly name: string;
  readonly server: NetworkPeer;
  readonly clients: readonly string[];
}

/** Traffic from components to addresses outside the cluster. */
export interface ExternalEgress {
  readonly name: string;
  readonly components: readonly string[];
  readonly cidrs: readonly string[];
  /** @default none */
  readonly except?: readonly string[];
  readonly ports: readonly number[];
}

/** A component the ingress controller may reach, on one port. */
export interface PublicComponent {
  readonly component: string;
  readonly port: number;
}

/** Cluster DNS: its pods, and addresses outside the pod network (NodeLocal DNSCache). */
export interface DnsServers extends ForeignPods {
  /** CIDRs such as `169.254.20.10/32`. @default none */
  readonly addresses?: readonly string[];
}

export interface AppNetworkPoliciesProps {
  readonly ctx: StackContext;
  readonly ingressController: ForeignPods;
  readonly dns: DnsServers;
  /**
   * Let the ingress controller reach cert-manager's HTTP-01 solver pods. @default false
   */
  readonly acmeHttp01Solver?: boolean;
  readonly publicComponents: readonly PublicComponent[];
  readonly connections: readonly Connection[];
  readonly externalEgress: readonly ExternalEgress[];
  /** Pod labels of components that are not the app's own (`database` for an operator's pods). */
  readonly componentPodLabels?: Readonly<Record<string, Record<string, string>>>;
  /**
   * Components the release runs: clients and egress components outside it are left out, and a
   * connection or egress rule left with none is not written (it would select no pod, and the API
   * server refuses an empty `In`). @default every component named runs
   */
  readonly running?: ReadonlySet<string>;
}

/** Label cert-manager puts on its HTTP-01 solver pods, and the port they serve. */
export const ACME_HTTP01_SOLVER_LABEL = 'acme.cert-manager.io/http01-solver';
export const ACME_HTTP01_SOLVER_PORT = 8089;
/** Name suffix of the policy that lets the ingress controller reach the solver pods. */
export const ACME_HTTP01_SOLVER_POLICY = 'cert-manager-solver-from-ingress';

/** The namespace label every Kubernetes since 1.21 sets to the namespace's name. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * Default deny in both directions for the whole namespace, then only the paths the app needs:
 * DNS for everyone, the ingress controller to the public components, each client to its server,
 * and the configured egress to the outside world.
 */
export class AppNetworkPolicies extends Construct {
  private readonly ctx: StackContext;
  private readonly componentPodLabels: Readonly<Record<string, Record<string, string>>>;

  public constructor(scope: Construct, id: string, props: AppNetworkPoliciesProps) {
    super(scope, id);
    const { ctx } = props;
    this.ctx = ctx;
    this.componentPodLabels = props.componentPodLabels ?? {};

    this.policy('default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    this.policy('allow-dns', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          // With NodeLocal DNSCache the pods query a link-local address on the node's network,
          // which no pod or namespace selector matches: it needs an ipBlock peer.
          to: [foreignPeer(props.dns), ...(props.dns.addresses ?? []).map((cidr) => ({ ipBlock: { cidr } }))],
          ports: [
            { protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) },
            { protocol: 'TCP', port: k8s.IntOrString.fromNumber(53) },
          ],
        },
      ],
    });
    for (const pub of props.publicComponents) {
      this.policy(`${pub.component}-from-ingress`, {
        podSelector: this.selector([pub.component]),
        policyTypes: ['Ingress'],
        ingress: [{ from: [foreignPeer(props.ingressController)], ports: [tcp(pub.port)] }],
      });
    }
    if (props.acmeHttp01Solver) {
      // cert-manager (v1.21.1 pkg/issuer/acme/http/pod.go) creates the solver pod in the
      // Challenge's namespace (the Ingress's), labelled acme.cert-manager.io/http01-solver=true
      // (pkg/apis/acme/v1/types.go), listening on 8089 (pkg/issuer/acme/http/http.go); the ACME
      // server's request and cert-manager's self-check reach it through the ingress controller.
      this.policy(ACME_HTTP01_SOLVER_POLICY, {
        podSelector: { matchLabels: { [ACME_HTTP01_SOLVER_LABEL]: 'true' } },
        policyTypes: ['Ingress'],
        ingress: [{ from: [foreignPeer(props.ingressController)], ports: [tcp(ACME_HTTP01_SOLVER_PORT)] }],
      });
    }
    const runs = (components: readonly string[]) => components.filter((c) => props.running?.has(c) ?? true);
    for (const connection of props.connections) {
      if (runs(connection.clients).length === 0) continue;
      const clients = this.selector(runs(connection.clients));
      const server = { matchLabels: connection.server.podLabels };
      this.policy(`${connection.name}-ingress`, {
        podSelector: server,
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ podSelector: clients }], ports: [tcp(connection.server.port)] }],
      });
      this.policy(`${connection.name}-clients-egress`, {
        podSelector: clients,
        policyTypes: ['Egress'],
        egress: [{ to: [{ podSelector: server }], ports: [tcp(connection.server.port)] }],
      });
    }
    for (const egress of props.externalEgress) {
      if (runs(egress.components).length === 0) continue;
      this.policy(`egress-${egress.name}`, {
        podSelector: this.selector(runs(egress.components)),
        policyTypes: ['Egress'],
        egress: [
          {
            to: egress.cidrs.map((cidr) => ({ ipBlock: ipBlock(cidr, egress.except ?? []) })),
            ports: egress.ports.map(tcp),
          },
        ],
      });
    }
  }

  /** Pods of the given components of this release. */
  private selector(components: readonly string[]): k8s.LabelSelector {
    const foreign = components.filter((c) => this.componentPodLabels[c] !== undefined);
    if (foreign.length > 0) {
      if (components.length > 1) throw new Error(`components ${components.join(', ')}: select "${foreign[0]}" alone`);
      return { matchLabels: this.componentPodLabels[foreign[0]] };
    }
    return {
      matchLabels: { 'app.kubernetes.io/instance': this.ctx.release },
      matchExpressions: [{ key: 'app.kubernetes.io/component', operator: 'In', values: [...components].sort() }],
    };
  }

  private policy(name: string, spec: k8s.NetworkPolicySpec): void {
    networkPolicy(this, this.ctx, name, spec);
  }
}

/** A NetworkPolicy named `<product>-<name>`, filed with the namespace's other policies. */
export function networkPolicy(scope: Construct, ctx: StackContext, name: string, spec: k8s.NetworkPolicySpec): void {
  new k8s.KubeNetworkPolicy(scope, name, {
    metadata: componentMetadata(ctx, { component: 'network', software: 'networkpolicy' }, objectName(ctx, name)),
    spec,
  });
}

export function foreignPeer(pods: ForeignPods): k8s.NetworkPolicyPeer {
  return {
    namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: pods.namespace } },
    podSelector: { matchLabels: pods.podLabels },
  };
}

export function tcp(port: number): k8s.NetworkPolicyPort {
  return { protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) };
}

/** An ipBlock with only the exceptions inside its network: the API server refuses any other. */
function ipBlock(cidr: string, except: readonly string[]): k8s.IpBlock {
  const outer = parseCidr(cidr);
  const inside = except.filter((e) => {
    const inner = parseCidr(e);
    return outer !== undefined && inner !== undefined && isStrictSubnet(inner, outer);
  });
  return { cidr, except: inside.length > 0 ? inside : undefined };
}
