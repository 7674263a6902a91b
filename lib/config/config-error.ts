/** One refused value, located in its file. */
export interface ConfigProblem {
  /** File path relative to the project root. */
  readonly file: string;
  /** Dotted path of the field, e.g. `web.resources.requests.cpu`; empty for the whole file. */
  readonly field: string;
  /** 1-based line and column of the offending node, when the file has it. */
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}

/** Configuration refused before anything was synthesized; lists every problem found. */
export class ConfigError extends Error {
  public readonly problems: readonly ConfigProblem[];

  public constructor(problems: readonly ConfigProblem[]) {
    super(
      `invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  ${formatProblem(p)}`).join('\n'),
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export function formatProblem(problem: ConfigProblem): string {
  const where = problem.line !== undefined ? `${problem.file}:${problem.line}:${problem.column}` : problem.file;
  const field = problem.field === '' ? '' : ` ${problem.field}:`;
  return `${where}:${field} ${problem.message}`;
}
