/**
 * One parsed configuration file checked against its zod schema, every problem at its line and in
 * the configuration's terms: a file with no mapping of settings in one problem, zod's messages in
 * the words of issue-message.ts.
 */
import type { ConfigProblem } from './config-error';
import { describeValue, issueMessage } from './issue-message';
import { fieldProblem, locate, type ParsedFile } from './yaml-file';
import type * as z from './zod';

/** The top-level settings `schema` requires, for the message about an empty file. */
function requiredSettings(schema: z.ZodType<unknown>): string[] {
  const result = schema.safeParse({});
  if (result.success) return [];
  return result.error.issues
    .filter((i) => i.code !== 'unrecognized_keys' && i.path.length === 1)
    .map((i) => String(i.path[0]));
}

/** A file that holds no mapping of settings, said as such (rather than one problem per missing setting). */
function shapeProblem(parsed: ParsedFile, schema: z.ZodType<unknown>): ConfigProblem | undefined {
  const { data, file } = parsed;
  if (data !== null && data !== undefined) {
    if (typeof data === 'object' && !Array.isArray(data)) return undefined;
    return {
      file,
      field: '',
      ...locate(parsed, []),
      message: `must be a mapping of settings (one "key: value" per line), not ${describeValue(data)}`,
    };
  }
  const required = requiredSettings(schema);
  const commentsOnly = parsed.text.split('\n').every((line) => /^\s*(#.*)?$/.test(line));
  const what = parsed.text.trim() === '' ? 'is empty' : commentsOnly ? 'holds only comments' : 'holds no settings';
  const expected = required.length > 0 ? `: expected the settings ${required.join(', ')}` : '';
  return { file, field: '', line: 1, column: 1, message: `${what}${expected}` };
}

/**
 * `parsed` checked against `schema`: the data, or undefined with every problem in `problems`,
 * each at its line and in the configuration's terms. `prepare` fills defaults that depend on other
 * files before the check.
 */
export function validate<T>(
  parsed: ParsedFile,
  schema: z.ZodType<T>,
  problems: ConfigProblem[],
  prepare: (raw: unknown) => unknown = (raw) => raw,
): T | undefined {
  const shape = shapeProblem(parsed, schema);
  if (shape) {
    problems.push(shape);
    return undefined;
  }
  const result = schema.safeParse(prepare(parsed.data), { reportInput: true });
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const message = 'is not a known setting (check the spelling against docs/reference/configuration.md)';
        problems.push(fieldProblem(parsed, issue.path, message, key));
      }
      continue;
    }
    problems.push(fieldProblem(parsed, issue.path, issueMessage(issue)));
  }
  return undefined;
}
