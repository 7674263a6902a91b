/**
 * A public host on two clusters (issue 16, item 13). Ingresses on different clusters do not
 * collide in Kubernetes, but DNS sends a host to one place: a second environment claiming it is
 * a mistake (staging taking production's host), except during a cluster migration, when both
 * environment files say so under `sharedHosts`, naming each other. Refusals name both claims
 * with file:line. (Two claims on one cluster are refused outright by fleet-checks.ts.)
 */
import type { ConfigProblem } from './config-error';
import { publishedIngressClaims, type EnvironmentFile } from './environment-schema';
import type { EnvironmentEntry } from './fleet-checks';
import { fieldAt, fieldProblem } from './yaml-file';

type Path = ReadonlyArray<string | number>;

interface HostClaim {
  readonly entry: EnvironmentEntry;
  readonly field: Path;
}

/** The hosts of an environment's published Ingresses, each with the first field that claims it. */
function publishedHosts(env: EnvironmentFile): Map<string, Path> {
  const hosts = new Map<string, Path>();
  for (const claim of publishedIngressClaims(env)) {
    if (!hosts.has(claim.host)) hosts.set(claim.host, claim.field);
  }
  return hosts;
}

/** Whether `entry` lists `host` as shared with `other`. */
const names = (entry: EnvironmentEntry, other: EnvironmentEntry, host: string): boolean =>
  entry.env.sharedHosts.some((s) => s.host === host && s.environment === other.env.name);

/** Every problem of hosts claimed on two clusters and of `sharedHosts` entries, in file order. */
export function sharedHostProblems(entries: readonly EnvironmentEntry[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const problem = (entry: EnvironmentEntry, field: Path, message: string): void => {
    problems.push(fieldProblem(entry.parsed, field, message));
  };
  const claims = new Map<string, HostClaim[]>();
  for (const entry of entries) {
    for (const [host, field] of publishedHosts(entry.env)) {
      const earlier = claims.get(host) ?? [];
      for (const first of earlier.filter((c) => c.entry.env.cluster !== entry.env.cluster)) {
        if (names(entry, first.entry, host) && names(first.entry, entry, host)) continue;
        const [a, b] = [first.entry.env.name, entry.env.name];
        const missing = [
          names(first.entry, entry, host) ? undefined : `${a} does not name ${b}`,
          names(entry, first.entry, host) ? undefined : `${b} does not name ${a}`,
        ]
          .filter(Boolean)
          .join(' and ');
        problem(
          entry,
          field,
          `host "${host}" is also served by ${fieldAt(first.entry.parsed, first.field)} on cluster ${first.entry.env.cluster}: two environments may serve one public host only during a cluster migration, when both files list it under sharedHosts naming each other (${missing})`,
        );
      }
      claims.set(host, [...earlier, { entry, field }]);
    }
  }

  const byName = new Map(entries.map((e) => [e.env.name, e]));
  for (const entry of entries) {
    entry.env.sharedHosts.forEach((shared, i) => {
      const other = byName.get(shared.environment);
      if (!other) {
        if (shared.environment !== entry.env.name)
          problem(
            entry,
            ['sharedHosts', i, 'environment'],
            `"${shared.environment}" is not an environment (no such file in config/environments/)`,
          );
      } else if (other.env.cluster === entry.env.cluster) {
        problem(
          entry,
          ['sharedHosts', i, 'environment'],
          `${shared.environment} runs on the same cluster (${entry.env.cluster}): ingress-nginx merges the Ingresses of one host, so two environments there never share one`,
        );
      } else if (!publishedHosts(other.env).has(shared.host)) {
        problem(
          entry,
          ['sharedHosts', i, 'host'],
          `${shared.environment} (${other.parsed.file}) does not serve "${shared.host}": remove the entry once the migration is over`,
        );
      }
    });
  }
  return problems;
}
