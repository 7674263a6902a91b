/**
 * The one cron parser of the project: robfig/cron v3, as the controllers that read our schedules
 * parse them. Kubernetes CronJobs and ArgoCD sync windows use its standard parser (5 fields:
 * `cron.NewParser(Minute|Hour|Dom|Month|Dow)`), CloudNativePG's ScheduledBackup a leading
 * seconds field (6 fields). Ranges and names from robfig/cron v3.0.1 `spec.go` (`bounds`),
 * syntax from `parser.go` `getRange`: `*` or `?`, a value, `a-b`, each optionally `/step`
 * (`N/step` means `N-max/step`), comma-separated; weekdays 0-6 (7 is refused).
 *
 * The configuration's validation (`lib/config/cron.ts`) and the sync-window model
 * (`lib/delivery/sync-windows.ts`) word a refusal their own way, so a refusal is returned as a
 * {@link CronProblem} for each of them to phrase, not as a message.
 */

/** One field of a cron expression: its name in messages, its range and its names (jan, mon). */
export interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Names of the values from `min` upwards, matched case-insensitively. */
  readonly names?: readonly string[];
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const STANDARD: readonly CronField[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day of week', min: 0, max: 6, names: DAYS },
];
const WITH_SECONDS: readonly CronField[] = [{ name: 'second', min: 0, max: 59 }, ...STANDARD];

/** Why one comma-separated part of a field is refused. */
export type CronPartProblem =
  | { readonly kind: 'slashes' }
  | { readonly kind: 'step'; readonly step: string }
  | { readonly kind: 'hyphens'; readonly range: string }
  | { readonly kind: 'not-a-number'; readonly text: string }
  | { readonly kind: 'out-of-range'; readonly value: number }
  | { readonly kind: 'reversed'; readonly range: string; readonly start: number; readonly end: number };

/** Why a whole expression is refused: the wrong number of fields, or one part of one field. */
export type CronProblem =
  | { readonly kind: 'field-count'; readonly found: number; readonly expected: 5 | 6 }
  | (CronPartProblem & { readonly field: CronField; readonly part: string });

/** A parsed schedule: the allowed values of each field. */
export interface CronSchedule {
  /** `{0}` for a 5-field expression (robfig/cron's standard parser fires at second 0). */
  readonly seconds: ReadonlySet<number>;
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly daysOfMonth: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly daysOfWeek: ReadonlySet<number>;
  /** Day-of-month or day-of-week was `*` or `?` (then both must match, else either). */
  readonly dayStar: boolean;
}

export type CronParse = { readonly schedule: CronSchedule } | { readonly problem: CronProblem };

function value(text: string, field: CronField): number | CronPartProblem {
  const named = field.names?.indexOf(text.toLowerCase()) ?? -1;
  if (named >= 0) return field.min + named;
  if (!/^\d+$/.test(text)) return { kind: 'not-a-number', text };
  const n = Number(text);
  return n < field.min || n > field.max ? { kind: 'out-of-range', value: n } : n;
}

interface PartValues {
  readonly values: number[];
  readonly star: boolean;
}

/**
 * One comma-separated part of a field, as robfig/cron's getRange reads it. Checked in this
 * order, so the first problem of a part is the one reported: slashes, step, hyphens, the start,
 * the end, start after end.
 */
function parsePart(part: string, field: CronField): PartValues | CronPartProblem {
  const [range, stepText, ...extra] = part.split('/');
  if (extra.length > 0) return { kind: 'slashes' };
  if (stepText !== undefined && (!/^\d+$/.test(stepText) || Number(stepText) === 0))
    return { kind: 'step', step: stepText };
  const step = stepText === undefined ? 1 : Number(stepText);
  let start: number;
  let end: number;
  // A step above 1 makes "*" no longer count as a star (robfig/cron: `extra = 0` for star only without a step).
  let star = false;
  if (range === '*' || range === '?') {
    [start, end, star] = [field.min, field.max, step === 1];
  } else {
    const [low, high, ...more] = range.split('-');
    if (more.length > 0) return { kind: 'hyphens', range };
    const a = value(low, field);
    if (typeof a !== 'number') return a;
    start = a;
    end = a;
    if (high !== undefined) {
      const b = value(high, field);
      if (typeof b !== 'number') return b;
      if (a > b) return { kind: 'reversed', range, start: a, end: b };
      end = b;
    } else if (stepText !== undefined) {
      end = field.max;
    }
  }
  const values: number[] = [];
  for (let v = start; v <= end; v += step) values.push(v);
  return { values, star };
}

function parseField(text: string, field: CronField): { values: Set<number>; star: boolean } | CronProblem {
  const values = new Set<number>();
  let star = false;
  for (const part of text.split(',')) {
    const parsed = parsePart(part, field);
    if ('kind' in parsed) return { ...parsed, field, part };
    parsed.values.forEach((v) => values.add(v));
    star ||= parsed.star;
  }
  return { values, star };
}

/** Parses a `fields`-field cron expression, or says why robfig/cron would refuse it. */
export function parseCron(expression: string, fields: 5 | 6): CronParse {
  const texts = expression.trim().split(/\s+/);
  if (texts.length !== fields) return { problem: { kind: 'field-count', found: texts.length, expected: fields } };
  const spec = fields === 6 ? WITH_SECONDS : STANDARD;
  const parsed: Array<{ values: Set<number>; star: boolean }> = [];
  for (const [index, text] of texts.entries()) {
    const field = parseField(text, spec[index]);
    if ('kind' in field) return { problem: field };
    parsed.push(field);
  }
  const [seconds, minutes, hours, dom, months, dow] =
    fields === 6 ? parsed : [{ values: new Set([0]), star: false }, ...parsed];
  return {
    schedule: {
      seconds: seconds.values,
      minutes: minutes.values,
      hours: hours.values,
      daysOfMonth: dom.values,
      months: months.values,
      daysOfWeek: dow.values,
      dayStar: dom.star || dow.star,
    },
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
 * in UTC), as robfig/cron's `Next`, to the minute (the seconds field is not read); searches five
 * years ahead, as it does.
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
