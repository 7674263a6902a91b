/** How ArgoCD delivers the environment: revision, automation, sync windows. */
import * as z from '../zod';
import { isTimeZone } from '../../common/time-zone';
import { cronExpression, duration, gitRevision } from '../primitives';

const syncWindow = z.strictObject({
  /** `allow` opens the only times syncs may run; `deny` closes times they may not. */
  kind: z.enum(['allow', 'deny']),
  /** Cron schedule of the window's start (5 fields). */
  schedule: cronExpression(5, '0 8 * * 1-5'),
  /** Length of the window, such as 1h or 30m. */
  duration: duration({ seconds: false, example: '2h or 1h30m', zeroMeans: 'the window would never be open' }),
  /** IANA time zone of the schedule. @default UTC */
  timeZone: z
    .string()
    .refine(isTimeZone, "must be an IANA time zone such as Europe/Berlin (ArgoCD loads it with Go's time.LoadLocation)")
    .default('UTC'),
  /** Let people sync by hand inside a deny window (or outside an allow window). @default false */
  manualSync: z.boolean().default(false),
  /**
   * Let a sync that has started finish across the window's edge: past the end of an allow
   * window, into a deny window (ArgoCD 3.5+, `SyncWindows.CanSync`). Without it ArgoCD holds a
   * running sync at its next wave, e.g. after the migration and before the Deployments roll, until
   * a window opens again. @default true
   */
  syncOverrun: z.boolean().default(true),
});

export const delivery = z
  .strictObject({
    /** Branch, tag or commit ArgoCD deploys this environment from. */
    targetRevision: gitRevision.default('main'),
    /**
     * Sync automatically on every commit (with prune and self-heal). Off means a person presses
     * sync. Defaults to on below production and off in production.
     */
    automated: z.boolean().optional(),
    /** Delete objects that left the chart, when syncing automatically. @default true */
    prune: z.boolean().default(true),
    /** Undo changes made to the cluster by hand, when syncing automatically. @default true */
    selfHeal: z.boolean().default(true),
    /** Times syncs may (allow) or may not (deny) happen. */
    syncWindows: z.array(syncWindow).default([]),
  })
  .prefault({});
