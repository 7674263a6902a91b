/**
 * Names that hold secrets by convention (`DJANGO_SECRET_KEY`, `POSTGRES_PASSWORD`, `SENTRY_DSN`...).
 * One definition for the configuration schema, the policy rules and the secret scanner.
 */
const SECRET_NAME = /(SECRET|PASSWORD|PASSWD|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL|DSN)/i;

export function looksSecret(name: string): boolean {
  return SECRET_NAME.test(name);
}
