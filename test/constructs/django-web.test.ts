/**
 * DjangoWeb alone, with minimal props: who owns the replica count, when a disruption budget
 * exists, and that the grace period covers the drain and gunicorn's own graceful timeout.
 */
import { DjangoWeb, DJANGO_WEB_DEFAULTS } from '../../lib';
import { ctx, djangoChart, IMAGE, objects, only } from './fixtures';
import { projectConfig } from '../support/project';

interface PodSpec {
  terminationGracePeriodSeconds: number;
  containers: Array<{ args: string[]; lifecycle: { preStop: { exec: { command: string[] } } } }>;
}
const podSpec = (deployment: { spec: Record<string, unknown> }) =>
  (deployment.spec as unknown as { template: { spec: PodSpec } }).template.spec;

function web(props: Partial<ConstructorParameters<typeof DjangoWeb>[2]> = {}) {
  const { chart, settings } = djangoChart();
  new DjangoWeb(chart, 'Web', { ctx, image: IMAGE, version: '1.0.0', settings, ...props });
  return chart;
}

test('with an autoscaler the HPA owns the replica count: the Deployment sets none', () => {
  const chart = web({ autoscaling: { minReplicas: 2, maxReplicas: 5, targetCPUUtilizationPercentage: 70 } });
  const deployment = only(chart, 'Deployment', 'web');
  // An explicit spec.replicas would be reset to that number on every sync, undoing the HPA.
  expect(deployment.spec).not.toHaveProperty('replicas');
  const hpa = only(chart, 'HorizontalPodAutoscaler', 'web');
  expect(hpa.spec).toMatchObject({
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name },
    minReplicas: 2,
    maxReplicas: 5,
  });
  // Two pods at least: a budget keeps one through a node drain.
  expect(objects(chart, 'PodDisruptionBudget', 'web')).toHaveLength(1);
});

test('without an autoscaler: the default count, no HPA, and no PodDisruptionBudget below two replicas', () => {
  const chart = web();
  expect(only(chart, 'Deployment', 'web').spec).toMatchObject({ replicas: DJANGO_WEB_DEFAULTS.replicas });
  expect(objects(chart, 'HorizontalPodAutoscaler', 'web')).toEqual([]);
  // A budget of one pod with minAvailable 1 would block every node drain.
  expect(objects(chart, 'PodDisruptionBudget', 'web')).toEqual([]);
  expect(objects(web({ replicas: 2 }), 'PodDisruptionBudget', 'web')).toHaveLength(1);
});

test.each([0, 15, 90])('the grace period covers a %i s drain and gunicorn graceful timeout', (drainSeconds) => {
  const pod = podSpec(only(web({ drainSeconds }), 'Deployment', 'web'));
  const container = pod.containers[0];
  expect(container.lifecycle.preStop.exec.command).toEqual(['sleep', String(drainSeconds)]);
  const graceful = Number(container.args.find((a) => a.startsWith('--graceful-timeout='))?.split('=')[1]);
  expect(graceful).toBeGreaterThan(0);
  // The countdown starts before the preStop hook runs (Kubernetes core/v1 Lifecycle.preStop, as in
  // cdk8s-plus-27's imports/k8s: "The Pod's termination grace period countdown begins before the
  // PreStop hook is executed"), so the drain and gunicorn's --graceful-timeout both fit in it.
  expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(drainSeconds + graceful);
});

test('the port and concurrency defaults are the exported ones', () => {
  const chart = web();
  const text = JSON.stringify(only(chart, 'Deployment', 'web'));
  // The port is the app contract's (config/app.yaml), as the image binds it.
  expect(text).toContain(`--bind=0.0.0.0:${projectConfig().app.port}`);
  expect(text).toContain(`{"name":"WEB_CONCURRENCY","value":"${DJANGO_WEB_DEFAULTS.concurrency}"}`);
});
