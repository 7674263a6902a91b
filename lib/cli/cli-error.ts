/** A refusal the CLI reports as one clear line (no stack trace), exiting non-zero. */
export class CliError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}
