/**
 * The shapes every layer shares: a synthesized Kubernetes object and a tree of output files.
 * They live here, not with the renderer, so policy, CLI and charts code can name them without
 * depending on how the objects are produced.
 */

/** A Kubernetes object as synthesized. */
export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
  };
  readonly [key: string]: unknown;
}

/** Output files keyed by their path under `dist/`. */
export type FileTree = Map<string, string>;

/**
 * One environment with the objects its chart renders. `E` is what the reader needs of the
 * environment: its name here; the synth and its callers give lib/config's `EnvironmentConfig`.
 */
export interface RenderedEnvironment<E extends { readonly name: string } = { readonly name: string }> {
  readonly env: E;
  readonly manifests: readonly Manifest[];
}
