/**
 * Environment variables the chart itself gives the Django processes. `django.extraSettings` may
 * not set them: an extra setting lands in the same ConfigMap (and would silently replace the
 * generated value) or is shadowed by the container's own `env` (and silently ignored).
 *
 * Derived from the app contract, so it cannot drift from what the charts set: every setting whose
 * value the chart provides (the app Secret, the database backend, the image's entrypoint, the
 * values the chart computes; not the `plain` settings, which `extraSettings` is for), and the
 * variables constructs set beyond the contract (Flower's basic auth, the Celery probe module's,
 * gunicorn's worker count). A test keeps it equal to what the charts really set.
 */
import type { AppContract } from '../app/app-contract';
import { entrypointSettings } from '../app/app-processes';
import { CELERY_PROBES_ENV } from '../django/celery-probes';
import { FLOWER_BASIC_AUTH_ENV } from '../django/flower';
import { WEB_CONCURRENCY_ENV } from '../django/django-web';

export function reservedSettings(contract: AppContract): string[] {
  return [
    ...contract.settings.filter((s) => s.source !== 'plain').map((s) => s.name),
    ...entrypointSettings(contract).keys(),
    WEB_CONCURRENCY_ENV,
    FLOWER_BASIC_AUTH_ENV,
    ...Object.values(CELERY_PROBES_ENV),
  ].filter((name, index, all) => all.indexOf(name) === index);
}
