import type { k8s } from 'cdk8s-plus-27';
import { envFromSecret } from '../common/pod';
import { EXTERNAL_DATABASE_KEYS, EXTERNAL_DATABASE_URL_KEY } from '../app/app-secret';
import type { DatabaseBackend, ExternalEndpoint } from './database-backend';

/** What an external database is assumed to be when not told; the environment file's default is the same. */
export const EXTERNAL_DATABASE_DEFAULTS = {
  /** PostgreSQL's port. */
  port: 5432,
} as const;

/**
 * A PostgreSQL outside the cluster (a managed service), known only through a Secret holding
 * every connection setting, so not even its host name is written to git.
 */
export class ExternalDatabase implements DatabaseBackend {
  public readonly settings: Readonly<Record<string, string>> = {};
  public readonly secretEnv: readonly k8s.EnvVar[];
  public readonly databaseUrl: k8s.EnvVar;
  public readonly external: ExternalEndpoint;

  public constructor(secretName: string, endpoint: ExternalEndpoint) {
    this.secretEnv = EXTERNAL_DATABASE_KEYS.map((key) => envFromSecret(key, secretName));
    // Held by the Secret as it is: a managed database's password may hold any character, which
    // only whoever writes the Secret can encode (docs/charts.md gives the one command).
    this.databaseUrl = envFromSecret(EXTERNAL_DATABASE_URL_KEY, secretName);
    this.external = endpoint;
  }
}
