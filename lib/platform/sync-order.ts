/**
 * Deployment order, for ArgoCD sync waves and Helm hooks alike. ArgoCD applies one wave at a
 * time and waits for it to be healthy, so an empty cluster comes up in this order and every
 * upgrade migrates the database before new code serves.
 */

/** The stages, in order. */
export const SYNC_STAGES = ['config', 'backing-services', 'migration', 'workloads', 'smoke-test'] as const;
export type SyncStage = (typeof SYNC_STAGES)[number];

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
 * The migration Job: an ArgoCD Sync-phase hook after the configuration and databases (a PreSync
 * hook could not use a Secret created in the same sync, argo-cd#9891), recreated on every sync so
 * its immutable pod template never blocks one. The Helm annotations make the same chart migrate
 * under plain `helm upgrade`; ArgoCD ignores them because its own are present.
 */
export function migrationHookAnnotations(): Record<string, string> {
  return {
    [ARGOCD_HOOK]: 'Sync',
    [ARGOCD_HOOK_DELETE_POLICY]: 'BeforeHookCreation',
    [ARGOCD_SYNC_WAVE]: String(SYNC_WAVES.migration),
    [HELM_HOOK]: 'pre-install,pre-upgrade',
    [HELM_HOOK_DELETE_POLICY]: 'before-hook-creation',
    [HELM_HOOK_WEIGHT]: String(SYNC_WAVES.migration),
  };
}

/** The smoke test: after everything else is healthy. Kept until the next sync for its logs. */
export function smokeTestHookAnnotations(): Record<string, string> {
  return {
    [ARGOCD_HOOK]: 'PostSync',
    [ARGOCD_HOOK_DELETE_POLICY]: 'BeforeHookCreation',
    [HELM_HOOK]: 'post-install,post-upgrade',
    [HELM_HOOK_DELETE_POLICY]: 'before-hook-creation',
  };
}

/** Where an object belongs in the order, from its kind and component. */
export function stageOf(kind: string, component: string | undefined): SyncStage {
  if (component === 'migrate' && kind === 'Job') return 'migration';
  if (component === 'smoke-test' && kind === 'Job') return 'smoke-test';
  const configKinds = ['Namespace', 'ServiceAccount', 'ConfigMap', 'Secret', 'ExternalSecret', 'NetworkPolicy'];
  if (configKinds.includes(kind)) return 'config';
  if (component !== undefined && BACKING_COMPONENTS.has(component)) return 'backing-services';
  return 'workloads';
}

/** Components the app depends on at start-up: they come up before migrations run. */
// The media claim too: it must exist before the pods that mount it.
export const BACKING_COMPONENTS = new Set(['database', 'backup-store', 'redis', 'mail', 'media']);
