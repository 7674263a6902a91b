/**
 * Names and values composed from configuration are checked where they end up (issue 17, point
 * 1): the Helm release name, the dist/ folders, Service and CronJob names, the AppProject
 * description, image names, chart versions as Helm reads them, git refs as git reads them. Each
 * refusal names the file and field the user wrote; at each limit the accepted configuration
 * gives output the real tool accepts.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments, parseDocument, type Document } from 'yaml';
import type { ConfigError } from '../lib/config/config-error';
import { gitRefProblem } from '../lib/config/git-ref';
import { helmSemverProblem } from '../lib/config/helm-semver';
import { loadConfig } from '../lib/config/load';
import { PRODUCT_NAME_SUFFIXES, SERVICE_NAME, CRONJOB_NAME } from '../lib/config/name-rules';
import { synthesizeAll } from '../lib/synth/synthesize';
import { CHARTS } from '../charts/render';
import type { Manifest } from '../lib/common/manifest';
import { configRefusal } from './support/config-refusal';
import { editedConfig } from './support/edit-config';
import { helm, helmBinary } from './support/helm';
import { configCopy, copyPerTest, environments, ROOT } from './support/project';

const DEV = 'config/environments/dev.yaml';
const STAGING = 'config/environments/staging.yaml';
const PROJECT = 'config/project.yaml';

const refusal = (overrides: Map<string, string>): ConfigError => configRefusal(() => loadConfig(ROOT, overrides));

/** The one problem at `field` of `file`, with its line checked against the file's text. */
function problemAt(error: ConfigError, file: string, field: string, overrides?: Map<string, string>) {
  const found = error.problems.filter((p) => p.field === field && p.file === file);
  expect([field, found.length]).toEqual([field, 1]);
  const text = overrides?.get(file) ?? fs.readFileSync(path.join(ROOT, file), 'utf8');
  const line = text.split('\n')[(found[0].line ?? 0) - 1];
  expect(line).toContain(
    field
      .split('.')
      .filter((k) => !/^\d+$/.test(k))
      .pop(),
  );
  return found[0];
}

const project = copyPerTest(() => configCopy('config-names-'));

/** Renames config/environments/dev.yaml of the temporary project to `name` (name and namespace too). */
function renameDev(name: string): string {
  const file = `config/environments/${name}.yaml`;
  const doc = parseDocument(fs.readFileSync(path.join(project(), DEV), 'utf8'));
  doc.set('name', name);
  doc.set('namespace', 'acme-dev');
  fs.rmSync(path.join(project(), DEV));
  fs.writeFileSync(path.join(project(), file), doc.toString());
  return file;
}

describe('environment names: the dist/ folder and the Helm release name', () => {
  test('an environment named argocd is refused: dist/argocd/ holds the ArgoCD objects', () => {
    const file = renameDev('argocd');
    const problem = configRefusal(() => loadConfig(project())).problems.find((p) => p.file === file);
    expect(problem?.field).toBe('name');
    expect(problem?.line).toBe(3);
    expect(problem?.message).toMatch(/"argocd" is reserved: dist\/argocd\/ holds the ArgoCD objects/);
  });

  test('49 characters make acme-<env> 54, over the 53 Helm allows: refused at name', () => {
    const file = renameDev('e'.repeat(49));
    const problem = configRefusal(() => loadConfig(project())).problems.find((p) => p.file === file);
    expect(problem?.field).toBe('name');
    expect(problem?.message).toMatch(
      /makes the Helm release name "acme-e{49}" 54 characters, over the 53 that helm v3.17.3 ValidateReleaseName allows/,
    );
  });

  test('48 characters, the longest accepted, give a chart the real helm renders with its release name', () => {
    const name = 'e'.repeat(48);
    renameDev(name);
    const { dist } = synthesizeAll(project(), { charts: CHARTS });
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'chart-'));
    try {
      for (const [file, text] of dist) {
        if (!file.startsWith(`${name}/`)) continue;
        fs.mkdirSync(path.dirname(path.join(out, file)), { recursive: true });
        fs.writeFileSync(path.join(out, file), text);
      }
      const rendered = helm(['template', `acme-${name}`, path.join(out, name), '--namespace', 'acme-dev']);
      const labels = parseAllDocuments(rendered).map((d) => (d.toJS() as Manifest).metadata.labels ?? {});
      expect(labels.map((l) => l['app.kubernetes.io/instance'])).toContain(`acme-${name}`);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('product.name: the Services and CronJobs it names', () => {
  test('"0" is refused at product.name in config/project.yaml: "0-web" is no DNS-1035 Service name', () => {
    const overrides = editedConfig([PROJECT, (d) => d.setIn(['product', 'name'], '0')]);
    const problem = problemAt(refusal(overrides), PROJECT, 'product.name', overrides);
    expect(problem.message).toMatch(/makes the Service name "0-web", which is not a DNS-1035 label/);
  });

  test('the suffixes checked are those of every Service and CronJob the charts render', () => {
    const product = 'acme';
    const listed = new Map(PRODUCT_NAME_SUFFIXES.map(([rule, suffixes]) => [rule, new Set(suffixes)]));
    const named = environments().flatMap(({ manifests }) =>
      manifests.filter((m) => m.kind === 'Service' || m.kind === 'CronJob'),
    );
    // Both kinds are rendered, so neither rule's list goes unchecked.
    expect(new Set(named.map((m) => m.kind))).toEqual(new Set(['Service', 'CronJob']));
    for (const m of named) {
      const rule = m.kind === 'Service' ? SERVICE_NAME : CRONJOB_NAME;
      expect([m.kind, m.metadata.name, listed.get(rule)?.has(m.metadata.name.slice(product.length + 1))]).toEqual([
        m.kind,
        m.metadata.name,
        true,
      ]);
    }
  });
});

describe('the AppProject description (at most 255 characters in the ArgoCD v3.5.1 CRD)', () => {
  test('a 200-character product.description (allowed on its own) is refused there, with the room left', () => {
    const overrides = editedConfig([PROJECT, (d) => d.setIn(['product', 'description'], 'd'.repeat(200))]);
    const problem = problemAt(refusal(overrides), PROJECT, 'product.description', overrides);
    expect(problem.message).toMatch(
      /makes the AppProject description .* 265 characters, over the 255 .*shorten the description to at most 190 characters/,
    );
  });

  test('at 190 characters it is accepted and the AppProject is 255', () => {
    const overrides = editedConfig([PROJECT, (d) => d.setIn(['product', 'description'], 'd'.repeat(190))]);
    const { dist } = synthesizeAll(ROOT, { charts: CHARTS, overrides });
    const appProject = parseAllDocuments(dist.get('argocd/project.yaml') ?? '')
      .map((d) => d.toJS() as Manifest & { spec: { description: string } })
      .find((m) => m.metadata.name === 'acme');
    expect(appProject?.spec.description).toHaveLength(255);
  });

  test('a blank description is refused', () => {
    const overrides = editedConfig([PROJECT, (d) => d.setIn(['product', 'description'], '   ')]);
    expect(problemAt(refusal(overrides), PROJECT, 'product.description', overrides).message).toMatch(
      /must not be blank/,
    );
  });
});

describe('image names (distribution/reference: grammar, at most 255 characters)', () => {
  test.each(['a/-', 'a/.', 'a/_x', 'a/b..c'])(
    'app.githubRepository %p is refused at project.yaml, and no environment file is blamed',
    (repository) => {
      const overrides = editedConfig([PROJECT, (d) => d.setIn(['app', 'githubRepository'], repository)]);
      const error = refusal(overrides);
      const problem = problemAt(error, PROJECT, 'app.githubRepository', overrides);
      expect(problem.message).toContain(`gives the image name ghcr.io/${repository}, which is refused`);
      expect(error.problems.map((p) => p.file)).toEqual([PROJECT]);
    },
  );

  test('a 300-character app.githubRepository is refused at project.yaml', () => {
    const overrides = editedConfig([PROJECT, (d) => d.setIn(['app', 'githubRepository'], `acme/${'r'.repeat(295)}`)]);
    expect(problemAt(refusal(overrides), PROJECT, 'app.githubRepository', overrides).message).toMatch(
      /ghcr.io\/acme\/r+, which is refused: it is 308 characters: an image name may have at most 255/,
    );
    expect(refusal(overrides).problems.map((p) => p.file)).toEqual([PROJECT]);
  });

  test('an image repository over 255 characters in an environment file is refused there', () => {
    const overrides = editedConfig([
      DEV,
      (d) => d.setIn(['images', 'app', 'repository'], `ghcr.io/acme/${'r'.repeat(243)}`),
    ]);
    expect(problemAt(refusal(overrides), DEV, 'images.app.repository', overrides).message).toMatch(/256 characters/);
  });

  test('repeated dashes and double underscores, which distribution/reference allows, are accepted', () => {
    const overrides = editedConfig([
      DEV,
      (d) => d.setIn(['images', 'app', 'repository'], 'registry.example.com/a--b/c__d'),
    ]);
    expect(() => loadConfig(ROOT, overrides)).not.toThrow();
  });
});

describe('chart.version as helm v3.17.3 reads it', () => {
  const refused = ['99999999999999999999.0.0', '18446744073709551616.0.0', '1.0.0-01', '1.0.0-a..b', '1.0', '01.0.0'];
  const accepted = ['0.1.0', '18446744073709551615.0.0', '1.0.0-0a', '1.0.0-rc.1+build.01', '1.0.0-0.3.7'];

  test.each(refused)('%s is refused at chart.version', (version) => {
    const overrides = editedConfig([DEV, (d) => d.setIn(['chart', 'version'], version)]);
    expect(problemAt(refusal(overrides), DEV, 'chart.version', overrides).message).toMatch(/SemVer|Helm/);
  });

  test('every version accepted here is one the real helm loads; the refused ones Helm reads differently or not at all', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'semver-'));
    const helmLoads = (version: string): boolean => {
      fs.writeFileSync(path.join(dir, 'Chart.yaml'), `apiVersion: v2\nname: x\nversion: "${version}"\n`);
      return spawnSync(helmBinary(), ['show', 'chart', dir], { stdio: 'pipe' }).status === 0;
    };
    try {
      for (const version of accepted)
        expect([version, helmSemverProblem(version), helmLoads(version)]).toEqual([version, undefined, true]);
      // Helm's own refusals are ours too (01.0.0 and 1.0 Helm reads loosely; SemVer 2 refuses them).
      for (const version of refused.slice(0, 4)) expect([version, helmLoads(version)]).toEqual([version, false]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('git revisions as git check-ref-format reads them', () => {
  test.each([
    'main.lock',
    'main^',
    'a b',
    '../x',
    'a//b',
    '.hidden',
    'x.',
    '@',
    'a@{1}',
    '-x',
    'a:b',
    'feature/x.lock/y',
  ])(
    'delivery.bootstrapRevision %p is refused at project.yaml, and delivery.targetRevision at the environment',
    (ref) => {
      const project = editedConfig([PROJECT, (d) => d.setIn(['delivery', 'bootstrapRevision'], ref)]);
      expect(problemAt(refusal(project), PROJECT, 'delivery.bootstrapRevision', project).message).toMatch(
        /must be a git branch, tag or commit/,
      );
      const env = editedConfig([DEV, (d) => d.setIn(['delivery', 'targetRevision'], ref)]);
      expect(problemAt(refusal(env), DEV, 'delivery.targetRevision', env).message).toMatch(
        /must be a git branch, tag or commit/,
      );
    },
  );

  test('gitRefProblem agrees with the real git check-ref-format --allow-onelevel (and --branch on a leading "-")', () => {
    const cases = [
      'main',
      'release/1.2',
      'v1.2.3',
      'HEAD',
      'a1b2c3d4',
      'feature/a-b_c',
      'ünïcode',
      'a.b',
      'a/.b',
      'a/b.lock',
      'a.lock/b',
      'main.lock',
      'main^',
      'a b',
      '../x',
      'a..b',
      'a//b',
      '/a',
      'a/',
      '.a',
      'a.',
      '@',
      'a@{1}',
      'a@b',
      'a~1',
      'a:b',
      'a?',
      'a*',
      'a[b',
      'a\\b',
      'a\tb',
      'a\x7fb',
      '-x',
      'x-',
      '',
    ];
    for (const ref of cases) {
      const git = spawnSync('git', ['check-ref-format', '--allow-onelevel', ref], { stdio: 'pipe' }).status === 0;
      expect([ref, gitRefProblem(ref) === undefined]).toEqual([ref, git && !ref.startsWith('-')]);
    }
  });
});

describe('blank keys', () => {
  test.each([' ', '', ' apps/acme '])('secrets.remoteKey %p is refused', (key) => {
    const overrides = editedConfig([STAGING, (d) => d.setIn(['secrets', 'remoteKey'], key)]);
    expect(problemAt(refusal(overrides), STAGING, 'secrets.remoteKey', overrides).message).toMatch(/blank|white space/);
  });
});

describe('clashes with the ArgoCD objects are reported where the user wrote them', () => {
  test('delivery.argocdNamespace: acme-dev is refused at project.yaml, naming dev.yaml:line', () => {
    const overrides = editedConfig([PROJECT, (d) => d.setIn(['delivery', 'argocdNamespace'], 'acme-dev')]);
    const error = refusal(overrides);
    const problem = problemAt(error, PROJECT, 'delivery.argocdNamespace', overrides);
    expect(problem.message).toMatch(
      /"acme-dev" is also the namespace of the environment config\/environments\/dev.yaml:6:12 \(namespace\) on in-cluster/,
    );
    expect(error.problems.filter((p) => p.file === DEV)).toEqual([]);
  });

  test('delivery.bootstrapName: acme-dev is refused at project.yaml, naming dev.yaml:line', () => {
    const overrides = editedConfig([PROJECT, (d) => d.setIn(['delivery', 'bootstrapName'], 'acme-dev')]);
    const error = refusal(overrides);
    const problem = problemAt(error, PROJECT, 'delivery.bootstrapName', overrides);
    expect(problem.message).toMatch(
      /"acme-dev" is also the Application of the environment config\/environments\/dev.yaml:3:7 \(name\)/,
    );
    expect(error.problems.filter((p) => p.file === DEV)).toEqual([]);
  });

  test('an environment named delivery (the default bootstrap acme-delivery) is refused at its name', () => {
    const file = renameDev('delivery');
    const problem = configRefusal(() => loadConfig(project())).problems.find((p) => p.file === file);
    expect(problem?.field).toBe('name');
    expect(problem?.message).toMatch(/the name of the bootstrap Application/);
  });

  test('delivery.project equal to the bootstrap name is refused: two AppProjects of one name', () => {
    const overrides = editedConfig([PROJECT, (d) => d.setIn(['delivery', 'project'], 'acme-delivery')]);
    expect(problemAt(refusal(overrides), PROJECT, 'delivery.project', overrides).message).toMatch(
      /names both the environments' AppProject/,
    );
  });

  test.each([
    ['kube-system', /Kubernetes's own namespaces/],
    ['default', /Kubernetes's own namespaces/],
    ['ingress-nginx', /is the namespace of the ingress controller on cluster in-cluster/],
  ])('an environment in the namespace %s is refused', (namespace, reason) => {
    const overrides = editedConfig([DEV, (d) => d.set('namespace', namespace)]);
    expect(problemAt(refusal(overrides), DEV, 'namespace', overrides).message).toMatch(reason);
  });
});

describe('at every limit the configuration accepts, Kubernetes accepts every name and label', () => {
  const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
  const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
  /** Kubernetes' rule for an object's name (kubernetes pkg/apis/*\/validation), by kind. */
  function nameProblem(m: Manifest): string | undefined {
    const name = m.metadata.name;
    if (m.kind === 'Service')
      return /^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name) && name.length <= 63 ? undefined : 'DNS-1035';
    if (m.kind === 'CronJob' && name.length > 52) return 'CronJob over 52';
    // A Job's name is its pods' job-name label; a StatefulSet's is in controller-revision-hash
    // (<name>-<10-character hash>) and its pods' host names.
    if (m.kind === 'Job' && name.length > 63) return 'Job over 63';
    if (m.kind === 'StatefulSet' && name.length > 52) return 'StatefulSet over 52';
    return DNS_SUBDOMAIN.test(name) && name.length <= 253 ? undefined : 'DNS subdomain';
  }

  test('product.name of 30, a 53-character release, a 40-character egress rule, a 253-character Secret', () => {
    const product = `p${'r'.repeat(29)}`;
    const name = 'e'.repeat(53 - product.length - 1);
    const file = renameDev(name);
    const edit = (f: string, change: (d: Document) => void) => {
      const doc = parseDocument(fs.readFileSync(path.join(project(), f), 'utf8'));
      change(doc);
      fs.writeFileSync(path.join(project(), f), doc.toString());
    };
    edit(PROJECT, (d) => d.setIn(['product', 'name'], product));
    edit(file, (d) => {
      d.setIn(['network', 'egress', 0, 'name'], 'n'.repeat(40));
      // External Secrets v2.9.0 hashes what it derives from a long name (fqdnFor in
      // pkg/controllers/externalsecret/util.go; the created-by label is ObjectHash), so the
      // ExternalSecret and its Secret may have any object name.
      d.setIn(['secrets', 'name'], 's'.repeat(253));
    });
    const { dist } = synthesizeAll(project(), { charts: CHARTS });
    const objects = [...dist]
      .filter(([f]) => f.endsWith('.yaml') && !/(Chart|values)\.yaml$/.test(f))
      .flatMap(([, text]) => parseAllDocuments(text).map((d) => d.toJS() as Manifest));
    expect(objects.some((m) => m.metadata.labels?.['app.kubernetes.io/instance'] === `${product}-${name}`)).toBe(true);
    const problems = objects.flatMap((m) => {
      const found: string[] = [];
      const nameIssue = nameProblem(m);
      if (nameIssue) found.push(`${m.kind} ${m.metadata.name}: ${nameIssue}`);
      for (const [key, value] of Object.entries(m.metadata.labels ?? {}))
        if (value.length > 63 || !LABEL_VALUE.test(value))
          found.push(`${m.kind} ${m.metadata.name}: label ${key}=${value}`);
      return found;
    });
    expect(problems).toEqual([]);
  });
});
