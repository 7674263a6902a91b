/**
 * Options that the committed environments do not all use, synthesized from variants of them:
 * each must produce a chart that keeps the same guarantees.
 */
import type { EnvironmentConfig } from '../lib/config/environment-schema';
import { environmentManifests } from '../charts/render';
import { find, requirePodTemplate } from '../lib/common/workloads';
import { policyViolations } from './support/manifest-checks';
import { environmentVariant, projectConfig } from './support/project';

const { project, environments } = projectConfig();
const dev = environments.find((e) => e.name === 'dev');

/** The dev environment with some settings replaced, validated like a file. */
function variant(patch: Record<string, unknown>): EnvironmentConfig {
  if (!dev) throw new Error('no dev environment');
  return environmentVariant(dev, patch);
}

function violations(env: EnvironmentConfig): string[] {
  return policyViolations(environmentManifests(project, env), env.tier, project.product.name);
}

test('a NodePort web Service, as the seed had behind its edge proxy', () => {
  const env = variant({ 'web.service.type': 'NodePort', 'web.service.nodePort': 30080 });
  const svc = find(environmentManifests(project, env), 'Service', 'acme-web')[0];
  expect(svc.spec).toEqual(expect.objectContaining({ type: 'NodePort' }));
  expect((svc.spec as { ports: Array<{ nodePort: number }> }).ports[0].nodePort).toBe(30080);
  // The checklist prefers ClusterIP: choosing NodePort is the only finding it causes.
  expect(violations(env)).toEqual(['SVC-TYPE Service/acme-web: type NodePort']);
});

test('gunicorn on another port: container, Service, probes and policies follow', () => {
  const env = variant({ 'web.port': 5000 });
  const objects = environmentManifests(project, env);
  const container = requirePodTemplate(find(objects, 'Deployment', 'acme-web')[0]).spec.containers[0];
  expect(container.ports).toEqual([{ name: 'http', containerPort: 5000, protocol: 'TCP' }]);
  expect(JSON.stringify(container)).toContain('--bind=0.0.0.0:5000');
  expect((find(objects, 'Service', 'acme-web')[0].spec as { ports: Array<{ port: number }> }).ports[0].port).toBe(5000);
  expect(JSON.stringify(find(objects, 'NetworkPolicy', 'acme-web-from-ingress')[0].spec)).toContain('5000');
  expect(violations(env)).toEqual([]);
});

test('Mailhog instead of Mailpit, and an external database', () => {
  const env = variant({
    'mailCatcher.kind': 'mailhog',
    database: { mode: 'external', secretName: 'acme-database', cidrs: ['10.20.0.0/24'] },
  });
  const objects = environmentManifests(project, env);
  expect(requirePodTemplate(find(objects, 'Deployment', 'acme-mail')[0]).spec.containers[0].image).toMatch(
    /mailhog\/mailhog:v/,
  );
  expect(find(objects, 'StatefulSet').map((s) => s.metadata.name)).toEqual(['acme-redis']);
  const web = requirePodTemplate(find(objects, 'Deployment', 'acme-web')[0]).spec.containers[0];
  expect(web.env?.find((e) => e.name === 'POSTGRES_HOST')?.valueFrom?.secretKeyRef?.name).toBe('acme-database');
  expect(JSON.stringify(find(objects, 'NetworkPolicy', 'acme-egress-database')[0].spec)).toContain('10.20.0.0/24');
  expect(violations(env)).toEqual([]);
});

test('beat with the file scheduler keeps its schedule in /tmp and runs it under the heartbeat subclass', () => {
  const env = variant({ 'beat.scheduler': 'file' });
  const beat = requirePodTemplate(find(environmentManifests(project, env), 'Deployment', 'acme-beat')[0]).spec
    .containers[0];
  expect(beat.args).toEqual(
    expect.arrayContaining(['--scheduler=k8s_celery_probes:HeartbeatScheduler', '--schedule=/tmp/celerybeat-schedule']),
  );
  expect(beat.env).toContainEqual({ name: 'CELERY_PROBES_BEAT_SCHEDULER', value: 'celery.beat:PersistentScheduler' });
  expect(JSON.stringify(beat.livenessProbe)).toContain('/tmp/celery-probes/heartbeat');
  expect(violations(env)).toEqual([]);
  const stock = requirePodTemplate(find(environmentManifests(project, variant({})), 'Deployment', 'acme-beat')[0]).spec
    .containers[0];
  expect(stock.args?.some((a) => a.startsWith('--schedule='))).toBe(false);
});

test('digest-pinned images are pulled by digest', () => {
  const digest = `sha256:${'a'.repeat(64)}`;
  const env = variant({ 'images.app.digest': digest });
  const web = requirePodTemplate(find(environmentManifests(project, env), 'Deployment', 'acme-web')[0]).spec
    .containers[0];
  expect(web.image).toBe(`ghcr.io/acme/acme-django:${dev?.images.app.tag}@${digest}`);
});

test('flower and docs can be switched off, and their policies go with them', () => {
  const env = variant({ 'flower.enabled': false, 'docs.enabled': false });
  const objects = environmentManifests(project, env);
  const components = new Set(objects.map((o) => o.metadata.labels?.['app.kubernetes.io/component']));
  expect(components.has('flower')).toBe(false);
  expect(components.has('docs')).toBe(false);
  expect(find(objects, 'NetworkPolicy').map((p) => p.metadata.name)).not.toContain('acme-docs-from-ingress');
  expect(violations(env)).toEqual([]);
});
