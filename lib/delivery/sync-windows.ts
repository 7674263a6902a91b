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
 * - The cron parser is robfig/cron v3 (`cron.NewParser(Minute|Hour|Dom|Month|Dow)`): exactly five
 *   fields, no `@daily` descriptors; `*`, `?`, lists, ranges, steps, month and weekday names;
 *   weekdays 0-6 (7 is refused); day-of-month and day-of-week are ORed unless either is `*`/`?`
 *   (robfig/cron@bc59245 `parser.go` getRange, `spec.go` dayMatches).
 *
 * Not modelled, because we never emit them: `syncOverrun` (which lets a running sync continue
 * across a window edge), namespace and cluster matching, `andOperator`. Windows using them are
 * refused by {@link canSync} rather than evaluated wrongly.
 */

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
  readonly syncOverrun?: boolean;
  readonly andOperator?: boolean;
}

/** A refusal to evaluate a window (ArgoCD reports these as "invalid sync windows"). */
export class SyncWindowError extends Error {}

interface Field {
  readonly min: number;
  readonly max: number;
  readonly names?: Readonly<Record<string, number>>;
}
const MINUTE: Field = { min: 0, max: 59 };
const HOUR: Field = { min: 0, max: 23 };
const DOM: Field = { min: 1, max: 31 };
const MONTH: Field = {
  min: 1,
  max: 12,
  names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 },
};
const DOW: Field = { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } };

/** A parsed schedule: the allowed values of each field. */
export interface CronSchedule {
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly daysOfMonth: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly daysOfWeek: ReadonlySet<number>;
  /** Day-of-month or day-of-week was `*` or `?` (then both must match, else either). */
  readonly dayStar: boolean;
}

function parseValue(text: string, field: Field, expr: string): number {
  const named = field.names?.[text.toLowerCase()];
  if (named !== undefined) return named;
  if (!/^[0-9]+$/.test(text)) throw new SyncWindowError(`failed to parse "${text}" in "${expr}"`);
  return Number(text);
}

/** One comma-separated part of a field, as robfig/cron's getRange reads it. */
function parseRange(expr: string, field: Field): { values: number[]; star: boolean } {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0].split('-');
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    [start, end, star] = [field.min, field.max, true];
    if (lowAndHigh.length > 1) throw new SyncWindowError(`failed to parse "${expr}"`);
  } else {
    start = parseValue(lowAndHigh[0], field, expr);
    if (lowAndHigh.length > 2) throw new SyncWindowError(`too many hyphens: ${expr}`);
    end = lowAndHigh.length === 2 ? parseValue(lowAndHigh[1], field, expr) : start;
  }
  let step = 1;
  if (rangeAndStep.length > 2) throw new SyncWindowError(`too many slashes: ${expr}`);
  if (rangeAndStep.length === 2) {
    if (!/^[0-9]+$/.test(rangeAndStep[1])) throw new SyncWindowError(`failed to parse int from ${rangeAndStep[1]}`);
    step = Number(rangeAndStep[1]);
    // "N/step" means "N-max/step"; a step above 1 makes "*" no longer count as a star.
    if (lowAndHigh.length === 1) end = field.max;
    if (step > 1) star = false;
  }
  if (start < field.min)
    throw new SyncWindowError(`beginning of range (${start}) below minimum (${field.min}): ${expr}`);
  if (end > field.max) throw new SyncWindowError(`end of range (${end}) above maximum (${field.max}): ${expr}`);
  if (start > end) throw new SyncWindowError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new SyncWindowError(`step of range should be a positive number: ${expr}`);
  const values: number[] = [];
  for (let v = start; v <= end; v += step) values.push(v);
  return { values, star };
}

function parseField(text: string, field: Field): { values: Set<number>; star: boolean } {
  const values = new Set<number>();
  let star = false;
  for (const part of text.split(',')) {
    const range = parseRange(part, field);
    range.values.forEach((v) => values.add(v));
    star ||= range.star;
  }
  return { values, star };
}

/** Parses a schedule as ArgoCD's cron parser does, refusing what it refuses. */
export function parseSchedule(schedule: string): CronSchedule {
  if (schedule.trim().startsWith('@')) throw new SyncWindowError(`parser does not accept descriptors: ${schedule}`);
  if (/^\s*(CRON_)?TZ=/.test(schedule)) throw new SyncWindowError(`time zone prefixes are not modelled: ${schedule}`);
  const fields = schedule.trim().split(/\s+/);
  if (fields.length !== 5) throw new SyncWindowError(`expected exactly 5 fields, found ${fields.length}: ${schedule}`);
  const dom = parseField(fields[2], DOM);
  const dow = parseField(fields[4], DOW);
  return {
    minutes: parseField(fields[0], MINUTE).values,
    hours: parseField(fields[1], HOUR).values,
    daysOfMonth: dom.values,
    months: parseField(fields[3], MONTH).values,
    daysOfWeek: dow.values,
    dayStar: dom.star || dow.star,
  };
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

function dayMatches(s: CronSchedule, day: Date): boolean {
  const dom = s.daysOfMonth.has(day.getUTCDate());
  const dow = s.daysOfWeek.has(day.getUTCDay());
  return s.dayStar ? dom && dow : dom || dow;
}

/**
 * The first start of the schedule strictly after `after` (both as wall-clock milliseconds read
 * in UTC), as robfig/cron's `Next`; searches five years ahead, as it does.
 */
export function nextStart(s: CronSchedule, after: number): number | undefined {
  const firstDay = Math.floor(after / DAY_MS) * DAY_MS;
  const hours = [...s.hours].sort((a, b) => a - b);
  const minutes = [...s.minutes].sort((a, b) => a - b);
  for (let dayStart = firstDay; dayStart < firstDay + 5 * 366 * DAY_MS; dayStart += DAY_MS) {
    const day = new Date(dayStart);
    if (!s.months.has(day.getUTCMonth() + 1) || !dayMatches(s, day)) continue;
    for (const h of hours)
      for (const m of minutes) {
        const t = dayStart + h * 3_600_000 + m * MINUTE_MS;
        if (t > after) return t;
      }
  }
  return undefined;
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
  let name: string;
  try {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(instant);
    name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  } catch {
    // ArgoCD falls back to UTC with a log line; a window that silently moves is refused here.
    throw new SyncWindowError(`unknown time zone "${timeZone}"`);
  }
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

/** ArgoCD's glob on names: `*` any run, `?` one character, everything else literal. */
function globMatches(pattern: string, name: string): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${regex}$`).test(name);
}

function refuseUnmodelled(windows: readonly SyncWindowSpec[]): void {
  for (const w of windows) {
    if (w.syncOverrun || w.andOperator || (w.namespaces ?? []).length > 0 || (w.clusters ?? []).length > 0)
      throw new SyncWindowError(
        `window "${w.kind} ${w.schedule}" uses syncOverrun, andOperator, namespaces or clusters, which this model does not evaluate`,
      );
  }
}

/**
 * Whether a sync may start at `now`, as `SyncWindows.CanSync(isManual, nil)` decides for the
 * windows that apply to the Application.
 */
export function canSync(windows: readonly SyncWindowSpec[], sync: { manual: boolean; now: number }): boolean {
  refuseUnmodelled(windows);
  if (windows.length === 0) return true;
  const active = windows.filter((w) => isActive(w, sync.now));
  const activeDenies = active.filter((w) => w.kind === 'deny');
  if (activeDenies.length > 0) return sync.manual && activeDenies.every((w) => w.manualSync === true);
  if (active.some((w) => w.kind === 'allow')) return true;
  const inactiveAllows = windows.filter((w) => w.kind === 'allow' && !active.includes(w));
  if (inactiveAllows.length > 0) return sync.manual && inactiveAllows.every((w) => w.manualSync === true);
  return true;
}
