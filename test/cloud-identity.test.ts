/**
 * Cloud identity and object storage (issue 18, point 5): for each provider, the components named
 * in `cloudIdentity` and only those get the provider's ServiceAccount annotations and pod labels
 * (keys as lib/platform/workload-identity.ts cites them from each provider's source), may reach the
 * provider's API on 443 and nothing more through default deny; an app whose static files live in
 * object storage gets a collectstatic Job that runs before web rolls out, under ArgoCD and Helm
 * alike, with web's settings. Every object still validates and passes the policy rules.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { sources } from '../scripts/schema-dir.cjs';
import { main } from '../main';
import { environmentManifests } from '../charts/render';
import { loadConfig } from '../lib/config/load';
import { requirePodTemplate } from '../lib/common/workloads';
import { NetworkPolicyEvaluator, type External, type Pod } from '../lib/platform/network-policy-evaluator';
import { chartPods } from '../lib/platform/chart-pods';
import { trafficNodes } from '../lib/synth/traffic-diagram';
import type { Manifest } from '../lib/common/manifest';
import type { AppContract } from '../lib/app/app-contract';
import type { EnvironmentConfig } from '../lib/config/environment-schema';
import { configRefusal } from './support/config-refusal';
import { helm } from './support/helm';
import { editedConfig, editYaml } from './support/edit-config';
import { helmSteps, hooksInExecutionOrder, isHelmHook, unmetNeeds } from './support/helm-install-model';
import { kubernetesValidator } from './support/kubernetes-schemas';
import { policyViolations, schemaFailures } from './support/manifest-checks';
import { environmentVariant, projectConfig, ROOT, temporaryProject } from './support/project';

const { project, environments } = projectConfig();
const base = environments.find((e) => e.name === 'staging') ?? environments[0];
const objectStorageApp: AppContract = { ...base.app, staticFiles: 'object-storage' };
const CHOSEN = ['web', 'worker', 'migrate', 'collectstatic'];

const IDENTITIES = {
  aws: { provider: 'aws', roleArn: 'arn:aws:iam::111122223333:role/acme-staging', stsRegionalEndpoints: true },
  gcp: { provider: 'gcp', serviceAccount: 'acme-staging@acme-project.iam.gserviceaccount.com' },
  azure: {
    provider: 'azure',
    clientId: '00000000-1111-2222-3333-444444444444',
    tenantId: '55555555-6666-7777-8888-999999999999',
  },
} as const;

/** Exactly what each provider's webhook or metadata server reads (sources in lib/platform/workload-identity.ts). */
const EXPECTED = {
  aws: {
    annotations: {
      'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/acme-staging',
      'eks.amazonaws.com/sts-regional-endpoints': 'true',
    },
    podLabels: {},
  },
  gcp: {
    annotations: { 'iam.gke.io/gcp-service-account': 'acme-staging@acme-project.iam.gserviceaccount.com' },
    podLabels: {},
  },
  azure: {
    annotations: {
      'azure.workload.identity/client-id': '00000000-1111-2222-3333-444444444444',
      'azure.workload.identity/tenant-id': '55555555-6666-7777-8888-999999999999',
    },
    podLabels: { 'azure.workload.identity/use': 'true' },
  },
} as const;

const component = (m: Manifest) => m.metadata.labels?.['app.kubernetes.io/component'] ?? '';
const annotationsOf = (m: Manifest, prefix: RegExp) =>
  Object.fromEntries(Object.entries(m.metadata.annotations ?? {}).filter(([k]) => prefix.test(k)));
const INTERNET: External = { ip: '203.0.113.10' };
const CLOUD_KEYS = /^(eks\.amazonaws\.com|iam\.gke\.io|azure\.workload\.identity)\//;

/**
 * staging with the identity, and without its own egress rules (HTTPS to Mailgun and Sentry), so
 * every path out of the namespace is the identity's.
 */
function render(provider: keyof typeof IDENTITIES | undefined): { env: EnvironmentConfig; manifests: Manifest[] } {
  const identity = provider && { cloudIdentity: { ...IDENTITIES[provider], components: CHOSEN } };
  const env = environmentVariant(base, { ...identity, 'network.egress': [] }, objectStorageApp);
  return { env, manifests: environmentManifests(project, env) };
}

test("without a cloud identity no pod leaves the namespace: the paths below are the identity's", () => {
  const { manifests } = render(undefined);
  const policies = new NetworkPolicyEvaluator(manifests);
  const pods = chartPods(manifests);
  expect(pods.map((p) => p.name)).toEqual(expect.arrayContaining(['web', 'worker', 'collectstatic']));
  for (const p of pods) {
    expect([
      p.name,
      policies.allowsSomePort(p, INTERNET),
      policies.allowsSomePort(p, { ip: '169.254.169.254' }),
    ]).toEqual([p.name, false, false]);
  }
  expect(manifests.some((m) => CLOUD_KEYS.test(Object.keys(m.metadata.annotations ?? {}).join(' ')))).toBe(false);
});

describe.each(Object.keys(IDENTITIES) as Array<keyof typeof IDENTITIES>)('%s', (provider) => {
  const { env, manifests } = render(provider);
  const workloads = manifests.filter((m) => ['Deployment', 'StatefulSet', 'Job', 'CronJob'].includes(m.kind));
  const pods = chartPods(manifests);
  const pod = (name: string): Pod => {
    const found = pods.find((p) => p.name === name);
    if (!found) throw new Error(`no ${name} pod`);
    return found;
  };
  const policies = new NetworkPolicyEvaluator(manifests);

  test('the named components keep their own ServiceAccount, with the annotations; no other has any', () => {
    const accounts = manifests.filter((m) => m.kind === 'ServiceAccount');
    const named = accounts.filter((m) => CHOSEN.includes(component(m)));
    expect(named.map((m) => [component(m), m.metadata.name]).sort()).toEqual(
      CHOSEN.map((c) => [c, `${project.product.name}-${c}`]).sort(),
    );
    for (const sa of named) expect(annotationsOf(sa, CLOUD_KEYS)).toEqual(EXPECTED[provider].annotations);
    const others = accounts.filter((m) => !CHOSEN.includes(component(m)));
    expect(others.map(component)).toEqual(expect.arrayContaining(['beat', 'smoke-test']));
    for (const sa of others) expect([component(sa), annotationsOf(sa, CLOUD_KEYS)]).toEqual([component(sa), {}]);
  });

  test('pod labels: Azure marks exactly the named pods for its webhook, the others none', () => {
    expect(workloads.map(component)).toEqual(expect.arrayContaining(CHOSEN));
    for (const w of workloads) {
      const labels = requirePodTemplate(w).metadata.labels;
      const cloud = Object.fromEntries(Object.entries(labels).filter(([k]) => CLOUD_KEYS.test(k)));
      expect([component(w), cloud]).toEqual([
        component(w),
        CHOSEN.includes(component(w)) ? EXPECTED[provider].podLabels : {},
      ]);
    }
  });

  test('no pod mounts the API token: the webhooks project their own, GKE needs none', () => {
    for (const w of workloads)
      expect([component(w), requirePodTemplate(w).spec.automountServiceAccountToken]).toEqual([component(w), false]);
  });

  test('the named components reach the internet on 443 only; the others not at all', () => {
    for (const name of CHOSEN) {
      expect([name, policies.allows(pod(name), INTERNET, 443)]).toEqual([name, true]);
      for (const port of [80, 22, 5432, 8443])
        expect([name, port, policies.allows(pod(name), INTERNET, port)]).toEqual([name, port, false]);
    }
    const others = ['beat', 'smoke-test', 'flower', 'docs'].filter((n) => pods.some((p) => p.name === n));
    expect(others).toEqual(expect.arrayContaining(['beat', 'smoke-test']));
    for (const name of others) {
      expect([name, policies.allowsSomePort(pod(name), INTERNET)]).toEqual([name, false]);
    }
  });

  test('GKE only: the named components reach the metadata server (80 before, 988 after the node DNAT)', () => {
    const metadata = { ip: '169.254.169.254' };
    const daemon = { ip: '169.254.169.252' };
    for (const name of CHOSEN) {
      expect([name, policies.allows(pod(name), metadata, 80), policies.allows(pod(name), daemon, 988)]).toEqual([
        name,
        provider === 'gcp',
        provider === 'gcp',
      ]);
    }
    expect(policies.allowsSomePort(pod('beat'), metadata)).toBe(false);
  });

  test('collectstatic reaches the database its entrypoint waits for, and no Redis', () => {
    // pod() fails when the environment has no such pod, so neither check can pass unasked.
    expect(policies.allows(pod('collectstatic'), pod('database'), 5432)).toBe(true);
    expect(policies.allowsSomePort(pod('collectstatic'), pod('redis'))).toBe(false);
  });

  test.each(sources.kubernetes.map((k) => [k.version]))('every object validates against Kubernetes %s', (version) => {
    // Custom resources against their CRDs: none is skipped as a kind Kubernetes does not serve.
    expect(schemaFailures([[provider, manifests]], kubernetesValidator(version))).toEqual([]);
  });

  test('the traffic diagram names the provider API (and GKE metadata server) networks the identity opens', () => {
    const labels = trafficNodes(env, manifests).map((n) => n.label);
    expect(labels).toContain(`${provider} API: 0.0.0.0/0`);
    expect(labels.filter((l) => l.startsWith('GKE metadata server')).sort()).toEqual(
      provider === 'gcp' ? ['GKE metadata server: 169.254.169.252/32', 'GKE metadata server: 169.254.169.254/32'] : [],
    );
  });

  test('the policy rules pass', () => {
    expect(policyViolations(manifests, env.tier, project.product.name)).toEqual([]);
  });
});

describe('the collectstatic Job (static files in object storage)', () => {
  const { manifests } = render('aws');
  const job = manifests.find((m) => m.kind === 'Job' && component(m) === 'collectstatic') as Manifest;
  const web = manifests.find((m) => m.kind === 'Deployment' && component(m) === 'web') as Manifest;
  const container = (m: Manifest) =>
    requirePodTemplate(m).spec.containers[0] as { args?: string[]; env?: Array<{ name: string }>; envFrom?: unknown[] };

  test('runs collectstatic --noinput through the image entrypoint', () => {
    expect(container(job).args).toEqual(['python', base.app.paths.manage, 'collectstatic', '--noinput']);
    expect((container(job) as { command?: unknown }).command).toBeUndefined();
  });

  test("with web's settings: every variable web gets, from the same Secret keys, inline (no previous-release ConfigMap)", () => {
    const configMap = manifests.find(
      (m) => m.kind === 'ConfigMap' && m.metadata.name === `${project.product.name}-django`,
    );
    const webNames = [
      ...Object.keys((configMap as unknown as { data: Record<string, string> }).data),
      ...(container(web).env ?? []).map((e) => e.name),
    ];
    const jobNames = (container(job).env ?? []).map((e) => e.name);
    // gunicorn's worker count is web's own, not a setting.
    expect(webNames.filter((n) => !jobNames.includes(n) && n !== 'WEB_CONCURRENCY')).toEqual([]);
    expect(JSON.stringify(job.spec)).not.toMatch(/configMap(Ref|KeyRef)?"/);
    const secretKeys = (m: Manifest) =>
      JSON.stringify(
        container(m)
          .env?.filter((e) => JSON.stringify(e).includes('secretKeyRef'))
          .map((e) => e.name)
          .sort(),
      );
    expect(secretKeys(job)).toBe(secretKeys(web));
  });

  test('ArgoCD: a Sync hook in the migration wave, before the wave that rolls web out', () => {
    const migration = manifests.find((m) => m.kind === 'Job' && component(m) === 'migrate') as Manifest;
    const a = job.metadata.annotations ?? {};
    expect(a['argocd.argoproj.io/hook']).toBe('Sync');
    expect(a['argocd.argoproj.io/hook-delete-policy']).toBe('BeforeHookCreation');
    expect(a['argocd.argoproj.io/sync-wave']).toBe(migration.metadata.annotations?.['argocd.argoproj.io/sync-wave']);
    expect(Number(a['argocd.argoproj.io/sync-wave'])).toBeLessThan(
      Number(web.metadata.annotations?.['argocd.argoproj.io/sync-wave']),
    );
  });

  test('Helm upgrade: pre-upgrade after the migration, before the manifests that roll web out', () => {
    const steps = helmSteps(manifests, 'upgrade');
    const where = (m: Manifest) => steps.findIndex((s) => s.objects.includes(m));
    const migration = manifests.find((m) => m.kind === 'Job' && component(m) === 'migrate') as Manifest;
    expect(steps[where(job)].phase).toBe('pre');
    expect(where(migration)).toBeLessThan(where(job));
    expect(where(job)).toBeLessThan(steps.findIndex((s) => s.phase === 'manifests' && s.objects.includes(web)));
  });

  test('Helm install: post-install, migration then collectstatic then the smoke test; every hook finds what it needs', () => {
    const hooks = manifests.filter(isHelmHook);
    expect(hooksInExecutionOrder(hooks, 'post-install').map(component)).toEqual([
      'migrate',
      'collectstatic',
      'smoke-test',
    ]);
    for (const operation of ['install', 'upgrade'] as const) {
      expect(unmetNeeds(helmSteps(manifests, operation), [{ kind: 'Secret', name: base.secrets.name }])).toEqual([]);
    }
  });

  test('the media volume keeps working beside object storage: web mounts it, collectstatic does not', () => {
    const env = environmentVariant(base, { 'media.enabled': true }, objectStorageApp);
    const objects = environmentManifests(project, env);
    const workload = (c: string) =>
      objects.find((m) => ['Deployment', 'Job'].includes(m.kind) && component(m) === c) as Manifest;
    const mounts = (c: string) => JSON.stringify(requirePodTemplate(workload(c)).spec);
    expect(objects.some((m) => m.kind === 'PersistentVolumeClaim' && component(m) === 'media')).toBe(true);
    expect(mounts('web')).toContain(`"mountPath":"${base.app.paths.mediaRoot}"`);
    expect(mounts('collectstatic')).not.toContain('persistentVolumeClaim');
  });

  test('an app whose static files are in the image runs no collectstatic (the committed environments)', () => {
    for (const env of environments) {
      expect(environmentManifests(project, env).filter((m) => component(m) === 'collectstatic')).toEqual([]);
    }
  });
});

describe('the configuration refuses', () => {
  const file = `config/environments/${base.name}.yaml`;
  /** The loader's refusal of the committed configuration with the environment's file edited in memory. */
  const refusal = (identity: Record<string, unknown>, egressName?: string, egressComponents = ['web']) => {
    const edited = editedConfig([
      file,
      (doc) => {
        doc.set('cloudIdentity', identity);
        if (egressName)
          doc.setIn(
            ['network', 'egress'],
            [
              {
                name: egressName,
                description: 'x',
                components: egressComponents,
                cidrs: ['192.0.2.0/24'],
                ports: [443],
              },
            ],
          );
      },
    ]);
    return configRefusal(() => loadConfig(ROOT, edited)).message;
  };

  test('a malformed role ARN, with the file, line and field', () => {
    const message = refusal({ provider: 'aws', roleArn: 'acme-role', components: ['web'] });
    expect(message).toMatch(new RegExp(`${file}:\\d+.*cloudIdentity\\.roleArn.*must be an IAM role ARN`, 's'));
  });

  test('an unknown provider and a component that is not the app image', () => {
    expect(refusal({ provider: 'oci', components: ['web'] })).toMatch(/provider must be one of: aws, gcp, azure/);
    expect(
      refusal({
        provider: 'gcp',
        serviceAccount: 'a-b-c-d@acme-project.iam.gserviceaccount.com',
        components: ['database'],
      }),
    ).toMatch(/cloudIdentity\.components\.0/);
  });

  test('collectstatic when the static files are in the image', () => {
    const message = refusal({
      provider: 'azure',
      clientId: '00000000-1111-2222-3333-444444444444',
      components: ['web', 'collectstatic'],
    });
    expect(message).toMatch(
      new RegExp(`${file}:\\d+.*cloudIdentity\\.components\\.1.*staticFiles: object-storage`, 's'),
    );
  });

  test('a Celery component when the app runs no Celery (the no-Celery fixture contract)', () => {
    const edited = editedConfig([
      file,
      (doc) => doc.set('cloudIdentity', { ...IDENTITIES.gcp, components: ['web', 'worker'] }),
    ]);
    edited.set(
      'config/app.yaml',
      fs.readFileSync(path.join(ROOT, 'test/fixtures/app-contracts/no-celery.yaml'), 'utf8'),
    );
    expect(configRefusal(() => loadConfig(ROOT, edited)).message).toMatch(
      /cloudIdentity\.components\.1.*names worker, but the app contract \(config\/app\.yaml\) does not run it/s,
    );
  });

  test('an egress rule for collectstatic when the static files are in the image', () => {
    const message = refusal(
      { provider: 'aws', roleArn: 'arn:aws:iam::111122223333:role/x', components: ['web'] },
      'storage',
      ['collectstatic'],
    );
    expect(message).toMatch(/network\.egress\.0\.components\.0.*names collectstatic.*staticFiles: object-storage/s);
  });

  test("an egress rule named like the identity's own", () => {
    const message = refusal(
      { provider: 'aws', roleArn: 'arn:aws:iam::111122223333:role/x', components: ['web'] },
      'cloud-identity',
    );
    expect(message).toMatch(/network\.egress\.0\.name.*cloud identity's own egress rule/s);
  });
});

describe('from the files to a chart helm accepts', () => {
  const root = temporaryProject();
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  editYaml(root, 'config/app.yaml', (doc) => doc.set('staticFiles', 'object-storage'));
  editYaml(root, `config/environments/${base.name}.yaml`, (doc) =>
    doc.set('cloudIdentity', { ...IDENTITIES.azure, components: ['web', 'collectstatic'] }),
  );
  const quiet = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const status = main(root);
  quiet.mockRestore();
  const chart = path.join(root, 'dist', base.name);

  test('the synth writes it and helm lint --strict passes', () => {
    expect(status).toBe(0);
    expect(helm(['lint', '--strict', chart, '--namespace', base.namespace])).toMatch(/0 chart\(s\) failed/);
  });

  test('helm template renders the collectstatic hook and the labelled, annotated identity', () => {
    const out = helm([
      'template',
      `acme-${base.name}`,
      chart,
      '--namespace',
      base.namespace,
      '--kube-version',
      '1.36.0',
    ]);
    const rendered = parseAllDocuments(out).map((d) => d.toJS() as Manifest);
    const job = rendered.find((m) => m.kind === 'Job' && component(m) === 'collectstatic') as Manifest;
    expect(job.metadata.annotations?.['helm.sh/hook']).toBe('post-install,pre-upgrade');
    expect(requirePodTemplate(job).metadata.labels['azure.workload.identity/use']).toBe('true');
    const sa = rendered.find((m) => m.kind === 'ServiceAccount' && component(m) === 'collectstatic') as Manifest;
    expect(annotationsOf(sa, CLOUD_KEYS)).toEqual(EXPECTED.azure.annotations);
  });
});
