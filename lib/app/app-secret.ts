/**
 * Keys of the app Secret that the in-cluster PostgreSQL (and its backups) read too. The keys the
 * Django processes read are the contract's `secret` settings (config/app.yaml).
 */
export const APP_SECRET_KEYS = {
  postgresUser: 'POSTGRES_USER',
  postgresPassword: 'POSTGRES_PASSWORD',
} as const;

/** The key of an external database's Secret that holds the whole URL, user and password URL-encoded. */
export const EXTERNAL_DATABASE_URL_KEY = 'DATABASE_URL';

/** Keys an external database's Secret must hold besides the URL (the entrypoint checks the URL against them). */
export const EXTERNAL_DATABASE_KEYS = [
  'POSTGRES_HOST',
  'POSTGRES_PORT',
  'POSTGRES_DB',
  'POSTGRES_USER',
  'POSTGRES_PASSWORD',
] as const;
