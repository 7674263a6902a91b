/**
 * What must hold for every object of every environment. Each assertion states a property a
 * reviewer would check by hand; the snapshots only show that something changed. What a policy
 * rule already checks on every environment (test/policy.test.ts: IMG-TAG, the securityContext
 * rules, READINESS/LIVENESS/PROBES-DIFFER, PROBE-PORT, SA-REF/SA-NOT-DEFAULT, SELECTOR-MATCH,
 * STS-HEADLESS, CPU-REQ/MEM-REQ/MEM-LIM/EPHEMERAL) is not restated here.
 */
import { createHash } from 'node:crypto';
import {
  allContainers,
  find,
  labelsMatch,
  LONG_RUNNING_KINDS,
  podTemplate,
  requirePodTemplate,
  type Container,
} from '../lib/common/workloads';
import { resourceAmount } from '../lib/common/quantities';
import { PROBES_MODULE } from '../lib/django/celery-probes';
import { GUNICORN_CONFIG_FILE, GUNICORN_CONFIG_MOUNT } from '../lib/django/gunicorn-config';
import { expectEach } from './support/expect-each';
import { environmentRows } from './support/project';

const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'PriorityClass', 'StorageClass']);
const RECOMMENDED = [
  'app.kubernetes.io/name',
  'app.kubernetes.io/instance',
  'app.kubernetes.io/component',
  'app.kubernetes.io/part-of',
  'app.kubernetes.io/managed-by',
];

describe.each(environmentRows())('%s environment', (_name, { env, manifests }) => {
  const containers = allContainers(manifests);

  test('has objects and workloads', () => {
    expect(manifests.length).toBeGreaterThan(20);
    expect(containers.length).toBeGreaterThan(5);
  });

  test('every namespaced object is in the environment namespace', () => {
    expectEach(
      manifests,
      (m) => `${m.kind}/${m.metadata.name} in ${m.metadata.namespace ?? 'no namespace'}`,
      (m) => (CLUSTER_SCOPED.has(m.kind) ? m.metadata.namespace === undefined : m.metadata.namespace === env.namespace),
    );
  });

  test('every object carries the recommended labels and a readable name without hashes', () => {
    for (const key of RECOMMENDED)
      expectEach(
        manifests,
        (m) => `${m.kind}/${m.metadata.name} without ${key}`,
        (m) => typeof m.metadata.labels?.[key] === 'string',
      );
    for (const m of manifests) {
      expect(m.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      expect(m.metadata.name).not.toMatch(/-[0-9a-f]{8}$/);
    }
  });

  test('object names are unique per kind', () => {
    const keys = manifests.map((m) => `${m.kind}/${m.metadata.name}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  test.each(containers)('%s: no request above its limit', (_l, c: Container) => {
    const { requests = {}, limits = {} } = c.resources ?? {};
    for (const key of Object.keys(limits)) {
      expect(resourceAmount(key, requests[key])).toBeLessThanOrEqual(resourceAmount(key, limits[key]));
    }
  });

  test.each(containers)('%s: every volume mount has a volume', (_l, c, pod, m) => {
    const claims = (
      (m.spec as { volumeClaimTemplates?: Array<{ metadata: { name: string } }> }).volumeClaimTemplates ?? []
    ).map((t) => t.metadata.name);
    const volumes = new Set([...(pod.spec.volumes ?? []).map((v) => v.name), ...claims]);
    expectEach(
      c.volumeMounts ?? [],
      (mount) => mount.name,
      (mount) => volumes.has(mount.name),
    );
  });

  test('every Service selects exactly one pod template and targets a declared container port', () => {
    const templates = manifests.filter((m) => LONG_RUNNING_KINDS.includes(m.kind)).map((m) => requirePodTemplate(m));
    for (const svc of find(manifests, 'Service')) {
      const spec = svc.spec as {
        selector: Record<string, string>;
        ports: Array<{ name: string; targetPort: string | number }>;
      };
      const selected = templates.filter((t) => labelsMatch(spec.selector, t.metadata.labels));
      expect(`${svc.metadata.name} selects ${selected.length}`).toBe(`${svc.metadata.name} selects 1`);
      const ports = selected[0].spec.containers.flatMap((c) => c.ports ?? []);
      expectEach(
        spec.ports,
        (p) => `${svc.metadata.name} port ${p.name}`,
        (p) =>
          ports.some((cp) =>
            typeof p.targetPort === 'string' ? cp.name === p.targetPort : cp.containerPort === p.targetPort,
          ),
      );
    }
  });

  test('every Ingress backend is an existing Service port, with TLS for every host', () => {
    for (const ing of find(manifests, 'Ingress')) {
      const spec = ing.spec as {
        tls: Array<{ hosts: string[] }>;
        rules: Array<{
          host: string;
          http: { paths: Array<{ backend: { service: { name: string; port: { name: string } } } }> };
        }>;
      };
      const tlsHosts = new Set(spec.tls.flatMap((t) => t.hosts));
      for (const rule of spec.rules) {
        expect(tlsHosts.has(rule.host)).toBe(true);
        for (const p of rule.http.paths) {
          const svc = find(manifests, 'Service', p.backend.service.name)[0];
          expect(svc).toBeDefined();
          const ports = (svc.spec as { ports: Array<{ name: string }> }).ports.map((x) => x.name);
          expect(ports).toContain(p.backend.service.port.name);
        }
      }
    }
  });

  test('every ConfigMap reference resolves and every Secret reference is a declared external Secret', () => {
    const configMaps = new Set(find(manifests, 'ConfigMap').map((c) => c.metadata.name));
    // Secrets made outside the chart: the environment's own, and those an operator creates for
    // a Cluster it runs (`<cluster>-app`).
    const declaredSecrets = new Set([
      env.secrets.name,
      ...(env.database.mode === 'external' ? [env.database.secretName] : []),
      ...find(manifests, 'Cluster').map((c) => `${c.metadata.name}-app`),
    ]);
    const references = containers.flatMap(([label, c]) => [
      ...(c.envFrom ?? []).flatMap((from) => [
        ...(from.configMapRef ? [{ label, kind: 'ConfigMap', name: from.configMapRef.name }] : []),
        ...(from.secretRef ? [{ label, kind: 'Secret', name: from.secretRef.name }] : []),
      ]),
      ...(c.env ?? []).flatMap((e) => [
        ...(e.valueFrom?.configMapKeyRef
          ? [{ label: `${label} ${e.name}`, kind: 'ConfigMap', name: e.valueFrom.configMapKeyRef.name }]
          : []),
        ...(e.valueFrom?.secretKeyRef
          ? [{ label: `${label} ${e.name}`, kind: 'Secret', name: e.valueFrom.secretKeyRef.name }]
          : []),
      ]),
    ]);
    expect(references.length).toBeGreaterThan(0);
    expectEach(
      references,
      (r) => `${r.label}: ${r.kind} ${r.name}`,
      (r) => (r.kind === 'ConfigMap' ? configMaps : declaredSecrets).has(r.name),
    );
  });

  test('no Secret object is rendered: secrets are only referenced', () => {
    expect(find(manifests, 'Secret')).toEqual([]);
  });

  test('beat is a singleton: one replica, Recreate, no autoscaler or disruption budget', () => {
    const beats = find(manifests, 'Deployment').filter(
      (d) => d.metadata.labels?.['app.kubernetes.io/component'] === 'beat',
    );
    expect(beats).toHaveLength(1);
    const spec = beats[0].spec as { replicas: number; strategy: { type: string } };
    expect(spec.replicas).toBe(1);
    expect(spec.strategy.type).toBe('Recreate');
    const args = requirePodTemplate(beats[0]).spec.containers[0];
    // No pid file: one kept in the /tmp emptyDir across a container restart would stop beat
    // for good (celery 5.2.7 sees its own PID 1 alive). The schedule file, if any, goes to /tmp.
    expect(JSON.stringify(args)).not.toContain('--pidfile');
    if (env.beat.scheduler === 'file') expect(JSON.stringify(args)).toContain('--schedule=/tmp/');
    const targets = find(manifests, 'HorizontalPodAutoscaler').map(
      (h) => (h.spec as { scaleTargetRef: { name: string } }).scaleTargetRef.name,
    );
    expect(targets).not.toContain(beats[0].metadata.name);
    for (const pdb of find(manifests, 'PodDisruptionBudget')) {
      const sel = (pdb.spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels;
      expect(labelsMatch(sel, requirePodTemplate(beats[0]).metadata.labels)).toBe(false);
    }
    // No worker embeds a scheduler.
    for (const [, c] of containers) expect(JSON.stringify(c)).not.toMatch(/"-B"|--beat/);
  });

  test('the mail catcher exists only outside production, and the app mails where it runs', () => {
    const catchers = manifests.filter((m) => m.metadata.labels?.['app.kubernetes.io/component'] === 'mail');
    const config = find(manifests, 'ConfigMap')[0].data as Record<string, string>;
    if (env.tier === 'production') {
      expect(catchers).toEqual([]);
      expect(config.EMAIL_HOST).toBeUndefined();
      expect(config.MAILGUN_DOMAIN).toBeDefined();
    }
    if (env.mailCatcher.enabled) {
      const svc = find(catchers, 'Service')[0];
      expect(config.EMAIL_HOST).toBe(svc.metadata.name);
      expect(config.EMAIL_PORT).toBe('1025');
    }
  });

  test('migrations run once per deployment as a Job, never in the web entrypoint', () => {
    const jobs = find(manifests, 'Job').filter((j) => j.metadata.labels?.['app.kubernetes.io/component'] === 'migrate');
    expect(jobs).toHaveLength(1);
    expect(JSON.stringify(requirePodTemplate(jobs[0]).spec.containers[0])).toContain('"migrate"');
    for (const m of manifests.filter((x) => LONG_RUNNING_KINDS.includes(x.kind))) {
      expect(JSON.stringify(podTemplate(m))).not.toContain('"migrate"');
    }
  });

  test('web stops gracefully: preStop drain inside the grace period, probes send Host and X-Forwarded-Proto', () => {
    const web = find(manifests, 'Deployment', 'acme-web')[0];
    const pod = requirePodTemplate(web) as unknown as {
      spec: {
        terminationGracePeriodSeconds: number;
        containers: Array<{
          lifecycle: { preStop: { exec: { command: string[] } } };
          readinessProbe: { httpGet: { httpHeaders: Array<{ name: string; value: string }> } };
        }>;
      };
    };
    const sleep = Number(pod.spec.containers[0].lifecycle.preStop.exec.command[1]);
    expect(sleep).toBeGreaterThan(0);
    expect(pod.spec.terminationGracePeriodSeconds).toBeGreaterThan(sleep + 20);
    const headers = Object.fromEntries(
      pod.spec.containers[0].readinessProbe.httpGet.httpHeaders.map((h) => [h.name, h.value]),
    );
    expect(headers['X-Forwarded-Proto']).toBe('https');
    const allowed = (find(manifests, 'ConfigMap')[0].data as Record<string, string>).DJANGO_ALLOWED_HOSTS.split(',');
    expect(allowed).toContain(headers.Host);
  });

  test('a long-running pod that reads a generated ConfigMap rolls when it changes: checksum/* is the sha256 of its content', () => {
    // A changed ConfigMap alone restarts nothing: envFrom is read at container start, and a
    // mounted Python file (gunicorn's --config, the Celery probes module) is imported once.
    const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
    const content: Record<string, [string, (data: Record<string, string>) => string]> = {
      'acme-django': ['checksum/config', (data) => JSON.stringify(data)],
      'acme-gunicorn': ['checksum/gunicorn-config', (data) => data[GUNICORN_CONFIG_FILE]],
      'acme-celery-probes': ['checksum/celery-probes', (data) => data[`${PROBES_MODULE}.py`]],
    };
    const readers = manifests
      .filter((m) => LONG_RUNNING_KINDS.includes(m.kind))
      .flatMap((m) => {
        const pod = requirePodTemplate(m);
        const names = new Set([
          ...pod.spec.containers.flatMap((c) => (c.envFrom ?? []).map((e) => e.configMapRef?.name)),
          ...(pod.spec.volumes ?? []).map((v) => (v.configMap as { name?: string } | undefined)?.name),
        ]);
        return Object.keys(content)
          .filter((name) => names.has(name))
          .map((name) => [`${m.kind}/${m.metadata.name} reads ${name}`, pod, name] as const);
      });
    expect(readers.map(([, , name]) => name)).toEqual(expect.arrayContaining(Object.keys(content)));
    expectEach(
      readers,
      ([label]) => label,
      ([, pod, name]) => {
        const [annotation, text] = content[name];
        const data = find(manifests, 'ConfigMap', name)[0].data as Record<string, string>;
        return pod.metadata.annotations?.[annotation] === sha256(text(data));
      },
    );
  });

  test('web runs gunicorn with the generated configuration file, mounted read-only', () => {
    const pod = requirePodTemplate(find(manifests, 'Deployment', 'acme-web')[0]);
    const web = pod.spec.containers[0];
    expect(web.args).toContain(`--config=${GUNICORN_CONFIG_MOUNT}/${GUNICORN_CONFIG_FILE}`);
    const mount = web.volumeMounts?.find((v) => v.mountPath === GUNICORN_CONFIG_MOUNT);
    expect(mount).toMatchObject({ readOnly: true });
    const volume = pod.spec.volumes?.find((v) => v.name === mount?.name);
    expect(volume?.configMap).toEqual({ name: 'acme-gunicorn' });
    const file = (find(manifests, 'ConfigMap', 'acme-gunicorn')[0].data as Record<string, string>)[
      GUNICORN_CONFIG_FILE
    ];
    expect(file).toMatch(/^def post_worker_init\(worker\):$/m);
  });

  test('every Django process has a writable /tmp under its read-only root', () => {
    const django = containers.filter(([, c]) => c.image.includes('acme-django'));
    expect(django.length).toBeGreaterThan(0);
    expectEach(
      django,
      ([label]) => label,
      ([, c, pod]) => {
        const tmp = (c.volumeMounts ?? []).find((v) => v.mountPath === '/tmp');
        return tmp !== undefined && pod.spec.volumes?.find((v) => v.name === tmp.name)?.emptyDir !== undefined;
      },
    );
  });
});
