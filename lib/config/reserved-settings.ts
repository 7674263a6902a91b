/**
 * Environment variables the chart itself gives the Django processes. `django.extraSettings` may
 * not set them: an extra setting lands in the same ConfigMap (and would silently replace the
 * generated value) or is shadowed by the container's own `env` (and silently ignored). A test
 * keeps this list equal to what the charts really set.
 */
export const RESERVED_SETTINGS: readonly string[] = [
  // The shared ConfigMap (lib/django/django-settings.ts).
  'DJANGO_SETTINGS_MODULE',
  'DJANGO_ALLOWED_HOSTS',
  'DJANGO_SECURE_SSL_REDIRECT',
  'REDIS_URL',
  'CELERY_BROKER_URL',
  'SENTRY_ENVIRONMENT',
  'MAILGUN_DOMAIN',
  'DJANGO_EMAIL_BACKEND',
  'EMAIL_HOST',
  'EMAIL_PORT',
  // The database backend's settings and Secret keys (lib/backing).
  'POSTGRES_HOST',
  'POSTGRES_PORT',
  'POSTGRES_DB',
  'POSTGRES_USER',
  'POSTGRES_PASSWORD',
  // Built by the image's entrypoint from the POSTGRES_* variables.
  'DATABASE_URL',
  // From the app Secret (lib/django/app-secret.ts).
  'DJANGO_SECRET_KEY',
  'DJANGO_ADMIN_URL',
  'SENTRY_DSN',
  'MAILGUN_API_KEY',
  'CELERY_FLOWER_USER',
  'CELERY_FLOWER_PASSWORD',
  // Per component.
  'WEB_CONCURRENCY',
  'FLOWER_BASIC_AUTH',
  // The Celery probe module of worker and beat (lib/django/celery-probes.ts).
  'PYTHONPATH',
  'CELERY_PROBES_APP',
  'CELERY_PROBES_BEAT_SCHEDULER',
];
