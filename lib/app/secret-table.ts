/**
 * The table of the app Secret's keys in docs/charts.md, derived from the contract. A test compares it
 * with that page, so the documentation cannot fall behind the contract.
 */
import { APP_SECRET_KEYS } from './app-secret';
import type { AppContract } from './app-contract';
import { appSecretSettings } from './app-processes';

export const SECRET_TABLE_START = '<!-- app-secret-table:start (generated from config/app.yaml) -->';
export const SECRET_TABLE_END = '<!-- app-secret-table:end -->';

/** The Markdown table, header included. */
export function appSecretTable(contract: AppContract): string {
  const rows = appSecretSettings(contract).map((s) => {
    const who = s.processes ? s.processes.join(', ') : 'every Django process';
    return `| \`${s.name}\` | ${s.required ? 'yes' : 'no'} | ${who} | ${s.description} |`;
  });
  // The in-cluster StatefulSet reads its credentials from the same Secret.
  rows.push(
    `| \`${APP_SECRET_KEYS.postgresUser}\`, \`${APP_SECRET_KEYS.postgresPassword}\` | with \`database.mode: statefulset\` | every Django process, PostgreSQL, its backup | the in-cluster database's credentials; URL-safe (letters, digits, \`-._~\`): \`DATABASE_URL\` is composed from them |`,
  );
  return ['| key | required | read by | what |', '|---|---|---|---|', ...rows].join('\n');
}
