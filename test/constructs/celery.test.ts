/**
 * CeleryBeat and CeleryWorker alone, with minimal props: beat is a singleton that never
 * overlaps itself; workers get the warm-shutdown grace period and a budget only when several.
 */
import { CeleryBeat, CeleryWorker, CELERY_WORKER_DEFAULTS } from '../../lib';
import { ctx, djangoChart, IMAGE, objects, only } from './fixtures';

test('beat: one replica, Recreate (the old scheduler is gone before the new starts), no PDB or HPA', () => {
  const { chart, settings, probes } = djangoChart();
  new CeleryBeat(chart, 'Beat', { ctx, image: IMAGE, version: '1.0.0', settings, probes });
  const beat = only(chart, 'Deployment', 'beat');
  // Two schedulers at once would send every periodic task twice; a rolling update overlaps them.
  expect(beat.spec).toMatchObject({ replicas: 1, strategy: { type: 'Recreate' } });
  expect(objects(chart, 'PodDisruptionBudget', 'beat')).toEqual([]);
  expect(objects(chart, 'HorizontalPodAutoscaler', 'beat')).toEqual([]);
});

test('worker: the warm-shutdown grace period and concurrency default to the exported values', () => {
  const { chart, settings, probes } = djangoChart();
  new CeleryWorker(chart, 'Worker', { ctx, image: IMAGE, version: '1.0.0', settings, probes });
  const worker = only(chart, 'Deployment', 'worker');
  const pod = (worker.spec as unknown as { template: { spec: { terminationGracePeriodSeconds: number } } }).template
    .spec;
  // Celery's warm shutdown on SIGTERM waits for running tasks; the kubelet kills at the end of this.
  expect(pod.terminationGracePeriodSeconds).toBe(CELERY_WORKER_DEFAULTS.terminationGracePeriodSeconds);
  expect(JSON.stringify(worker)).toContain(`--concurrency=${CELERY_WORKER_DEFAULTS.concurrency}`);
  expect(worker.spec).toMatchObject({ replicas: 1 });
  expect(objects(chart, 'PodDisruptionBudget', 'worker')).toEqual([]);
});

test('worker: two replicas or more get a PodDisruptionBudget selecting their pods', () => {
  const { chart, settings, probes } = djangoChart();
  new CeleryWorker(chart, 'Worker', { ctx, image: IMAGE, version: '1.0.0', settings, probes, replicas: 3 });
  const pdb = only(chart, 'PodDisruptionBudget', 'worker');
  const labels = (
    only(chart, 'Deployment', 'worker').spec as unknown as {
      template: { metadata: { labels: Record<string, string> } };
    }
  ).template.metadata.labels;
  const selector = (pdb.spec as unknown as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels;
  expect(labels).toMatchObject(selector);
});
