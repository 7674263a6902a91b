/**
 * Trivy, the policy scanner CI runs on the rendered charts, is configured from the project's own
 * policy: the committed `.trivy/` files equal what `npm run cli -- scanner-config` generates from
 * lib/policy/exceptions.ts and lib/policy/registries.ts, and every exception reaches the Trivy
 * checks that test the same property, scoped to the template file that holds its object.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { runCli } from '../cli';
import { policyExceptions, type PolicyException } from '../lib/policy/exceptions';
import { TRUSTED_REGISTRIES } from '../lib/policy/registries';
import { RULES } from '../lib/policy/rules';
import { TRIVY_DATA_FILE, TRIVY_IGNORE_FILE, trivyConfigFiles, trivyIgnores } from '../lib/policy/scanner-config';
import { NO_TRIVY_CHECK, TRIVY_CHECK_TITLES, TRIVY_CHECKS, TRIVY_SKIPPED } from '../lib/policy/trivy-checks';
import { groupByComponent } from '../lib/common/group-by-component';
import { helm } from './support/helm';
import { projectConfig, ROOT, temporaryProject, environments } from './support/project';
import { expectEach } from './support/expect-each';

const EXCEPTIONS = policyExceptions(projectConfig().project.product.name);
const ignores = trivyIgnores(projectConfig().project.product.name, environments(), EXCEPTIONS);

test('the committed Trivy files are what the generator writes (npm run cli -- scanner-config)', () => {
  for (const [file, text] of trivyConfigFiles(projectConfig().project.product.name, environments(), EXCEPTIONS)) {
    expect([file, fs.readFileSync(path.join(ROOT, file), 'utf8')]).toEqual([file, text]);
  }
});

/** Where `helm template --output-dir rendered/<env>` writes a template, as Trivy sees it. */
const renderedPath = (env: string, component: string) => `${env}/acme-${env}/templates/${component}.yaml`;
/** Trivy matches paths with doublestar; the generator only writes `**\/<suffix>` patterns. */
const matches = (pattern: string, file: string) =>
  pattern.startsWith('**/') && (file === pattern.slice(3) || file.endsWith(`/${pattern.slice(3)}`));

describe.each(EXCEPTIONS.map((e) => [`${e.rule} ${e.kind}/${e.name}`, e] as const))('exception %s', (_n, e) => {
  test('maps to Trivy checks, or its rule is one Trivy does not check (with the reason)', () => {
    const ids = TRIVY_CHECKS[e.rule] ?? [];
    if (ids.length === 0) {
      expect(NO_TRIVY_CHECK[e.rule]).toEqual(expect.stringMatching(/.{30,}/));
      return;
    }
    for (const id of ids) expect(Object.keys(TRIVY_CHECK_TITLES)).toContain(id);
  });

  test('each mapped check is ignored exactly in the files holding the object, with its reason', () => {
    const ids = TRIVY_CHECKS[e.rule] ?? [];
    for (const { env, manifests } of environments()) {
      for (const [component, objects] of groupByComponent(manifests)) {
        const file = renderedPath(env.name, component);
        const holds = objects.some((o) => o.kind === e.kind && o.metadata.name === e.name);
        for (const id of ids) {
          const ignored = ignores.some(
            (i) =>
              i.id === id &&
              i.statement.startsWith(`${e.rule} ${e.kind}/${e.name}: `) &&
              (i.paths ?? []).some((p) => matches(p, file)),
          );
          expect([file, id, ignored]).toEqual([file, id, holds]);
        }
      }
    }
  });
});

test('the mapping names only checklist rules and Trivy checks verified in trivy-checks', () => {
  const ids = RULES.map((r) => r.id);
  for (const rule of [...Object.keys(TRIVY_CHECKS), ...Object.keys(NO_TRIVY_CHECK)]) expect(ids).toContain(rule);
  for (const id of [...Object.values(TRIVY_CHECKS).flat(), ...TRIVY_SKIPPED.map((s) => s.id)]) {
    expect(Object.keys(TRIVY_CHECK_TITLES)).toContain(id);
  }
  // A rule is either mapped or declared unmapped, not both.
  expect(Object.keys(NO_TRIVY_CHECK).filter((r) => r in TRIVY_CHECKS)).toEqual([]);
});

test('the only ignores not from exceptions.ts are the listed skips, each with a reason', () => {
  const global = ignores.filter((i) => !i.paths);
  expect(global.map((i) => i.id)).toEqual(TRIVY_SKIPPED.map((s) => s.id));
  for (const skip of global) expect(skip.statement.length).toBeGreaterThan(40);
  const parsed = parse(fs.readFileSync(path.join(ROOT, TRIVY_IGNORE_FILE), 'utf8')) as {
    misconfigurations: Array<{ id: string }>;
  };
  expect(parsed.misconfigurations.length).toBe(ignores.length);
});

test('Trivy trusts exactly the registries the IMG-REGISTRY rule trusts (data for KSV-0125)', () => {
  const data = parse(fs.readFileSync(path.join(ROOT, TRIVY_DATA_FILE), 'utf8')) as {
    ksv0125: { trusted_registries: string[] };
  };
  expect(data.ksv0125.trusted_registries).toEqual([...TRUSTED_REGISTRIES]);
});

test('an exception whose file holds another workload is refused (a file-scoped ignore would hide it)', () => {
  const wide: PolicyException = { rule: 'HIGH-UID', kind: 'ServiceAccount', name: 'acme-web', reason: 'x'.repeat(30) };
  expect(() => trivyIgnores(projectConfig().project.product.name, environments(), [wide])).toThrow(
    /templates\/web\.yaml also holds Deployment\/acme-web, which a file-scoped Trivy ignore would hide too/,
  );
  const unmapped: PolicyException = { rule: 'PDB', kind: 'Deployment', name: 'acme-web', reason: 'x'.repeat(30) };
  expect(() => trivyIgnores(projectConfig().project.product.name, environments(), [unmapped])).toThrow(
    /rule PDB has no entry in lib\/policy\/trivy-checks.ts/,
  );
});

test('scanner-config --check passes on the repository and fails on a stale file, which a run rewrites', () => {
  const root = temporaryProject();
  try {
    const cli = (...argv: string[]) => {
      let out = '';
      let err = '';
      const code = runCli(argv, { root, out: (t) => (out += t), err: (t) => (err += t) });
      return { code, out, err };
    };
    expect(cli('scanner-config', '--check').code).toBe(0);
    fs.appendFileSync(path.join(root, TRIVY_IGNORE_FILE), '# edited by hand\n');
    const stale = cli('scanner-config', '--check');
    expect([stale.code, stale.err]).toEqual([1, expect.stringContaining(`${TRIVY_IGNORE_FILE} out of date`)]);
    expect(cli('scanner-config').out).toContain(`wrote ${TRIVY_IGNORE_FILE}`);
    expect(cli('scanner-config', '--check').code).toBe(0);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('helm template --output-dir writes the files at the paths the ignores name (real helm)', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'rendered-'));
  try {
    for (const { env } of environments()) {
      const name = `${projectConfig().project.product.name}-${env.name}`;
      helm(['template', name, `dist/${env.name}`, '--namespace', name, '--output-dir', path.join(out, env.name)]);
    }
    const rendered = fs
      .readdirSync(out, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => f.split(path.sep).join('/'));
    expectEach(
      ignores.flatMap((i) => i.paths ?? []),
      (pattern) => `${pattern} matches ${rendered.filter((f) => matches(pattern, f)).length} files, not 1`,
      (pattern) => rendered.filter((f) => matches(pattern, f)).length === 1,
    );
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
