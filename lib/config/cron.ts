/**
 * The configuration's wording of a refused cron expression, field by field. The parsing itself
 * (robfig/cron v3, as Kubernetes CronJobs, ArgoCD sync windows and CloudNativePG read our
 * schedules) is `lib/common/cron.ts`, shared with the sync-window model. A value out of range
 * is refused by the controller only at run time (the CronJob or window never fires), so it is
 * refused here.
 */
import { parseCron, type CronPartProblem } from '../common/cron';

function partMessage(problem: CronPartProblem, part: string, field: { min: number; max: number }): string {
  switch (problem.kind) {
    case 'slashes':
      return `"${part}" has more than one "/"`;
    case 'step':
      return `step "${problem.step}" must be a positive number`;
    case 'hyphens':
      return `"${problem.range}" is not a range a-b`;
    case 'not-a-number':
      return `"${problem.text}" is not a number`;
    case 'out-of-range':
      return `${problem.value} is outside ${field.min}-${field.max}`;
    case 'reversed':
      return `range "${problem.range}" starts after it ends`;
  }
}

/** Why `expression` is not a valid `fields`-field cron expression, or undefined when it is. */
export function cronProblem(expression: string, fields: 5 | 6): string | undefined {
  const parsed = parseCron(expression, fields);
  if ('schedule' in parsed) return undefined;
  const { problem } = parsed;
  if (problem.kind === 'field-count') return `has ${problem.found} field${problem.found === 1 ? '' : 's'}`;
  return `${problem.field.name}: ${partMessage(problem, problem.part, problem.field)}`;
}
