/**
 * zod's own messages ("Invalid input: expected object, received undefined") in the terms of a
 * YAML configuration file: what is expected (a mapping, a list, text...) and what was found.
 * Messages the schemas wrote themselves are kept, except where they do not fit the problem.
 */

/** The fields of a zod issue used here (zod reports `input` when parsing with `reportInput`). */
export interface SchemaIssue {
  readonly code: string;
  readonly message: string;
  readonly input?: unknown;
  readonly expected?: string;
  readonly origin?: string;
  readonly minimum?: number | bigint;
  readonly maximum?: number | bigint;
  readonly inclusive?: boolean;
  readonly values?: readonly unknown[];
}

const EXPECTED: Readonly<Record<string, string>> = {
  object: 'a mapping of settings (one "key: value" per line, indented under it)',
  record: 'a mapping (one "key: value" per line, indented under it)',
  array: 'a list ("- item" lines, or [a, b])',
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
};

/** What a YAML value is, as a person reading the file sees it. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'object':
      return 'a mapping';
    case 'string':
      return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
    case 'number':
      return Number.isInteger(value) ? `the whole number ${value}` : `the number ${value}`;
    case 'boolean':
      return `the boolean ${value}`;
    default:
      return typeof value;
  }
}

const isZodDefault = (message: string): boolean => /^(Invalid input|Invalid option|Too small|Too big)\b/.test(message);

function typeMessage(issue: SchemaIssue): string {
  // A YAML value is never undefined (an empty one is null): undefined is a missing field.
  const present = issue.input !== undefined;
  const expected = EXPECTED[issue.expected ?? ''] ?? issue.expected ?? 'another value';
  // The schemas' own messages say what a missing value is for ("is required: pin every image").
  if (!present && issue.message.startsWith('is required')) return issue.message;
  const hint = isZodDefault(issue.message) ? '' : ` (${issue.message})`;
  if (!present) return `is required: expected ${expected}${hint}`;
  if (issue.input === null) return `is empty: expected ${expected}${hint}`;
  const quote =
    issue.expected === 'string' && (typeof issue.input === 'number' || typeof issue.input === 'boolean')
      ? ` (YAML reads ${String(issue.input)} as a ${typeof issue.input}: write it in quotes, "${String(issue.input)}")`
      : '';
  return `must be ${expected}, not ${describeValue(issue.input)}${quote}${hint}`;
}

function sizeMessage(issue: SchemaIssue, bound: 'at least' | 'at most'): string {
  const limit = bound === 'at least' ? issue.minimum : issue.maximum;
  const strict = issue.inclusive === false;
  const than = strict ? (bound === 'at least' ? 'more than' : 'less than') : bound;
  switch (issue.origin) {
    case 'string':
      return bound === 'at least' && Number(limit) === 1 && !strict
        ? 'must not be empty'
        : `must be ${than} ${limit} characters long`;
    case 'array':
    case 'set':
      return `must list ${than} ${limit} item${Number(limit) === 1 ? '' : 's'}`;
    default:
      return `must be ${than} ${limit}`;
  }
}

/** The message of `issue` for the person who wrote the file. */
export function issueMessage(issue: SchemaIssue): string {
  if (issue.code === 'invalid_type') return typeMessage(issue);
  if (!isZodDefault(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_value': {
      const values = (issue.values ?? []).map((v) => String(v)).join(', ');
      if (issue.input === undefined) return `is required: one of ${values}`;
      return `must be one of: ${values}, not ${describeValue(issue.input)}`;
    }
    case 'too_small':
      return sizeMessage(issue, 'at least');
    case 'too_big':
      return sizeMessage(issue, 'at most');
    default:
      return issue.message;
  }
}
