/**
 * Environment variables the chart itself gives the Django processes. `django.extraSettings` may
 * not set them: an extra setting lands in the same ConfigMap (and would silently replace the
 * generated value) or is shadowed by the container's own `env` (and silently ignored).
 *
 * Derived, so it cannot drift from what the charts set: every setting of the app contract whose
 * value the chart provides (the app Secret, the database backend, the image's entrypoint, a
 * process's own container, and the ConfigMap settings DjangoSettings computes; not the optional
 * ConfigMap settings left to the app's defaults, which `extraSettings` is for), and the variables
 * constructs set beyond the contract (Flower's basic auth, the Celery probe module's). A test
 * keeps it equal to what the charts really set.
 */
import { SEED_APP_CONTRACT } from '../app/seed-contract';
import { CELERY_PROBES_ENV } from '../django/celery-probes';
import { COMPUTED_SETTINGS } from '../django/django-settings';
import { FLOWER_BASIC_AUTH_ENV } from '../django/flower';

const computed: readonly string[] = COMPUTED_SETTINGS;

export const RESERVED_SETTINGS: readonly string[] = [
  ...SEED_APP_CONTRACT.settings
    .filter((s) => s.source.kind !== 'config-map' || computed.includes(s.name))
    .map((s) => s.name),
  FLOWER_BASIC_AUTH_ENV,
  ...Object.values(CELERY_PROBES_ENV),
];
