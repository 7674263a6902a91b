import { ApiObject, JsonPatch } from 'cdk8s';
import type { Construct } from 'constructs';

/** Where the pod spec is in each workload kind (its pod template is the path without `/spec`). */
export const POD_SPEC_PATH: Readonly<Record<string, string>> = {
  Deployment: '/spec/template/spec',
  StatefulSet: '/spec/template/spec',
  Job: '/spec/template/spec',
  CronJob: '/spec/jobTemplate/spec/template/spec',
};

/**
 * Gives the pull secrets to every pod under `scope` that runs an image of `repositories` (the
 * app's own images, private when first pushed to GHCR); public images' pods get none.
 */
export function addImagePullSecrets(
  scope: Construct,
  secrets: readonly string[],
  repositories: readonly string[],
): void {
  if (secrets.length === 0) return;
  for (const child of scope.node.findAll()) {
    if (!(child instanceof ApiObject) || POD_SPEC_PATH[child.kind] === undefined) continue;
    const images = JSON.stringify(child.toJson());
    if (!repositories.some((repository) => images.includes(`"image":"${repository}:`))) continue;
    child.addJsonPatch(
      JsonPatch.add(
        `${POD_SPEC_PATH[child.kind]}/imagePullSecrets`,
        secrets.map((name) => ({ name })),
      ),
    );
  }
}
