/**
 * Refusals about how an environment is delivered, that need more than one field: sync windows
 * are checked with the model of ArgoCD's own rules, so a window means what the file says.
 */
import type { z } from 'zod';
import { parseDuration, parseSchedule, SyncWindowError, zoneOffset } from '../delivery/sync-windows';
import { syncAutomated } from './derived';
import type { EnvironmentFile } from './environment-schema';

/** Checks `delivery.syncWindows` against ArgoCD's parser and `SyncWindows.CanSync`. */
export function checkDelivery(env: EnvironmentFile, ctx: z.RefinementCtx): void {
  env.delivery.syncWindows.forEach((w, i) => {
    const at = (field: string) => ['delivery', 'syncWindows', i, field];
    const refuse = (field: string, check: () => unknown) => {
      try {
        check();
      } catch (e) {
        if (!(e instanceof SyncWindowError)) throw e;
        ctx.addIssue({ code: 'custom', path: at(field), message: `${e.message} (as ArgoCD reads it)` });
      }
    };
    refuse('schedule', () => parseSchedule(w.schedule));
    refuse('duration', () => parseDuration(w.duration));
    refuse('timeZone', () => zoneOffset(w.timeZone, 0));
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
