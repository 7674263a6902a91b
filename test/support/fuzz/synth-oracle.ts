/**
 * Runs the synth on one generated configuration, in-process on a temporary folder, and states
 * what must hold of it:
 * (a) it never throws anything but a ConfigError, and `npm run synth`'s main() prints no stack;
 * (b) a refusal names, for each problem, a file of config/ and a reason, with a line whenever the
 *     problem is in a file the loader reads, blames a file the mutation touched (or names it), and
 *     leaves dist/ and the environment matrix as they were;
 * (c) an accepted configuration reads every entry of config/, renders every environment into
 *     dist/<name>/ (never into dist/argocd/), and every object is valid against the Kubernetes
 *     schemas and the CRDs and within the limits of object-limits.ts. The charts go to
 *     helm-batch.ts, which runs the real helm over many at once.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CHARTS } from '../../../charts/render';
import type { Manifest } from '../../../lib/common/manifest';
import { ConfigError, type ConfigProblem } from '../../../lib/config/config-error';
import type { ChartFactory } from '../../../lib/synth/chart-factory';
import { isPlatformPatch } from '../../../lib/synth/render-delivery';
import { synthesizeAll, type SynthesisResult } from '../../../lib/synth/synthesize';
import { main } from '../../../main';
import { sources } from '../../../scripts/schema-dir.cjs';
import { CrdValidator } from '../crd-schemas';
import { KubernetesValidator } from '../kubernetes-schemas';
import { type ConfigCase, SCRATCH, writeCase } from './config-case';
import { objectLimitProblems } from './object-limits';

/** One broken promise: which property, a stable rule name (the class of finding) and the detail. */
export interface Violation {
  readonly property: 'a' | 'b' | 'c';
  readonly rule: string;
  readonly detail: string;
}

/** An environment's chart as synthesized, with the objects it must render. */
export interface SynthesizedChart {
  readonly env: string;
  readonly namespace: string;
  /** Files of dist/<env>/, by path under it. */
  readonly files: ReadonlyMap<string, string>;
  readonly manifests: readonly Manifest[];
}

export interface Outcome {
  readonly verdict: 'accepted' | 'refused' | 'crashed';
  readonly violations: readonly Violation[];
  readonly charts: readonly SynthesizedChart[];
  readonly problems: readonly ConfigProblem[];
}

/** Validators built once (compiling the Kubernetes schemas takes a second), results cached by object. */
export class ObjectChecker {
  private readonly kubernetes = sources.kubernetes.map((k) => new KubernetesValidator(k.version));
  private readonly crds = new CrdValidator();
  private readonly cache = new Map<string, string[]>();

  /** Schema errors and limit problems of one object, prefixed with the object's kind and name. */
  public problems(m: Manifest): string[] {
    const key = JSON.stringify(m);
    let found = this.cache.get(key);
    if (!found) {
      const id = `${m.kind}/${m.metadata?.name}`;
      const schema = this.crds.knows(m.apiVersion, m.kind)
        ? this.crds.validate(m).errors.map((e) => `${id} (CRD): ${e}`)
        : this.kubernetes.flatMap((k) => k.validate(m).errors.map((e) => `${id} (Kubernetes ${k.version}): ${e}`));
      found = [...schema, ...objectLimitProblems(m)];
      this.cache.set(key, found);
    }
    return found;
  }
}

/** Entries of config/ the loader reads: project.yaml and the `<name>.yaml` files of the two folders (README, Configuration). */
const READ_PATH = /^config\/(project\.yaml|app\.yaml|(clusters|environments)\/[^/]+\.yaml)$/;
/** Whether the loader reads `entry`: a `<name>.yaml` with nothing around the name. */
const isRead = (entry: string): boolean =>
  READ_PATH.test(entry) &&
  path.posix.basename(entry).trim() === path.posix.basename(entry) &&
  !entry.endsWith('/.yaml');

/** The line count of a file as any reader would count it (LF, CRLF or CR). */
const lineCount = (content: string | Buffer): number => content.toString().split(/\r\n|\r|\n/).length;

/** A snapshot of the files under `dir`, to prove a refusal changed nothing. */
function snapshot(dir: string): string {
  if (!fs.existsSync(dir)) return '';
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .sort()
    .map((f) => {
      const full = path.join(dir, f);
      return `${f}\n${fs.statSync(full).isFile() ? fs.readFileSync(full, 'utf8') : '<dir>'}`;
    })
    .join('\n');
}

/** What main() prints and returns, with process output captured. */
function runMain(root: string): { code: number; output: string; thrown?: unknown } {
  let output = '';
  const capture = (chunk: string | Uint8Array): boolean => {
    output += chunk.toString();
    return true;
  };
  const stderr = process.stderr.write;
  const stdout = process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
  process.stdout.write = capture as typeof process.stdout.write;
  try {
    return { code: main(root, []), output };
  } catch (thrown) {
    return { code: -1, output, thrown };
  } finally {
    process.stderr.write = stderr;
    process.stdout.write = stdout;
  }
}

function refusalViolations(
  c: ConfigCase,
  root: string,
  problems: readonly ConfigProblem[],
  before: string,
): Violation[] {
  const violations: Violation[] = [];
  const run = runMain(root);
  if (run.thrown !== undefined)
    violations.push({ property: 'a', rule: 'main() threw', detail: String((run.thrown as Error).stack ?? run.thrown) });
  if (run.code !== 1)
    violations.push({ property: 'a', rule: 'main() did not exit 1 on a refusal', detail: run.output });
  if (/^\s+at .+[(:]\d+/m.test(run.output))
    violations.push({ property: 'a', rule: 'main() printed a stack', detail: run.output });
  if (snapshot(path.join(root, 'dist')) + snapshot(path.join(root, 'docs')) !== before)
    violations.push({ property: 'b', rule: 'a refusal changed dist/ or docs/', detail: run.output });
  return [...violations, ...problemViolations(c, problems)];
}

/**
 * What each problem of a refusal must say: a file of config/ (or the folder), a reason, and a
 * line inside the file whenever the file is one the loader reads; and one problem must be about
 * a file the configuration changed (by its path, or by naming it in the reason).
 */
export function problemViolations(c: ConfigCase, problems: readonly ConfigProblem[]): Violation[] {
  const violations: Violation[] = [];
  for (const p of problems) {
    const content = c.files.get(p.file);
    const isDir = p.file === 'config' || c.dirs.includes(p.file) || /^config\/(clusters|environments)$/.test(p.file);
    if (!p.file.startsWith('config') || (content === undefined && !isDir && !c.touched.has(p.file)))
      violations.push({ property: 'b', rule: 'a problem names no file of config/', detail: JSON.stringify(p) });
    if (p.message.trim() === '')
      violations.push({ property: 'b', rule: 'a problem gives no reason', detail: JSON.stringify(p) });
    if (content !== undefined && isRead(p.file)) {
      if (p.line === undefined)
        violations.push({
          property: 'b',
          rule: 'a problem in a read file has no line',
          detail: `${p.file}: ${p.message}`,
        });
      else if (p.line < 1 || p.line > lineCount(content) + 1)
        violations.push({ property: 'b', rule: 'a problem points past the file', detail: JSON.stringify(p) });
    }
  }
  const names = (file: string) => [file, path.posix.basename(file).replace(/\.ya?ml$/, '')];
  const blamed = problems.some(
    (p) => c.touched.has(p.file) || [...c.touched].some((t) => names(t).some((n) => p.message.includes(n))),
  );
  if (problems.length === 0 || (!blamed && c.touched.size > 0))
    violations.push({
      property: 'b',
      rule: 'the refusal blames no file that changed',
      detail: `changed ${[...c.touched].join(', ')}; refused ${problems.map((p) => `${p.file}:${p.line ?? ''} ${p.field}: ${p.message}`).join(' | ')}`,
    });
  return violations;
}

function acceptanceViolations(
  c: ConfigCase,
  result: SynthesisResult,
  recorded: Map<string, Manifest[]>,
  delivery: readonly Manifest[],
  checker: ObjectChecker,
): Violation[] {
  const violations: Violation[] = [];
  const entries = [...c.files.keys(), ...c.dirs];
  for (const entry of entries.filter((e) => !isRead(e)))
    violations.push({ property: 'c', rule: 'an entry of config/ was not read, yet accepted', detail: entry });
  const envFiles = entries
    .filter((e) => isRead(e) && e.startsWith('config/environments/'))
    .map((e) => path.posix.basename(e, '.yaml'));
  const distDirs = new Set([...result.dist.keys()].map((f) => f.split('/')[0]));
  for (const env of envFiles)
    if (env === 'argocd' || !result.dist.has(`${env}/Chart.yaml`))
      violations.push({ property: 'c', rule: 'an environment file has no chart in dist/', detail: env });
  if (result.dist.has('argocd/Chart.yaml'))
    violations.push({ property: 'c', rule: 'a chart was written into dist/argocd/', detail: [...distDirs].join(' ') });
  const argocd = delivery.filter((m) => !isPlatformPatch(m));
  for (const app of argocd.filter((m) => m.kind === 'Application')) {
    const source = (app.spec as { source?: { path?: string } }).source;
    const chart = source?.path?.replace(/^dist\//, '');
    if (chart !== 'argocd' && !result.dist.has(`${chart}/Chart.yaml`))
      violations.push({
        property: 'c',
        rule: 'an Application points at no chart',
        detail: `${app.metadata.name} -> ${source?.path}`,
      });
  }
  const objects = [...argocd, ...[...recorded.values()].flat()];
  for (const m of objects)
    for (const problem of checker.problems(m))
      violations.push({ property: 'c', rule: problemClass(problem), detail: problem });
  return violations;
}

/** A problem's class: its text without the object name and the values, so one cause is one class. */
function problemClass(problem: string): string {
  const general = problem
    .replace(/^\S+\/\S+/, '<object>')
    .replace(/(container|claim) \S+/g, '$1 …')
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\d+/g, 'N');
  return `invalid object: ${general}`;
}

/** Synthesizes `c` in a fresh temporary folder and checks (a), (b) and, when accepted, (c) in-process. */
export function runCase(c: ConfigCase, checker: ObjectChecker): Outcome {
  const root = fs.mkdtempSync(path.join(SCRATCH, 'config-fuzz-'));
  try {
    writeCase(root, c);
    // A dist/ and a matrix that a refusal must leave alone.
    fs.mkdirSync(path.join(root, 'dist', 'argocd'), { recursive: true });
    fs.writeFileSync(path.join(root, 'dist', 'argocd', 'application.yaml'), '# committed\n');
    fs.mkdirSync(path.join(root, 'docs'));
    fs.writeFileSync(path.join(root, 'docs', 'environments.md'), '# committed\n');
    const before = snapshot(path.join(root, 'dist')) + snapshot(path.join(root, 'docs'));
    // The project's charts, recording the objects they build (the rendered files are YAML text).
    const recorded = new Map<string, Manifest[]>();
    let delivery: Manifest[] = [];
    const charts: ChartFactory = {
      environment: (project, env) => {
        const manifests = CHARTS.environment(project, env);
        recorded.set(env.name, manifests);
        return manifests;
      },
      delivery: (project, environments) => (delivery = CHARTS.delivery(project, environments)),
    };
    let result: SynthesisResult;
    try {
      result = synthesizeAll(root, { charts });
    } catch (error) {
      if (!(error instanceof ConfigError)) {
        const detail = `${(error as Error).name}: ${(error as Error).message}\n${(error as Error).stack?.split('\n').slice(1, 4).join('\n')}`;
        return {
          verdict: 'crashed',
          violations: [
            {
              property: 'a',
              rule: `unhandled ${(error as Error).name}: ${(error as Error).message.slice(0, 60)}`,
              detail,
            },
          ],
          charts: [],
          problems: [],
        };
      }
      return {
        verdict: 'refused',
        violations: refusalViolations(c, root, error.problems, before),
        charts: [],
        problems: error.problems,
      };
    }
    const violations = acceptanceViolations(c, result, recorded, delivery, checker);
    const synthesized = result.config.environments.map((env) => ({
      env: env.name,
      namespace: env.namespace,
      files: new Map(
        [...result.dist]
          .filter(([f]) => f.startsWith(`${env.name}/`))
          .map(([f, t]) => [f.slice(env.name.length + 1), t]),
      ),
      manifests: recorded.get(env.name) ?? [],
    }));
    return { verdict: 'accepted', violations, charts: synthesized, problems: [] };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
