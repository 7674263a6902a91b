/**
 * Deployment order, for ArgoCD sync waves and Helm hooks alike. ArgoCD applies one wave at a
 * time and waits for it to be healthy, so an empty cluster comes up in this order and every
 * upgrade migrates the database before new code serves.
 */

import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import { componentTraits, SYNC_STAGES, type SyncStage } from '../common/components';

export { SYNC_STAGES, type SyncStage };

/** Wave of each stage that is applied as a plain resource or a Sync-phase hook. */
export const SYNC_WAVES: Record<Exclude<SyncStage, 'smoke-test'>, number> = {
  config: -2,
  'backing-services': -1,
  migration: 0,
  workloads: 1,
};

export const ARGOCD_HOOK = 'argocd.argoproj.io/hook';
export const ARGOCD_HOOK_DELETE_POLICY = 'argocd.argoproj.io/hook-delete-policy';
export const ARGOCD_SYNC_WAVE = 'argocd.argoproj.io/sync-wave';
export const ARGOCD_SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';
export const HELM_HOOK = 'helm.sh/hook';
export const HELM_HOOK_WEIGHT = 'helm.sh/hook-weight';
export const HELM_HOOK_DELETE_POLICY = 'helm.sh/hook-delete-policy';

/** Annotations for a plain resource of a stage. */
export function waveAnnotations(stage: Exclude<SyncStage, 'migration' | 'smoke-test'>): Record<string, string> {
  return { [ARGOCD_SYNC_WAVE]: String(SYNC_WAVES[stage]) };
}

/**
 * Helm hook weights: Helm runs the hooks of one event one by one, sorted by weight, then by name
 * (helm v3.17.3 pkg/action/hooks.go `hookByWeight`), so the smoke test weighs more than the
 * migration rather than relying on names.
 */
export const HELM_HOOK_WEIGHTS = { migration: 0, collectstatic: 5, 'smoke-test': 10 } as const;

/**
 * The migration Job. ArgoCD: a Sync-phase hook after the configuration and databases (a PreSync
 * hook could not use a Secret created in the same sync, argo-cd#9891), recreated on every sync so
 * its immutable pod template never blocks one. ArgoCD reads only its own hook annotations when an
 * object has one (argo-cd v3.5.1 gitops-engine/pkg/sync/hook/hook.go `Types`), so the Helm ones
 * below change nothing there.
 *
 * Helm: `post-install` because a pre-install hook runs before any object of the release exists
 * (helm v3.17.3 pkg/action/install.go `performInstall`: pre-install hooks, then
 * `KubeClient.Create`, then post-install hooks), so neither its ServiceAccount nor the database
 * would be there; `pre-upgrade` so an upgrade migrates before the new code rolls out, using the
 * previous release's ServiceAccount, Secret and database, which an upgrade leaves in place.
 */
export function migrationHookAnnotations(): Record<string, string> {
  return {
    [ARGOCD_HOOK]: 'Sync',
    [ARGOCD_HOOK_DELETE_POLICY]: 'BeforeHookCreation',
    [ARGOCD_SYNC_WAVE]: String(SYNC_WAVES.migration),
    [HELM_HOOK]: 'post-install,pre-upgrade',
    [HELM_HOOK_DELETE_POLICY]: 'before-hook-creation',
    [HELM_HOOK_WEIGHT]: String(HELM_HOOK_WEIGHTS.migration),
  };
}

/**
 * collectstatic, when static files live in object storage: the same moments as the migration
 * (ArgoCD: a Sync hook of the migration's wave, before the workloads' wave rolls web out; Helm:
 * post-install and pre-upgrade, weighed after the migration), because the new pages must find
 * their new static files. `collectstatic --noinput` only uploads what changed, so a re-run is harmless.
 */
export function collectstaticHookAnnotations(): Record<string, string> {
  return {
    ...migrationHookAnnotations(),
    [HELM_HOOK_WEIGHT]: String(HELM_HOOK_WEIGHTS.collectstatic),
  };
}

/** The smoke test: after everything else is healthy. Kept until the next sync for its logs. */
export function smokeTestHookAnnotations(): Record<string, string> {
  return {
    [ARGOCD_HOOK]: 'PostSync',
    [ARGOCD_HOOK_DELETE_POLICY]: 'BeforeHookCreation',
    [HELM_HOOK]: 'post-install,post-upgrade',
    [HELM_HOOK_DELETE_POLICY]: 'before-hook-creation',
    [HELM_HOOK_WEIGHT]: String(HELM_HOOK_WEIGHTS['smoke-test']),
  };
}

/** Kinds that configure the pods: applied first, whatever component they belong to. */
const CONFIG_KINDS = ['ServiceAccount', 'ConfigMap', 'Secret', 'ExternalSecret', 'NetworkPolicy'];

/**
 * Where an object belongs in the order: configuration kinds first, hooks are the migration,
 * collectstatic and smoke-test Jobs, everything else takes the stage its component has in the registry
 * (lib/common/components.ts).
 */
export function stageOf(kind: string, component: string | undefined): SyncStage {
  if (CONFIG_KINDS.includes(kind)) return 'config';
  const stage = componentTraits(component)?.stage ?? 'workloads';
  if (stage === 'migration' || stage === 'smoke-test') return kind === 'Job' ? stage : 'workloads';
  return stage;
}

/** Every plain object under `scope` gets the wave of its stage; hooks already carry their own annotations. */
export function annotateSyncWaves(scope: Construct): void {
  for (const child of scope.node.findAll()) {
    if (!(child instanceof ApiObject)) continue;
    const stage = stageOf(child.kind, child.metadata.getLabel('app.kubernetes.io/component'));
    if (stage === 'migration' || stage === 'smoke-test') continue;
    for (const [key, value] of Object.entries(waveAnnotations(stage))) child.metadata.addAnnotation(key, value);
  }
}
