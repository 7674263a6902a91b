/**
 * A container image as the constructs take it. The environment file's `image` blocks
 * (lib/config/primitives.ts) validate the grammar and are checked against this type.
 */
export interface ContainerImage {
  /** Registry and repository, without tag (`ghcr.io/acme/app`). */
  readonly repository: string;
  /** Immutable version tag. */
  readonly tag: string;
  /** Content digest (`sha256:...`); when set, the image is pulled by digest. @default none: pulled by tag */
  readonly digest?: string;
}

/** The reference a container pulls: by digest when one is pinned, by tag otherwise. */
export function imageReference(image: ContainerImage): string {
  return image.digest ? `${image.repository}:${image.tag}@${image.digest}` : `${image.repository}:${image.tag}`;
}
