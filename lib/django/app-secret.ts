/**
 * Keys of the app Secret that the in-cluster PostgreSQL (and its backups) read too. The keys the
 * Django processes read are the contract's `secret` settings (config/app.yaml).
 */
export const APP_SECRET_KEYS = {
  postgresUser: 'POSTGRES_USER',
  postgresPassword: 'POSTGRES_PASSWORD',
} as const;

/** Keys an external database's Secret must hold. */
export const EXTERNAL_DATABASE_KEYS = [
  'POSTGRES_HOST',
  'POSTGRES_PORT',
  'POSTGRES_DB',
  'POSTGRES_USER',
  'POSTGRES_PASSWORD',
] as const;
