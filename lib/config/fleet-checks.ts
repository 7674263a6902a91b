/**
 * Rules that span files: each environment against its cluster (the cluster exists and runs what
 * the environment needs) and the environments of one cluster against each other (namespaces and
 * ingress hosts are the cluster's, so two environments there must not share one; on two
 * clusters they may). Each problem points at the environment file's line.
 */
import { CLUSTERS_DIR, type ClusterConfig } from './cluster-schema';
import type { ConfigProblem } from './config-error';
import { publishedIngressClaims, type EnvironmentFile } from './environment-schema';
import { resourceBoundProblems } from './resource-bounds';
import { fieldAt, fieldProblem, type ParsedFile } from './yaml-file';

/** An environment file as read and validated, for the rules between files. */
export interface EnvironmentEntry {
  readonly parsed: ParsedFile;
  readonly env: EnvironmentFile;
}

type Path = ReadonlyArray<string | number>;

/**
 * What one cluster holds once, with where the environment file claims it. An Ingress host:
 * ingress-nginx merges the Ingresses of a host across namespaces, so a staging Ingress naming
 * production's host would take some of its traffic. A NodePort: one per cluster, the API server
 * refuses the second Service ("provided port is already allocated").
 */
function clusterClaims(env: EnvironmentFile): Array<{ what: string; kind: string; field: Path }> {
  const claims = publishedIngressClaims(env).map((c) => ({
    what: `host "${c.host}"`,
    kind: 'an Ingress host',
    field: c.field,
  }));
  if (env.web.service.nodePort !== undefined) {
    claims.push({
      what: `nodePort ${env.web.service.nodePort}`,
      kind: 'a NodePort',
      field: ['web', 'service', 'nodePort'],
    });
  }
  return claims;
}

/** The StorageClasses an environment names, with where. */
function storageClasses(env: EnvironmentFile): Array<[Path, string]> {
  const named: Array<[Path, string | undefined]> = [
    [['redis', 'persistence', 'storageClassName'], env.redis.persistence.storageClassName],
  ];
  const db = env.database;
  if (db.mode !== 'external') named.push([['database', 'storage', 'storageClassName'], db.storage.storageClassName]);
  if (db.mode === 'statefulset' && db.backup) {
    named.push([['database', 'backup', 'storage', 'storageClassName'], db.backup.storage.storageClassName]);
  }
  return named.filter((entry): entry is [Path, string] => entry[1] !== undefined);
}

/** The ClusterIssuers an environment's Ingresses name, with where. */
function clusterIssuers(env: EnvironmentFile): Array<[Path, string]> {
  const named: Array<[Path, string | undefined]> = [
    [['web', 'ingress', 'clusterIssuer'], env.web.ingress?.clusterIssuer],
    [['flower', 'ingress', 'clusterIssuer'], env.flower.enabled ? env.flower.ingress?.clusterIssuer : undefined],
    [['docs', 'ingress', 'clusterIssuer'], env.docs.enabled ? env.docs.ingress?.clusterIssuer : undefined],
  ];
  return named.filter((entry): entry is [Path, string] => entry[1] !== undefined);
}

/** The namespaces the cluster file names for its platform, with what runs there. */
function platformNamespaces(cluster: ClusterConfig): Array<[string, string]> {
  const named: Array<[string, string | undefined]> = [
    ['the ingress controller', cluster.ingress.controller.namespace],
    ['cluster DNS', cluster.dns.namespace],
    ['the CloudNativePG operator', cluster.operators.cloudnativepg?.namespace],
  ];
  return named.filter((entry): entry is [string, string] => entry[1] !== undefined);
}

/** What the environment needs from its cluster's platform that the cluster file does not offer. */
function missingPlatform(env: EnvironmentFile, cluster: ClusterConfig): Array<[Path, string]> {
  const where = `${CLUSTERS_DIR}/${cluster.name}.yaml`;
  const missing: Array<[Path, string]> = [];
  if (env.secrets.mode === 'external-secrets') {
    const stores = cluster.operators.externalSecrets?.clusterSecretStores;
    if (!stores) {
      missing.push([
        ['secrets', 'mode'],
        `needs the External Secrets operator, which ${where} does not list under operators`,
      ]);
    } else if (!stores.includes(env.secrets.storeName)) {
      missing.push([
        ['secrets', 'storeName'],
        `"${env.secrets.storeName}" is not a ClusterSecretStore of ${where} (${stores.join(', ')})`,
      ]);
    }
  }
  const db = env.database;
  if (db.mode === 'cloudnativepg') {
    const operator = cluster.operators.cloudnativepg;
    if (!operator) {
      missing.push([
        ['database', 'mode'],
        `needs the CloudNativePG operator, which ${where} does not list under operators`,
      ]);
    } else if (db.backup && !operator.barmanCloudPlugin) {
      missing.push([
        ['database', 'backup'],
        `needs the Barman Cloud plugin, which ${where} does not have (operators.cloudnativepg.barmanCloudPlugin)`,
      ]);
    }
    if (!cluster.kubernetesApi) {
      missing.push([
        ['database', 'mode'],
        `needs the API server's networks for the NetworkPolicies: set kubernetesApi in ${where}`,
      ]);
    }
  }
  for (const [path, issuer] of clusterIssuers(env)) {
    if (!cluster.clusterIssuers.includes(issuer)) {
      missing.push([
        path,
        `"${issuer}" is not a ClusterIssuer of ${where} (${cluster.clusterIssuers.join(', ') || 'none listed'})`,
      ]);
    }
  }
  missing.push(...resourceBoundProblems(env, cluster, where));
  for (const [path, name] of storageClasses(env)) {
    if (!cluster.storageClasses.includes(name)) {
      missing.push([
        path,
        `"${name}" is not a StorageClass of ${where} (${cluster.storageClasses.join(', ') || 'none listed'})`,
      ]);
    }
  }
  return missing;
}

/** Every cross-file problem of the fleet, in file order. */
export function fleetProblems(
  entries: readonly EnvironmentEntry[],
  clusters: readonly ClusterConfig[],
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const byName = new Map(clusters.map((c) => [c.name, c]));
  const problem = (entry: EnvironmentEntry, path: Path, message: string): void => {
    problems.push(fieldProblem(entry.parsed, path, message));
  };
  // First claim of a namespace, host or NodePort on each cluster, to name it (file:line) in the
  // second one's error; located only then, since locating parses the file again.
  const namespaces = new Map<string, string>();
  const claimed = new Map<string, { entry: EnvironmentEntry; field: Path }>();

  for (const entry of entries) {
    const { env } = entry;
    const cluster = byName.get(env.cluster);
    if (!cluster) {
      const known = clusters.map((c) => c.name).join(', ');
      problem(
        entry,
        ['cluster'],
        `"${env.cluster}" has no file ${CLUSTERS_DIR}/${env.cluster}.yaml (clusters: ${known})`,
      );
      continue;
    }
    for (const [path, message] of missingPlatform(env, cluster)) problem(entry, path, message);

    const platform = platformNamespaces(cluster).find(([, ns]) => ns === env.namespace);
    if (platform) {
      problem(
        entry,
        ['namespace'],
        `"${env.namespace}" is the namespace of ${platform[0]} on cluster ${cluster.name} (${CLUSTERS_DIR}/${cluster.name}.yaml): the environment's NetworkPolicies would cut it off; give the environment its own namespace`,
      );
    }

    const nsKey = `${cluster.name}/${env.namespace}`;
    const nsOwner = namespaces.get(nsKey);
    if (nsOwner !== undefined) {
      problem(
        entry,
        ['namespace'],
        `"${env.namespace}" is already used on cluster ${cluster.name} by ${nsOwner}: environments on one cluster must not share a namespace`,
      );
    } else {
      namespaces.set(nsKey, entry.parsed.file);
    }

    const own = new Set<string>();
    for (const claim of clusterClaims(env)) {
      const key = `${cluster.name}/${claim.what}`;
      const owner = claimed.get(key);
      if (owner !== undefined && !own.has(key)) {
        problem(
          entry,
          claim.field,
          `${claim.what} is already claimed on cluster ${cluster.name} by ${fieldAt(owner.entry.parsed, owner.field)}: environments on one cluster must not share ${claim.kind}`,
        );
      } else if (owner === undefined) {
        claimed.set(key, { entry, field: claim.field });
        own.add(key);
      }
    }
  }
  return problems;
}
