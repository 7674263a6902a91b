/**
 * ArgoCD annotations and options shared by the delivery objects, each with the reason and the
 * version it needs. Sources: argo-cd v3.5.1 docs/user-guide/sync-options.md,
 * docs/user-guide/diff-strategies.md, controller/state.go.
 */

export const COMPARE_OPTIONS_ANNOTATION = 'argocd.argoproj.io/compare-options';

/**
 * Server-side diff (stable since ArgoCD 3.1): the API server dry-runs the apply and ArgoCD
 * compares its answer with the live object, so server and CRD defaults never read as drift.
 * Without it, `ServerSideApply=true` switches the diff to the structured-merge diff
 * (controller/state.go `WithStructuredMergeDiff(true)`), which predicts the apply on the client
 * and reports defaulted fields inside atomic lists as perpetually OutOfSync (argo-cd#11143,
 * #16707). When both are on, gitops-engine pkg/diff/diff.go `Diff` takes the server-side path
 * first. Set per Application: the controller-wide switch `controller.diff.server.side` belongs
 * to the platform.
 */
export const SERVER_SIDE_DIFF = 'ServerSideDiff=true';

/**
 * On an environment's Application, read by the bootstrap Application that manages it: removing
 * an environment from git holds the bootstrap's sync until a person confirms the pruning (the
 * UI's "Confirm Pruning" button, or the `argocd.argoproj.io/deletion-approved: <timestamp>`
 * annotation on the bootstrap Application). Only then does the
 * Application's resources finalizer cascade; stateful objects stay (see lib/platform/retention.ts).
 */
export const PRUNE_CONFIRM = 'Prune=confirm';

/** Retry a failed sync with backoff: 10 s, 20 s, 40 s... at most 5 minutes apart, 5 times. */
export const SYNC_RETRY = { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '5m' } };

/**
 * Sync wave of the environments' AppProject in the bootstrap's sync, after the Applications
 * (wave 0). Removing an environment narrows the project (its destination, maybe kinds only it
 * used); ArgoCD's finalizer deletes only what the project still permits, so the narrowing must
 * wait until the removed Application is gone, which gitops-engine does between waves
 * (pkg/sync/sync_context.go Sync waits while a pruned object is still being deleted). The cost:
 * an environment added in the same commit gets its Application before the project admits it,
 * and ArgoCD reports it invalid until its next refresh (at most `timeout.reconciliation`,
 * 120 s by default, plus jitter) after the project's wave.
 */
export const PROJECT_SYNC_WAVE = 1;
