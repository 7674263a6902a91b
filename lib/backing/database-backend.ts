import type { k8s } from 'cdk8s-plus-27';
import type { NetworkPeer } from '../platform/network-policies';

/** A service outside the cluster, reached through an egress rule. */
export interface ExternalEndpoint {
  readonly cidrs: readonly string[];
  readonly port: number;
}

/**
 * What the Django processes need from a PostgreSQL, whatever runs it. The in-cluster StatefulSet,
 * a CloudNativePG cluster and an external database known by a Secret all implement it, so a new
 * option is a new class and the app constructs do not change.
 */
export interface DatabaseBackend {
  /** Non-secret connection settings for the ConfigMap (`POSTGRES_HOST`...). */
  readonly settings: Readonly<Record<string, string>>;
  /** Secret-backed variables (`POSTGRES_USER`, `POSTGRES_PASSWORD`...). */
  readonly secretEnv: readonly k8s.EnvVar[];
  /**
   * `DATABASE_URL` itself, in the container's environment so that every process started in the
   * container (`kubectl exec ... python manage.py`, `celery inspect`) has it, not only the one
   * the entrypoint starts. It comes after `secretEnv`: it may reference those variables as
   * `$(NAME)`, which the kubelet expands from the variables declared before it
   * (pkg/kubelet/kubelet_pods.go makeEnvironmentVariables).
   */
  readonly databaseUrl: k8s.EnvVar;
  /** Database pods inside the namespace; undefined when the database is outside the cluster. */
  readonly server?: NetworkPeer;
  /** Where the database is when it is outside the cluster. */
  readonly external?: ExternalEndpoint;
}
