/**
 * What must hold for every object of every environment. Each assertion states a property a
 * reviewer would check by hand; the snapshots only show that something changed.
 */
import {
  allContainers,
  find,
  labelsMatch,
  LONG_RUNNING_KINDS,
  podTemplate,
  requirePodTemplate,
  type Container,
} from '../lib/policy/workloads';
import { resourceAmount } from '../lib/config/quantities';
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
    for (const m of manifests) {
      if (CLUSTER_SCOPED.has(m.kind)) expect(m.metadata.namespace).toBeUndefined();
      else expect([m.kind, m.metadata.name, m.metadata.namespace]).toEqual([m.kind, m.metadata.name, env.namespace]);
    }
  });

  test('every object carries the recommended labels and a readable name without hashes', () => {
    for (const m of manifests) {
      for (const key of RECOMMENDED)
        expect([m.metadata.name, key, m.metadata.labels?.[key]]).toEqual([m.metadata.name, key, expect.any(String)]);
      expect(m.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      expect(m.metadata.name).not.toMatch(/-[0-9a-f]{8}$/);
    }
  });

  test('object names are unique per kind', () => {
    const keys = manifests.map((m) => `${m.kind}/${m.metadata.name}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  test.each(containers)('%s: requests cpu and memory, limits memory, bounds ephemeral storage', (_l, c: Container) => {
    expect(c.resources?.requests).toEqual(
      expect.objectContaining({
        cpu: expect.any(String),
        memory: expect.any(String),
        'ephemeral-storage': expect.any(String),
      }),
    );
    expect(c.resources?.limits).toEqual(
      expect.objectContaining({ memory: expect.any(String), 'ephemeral-storage': expect.any(String) }),
    );
    const { requests = {}, limits = {} } = c.resources ?? {};
    for (const key of Object.keys(limits)) {
      expect(resourceAmount(key, requests[key])).toBeLessThanOrEqual(resourceAmount(key, limits[key]));
    }
  });

  test.each(containers)('%s: image pinned to a tag that is not latest', (_l, c: Container) => {
    expect(c.image).toMatch(/^[^:@]+(:[0-9]+)?\/[^:@]+:[A-Za-z0-9_][A-Za-z0-9_.-]*(@sha256:[a-f0-9]{64})?$/);
    expect(c.image).not.toMatch(/:latest(@|$)/);
  });

  test.each(containers)(
    '%s: non-root numeric user, read-only root, no capabilities, RuntimeDefault seccomp',
    (_l, c, pod) => {
      const sc = c.securityContext ?? {};
      expect(sc.runAsNonRoot).toBe(true);
      expect(Number.isInteger(sc.runAsUser)).toBe(true);
      expect(sc.runAsUser).toBeGreaterThan(0);
      expect(sc.runAsGroup).toBeGreaterThan(0);
      expect(sc.readOnlyRootFilesystem).toBe(true);
      expect(sc.allowPrivilegeEscalation).toBe(false);
      expect(sc.privileged).toBe(false);
      expect(sc.capabilities?.drop).toEqual(['ALL']);
      expect(sc.capabilities?.add).toBeUndefined();
      expect(sc.seccompProfile).toEqual({ type: 'RuntimeDefault' });
      expect(pod.spec.securityContext).toEqual(
        expect.objectContaining({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }),
      );
      expect(pod.spec.automountServiceAccountToken).toBe(false);
    },
  );

  test.each(containers)('%s: every volume mount has a volume and probes target declared ports', (_l, c, pod, m) => {
    const claims = (
      (m.spec as { volumeClaimTemplates?: Array<{ metadata: { name: string } }> }).volumeClaimTemplates ?? []
    ).map((t) => t.metadata.name);
    const volumes = new Set([...(pod.spec.volumes ?? []).map((v) => v.name), ...claims]);
    for (const mount of c.volumeMounts ?? []) expect([mount.name, volumes.has(mount.name)]).toEqual([mount.name, true]);
    const portNames = new Set((c.ports ?? []).map((p) => p.name));
    const portNumbers = new Set((c.ports ?? []).map((p) => p.containerPort));
    for (const probe of [c.readinessProbe, c.livenessProbe, c.startupProbe]) {
      const port = probe?.httpGet?.port ?? probe?.tcpSocket?.port;
      if (port === undefined) continue;
      expect(typeof port === 'string' ? portNames.has(port) : portNumbers.has(port)).toBe(true);
    }
  });

  test('long-running containers have readiness and liveness probes that differ', () => {
    for (const [label, c, , m] of containers) {
      if (!LONG_RUNNING_KINDS.includes(m.kind)) continue;
      expect([label, c.readinessProbe]).toEqual([label, expect.any(Object)]);
      expect([label, c.livenessProbe]).toEqual([label, expect.any(Object)]);
      expect(c.readinessProbe).not.toEqual(c.livenessProbe);
    }
  });

  test('every pod runs under its own ServiceAccount that the chart creates', () => {
    const accounts = new Set(find(manifests, 'ServiceAccount').map((s) => s.metadata.name));
    for (const m of manifests) {
      const pod = podTemplate(m);
      if (!pod) continue;
      expect(pod.spec.serviceAccountName).toBeDefined();
      expect(pod.spec.serviceAccountName).not.toBe('default');
      expect(accounts.has(pod.spec.serviceAccountName ?? '')).toBe(true);
    }
  });

  test('every workload selector selects its own pod template', () => {
    for (const m of manifests) {
      const pod = podTemplate(m);
      if (!pod || m.kind === 'Job' || m.kind === 'CronJob') continue;
      const selector = (m.spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels;
      expect(labelsMatch(selector, pod.metadata.labels)).toBe(true);
    }
  });

  test('every Service selects exactly one pod template and targets a declared container port', () => {
    const templates = manifests.filter((m) => LONG_RUNNING_KINDS.includes(m.kind)).map((m) => requirePodTemplate(m));
    for (const svc of find(manifests, 'Service')) {
      const spec = svc.spec as {
        selector: Record<string, string>;
        ports: Array<{ name: string; targetPort: string | number }>;
      };
      const selected = templates.filter((t) => labelsMatch(spec.selector, t.metadata.labels));
      expect([svc.metadata.name, selected.length]).toEqual([svc.metadata.name, 1]);
      const ports = selected[0].spec.containers.flatMap((c) => c.ports ?? []);
      for (const p of spec.ports) {
        const found = ports.some((cp) =>
          typeof p.targetPort === 'string' ? cp.name === p.targetPort : cp.containerPort === p.targetPort,
        );
        expect([svc.metadata.name, p.name, found]).toEqual([svc.metadata.name, p.name, true]);
      }
    }
  });

  test('every StatefulSet names an existing headless Service', () => {
    for (const sts of find(manifests, 'StatefulSet')) {
      const serviceName = (sts.spec as { serviceName: string }).serviceName;
      const svc = find(manifests, 'Service', serviceName)[0];
      expect(svc).toBeDefined();
      expect((svc.spec as { clusterIP?: string }).clusterIP).toBe('None');
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
    for (const [label, c] of containers) {
      for (const from of c.envFrom ?? []) {
        if (from.configMapRef) expect([label, configMaps.has(from.configMapRef.name)]).toEqual([label, true]);
        if (from.secretRef) expect([label, declaredSecrets.has(from.secretRef.name)]).toEqual([label, true]);
      }
      for (const e of c.env ?? []) {
        const cm = e.valueFrom?.configMapKeyRef;
        const secret = e.valueFrom?.secretKeyRef;
        if (cm) expect(configMaps.has(cm.name)).toBe(true);
        if (secret) expect([label, e.name, declaredSecrets.has(secret.name)]).toEqual([label, e.name, true]);
      }
    }
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

  test('every Django process has a writable /tmp under its read-only root', () => {
    for (const [label, c, pod] of containers) {
      if (!c.image.includes('acme-django')) continue;
      const tmp = (c.volumeMounts ?? []).find((v) => v.mountPath === '/tmp');
      expect([label, tmp]).toEqual([label, expect.any(Object)]);
      expect(pod.spec.volumes?.find((v) => v.name === tmp?.name)).toHaveProperty('emptyDir');
    }
  });
});
