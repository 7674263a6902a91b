/**
 * Where a rule is knowingly not met, per object and rule, with the reason next to it. Every
 * entry must match a finding (a test fails on a stale exception), and the count is reported.
 * Objects are named by the suffix the constructs give them (`objectName(ctx, component)`), so
 * the list holds for any product name.
 */
import { productObjectName } from '../common/stack-context';
import { ACME_HTTP01_SOLVER_POLICY } from '../platform/network-policies';

export interface PolicyException {
  readonly rule: string;
  readonly kind: string;
  /** Object name (`<product>-<suffix>`); the same in every environment. */
  readonly name: string;
  readonly reason: string;
}

/** An exception before the product is known: the object by its name suffix. */
interface ExceptionEntry extends Omit<PolicyException, 'name'> {
  /** The component (or, for NetworkPolicies, the policy) that names the object. */
  readonly suffix: string;
}

/** The exceptions, with the objects named as the product's charts name them. */
export function policyExceptions(product: string): PolicyException[] {
  return ENTRIES.map(({ suffix, ...entry }) => ({ ...entry, name: productObjectName(product, suffix) }));
}

const ENTRIES: readonly ExceptionEntry[] = [
  {
    rule: 'NP-SELECTS',
    kind: 'NetworkPolicy',
    suffix: ACME_HTTP01_SOLVER_POLICY,
    reason: "selects cert-manager's HTTP-01 solver pods, which cert-manager creates during a challenge, not the chart",
  },
  {
    rule: 'HIGH-UID',
    kind: 'StatefulSet',
    // lib/backing/postgres-statefulset.ts names its StatefulSet after the software, not the component.
    suffix: 'postgres',
    reason: 'the official postgres image owns its files as uid/gid 999; another uid cannot initdb or read the data',
  },
  {
    rule: 'HIGH-UID',
    kind: 'CronJob',
    suffix: 'database-backup',
    reason: 'pg_dump from the official postgres image (uid 999) writes to the backup store volume, owned as 999',
  },
  {
    rule: 'HIGH-UID',
    kind: 'StatefulSet',
    suffix: 'backup-store',
    reason: 'holds the dumps for the pg_dump job, from the same official postgres image (uid 999)',
  },
  {
    rule: 'HIGH-UID',
    kind: 'StatefulSet',
    suffix: 'redis',
    reason: 'the official redis image owns /data as uid/gid 999',
  },
  {
    rule: 'HIGH-UID',
    kind: 'Deployment',
    suffix: 'docs',
    reason: 'nginxinc/nginx-unprivileged, the docs image base, runs as uid/gid 101 and owns its paths as such',
  },
  {
    rule: 'REPLICAS',
    kind: 'Deployment',
    suffix: 'flower',
    reason: 'Flower keeps the events it shows in memory: a second replica behind the Service would show half of them',
  },
];
