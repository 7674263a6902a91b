/**
 * Where images may come from (checklist IMG-REGISTRY). Trivy's KSV-0125 reads the same list: `npm
 * run cli -- scanner-config` writes it into .trivy/data/, so the scanner in CI and the rule here
 * never disagree.
 */

/**
 * Registries the charts may pull from: GitHub's (the app and docs images, built by the app
 * repository's pipeline) and Docker Hub (the official postgres and redis images, Mailpit).
 * Adding a registry is a security decision: add it here, then run `npm run cli -- scanner-config`.
 */
export const TRUSTED_REGISTRIES: readonly string[] = ['ghcr.io', 'docker.io'];

/**
 * The registry host an image reference names, or undefined when it names none. The first path
 * component is a host only if it holds a "." or ":" or is "localhost", as container runtimes
 * parse references (distribution/reference, normalize.go `splitDockerDomain`). A short name such
 * as `postgres:16` names none: Docker and containerd then use docker.io, but CRI-O and Podman try
 * the node's `unqualified-search-registries` in turn, so where it comes from depends on the node.
 */
export function explicitRegistry(image: string): string | undefined {
  const slash = image.indexOf('/');
  if (slash === -1) return undefined;
  const first = image.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost' ? first : undefined;
}
