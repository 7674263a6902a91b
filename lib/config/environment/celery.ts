/** Celery: the workers, beat (the scheduler) and Flower (the monitor). */
import * as z from '../zod';
import type { StackBeatProps, StackFlowerProps, StackWorkerProps } from '../../stack/django-stack-props';
import { CELERY_BEAT_DEFAULTS } from '../../django/celery-beat';
import { CELERY_WORKER_DEFAULTS } from '../../django/celery-worker';
import { FLOWER_DEFAULTS } from '../../django/flower';
import { ingress, replicas, resourcesWithDefault } from '../primitives';

export const worker = z.strictObject({
  /** Worker pods; at least 2 above development. @default 1 */
  replicas: replicas(50).default(CELERY_WORKER_DEFAULTS.replicas),
  /** Celery pool processes per pod. */
  concurrency: z.int().min(1).max(64).default(CELERY_WORKER_DEFAULTS.concurrency),
  /** Seconds a running task may take to finish after SIGTERM (Celery warm shutdown). */
  terminationGracePeriodSeconds: z
    .int()
    .min(30)
    .max(3600)
    .default(CELERY_WORKER_DEFAULTS.terminationGracePeriodSeconds),
  /** @default CELERY_WORKER_DEFAULTS.resources */
  resources: resourcesWithDefault(CELERY_WORKER_DEFAULTS.resources),
}) satisfies z.ZodType<StackWorkerProps>;

export const beat = z.strictObject({
  /**
   * Where beat keeps its schedule: `database` is django-celery-beat's DatabaseScheduler (what
   * cookiecutter-django configures), `file` is Celery's own PersistentScheduler with a file in /tmp.
   */
  scheduler: z.enum(['database', 'file']).default(CELERY_BEAT_DEFAULTS.scheduler),
  /** @default CELERY_BEAT_DEFAULTS.resources */
  resources: resourcesWithDefault(CELERY_BEAT_DEFAULTS.resources),
}) satisfies z.ZodType<StackBeatProps>;

export const flower = z.strictObject({
  /** Run Flower, the Celery monitor. @default true */
  enabled: z.boolean().default(true),
  /** Public entry; without it Flower is reached by `kubectl port-forward` only. @default none */
  ingress: ingress.optional(),
  /** @default FLOWER_DEFAULTS.resources */
  resources: resourcesWithDefault(FLOWER_DEFAULTS.resources),
}) satisfies z.ZodType<StackFlowerProps>;
