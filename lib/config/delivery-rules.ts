/**
 * Refusals about how an environment is delivered that need more than one field, by ArgoCD's own
 * rules (lib/delivery/sync-windows.ts models SyncWindows.CanSync), so a window means what the
 * file says. Each field on its own (schedule as robfig/cron reads it, duration, time zone) is
 * checked where it is declared, in the schema.
 */
import type * as z from './zod';
import { syncAutomated } from './derived';
import type { EnvironmentFile } from './environment/fields';

/** Checks `delivery.syncWindows` against `SyncWindows.CanSync`. */
export function checkDelivery(env: EnvironmentFile, ctx: z.RefinementCtx): void {
  env.delivery.syncWindows.forEach((w, i) => {
    const at = (field: string) => ['delivery', 'syncWindows', i, field];
    // CanSync with allow windows but none active: a manual sync passes when every inactive allow
    // window has manualSync. Where only people sync, such a window restricts nothing at all.
    if (w.kind === 'allow' && w.manualSync && !syncAutomated(env)) {
      ctx.addIssue({
        code: 'custom',
        path: at('manualSync'),
        message:
          'must be false for an environment synced by hand: ArgoCD lets a manual sync through outside an allow window whose manualSync is true, so the window would restrict nothing',
      });
    }
  });
}
