/**
 * The Secret an ExternalSecret writes outlives the ExternalSecret, so pods keep starting when
 * `secrets.mode` switches, the Secret is renamed or the ExternalSecret is pruned.
 *
 * The model is the behaviour matrix of External Secrets v2.9.0
 * (docs/guides/ownership-deletion-policy.md) and its controller
 * (pkg/controllers/externalsecret/externalsecret_controller.go): only `Owner` sets an
 * ownerReference, so only `Owner` targets are garbage-collected with the ExternalSecret;
 * `deletionPolicy` acts only when the provider returns no data.
 */
import { find } from '../lib/common/workloads';
import type { Manifest } from '../lib/common/manifest';
import { environmentRows } from './support/project';

interface Target {
  name: string;
  creationPolicy?: string;
  deletionPolicy?: string;
  template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> } };
}

/**
 * The ExternalSecret as it is in the cluster: ArgoCD stamps what it tracks its objects by
 * (annotation tracking, the 3.x default, and label tracking, the older one).
 */
function asApplied(es: Manifest, application: string): Manifest {
  return {
    ...es,
    metadata: {
      ...es.metadata,
      labels: { ...es.metadata.labels, 'app.kubernetes.io/instance': application },
      annotations: {
        ...es.metadata.annotations,
        'argocd.argoproj.io/tracking-id': `${application}:external-secrets.io/ExternalSecret:${es.metadata.namespace}/${es.metadata.name}`,
      },
    },
  };
}

/** ESO v2.9.0 setMetadata: without a template the ExternalSecret's metadata is copied. */
function secretMetadata(es: Manifest): { labels: Record<string, string>; annotations: Record<string, string> } {
  const template = (es.spec as { target: Target }).target.template;
  if (!template) return { labels: { ...es.metadata.labels }, annotations: { ...es.metadata.annotations } };
  return { labels: { ...template.metadata?.labels }, annotations: { ...template.metadata?.annotations } };
}

/** ESO v2.9.0: what happens to the target Secret in each event, per creationPolicy. */
const LIFECYCLE: Record<string, { createsIfMissing: boolean; retainedOnExternalSecretDelete: boolean }> = {
  Owner: { createsIfMissing: true, retainedOnExternalSecretDelete: false },
  Orphan: { createsIfMissing: true, retainedOnExternalSecretDelete: true },
  Merge: { createsIfMissing: false, retainedOnExternalSecretDelete: true },
  CreateOrMerge: { createsIfMissing: true, retainedOnExternalSecretDelete: true },
  None: { createsIfMissing: false, retainedOnExternalSecretDelete: true },
};
/** Combinations the operator refuses ("would delete existing secrets"). */
const REFUSED = new Set(['Merge/Delete', 'CreateOrMerge/Delete', 'None/Delete', 'None/Merge']);

/** The Secrets left in the namespace after the ExternalSecrets are deleted (ArgoCD prune, mode switch). */
function secretsAfterDeletingExternalSecrets(externalSecrets: Manifest[]): string[] {
  return externalSecrets
    .map((es) => (es.spec as { target: Target }).target)
    .filter((t) => LIFECYCLE[t.creationPolicy ?? 'Owner'].retainedOnExternalSecretDelete)
    .map((t) => t.name);
}

/** Secrets the pods reference by name. */
function referencedSecrets(manifests: Manifest[]): Set<string> {
  const names = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if ((key === 'secretKeyRef' || key === 'secretRef') && inner && typeof inner === 'object')
          names.add((inner as { name: string }).name);
        else walk(inner);
      }
    }
  };
  for (const m of manifests) if (m.kind !== 'ExternalSecret') walk(m.spec);
  return names;
}

describe.each(environmentRows().filter(([, e]) => e.env.secrets.mode === 'external-secrets'))(
  '%s',
  (_name, { env, manifests }) => {
    const externalSecrets = find(manifests, 'ExternalSecret');

    test('the operator creates the Secret, and the combination is one ESO accepts', () => {
      expect(externalSecrets.length).toBeGreaterThan(0);
      for (const es of externalSecrets) {
        const { creationPolicy = 'Owner', deletionPolicy = 'Retain' } = (es.spec as { target: Target }).target;
        expect(LIFECYCLE[creationPolicy].createsIfMissing).toBe(true);
        expect(REFUSED.has(`${creationPolicy}/${deletionPolicy}`)).toBe(false);
        // The provider losing the keys must not delete the Secret the pods read either.
        expect(deletionPolicy).toBe('Retain');
      }
    });

    test('the Secret carries nothing ArgoCD tracks its own objects by, so ArgoCD never prunes it', () => {
      const application = `acme-${env.name}`;
      for (const es of externalSecrets) {
        const { labels, annotations } = secretMetadata(asApplied(es, application));
        expect(labels['app.kubernetes.io/instance']).toBeUndefined();
        expect(Object.keys(annotations).filter((k) => k.startsWith('argocd.argoproj.io/'))).toEqual([]);
      }
    });

    test('after the ExternalSecrets are deleted, every Secret the pods reference from them is still there', () => {
      const synced = externalSecrets.map((es) => (es.spec as { target: Target }).target.name);
      const needed = [...referencedSecrets(manifests)].filter((name) => synced.includes(name));
      expect(needed).toContain(env.secrets.name);
      expect(secretsAfterDeletingExternalSecrets(externalSecrets).sort()).toEqual(
        expect.arrayContaining(needed.sort()),
      );
    });
  },
);
