/**
 * Where a rule is knowingly not met, per object and rule, with the reason next to it. Every
 * entry must match a finding (a test fails on a stale exception), and the count is reported.
 */
export interface PolicyException {
  readonly rule: string;
  readonly kind: string;
  /** Object name; the same in every environment. */
  readonly name: string;
  readonly reason: string;
}

export const EXCEPTIONS: readonly PolicyException[] = [
  {
    rule: 'NP-SELECTS',
    kind: 'NetworkPolicy',
    name: 'acme-cert-manager-solver-from-ingress',
    reason: "selects cert-manager's HTTP-01 solver pods, which cert-manager creates during a challenge, not the chart",
  },
  {
    rule: 'HIGH-UID',
    kind: 'StatefulSet',
    name: 'acme-postgres',
    reason: 'the official postgres image owns its files as uid/gid 999; another uid cannot initdb or read the data',
  },
  {
    rule: 'HIGH-UID',
    kind: 'CronJob',
    name: 'acme-database-backup',
    reason: 'pg_dump from the official postgres image (uid 999) writes to the backup store volume, owned as 999',
  },
  {
    rule: 'HIGH-UID',
    kind: 'StatefulSet',
    name: 'acme-backup-store',
    reason: 'holds the dumps for the pg_dump job, from the same official postgres image (uid 999)',
  },
  {
    rule: 'HIGH-UID',
    kind: 'StatefulSet',
    name: 'acme-redis',
    reason: 'the official redis image owns /data as uid/gid 999',
  },
  {
    rule: 'HIGH-UID',
    kind: 'Deployment',
    name: 'acme-docs',
    reason: 'nginxinc/nginx-unprivileged, the docs image base, runs as uid/gid 101 and owns its paths as such',
  },
  {
    rule: 'REPLICAS',
    kind: 'Deployment',
    name: 'acme-flower',
    reason: 'Flower keeps the events it shows in memory: a second replica behind the Service would show half of them',
  },
];
