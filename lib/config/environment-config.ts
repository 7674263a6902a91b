/**
 * An environment as the loader returns it (load.ts): the validated file with its cluster's
 * platform facts and the app contract.
 */
import type { AppContract } from '../app/app-contract';
import type { ClusterConfig } from './cluster-schema';
import type { EnvironmentFile } from './environment/fields';

/** What a CloudNativePG database needs from its cluster: the operator and the API server. */
export interface CloudNativePgPlatform {
  /** Namespace of the operator, which must reach the instances. */
  readonly operatorNamespace: string;
  /** The API server's networks, which the instances watch. */
  readonly kubernetesApi: { readonly cidrs: readonly string[]; readonly ports: readonly number[] };
}
type FileDatabase = EnvironmentFile['database'];
/** The database as configured, with what a CloudNativePG one takes from its cluster. */
export type ResolvedDatabase =
  | Exclude<FileDatabase, { mode: 'cloudnativepg' }>
  | (Extract<FileDatabase, { mode: 'cloudnativepg' }> & { readonly platform: CloudNativePgPlatform });
/**
 * An environment with the platform facts of its cluster and the app contract, as the loader
 * returns it: narrowed once there, where a cluster that lacks something is refused with its file
 * and line. The settings module and the web port are resolved (the contract's by default), the deprecated
 * `mailgunDomain` moved into `extraSettings`, and Flower and the docs site enabled only where the
 * app runs them.
 */
export type EnvironmentConfig = Omit<EnvironmentFile, 'database' | 'django' | 'web'> & {
  readonly web: EnvironmentFile['web'] & { readonly port: number };
  readonly django: Omit<EnvironmentFile['django'], 'settingsModule' | 'mailgunDomain'> & {
    readonly settingsModule: string;
  };
  readonly database: ResolvedDatabase;
  readonly platform: ClusterConfig;
  /** The app contract (config/app.yaml). */
  readonly app: AppContract;
};
