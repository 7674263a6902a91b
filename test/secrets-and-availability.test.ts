/**
 * No secret in anything rendered, every Secret the pods read comes from somewhere declared, and
 * the availability guarantees of staging and production hold.
 */
import { scanForSecrets } from '../lib/policy/secret-scan';
import { distManifests } from './support/dist';
import { find, podTemplate, requirePodTemplate } from '../lib/common/workloads';
import { environmentRows } from './support/project';

test('no rendered object in dist/ holds a literal secret', () => {
  const all = [...distManifests('dist')];
  expect(all.length).toBeGreaterThan(100);
  const findings = all.flatMap((o) => scanForSecrets(o).map((f) => `${o.kind}/${o.metadata.name}${f.path}: ${f.what}`));
  expect(findings).toEqual([]);
});

test('the scanner finds each kind of secret it looks for (it can fail)', () => {
  const planted = {
    kind: 'Deployment',
    spec: {
      env: [
        { name: 'DJANGO_SECRET_KEY', value: 'not-so-secret' },
        { name: 'FLOWER_BASIC_AUTH', value: '$(CELERY_FLOWER_USER):$(CELERY_FLOWER_PASSWORD)' },
        { name: 'DATABASE_URL', value: 'postgres://app:s3cret@db:5432/app' },
      ],
      key: '-----BEGIN RSA PRIVATE KEY-----\nMII...',
      token: 'ghp_0123456789abcdefghijklmnopqrstuvwxyz',
    },
  };
  const what = scanForSecrets(planted).map((f) => f.what);
  expect(what).toEqual([
    'secret-looking variable with a literal value',
    'URL with a password',
    'private key',
    'GitHub token',
  ]);
  expect(scanForSecrets({ kind: 'Secret', stringData: { a: 'b' } }).map((f) => f.what)).toEqual([
    'Secret object with data',
  ]);
  expect(scanForSecrets({ kind: 'ConfigMap', data: { API_TOKEN: 'x' } }).map((f) => f.what)).toEqual([
    'secret-looking ConfigMap key',
  ]);
});

describe.each(environmentRows())('%s', (_name, { env, manifests }) => {
  test('every Secret the pods read is synced by an ExternalSecret, made by an operator, or named in the configuration', () => {
    const synced = new Set(
      find(manifests, 'ExternalSecret').map((e) => (e.spec as { target: { name: string } }).target.name),
    );
    const operatorMade = new Set(find(manifests, 'Cluster').map((c) => `${c.metadata.name}-app`));
    const referenced = new Set(
      manifests.flatMap((m) =>
        (podTemplate(m)?.spec.containers ?? []).flatMap((c) =>
          (c.env ?? []).flatMap((e) => (e.valueFrom?.secretKeyRef ? [e.valueFrom.secretKeyRef.name] : [])),
        ),
      ),
    );
    for (const name of referenced) {
      if (env.secrets.mode === 'external-secrets')
        expect([name, synced.has(name) || operatorMade.has(name)]).toEqual([name, true]);
      else
        expect([
          name,
          operatorMade.has(name) ||
            name === env.secrets.name ||
            (env.database.mode === 'external' && name === env.database.secretName),
        ]).toEqual([name, true]);
    }
    for (const es of find(manifests, 'ExternalSecret')) {
      expect(es.apiVersion).toBe('external-secrets.io/v1');
      expect((es.spec as { secretStoreRef: { kind: string } }).secretStoreRef.kind).toBe('ClusterSecretStore');
    }
  });

  test('rolling updates never reduce serving capacity, and every container bounds ephemeral storage', () => {
    for (const d of find(manifests, 'Deployment')) {
      const strategy = (d.spec as { strategy: { type: string; rollingUpdate?: { maxUnavailable: number } } }).strategy;
      if (d.metadata.labels?.['app.kubernetes.io/component'] === 'beat') continue;
      expect([d.metadata.name, strategy.type, strategy.rollingUpdate?.maxUnavailable]).toEqual([
        d.metadata.name,
        'RollingUpdate',
        0,
      ]);
    }
    for (const m of manifests) {
      for (const c of podTemplate(m)?.spec.containers ?? []) {
        expect(c.resources?.limits?.['ephemeral-storage']).toBeDefined();
        expect(c.resources?.requests?.['ephemeral-storage']).toBeDefined();
      }
    }
  });

  if (env.tier !== 'development') {
    test('web and worker: at least two replicas, spread over nodes, with a PDB that never blocks a drain', () => {
      for (const component of ['web', 'worker']) {
        const d = find(manifests, 'Deployment', `acme-${component}`)[0];
        const hpa = find(manifests, 'HorizontalPodAutoscaler', d.metadata.name)[0];
        const replicas = hpa
          ? (hpa.spec as { minReplicas: number }).minReplicas
          : (d.spec as { replicas: number }).replicas;
        expect(replicas).toBeGreaterThanOrEqual(2);
        expect(JSON.stringify(requirePodTemplate(d).spec.affinity)).toContain('kubernetes.io/hostname');
        if (env.availability.spreadAcrossZones) {
          expect(JSON.stringify(requirePodTemplate(d).spec.topologySpreadConstraints)).toContain(
            'topology.kubernetes.io/zone',
          );
        }
        const pdb = find(manifests, 'PodDisruptionBudget', d.metadata.name)[0];
        expect(pdb.spec).toEqual(
          expect.objectContaining({ maxUnavailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow' }),
        );
      }
    });
  }

  test('an autoscaled web leaves replicas to the HPA', () => {
    const web = find(manifests, 'Deployment', 'acme-web')[0];
    const hpa = find(manifests, 'HorizontalPodAutoscaler', 'acme-web')[0];
    expect((web.spec as { replicas?: number }).replicas === undefined).toBe(hpa !== undefined);
    expect(hpa !== undefined).toBe(env.web.autoscaling !== undefined);
  });

  test('production data is backed up on a schedule', () => {
    if (env.tier !== 'production') return;
    const scheduled = find(manifests, 'ScheduledBackup');
    const cron = find(manifests, 'CronJob').filter(
      (c) => c.metadata.labels?.['app.kubernetes.io/component'] === 'database-backup',
    );
    expect(scheduled.length + cron.length + (env.database.mode === 'external' ? 1 : 0)).toBeGreaterThan(0);
    for (const b of scheduled)
      expect(b.spec).toEqual(
        expect.objectContaining({ method: 'plugin', pluginConfiguration: { name: 'barman-cloud.cloudnative-pg.io' } }),
      );
    const cluster = find(manifests, 'Cluster')[0];
    if (cluster) expect((cluster.spec as { instances: number }).instances).toBeGreaterThanOrEqual(2);
  });

  test('a backup CronJob never overlaps and does not run late', () => {
    for (const c of find(manifests, 'CronJob')) {
      expect(c.spec).toEqual(
        expect.objectContaining({ concurrencyPolicy: 'Forbid', startingDeadlineSeconds: expect.any(Number) }),
      );
    }
  });
});
