/**
 * Images: pinned tags from trusted registries, always pulled, nothing known to be risky.
 */
import { containerRule, type PolicyRule } from '../policy-rule';
import { explicitRegistry, TRUSTED_REGISTRIES } from '../registries';

export const IMAGE_RULES: readonly PolicyRule[] = [
  containerRule(
    'IMG-TAG',
    'explicit image tag, not latest',
    'kube-score, kube-linter, Polaris, Checkov CKV_K8S_14',
    (c) => {
      const ref = c.image.split('@')[0];
      const tag = ref.slice(ref.lastIndexOf('/') + 1).split(':')[1];
      return tag && tag !== 'latest' ? undefined : `image ${c.image} has no pinned tag`;
    },
  ),
  containerRule(
    'IMG-REGISTRY',
    'image names its registry, one of the trusted registries',
    'Trivy KSV-0125, Kyverno/Gatekeeper allowed repositories',
    (c) => {
      const registry = explicitRegistry(c.image);
      if (!registry) return `image ${c.image} names no registry (the node's search list would decide)`;
      return TRUSTED_REGISTRIES.includes(registry)
        ? undefined
        : `image ${c.image} is from ${registry}, not one of ${TRUSTED_REGISTRIES.join(', ')}`;
    },
  ),
  containerRule('PULL-ALWAYS', 'imagePullPolicy Always', 'kube-score, Polaris, Checkov CKV_K8S_15', (c) =>
    c.imagePullPolicy === 'Always' ? undefined : `imagePullPolicy ${c.imagePullPolicy ?? 'unset'}`,
  ),
  containerRule('KNOWN-RISKY', 'no dashboard, tiller or git-sync images', 'Checkov', (c) =>
    /kubernetes-dashboard|tiller|git-sync/.test(c.image) ? `risky image ${c.image}` : undefined,
  ),
];
