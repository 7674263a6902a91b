/**
 * .github/workflows/e2e.yml runs only on GitHub's runners (Docker, kind, network). Here: its
 * triggers and pins, that its steps exist in the order the deployment needs, that what it creates
 * (the app Secret, the namespaces) matches what the charts reference, and its manifest helpers run
 * for real on the committed charts (bash, node and the project's YAML parser, as on the runner).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { podSecurityLabels } from '../lib/platform/environment-namespace';
import { requirePodTemplate } from '../lib/common/workloads';
import { helm, helmBinary } from './support/helm';
import { environments, projectConfig, ROOT } from './support/project';

const SEED_APP_CONTRACT = projectConfig().app;

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, string>;
  readonly 'working-directory'?: string;
}
interface Workflow {
  readonly on: { pull_request?: { paths?: string[] }; workflow_dispatch?: unknown };
  readonly env: Record<string, string>;
  readonly jobs: { kind: { 'runs-on': string; steps: Step[] } };
}

const FILE = '.github/workflows/e2e.yml';
const text = fs.readFileSync(path.join(ROOT, FILE), 'utf8');
const workflow = parse(text) as Workflow;
const steps = workflow.jobs.kind.steps;
const stepIndex = (what: string, predicate: (s: Step) => boolean) => {
  const index = steps.findIndex(predicate);
  expect([what, index >= 0]).toEqual([what, true]);
  return index;
};
const runs = (pattern: RegExp) => (s: Step) => pattern.test(s.run ?? '');

test('runs on pull requests touching dist/, lib/ or examples/, and by hand', () => {
  expect(workflow.on.pull_request?.paths).toEqual(expect.arrayContaining(['dist/**', 'lib/**', 'examples/**']));
  expect(workflow.on).toHaveProperty('workflow_dispatch');
  expect(workflow.jobs.kind['runs-on']).toBe('ubuntu-latest');
  expect(text.split('\n').slice(0, 3).join(' ')).toMatch(/GitHub's hosted runners only/);
});

test('every action is pinned to a full commit SHA with its version in a comment', () => {
  const uses = [...text.matchAll(/uses: (\S+)(.*)$/gm)];
  expect(uses.length).toBeGreaterThanOrEqual(3);
  for (const [, ref, comment] of uses) {
    expect([ref, comment.trim()]).toEqual([
      expect.stringMatching(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/),
      expect.stringMatching(/^# v\d+\.\d+\.\d+$/),
    ]);
  }
});

test('kind, its node image (by digest), kubectl and helm are pinned; the node runs a Kubernetes the charts target', () => {
  expect(workflow.env.KIND_VERSION).toMatch(/^v\d+\.\d+\.\d+$/);
  const node = /^kindest\/node:(v1\.(\d+)\.\d+)@sha256:[0-9a-f]{64}$/.exec(workflow.env.KIND_NODE_IMAGE);
  expect(node).not.toBeNull();
  // Chart.yaml kubeVersion ">=1.27.0-0"; the schema tests cover 1.27 to 1.36.
  expect(Number(node?.[2])).toBeGreaterThanOrEqual(27);
  expect(Number(node?.[2])).toBeLessThanOrEqual(36);
  expect(workflow.env.KUBECTL_VERSION).toBe(node?.[1]);
  // The local registry's image is pinned by digest too.
  expect(workflow.env.REGISTRY_IMAGE).toMatch(/^docker\.io\/library\/registry:\d+\.\d+\.\d+@sha256:[0-9a-f]{64}$/);
  expect(steps.find(runs(/docker run -d/))?.run).toContain('"$REGISTRY_IMAGE"');
  // The Helm this repository's CI lints and renders with.
  const ci = fs.readFileSync(path.join(ROOT, '.github/workflows/ci.yml'), 'utf8');
  expect(ci).toContain(`version: ${workflow.env.HELM_VERSION}`);
});

describe('the tool downloads are verified against SHA-256 values pinned here (issue 16, 8)', () => {
  const install = steps.find(runs(/kind-linux-amd64/));
  /** The tools, the file each download is saved as, and the checksum published next to it. */
  const tools = [
    { name: 'kind', pin: 'KIND_SHA256', file: 'kind-linux-amd64', published: 'kind-linux-amd64.sha256sum' },
    { name: 'kubectl', pin: 'KUBECTL_SHA256', file: 'kubectl', published: 'kubectl.sha256' },
    {
      name: 'helm',
      pin: 'HELM_SHA256',
      file: `helm-${workflow.env.HELM_VERSION}-linux-amd64.tar.gz`,
      published: `helm-${workflow.env.HELM_VERSION}-linux-amd64.tar.gz.sha256sum`,
    },
  ];
  const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

  test('each tool has a version and a 64-hex SHA-256 in env, with the file it is the checksum of named above it', () => {
    for (const tool of tools) {
      expect([tool.pin, workflow.env[tool.pin]]).toEqual([tool.pin, expect.stringMatching(/^[0-9a-f]{64}$/)]);
      const lines = text.split('\n');
      const at = lines.findIndex((l) => l.trim().startsWith(`${tool.pin}:`));
      const comment = lines.slice(at - 2, at).join(' ');
      expect([tool.pin, comment]).toEqual([tool.pin, expect.stringContaining(`/${tool.published}`)]);
    }
  });

  /**
   * The step as GitHub runs it, with `curl` a stand-in that serves `files` by the last path
   * segment of the URL (and fails like `curl --fail` on anything else) and logs each URL.
   */
  function runInstall(files: Record<string, Buffer | string>, pins: Record<string, string>) {
    const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-install-'));
    try {
      const served = path.join(temp, 'served');
      const bin = path.join(temp, 'fake-bin');
      fs.mkdirSync(served);
      fs.mkdirSync(bin);
      for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(served, name), content);
      fs.writeFileSync(
        path.join(bin, 'curl'),
        [
          '#!/bin/bash',
          'out=-; url=',
          'while [ $# -gt 0 ]; do',
          '  case "$1" in',
          '    --output|-o|-[a-zA-Z]*o) out="$2"; shift ;;',
          '    --retry) shift ;;',
          '    http://*|https://*) url="$1" ;;',
          '  esac',
          '  shift',
          'done',
          'echo "$url" >> "$FAKE_SERVED/../urls.log"',
          'file="$FAKE_SERVED/${url##*/}"',
          '[ -f "$file" ] || { echo "curl: (22) 404 $url" >&2; exit 22; }',
          'if [ "$out" = - ]; then cat "$file"; else cp "$file" "$out"; fi',
          '',
        ].join('\n'),
        { mode: 0o755 },
      );
      const githubPath = path.join(temp, 'github-path');
      const result = spawnSync(
        'bash',
        ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', install?.run ?? 'exit 9'],
        {
          env: {
            ...workflow.env,
            ...pins,
            PATH: `${bin}:${process.env.PATH}`,
            RUNNER_TEMP: temp,
            GITHUB_PATH: githubPath,
            FAKE_SERVED: served,
          },
          encoding: 'utf8',
        },
      );
      const installed = fs.existsSync(path.join(temp, 'bin')) ? fs.readdirSync(path.join(temp, 'bin')).sort() : [];
      const urls = fs.existsSync(path.join(temp, 'urls.log'))
        ? fs.readFileSync(path.join(temp, 'urls.log'), 'utf8').trim().split('\n')
        : [];
      return { ...result, installed, urls };
    } finally {
      fs.rmSync(temp, { recursive: true, force: true });
    }
  }

  /** Stand-in downloads: distinct bytes per tool (helm's a tarball holding linux-amd64/helm), each with its published checksum. */
  function standIns() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-tar-'));
    try {
      fs.mkdirSync(path.join(dir, 'linux-amd64'));
      fs.writeFileSync(path.join(dir, 'linux-amd64', 'helm'), '#!/bin/sh\necho stand-in helm\n');
      spawnSync('tar', ['-czf', path.join(dir, 'helm.tar.gz'), '-C', dir, 'linux-amd64']);
      const bytes: Record<string, Buffer> = {
        kind: Buffer.from('stand-in kind\n'),
        kubectl: Buffer.from('stand-in kubectl\n'),
        helm: fs.readFileSync(path.join(dir, 'helm.tar.gz')),
      };
      const files: Record<string, Buffer | string> = {};
      const pins: Record<string, string> = {};
      for (const tool of tools) {
        const hash = sha256(bytes[tool.name]);
        files[tool.file] = bytes[tool.name];
        // kind and helm publish "<hash>  <file>", kubectl the bare hash.
        files[tool.published] = tool.name === 'kubectl' ? hash : `${hash}  ${tool.file}\n`;
        pins[tool.pin] = hash;
      }
      return { files, pins };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  test('downloads that have the pinned SHA-256 are installed, from the release servers', () => {
    const { files, pins } = standIns();
    const result = runInstall(files, pins);
    expect([result.status, result.stderr]).toEqual([0, '']);
    expect(result.installed).toEqual(['helm', 'kind', 'kubectl']);
    expect(result.urls).toEqual(
      expect.arrayContaining([
        `https://kind.sigs.k8s.io/dl/${workflow.env.KIND_VERSION}/kind-linux-amd64`,
        `https://dl.k8s.io/release/${workflow.env.KUBECTL_VERSION}/bin/linux/amd64/kubectl`,
        `https://get.helm.sh/helm-${workflow.env.HELM_VERSION}-linux-amd64.tar.gz`,
      ]),
    );
  });

  test.each(tools.map((t) => [t.name, t] as const))(
    'a %s download replaced together with its published checksum is refused, and not installed',
    (_name, tool) => {
      const { files, pins } = standIns();
      // The server's file and checksum agree with each other, not with the value pinned here.
      const result = runInstall(files, { ...pins, [tool.pin]: workflow.env[tool.pin] });
      expect(result.status).not.toBe(0);
      expect(result.installed).not.toContain(tool.name);
      expect(result.stdout + result.stderr).toContain(workflow.env[tool.pin]);
    },
  );

  test.each(tools.map((t) => [t.name, t] as const))(
    'a %s download with the pinned bytes but another published checksum is refused, naming both',
    (_name, tool) => {
      const { files, pins } = standIns();
      const other = 'f'.repeat(64);
      const result = runInstall({ ...files, [tool.published]: `${other}  ${tool.file}\n` }, pins);
      expect(result.status).not.toBe(0);
      expect(result.installed).not.toContain(tool.name);
      expect(result.stdout).toContain(`lists ${other}; the SHA-256 pinned for`);
    },
  );
});

test('checks out the seed at the pinned commit, the one the app contract and the patch describe', () => {
  const seed = steps.find((s) => s.with?.repository === '${{ env.SEED_REPOSITORY }}');
  expect(seed?.with?.ref).toBe('${{ env.SEED_COMMIT }}');
  expect(workflow.env.SEED_REPOSITORY).toBe('tomctm/devops-coding-challenge');
  expect(workflow.env.SEED_COMMIT).toMatch(/^4b8da4e8[0-9a-f]{32}$/);
  expect(fs.readFileSync(path.join(ROOT, 'config/app.yaml'), 'utf8')).toContain('@ 4b8da4e8');
});

test('the steps exist in the order a deployment needs', () => {
  const order = [
    stepIndex(
      'check out this repository',
      (s) => !!s.uses?.startsWith('actions/checkout@') && s.with?.path === 'deploy',
    ),
    stepIndex('check out the seed', (s) => s.with?.path === 'app'),
    stepIndex(
      'install kind, kubectl, helm',
      runs(/kind\.sigs\.k8s\.io\/dl\/\$\{KIND_VERSION\}\/kind-linux-amd64"[\s\S]*download "\$kind_url"/),
    ),
    stepIndex('read what dist/dev deploys', runs(/chart_facts "\$RUNNER_TEMP\/dev\.yaml"/)),
    stepIndex('apply the settings patch', runs(/git apply --verbose "\$example\/patches\/email-backend\.patch"/)),
    stepIndex('build the app image', runs(/^docker build --file Dockerfile --tag "\$APP_IMAGE" \.$/m)),
    stepIndex('build the docs image', runs(/^docker build --file docs\.Dockerfile --tag "\$DOCS_IMAGE" \.$/m)),
    stepIndex('create the kind cluster', runs(/kind create cluster --name e2e --image "\$KIND_NODE_IMAGE"/)),
    stepIndex('load the images', runs(/docker push "\$local_ref"/)),
    stepIndex('create the app Secret', runs(/create secret generic "\$APP_SECRET"/)),
    // The plain-Helm commands of docs/delivery.md, as written: hooks run (no --no-hooks), no --wait first.
    stepIndex(
      'helm install',
      runs(/^helm install "\$RELEASE" "dist\/\$\{ENVIRONMENT\}" --namespace "\$NAMESPACE" --timeout 20m$/),
    ),
    stepIndex('every rollout', runs(/rollout status/)),
    stepIndex(
      'helm upgrade --wait',
      runs(/^helm upgrade "\$RELEASE" "dist\/\$\{ENVIRONMENT\}" --namespace "\$NAMESPACE" --wait --timeout 20m$/),
    ),
    stepIndex('curl web and docs', runs(/port-forward[\s\S]*request "\$WEB_SERVICE"[\s\S]*request "\$DOCS_SERVICE"/)),
    stepIndex(
      'mail reaches Mailpit',
      runs(/exec "deployment\/\$WEB_DEPLOYMENT" -- \\\n\s*python manage\.py sendtestemail[\s\S]*\/api\/v1\/messages/),
    ),
    stepIndex('install the CRDs', runs(/kubectl apply --server-side -R -f "\$CRD_DIR"/)),
    stepIndex('server-side dry run', runs(/--dry-run=server --warnings-as-errors/)),
  ];
  expect(order).toEqual([...order].sort((a, b) => a - b));
  // The build steps run in the seed checkout, where the example files were copied.
  for (const image of ['APP_IMAGE', 'DOCS_IMAGE']) {
    expect(steps.find(runs(new RegExp(`--tag "\\$${image}"`)))?.['working-directory']).toBe('app');
  }
  const dryRun = steps.find(runs(/--dry-run=server/))?.run ?? '';
  expect(dryRun).toContain('for environment in staging production; do');
  expect(dryRun).toContain('dry_run argocd -f dist/argocd/');
  expect(dryRun).toMatch(/grep -i 'warning'/);
});

test('every run script is valid bash (bash -n), as GitHub runs it', () => {
  for (const step of steps.filter((s) => s.run)) {
    const result = spawnSync('bash', ['--norc', '--noprofile', '-n', '-c', step.run ?? ''], { encoding: 'utf8' });
    expect([step.name, result.stderr]).toEqual([step.name, '']);
  }
  const broken = spawnSync('bash', ['--norc', '--noprofile', '-n', '-c', 'if true; then'], { encoding: 'utf8' });
  expect(broken.status).not.toBe(0);
});

test('copies every example file the builds need, and they exist', () => {
  const copy = steps.find(runs(/git apply/))?.run ?? '';
  for (const file of [
    'Dockerfile',
    'Dockerfile.dockerignore',
    'docs.Dockerfile',
    'docs.Dockerfile.dockerignore',
    'docker/entrypoint',
    'patches/email-backend.patch',
  ]) {
    expect([file, copy.includes(`$example/${file}`)]).toEqual([file, true]);
    expect([file, fs.existsSync(path.join(ROOT, 'examples/app-repo', file))]).toEqual([file, true]);
  }
});

test('the app Secret has exactly the keys the dev chart reads from it, and SENTRY_DSN empty', () => {
  const dev = environments().find((e) => e.env.name === workflow.env.ENVIRONMENT);
  expect(dev).toBeDefined();
  const referenced = new Set<string>();
  for (const manifest of dev?.manifests ?? []) {
    if (!['Deployment', 'StatefulSet', 'Job', 'CronJob'].includes(manifest.kind)) continue;
    const pod = requirePodTemplate(manifest);
    for (const container of [...pod.spec.containers, ...(pod.spec.initContainers ?? [])]) {
      for (const variable of container.env ?? []) {
        const ref = variable.valueFrom?.secretKeyRef;
        if (ref && ref.name === dev?.env.secrets.name) referenced.add(ref.key);
      }
    }
  }
  const secretStep = steps.find(runs(/create secret generic/))?.run ?? '';
  const created = [...secretStep.matchAll(/--from-literal=(\w+)=(\S*)/g)];
  expect(created.map((m) => m[1]).sort()).toEqual([...referenced].sort());
  // The contract's app-Secret settings are all among them (Flower's only when Flower runs).
  for (const setting of SEED_APP_CONTRACT.settings.filter((s) => s.source === 'secret')) {
    expect([setting.name, referenced.has(setting.name)]).toEqual([setting.name, true]);
  }
  // An empty DSN turns Sentry off; the settings still find the variable they require.
  expect(created.find((m) => m[1] === 'SENTRY_DSN')?.[2]).toBe('');
  // Random values, never literals, for everything secret.
  for (const key of ['DJANGO_SECRET_KEY', 'CELERY_FLOWER_PASSWORD', 'POSTGRES_PASSWORD', 'MAILGUN_API_KEY']) {
    expect([key, created.find((m) => m[1] === key)?.[2]]).toEqual([key, expect.stringMatching(/^"\$\w+"$/)]);
  }
  expect(secretStep.match(/openssl rand/g)?.length).toBeGreaterThanOrEqual(4);
});

describe('the helpers, run on the committed charts', () => {
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-'));
  // helm as the tests find it: on the PATH, or the extracted binary's directory put first.
  const helmDir = helmBinary().includes('/') ? `${path.dirname(helmBinary())}:` : '';
  const env = { PATH: `${helmDir}${process.env.PATH}`, RUNNER_TEMP: temp, ENVIRONMENT: workflow.env.ENVIRONMENT };
  const bash = (script: string, extra: Record<string, string> = {}) =>
    spawnSync('bash', ['--norc', '--noprofile', '-e', '-o', 'pipefail', '-c', script], {
      cwd: ROOT,
      env: { ...env, ...extra },
      encoding: 'utf8',
    });
  const step = (name: string) => steps.find((s) => s.name === name)?.run ?? '';

  beforeAll(() => {
    const result = bash(step('Helpers'));
    expect(result.stderr).toBe('');
    expect(fs.existsSync(path.join(temp, 'e2e.sh'))).toBe(true);
  });
  afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

  test('"What dist/dev deploys" finds the release, namespace, images, Secret, Services and hosts', () => {
    const githubEnv = path.join(temp, 'github-env');
    fs.writeFileSync(githubEnv, '');
    const result = bash(step('What dist/dev deploys'), { GITHUB_ENV: githubEnv });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const facts = Object.fromEntries(
      fs
        .readFileSync(githubEnv, 'utf8')
        .trim()
        .split('\n')
        .map((l) => l.split('=', 2)),
    );
    const dev = environments().find((e) => e.env.name === workflow.env.ENVIRONMENT);
    const config = dev?.env;
    expect(facts).toEqual({
      RELEASE: `${projectConfig().project.product.name}-${config?.name}`,
      NAMESPACE: config?.namespace,
      APP_IMAGE: `${config?.images.app.repository}:${config?.images.app.tag}`,
      DOCS_IMAGE: `${config?.images.docs?.repository}:${config?.images.docs?.tag}`,
      APP_SECRET: config?.secrets.name,
      WEB_SERVICE: 'acme-web',
      WEB_PORT: String(SEED_APP_CONTRACT.port),
      WEB_HOST: config?.web.ingress?.hosts[0],
      DOCS_SERVICE: 'acme-docs',
      DOCS_PORT: '8080',
      DOCS_HOST: config?.docs.ingress?.hosts[0],
      WEB_DEPLOYMENT: 'acme-web',
      // dev runs Mailpit (config mailCatcher): SMTP 1025, web UI and API 8025.
      MAIL_SERVICE: config?.mailCatcher.enabled ? 'acme-mail' : '',
      MAIL_HTTP_PORT: config?.mailCatcher.enabled ? '8025' : '',
    });
  });

  test.each(['staging', 'production'])('namespaces_of and chart_name find what %s is dry-run into', (name) => {
    const config = environments().find((e) => e.env.name === name)?.env;
    const rendered = path.join(temp, `${name}.yaml`);
    fs.writeFileSync(
      rendered,
      helm(['template', `acme-${name}`, `dist/${name}`, '--namespace', config?.namespace ?? '']),
    );
    const result = bash(`source "$RUNNER_TEMP/e2e.sh"; chart_name dist/${name}; namespaces_of "${rendered}"`);
    expect(result.stdout.trim().split('\n')).toEqual([`acme-${name}`, config?.namespace]);
  });

  test('the namespaces it creates carry the same Pod Security labels as the charts', () => {
    const helpers = fs.readFileSync(path.join(temp, 'e2e.sh'), 'utf8');
    const labels = Object.fromEntries(
      [...helpers.matchAll(/(pod-security\.kubernetes\.io\/[\w-]+)=(\w+)/g)].map((m) => [m[1], m[2]]),
    );
    // The labels ArgoCD puts on the namespaces it creates (managedNamespaceMetadata) and docs/delivery.md
    // tells plain-Helm users to set.
    expect(labels).toEqual(podSecurityLabels());
  });
});

test('the CRDs it installs cover every custom resource kind of staging, production and dist/argocd', () => {
  expect(workflow.env.CRD_DIR).toBe('schemas/crds');
  const groups = new Set<string>();
  for (const dir of ['dist/staging/templates', 'dist/production/templates', 'dist/argocd']) {
    for (const file of fs.readdirSync(path.join(ROOT, dir)).filter((f) => f.endsWith('.yaml'))) {
      for (const [, apiVersion] of fs
        .readFileSync(path.join(ROOT, dir, file), 'utf8')
        .matchAll(/^apiVersion: (\S+)$/gm)) {
        const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
        if (group.includes('.') && !group.endsWith('.k8s.io')) groups.add(group);
      }
    }
  }
  expect([...groups].sort()).toEqual(['argoproj.io', 'external-secrets.io', 'postgresql.cnpg.io']);
  // The lead vendors the CRDs under schemas/crds (see schemas/sources.json); where the directory
  // is present, each group has its CRD files there.
  const dir = path.join(ROOT, workflow.env.CRD_DIR);
  if (fs.existsSync(dir)) {
    const texts = fs
      .readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
    for (const group of groups) {
      expect([
        group,
        texts.some((t) => t.includes(`group: ${group}`) && t.includes('kind: CustomResourceDefinition')),
      ]).toEqual([group, true]);
    }
  }
});
