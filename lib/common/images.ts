import type { ImageConfig } from '../config/primitives';

/** The reference a container pulls: by digest when one is pinned, by tag otherwise. */
export function imageReference(image: ImageConfig): string {
  return image.digest ? `${image.repository}:${image.tag}@${image.digest}` : `${image.repository}:${image.tag}`;
}
