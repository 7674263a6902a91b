/** check-app's report, for a person. */
import type { CheckAppResult } from './check-app';
import type { EnvRead } from './env-reads';

const at = (read: EnvRead) => `${read.file}:${read.line}`;

/** How the read is required: no default, or a default the settings then refuse. */
const why = (read: EnvRead) =>
  read.raisedAt === undefined
    ? 'read without a default'
    : `read with default ${read.defaultText ?? ''} that ${read.file}:${read.raisedAt} refuses with a raise`;

/** One line per required read, with its block when it is in one. */
function requiredLines(result: CheckAppResult): string[] {
  const lines: string[] = [];
  for (const [module, reads] of result.required) {
    const envs = [...result.settingsModules].filter(([, m]) => m === module).map(([e]) => e);
    lines.push(`${module} (${envs.join(', ')}): ${reads.length} variable(s) required`);
    for (const read of reads) {
      const notes = [
        read.raisedAt === undefined ? '' : ` (default refused by the raise at line ${read.raisedAt})`,
        read.block ? ` (inside ${read.block}: may not run at import)` : '',
      ];
      lines.push(`  ${read.variable}  ${at(read)} ${read.form}${notes.join('')}`);
    }
  }
  return lines;
}

/** The human report. */
export function formatCheckApp(result: CheckAppResult): string {
  const lines = requiredLines(result);
  for (const read of result.unchecked)
    lines.push(`warning: ${at(read)}: ${read.form} reads a computed name; not checked`);
  for (const read of result.conditional)
    lines.push(
      `warning: ${at(read)}: ${read.variable} is ${why(read)} inside ${read.block}, and some Django container lacks it: it fails that process only if the block runs`,
    );
  for (const reader of result.unfollowed)
    lines.push(
      `warning: ${reader.file}:${reader.line}: the settings use ${reader.library}; check-app does not follow the variables it reads`,
    );
  for (const missing of result.missing)
    lines.push(`missing: ${missing.what} ${missing.name} is not in the app (looked for ${missing.lookedFor})`);
  for (const environment of result.settingsModules.keys()) {
    const gaps = result.gaps.filter((g) => g.environment === environment);
    if (gaps.length === 0) {
      lines.push(`${environment}: every Django container gets every one`);
      continue;
    }
    for (const gap of gaps) {
      lines.push(
        `${environment}: ${gap.where} lacks ${gap.read.variable} (${why(gap.read)} at ${at(gap.read)}): add it to the app contract and the charts, or give it a default`,
      );
    }
  }
  const problems = result.gaps.length + result.missing.length;
  lines.push(
    problems === 0
      ? 'check-app: no gap'
      : `check-app: ${result.gaps.length} gap(s)${result.missing.length ? `, ${result.missing.length} missing module(s)` : ''}`,
  );
  return `${lines.join('\n')}\n`;
}
