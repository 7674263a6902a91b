/**
 * Cron expressions as the controllers that read ours parse them: Kubernetes CronJobs and ArgoCD
 * sync windows with robfig/cron v3's standard parser (5 fields), CloudNativePG's ScheduledBackup
 * with a leading seconds field (6 fields). Ranges and names from robfig/cron v3.0.1 spec.go
 * (`bounds`), syntax from parser.go `getRange`: `*` or `?`, a value, `a-b`, each optionally
 * `/step`, comma-separated. A value out of range is refused by the controller only at run time
 * (the CronJob or window never fires), so it is refused here.
 */

interface Field {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const STANDARD: readonly Field[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day of week', min: 0, max: 6, names: DAYS },
];
const WITH_SECONDS: readonly Field[] = [{ name: 'second', min: 0, max: 59 }, ...STANDARD];

function value(text: string, field: Field): number | string {
  const named = field.names?.indexOf(text.toLowerCase()) ?? -1;
  if (named >= 0) return field.name === 'month' ? named + 1 : named;
  if (!/^\d+$/.test(text)) return `"${text}" is not a number`;
  const n = Number(text);
  return n < field.min || n > field.max ? `${n} is outside ${field.min}-${field.max}` : n;
}

function partProblem(part: string, field: Field): string | undefined {
  const [range, step, ...extra] = part.split('/');
  if (extra.length > 0) return `"${part}" has more than one "/"`;
  if (step !== undefined && (!/^\d+$/.test(step) || Number(step) === 0)) return `step "${step}" must be a positive number`;
  if (range === '*' || range === '?') return undefined;
  const [low, high, ...more] = range.split('-');
  if (more.length > 0) return `"${range}" is not a range a-b`;
  const a = value(low, field);
  if (typeof a === 'string') return a;
  if (high === undefined) return undefined;
  const b = value(high, field);
  if (typeof b === 'string') return b;
  return a > b ? `range "${range}" starts after it ends` : undefined;
}

/** Why `expression` is not a valid `fields`-field cron expression, or undefined when it is. */
export function cronProblem(expression: string, fields: 5 | 6): string | undefined {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== fields) return `has ${parts.length} field${parts.length === 1 ? '' : 's'}`;
  const spec = fields === 6 ? WITH_SECONDS : STANDARD;
  for (const [index, text] of parts.entries()) {
    for (const part of text.split(',')) {
      const problem = partProblem(part, spec[index]);
      if (problem !== undefined) return `${spec[index].name}: ${problem}`;
    }
  }
  return undefined;
}
