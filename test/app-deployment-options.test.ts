/**
 * Options of the app's deployment: image names configured once (what the app's pipelines push),
 * pull secrets for private GHCR packages, and a media volume at MEDIA_ROOT.
 */
import type { Document } from 'yaml';
import { RETAIN_ANNOTATIONS } from '../lib/platform/retention';
import { formatProblem } from '../lib/config/config-error';
import type { EnvironmentConfig } from '../lib/config/environment-schema';
import { loadConfig } from '../lib/config/load';
import { allContainers, find, requirePodTemplate } from '../lib/common/workloads';
import { environmentManifests } from '../charts/render';
import { configRefusal } from './support/config-refusal';
import { editedConfig } from './support/edit-config';
import { policyViolations } from './support/manifest-checks';
import { environmentVariant, projectConfig, ROOT } from './support/project';

const { project, environments } = projectConfig();
const base = (name: string) => {
  const env = environments.find((e) => e.name === name);
  if (!env) throw new Error(`no ${name} environment`);
  return env;
};

function variant(name: string, patch: Record<string, unknown>): EnvironmentConfig {
  return environmentVariant(base(name), patch);
}

function violations(env: EnvironmentConfig): string[] {
  return policyViolations(environmentManifests(project, env), env.tier, project.product.name);
}

/** The problems the loader reports for the committed configuration with one file edited in memory. */
function refusalOf(file: string, edit: (doc: Document) => void): string[] {
  return configRefusal(() => loadConfig(ROOT, editedConfig([file, edit]))).problems.map(formatProblem);
}

describe('image names', () => {
  test.each(environments.map((e) => [e.name]))(
    '%s pulls ghcr.io/<owner>/<repo> and <that>-docs, named once in config/project.yaml',
    (name) => {
      expect(project.app?.githubRepository).toBe('acme/acme-django');
      const env = base(name);
      expect(env.images.app.repository).toBe('ghcr.io/acme/acme-django');
      expect(env.images.docs?.repository).toBe('ghcr.io/acme/acme-django-docs');
      const images = allContainers(environmentManifests(project, env)).map(([, c]) => c.image);
      expect(images).toContain(`ghcr.io/acme/acme-django:${env.images.app.tag}`);
      expect(images).toContain(`ghcr.io/acme/acme-django-docs:${env.images.docs?.tag}`);
    },
  );

  test('an environment may still name its own repository; without either, the file and field are named', () => {
    const ownRepository = editedConfig([
      'config/environments/dev.yaml',
      (d) => d.setIn(['images', 'app', 'repository'], 'registry.example.com/shop/app'),
    ]);
    const dev = loadConfig(ROOT, ownRepository).environments.find((e) => e.name === 'dev');
    expect(dev?.images.app.repository).toBe('registry.example.com/shop/app');
    expect(dev?.images.docs?.repository).toBe('ghcr.io/acme/acme-django-docs');

    const problems = refusalOf('config/project.yaml', (d) => d.delete('app'));
    // At the key `app:` of `images`, which should hold the repository (lib/config/yaml-file.ts, locate).
    expect(problems).toContainEqual(
      expect.stringMatching(
        /^config\/environments\/dev\.yaml:\d+:3: images\.app\.repository: is required \(for the app and docs images: or set app\.githubRepository in config\/project\.yaml\)$/,
      ),
    );
  });

  test('GHCR names are lower case, as the pipelines push them', () => {
    const loaded = loadConfig(
      ROOT,
      editedConfig(['config/project.yaml', (d) => d.setIn(['app', 'githubRepository'], 'Acme/Shop.App')]),
    );
    expect(loaded.environments[0].images.app.repository).toBe('ghcr.io/acme/shop.app');
    const problems = refusalOf('config/project.yaml', (d) => d.setIn(['app', 'githubRepository'], 'acme'));
    expect(problems[0]).toMatch(
      /^config\/project\.yaml:\d+:\d+: app\.githubRepository: must be a GitHub repository as owner\/name/,
    );
    // A repository of the wrong form is one problem, not also one about the image names it would give.
    const malformed = refusalOf('config/project.yaml', (d) => d.setIn(['app', 'githubRepository'], 'acme shop/app'));
    expect(malformed.filter((p) => p.includes('app.githubRepository'))).toEqual([
      expect.stringMatching(/must be a GitHub repository as owner\/name/),
    ]);
  });
});

test('imagePullSecrets go to every pod running the app or docs image, and only to those', () => {
  const env = variant('staging', { imagePullSecrets: ['ghcr-pull'] });
  const objects = environmentManifests(project, env);
  let withSecret = 0;
  for (const m of objects.filter((o) => ['Deployment', 'StatefulSet', 'Job', 'CronJob'].includes(o.kind))) {
    const pod = requirePodTemplate(m);
    const ours = pod.spec.containers.some((c) => c.image.startsWith('ghcr.io/acme/acme-django'));
    const secrets = (pod.spec as { imagePullSecrets?: Array<{ name: string }> }).imagePullSecrets;
    expect([m.metadata.name, secrets]).toEqual([m.metadata.name, ours ? [{ name: 'ghcr-pull' }] : undefined]);
    if (ours) withSecret += 1;
  }
  // web, worker, beat, flower, docs, migrate, smoke test.
  expect(withSecret).toBe(7);
  expect(violations(env)).toEqual([]);
  // Off by default.
  const plain = environmentManifests(project, base('staging'));
  expect(JSON.stringify(plain)).not.toContain('imagePullSecrets');
});

describe('media volume at MEDIA_ROOT', () => {
  const mediaRoot = projectConfig().app.paths.mediaRoot;

  test("the seed's MEDIA_ROOT, off by default (the seed has no upload fields)", () => {
    expect(mediaRoot).toBe('/app/devops_interview_test/media');
    for (const env of environments) {
      expect(env.media.enabled).toBe(false);
      expect(find(environmentManifests(project, env), 'PersistentVolumeClaim')).toEqual([]);
    }
  });

  test('ReadWriteMany: one kept claim, mounted at MEDIA_ROOT by every web and worker pod', () => {
    const env = variant('production', { 'media.enabled': true, 'media.storageClassName': 'efs' });
    const objects = environmentManifests(project, env);
    const [claim] = find(objects, 'PersistentVolumeClaim');
    expect(claim.metadata.name).toBe('acme-media');
    expect(claim.spec).toEqual({
      accessModes: ['ReadWriteMany'],
      storageClassName: 'efs',
      resources: { requests: { storage: '10Gi' } },
    });
    expect(claim.metadata.annotations).toEqual(
      // The same protection as every stateful object: never pruned, never deleted.
      expect.objectContaining({ ...RETAIN_ANNOTATIONS, 'argocd.argoproj.io/sync-wave': '-1' }),
    );
    for (const name of ['acme-web', 'acme-worker']) {
      const pod = requirePodTemplate(find(objects, 'Deployment', name)[0]);
      expect(pod.spec.volumes).toContainEqual({ name: 'media', persistentVolumeClaim: { claimName: 'acme-media' } });
      expect(pod.spec.containers[0].volumeMounts).toContainEqual({ name: 'media', mountPath: mediaRoot });
    }
    expect(violations(env)).toEqual([]);
  });

  test('ReadWriteOnce with one web replica: only web mounts it', () => {
    const env = variant('dev', { 'media.enabled': true, 'media.accessMode': 'ReadWriteOnce' });
    const objects = environmentManifests(project, env);
    expect(JSON.stringify(requirePodTemplate(find(objects, 'Deployment', 'acme-web')[0]))).toContain('acme-media');
    expect(JSON.stringify(requirePodTemplate(find(objects, 'Deployment', 'acme-worker')[0]))).not.toContain(
      'acme-media',
    );
  });

  test.each([
    ['staging', 'web with 2 replicas'],
    ['production', 'web with an autoscaler (up to 12)'],
  ])('ReadWriteOnce is refused in %s (%s), naming the file and line', (name, what) => {
    const file = `config/environments/${name}.yaml`;
    const problems = refusalOf(file, (d) => {
      d.setIn(['media', 'enabled'], true);
      d.setIn(['media', 'accessMode'], 'ReadWriteOnce');
    });
    expect(problems).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${file.replace(/\./g, '\\.')}:\\d+:\\d+: media\\.accessMode: ReadWriteOnce cannot be shared by ${what.replace(/[()]/g, '\\$&')}: a second pod on another node never starts \\(Multi-Attach error\\)`,
        ),
      ),
    ]);
  });
});
