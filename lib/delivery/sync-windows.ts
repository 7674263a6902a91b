/**
 * A model of how ArgoCD decides whether a sync may run now, so the sync windows we generate can
 * be checked (and documented) for what they really allow.
 *
 * Source: argoproj/argo-cd v3.5.1, `pkg/apis/application/v1alpha1/types.go`:
 * - `SyncWindows.CanSync` (l. 3181-3238): an active deny window blocks, unless the sync is manual
 *   and every deny window in the active set has `manualSync` (`hasDeny`, l. 3246); else an active
 *   allow window permits; else, when allow windows exist but none is active, only a manual sync
 *   whose inactive allow windows *all* have `manualSync` passes (`manualEnabled`, l. 3280);
 *   without any window everything may sync.
 * - `SyncWindows.active` / `inactiveAllows` (l. 2962, 3001): a window is active at `now` when
 *   `schedule.Next(now + tzOffset - duration)` is before `now + tzOffset`, i.e. when a start time
 *   `s` of the cron schedule, read as wall-clock time in the window's zone, satisfies
 *   `s < now < s + duration` (open at the start: `Next` returns a time strictly after its
 *   argument). The zone offset is the one in force at the time of evaluation
 *   (`scheduleOffsetByTimeZone`, l. 3036); ArgoCD evaluates at `time.Now()`.
 * - The cron parser (shared with the configuration's validation: `lib/common/cron.ts`) is robfig/cron v3 (`cron.NewParser(Minute|Hour|Dom|Month|Dow)`): exactly five
 *   fields, no `@daily` descriptors; `*`, `?`, lists, ranges, steps, month and weekday names;
 *   weekdays 0-6 (7 is refused); day-of-month and day-of-week are ORed unless either is `*`/`?`
 *   (robfig/cron@bc59245 `parser.go` getRange, `spec.go` dayMatches).
 *
 * - `syncOverrun` (v3.5.0+, argo-cd#25361): `CanSync(isManual, operationStartTime)` is asked again
 *   each time a running sync resumes (controller/sync.go `syncWindowPreventsSync`, called by
 *   `SyncAppState` between waves), with the time the operation started. Where the answer at
 *   that time would be no, it may still be yes: with an active deny window, if every deny window
 *   has `syncOverrun` (`denyAllowsOverrun`); with no active window but inactive allows, if every
 *   allow window has it (`inactiveAllowsAllowOverrun`); in both cases only if the sync was
 *   allowed when it started (`canSyncAtTime`). Without it, a sync resumed after its allow window
 *   closed is held, between two waves, until a window opens again.
 *
 * Not modelled, because we never emit them: namespace and cluster matching, `andOperator`.
 * Windows using them are refused by {@link canSync} rather than evaluated wrongly.
 */

import { nextStart, parseCron, type CronProblem, type CronSchedule } from '../common/cron';
import { isTimeZone } from '../common/time-zone';

// The model's API includes the schedule and its next start, which live with the shared parser.
export { nextStart, type CronSchedule };

const MINUTE_MS = 60_000;

/** One sync window as it appears in an AppProject's `spec.syncWindows`. */
export interface SyncWindowSpec {
  readonly kind: 'allow' | 'deny';
  /** Five-field cron schedule of the window's start. */
  readonly schedule: string;
  /** Go duration such as `9h` or `1h30m`. */
  readonly duration: string;
  /** IANA zone the schedule is read in. @default UTC */
  readonly timeZone?: string;
  /** @default false */
  readonly manualSync?: boolean;
  /** Application name globs the window applies to. */
  readonly applications?: readonly string[];
  readonly namespaces?: readonly string[];
  readonly clusters?: readonly string[];
  /** Let a running sync continue across the window's edge (ArgoCD 3.5+). @default false */
  readonly syncOverrun?: boolean;
  readonly andOperator?: boolean;
}

/** A refusal to evaluate a window (ArgoCD reports these as "invalid sync windows"). */
export class SyncWindowError extends Error {}

/** robfig/cron's own wording of a refusal (`parser.go` getRange), from the shared parser's reason. */
function refusal(problem: CronProblem, schedule: string): string {
  if (problem.kind === 'field-count') return `expected exactly 5 fields, found ${problem.found}: ${schedule}`;
  const { part, field } = problem;
  switch (problem.kind) {
    case 'slashes':
      return `too many slashes: ${part}`;
    case 'step':
      return /^[0-9]+$/.test(problem.step)
        ? `step of range should be a positive number: ${part}`
        : `failed to parse int from ${problem.step}`;
    case 'hyphens':
      return `too many hyphens: ${part}`;
    case 'not-a-number':
      return `failed to parse "${problem.text}" in "${part}"`;
    case 'out-of-range':
      return problem.value < field.min
        ? `beginning of range (${problem.value}) below minimum (${field.min}): ${part}`
        : `end of range (${problem.value}) above maximum (${field.max}): ${part}`;
    case 'reversed':
      return `beginning of range (${problem.start}) beyond end of range (${problem.end}): ${part}`;
  }
}

/** Parses a schedule as ArgoCD's cron parser does (`lib/common/cron.ts`), refusing what it refuses. */
export function parseSchedule(schedule: string): CronSchedule {
  if (schedule.trim().startsWith('@')) throw new SyncWindowError(`parser does not accept descriptors: ${schedule}`);
  if (/^\s*(CRON_)?TZ=/.test(schedule)) throw new SyncWindowError(`time zone prefixes are not modelled: ${schedule}`);
  const parsed = parseCron(schedule, 5);
  if ('problem' in parsed) throw new SyncWindowError(refusal(parsed.problem, schedule));
  return parsed.schedule;
}

/** Go's `time.ParseDuration` for the units a window uses (h, m, s), in milliseconds. */
export function parseDuration(duration: string): number {
  const units: Record<string, number> = { h: 3_600_000, m: MINUTE_MS, s: 1000 };
  if (!/^([0-9]+(\.[0-9]+)?[hms])+$/.test(duration))
    throw new SyncWindowError(`cannot parse duration '${duration}': use h, m and s such as 9h or 1h30m`);
  let total = 0;
  for (const [, value, unit] of duration.matchAll(/([0-9.]+)([hms])/g)) total += Number(value) * units[unit];
  return total;
}

/** Offset of the zone from UTC at `instant`, in milliseconds (Europe/Berlin in winter: +1 h). */
export function zoneOffset(timeZone: string, instant: number): number {
  // ArgoCD falls back to UTC with a log line; a window that silently moves is refused here. The
  // same rule as the configuration's time-zone check.
  if (!isTimeZone(timeZone)) throw new SyncWindowError(`unknown time zone "${timeZone}"`);
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(instant);
  const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name);
  if (!match) throw new SyncWindowError(`cannot read the offset of time zone "${timeZone}" (${name})`);
  if (match[1] === undefined) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) * MINUTE_MS;
}

/** Whether the window is active at `now` (epoch milliseconds), as `SyncWindow.active`. */
export function isActive(window: SyncWindowSpec, now: number): boolean {
  const schedule = parseSchedule(window.schedule);
  const duration = parseDuration(window.duration);
  const local = now + zoneOffset(window.timeZone ?? 'UTC', now);
  const next = nextStart(schedule, local - duration);
  return next !== undefined && next < local;
}

/** The windows that apply to an Application, by `applications` glob (`SyncWindows.Matches`). */
export function windowsFor(windows: readonly SyncWindowSpec[], application: string): SyncWindowSpec[] {
  return windows.filter((w) => (w.applications ?? []).some((pattern) => globMatches(pattern, application)));
}

/**
 * ArgoCD's glob on names: `*` any run, `?` one character, everything else literal. argo-cd v3.5.1
 * `SyncWindows.Matches` (pkg/apis/application/v1alpha1/types.go) and the AppProject destination
 * check (test/support/argocd-project-permission.ts) both call `globMatch` (app_project_types.go:
 * util/glob `Match`, gobwas/glob without separators).
 */
export function globMatches(pattern: string, name: string): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${regex}$`).test(name);
}

function refuseUnmodelled(windows: readonly SyncWindowSpec[]): void {
  for (const w of windows) {
    if (w.andOperator || (w.namespaces ?? []).length > 0 || (w.clusters ?? []).length > 0)
      throw new SyncWindowError(
        `window "${w.kind} ${w.schedule}" uses andOperator, namespaces or clusters, which this model does not evaluate`,
      );
  }
}

/** `canSyncAtTime`: the decision at `now` without overrun. */
function canSyncAt(windows: readonly SyncWindowSpec[], manual: boolean, now: number): boolean {
  if (windows.length === 0) return true;
  const active = windows.filter((w) => isActive(w, now));
  const activeDenies = active.filter((w) => w.kind === 'deny');
  if (activeDenies.length > 0) return manual && activeDenies.every((w) => w.manualSync === true);
  if (active.some((w) => w.kind === 'allow')) return true;
  const inactiveAllows = windows.filter((w) => w.kind === 'allow' && !active.includes(w));
  if (inactiveAllows.length > 0) return manual && inactiveAllows.every((w) => w.manualSync === true);
  return true;
}

/** A sync, as `CanSync` sees it. */
export interface SyncAttempt {
  /** Started by a person (not by automated sync). */
  readonly manual: boolean;
  /** The time of the decision (epoch milliseconds). */
  readonly now: number;
  /**
   * When the running operation started (`status.operationState.startedAt`), for a sync that
   * resumes; absent for a sync about to start.
   */
  readonly operationStartedAt?: number;
}

/**
 * Whether a sync may start, or a running one continue, at `now`, as
 * `SyncWindows.CanSync(isManual, operationStartTime)` decides for the windows that apply to the
 * Application.
 */
export function canSync(windows: readonly SyncWindowSpec[], sync: SyncAttempt): boolean {
  refuseUnmodelled(windows);
  if (canSyncAt(windows, sync.manual, sync.now)) return true;
  const started = sync.operationStartedAt;
  if (started === undefined) return false;
  const active = windows.filter((w) => isActive(w, sync.now));
  const denies = active.filter((w) => w.kind === 'deny');
  // Refused now: by an active deny window, or (none active) by the inactive allow windows.
  const overrun =
    denies.length > 0
      ? denies.every((w) => w.syncOverrun === true)
      : active.length === 0 && windows.filter((w) => w.kind === 'allow').every((w) => w.syncOverrun === true);
  return overrun && canSyncAt(windows, sync.manual, started);
}
