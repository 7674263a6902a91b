/**
 * The keys the environment's app Secret must hold. The Secret itself is never rendered: it exists
 * in the namespace already (created by an operator, External Secrets or a sealed secret).
 */
export const APP_SECRET_KEYS = {
  secretKey: 'DJANGO_SECRET_KEY',
  adminUrl: 'DJANGO_ADMIN_URL',
  sentryDsn: 'SENTRY_DSN',
  mailgunApiKey: 'MAILGUN_API_KEY',
  flowerUser: 'CELERY_FLOWER_USER',
  flowerPassword: 'CELERY_FLOWER_PASSWORD',
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
