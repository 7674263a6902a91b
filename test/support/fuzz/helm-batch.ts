/**
 * The real helm over many synthesized charts at once: one `helm lint --strict` over all of them,
 * and one `helm template` of an umbrella chart that holds each as a subchart, whose output is
 * split by its `# Source:` comments and compared object by object with what the synth built.
 * Helm renders every subchart in charts/ when the parent lists no dependencies (helm v3.17.3
 * pkg/chartutil/dependencies.go processDependencyEnabled returns early), and names each
 * template `<parent>/charts/<subchart name>/templates/<file>` (pkg/engine/engine.go
 * allTemplates), so each subchart gets a unique name; its templates never read `.Chart`.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import type { Manifest } from '../../../lib/common/manifest';
import { helmBinary } from '../helm';
import { SCRATCH } from './config-case';
import type { SynthesizedChart } from './synth-oracle';

/** A chart to check and who made it (for the report). */
export interface ChartUnderTest {
  readonly chart: SynthesizedChart;
  /** Which generated configuration produced it. */
  readonly origin: string;
}

/** What helm said of one chart: empty when it lints and renders exactly its objects. */
export interface HelmFinding {
  readonly origin: string;
  readonly env: string;
  readonly problem: string;
}

const identity = (o: Manifest) => `${o.apiVersion} ${o.kind} ${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
const byIdentity = (objects: readonly Manifest[]) => Object.fromEntries(objects.map((o) => [identity(o), o]));

function helmRun(args: string[]): { ok: boolean; out: string } {
  const result = spawnSync(helmBinary(), args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  return { ok: result.status === 0, out: `${result.stdout}${result.stderr}` };
}

function writeChart(dir: string, files: ReadonlyMap<string, string>, name?: string): void {
  for (const [file, content] of files) {
    const target = path.join(dir, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, file === 'Chart.yaml' && name ? stringify({ ...parse(content), name }) : content);
  }
}

/**
 * Objects of `helm template` output, by the subchart whose template produced them: helm writes
 * `# Source: <template>` before each template's output, which may hold several documents.
 */
function renderedBySubchart(out: string): Map<string, Manifest[]> {
  const bySubchart = new Map<string, Manifest[]>();
  let source: string | undefined;
  for (const chunk of out.split(/^---$/m)) {
    source = /^# Source: umbrella\/charts\/([^/]+)\//m.exec(chunk)?.[1] ?? source;
    // Read as the Go clients read it (sigs.k8s.io/yaml, goyaml.v2: YAML 1.1), so a scalar they
    // would take for another type (fuzz finding 12) differs from the synthesized object.
    const object = parse(chunk, { version: '1.1' }) as Manifest | null;
    if (!source || object === null) continue;
    bySubchart.set(source, [...(bySubchart.get(source) ?? []), object]);
  }
  return bySubchart;
}

/** Lints and renders each distinct chart once; a finding per chart that helm refuses or renders otherwise. */
export function checkChartsWithHelm(charts: readonly ChartUnderTest[]): HelmFinding[] {
  const distinct = new Map<string, ChartUnderTest>();
  for (const c of charts) {
    const hash = createHash('sha256');
    for (const [file, content] of [...c.chart.files].sort()) hash.update(`${file}\0${content}\0`);
    hash.update(JSON.stringify(c.chart.manifests));
    distinct.set(`c${hash.digest('hex').slice(0, 16)}`, c);
  }
  if (distinct.size === 0) return [];
  const dir = fs.mkdtempSync(path.join(SCRATCH, 'helm-batch-'));
  const findings: HelmFinding[] = [];
  const find = (id: string, problem: string) => {
    const c = distinct.get(id) as ChartUnderTest;
    findings.push({ origin: c.origin, env: c.chart.env, problem });
  };
  try {
    for (const [id, c] of distinct) {
      writeChart(path.join(dir, 'lint', id), c.chart.files);
      writeChart(path.join(dir, 'umbrella', 'charts', id), c.chart.files, id);
    }
    fs.writeFileSync(path.join(dir, 'umbrella', 'Chart.yaml'), 'apiVersion: v2\nname: umbrella\nversion: 0.1.0\n');
    const ids = [...distinct.keys()];
    const lint = helmRun(['lint', '--strict', ...ids.map((id) => path.join(dir, 'lint', id))]);
    // Each chart's section starts `==> Linting <path>`; one with [ERROR] or [WARNING] failed under --strict.
    for (const section of lint.out.split(/^==> Linting /m).slice(1)) {
      const id = path.basename(section.split('\n')[0].trim());
      const own = section.replace(/^Error: \d+ chart\(s\) linted.*$/m, '');
      if (/\[(ERROR|WARNING)\]|^Error/m.test(own)) find(id, `helm lint --strict: ${own.trim().slice(0, 600)}`);
    }
    if (!lint.ok && !findings.length)
      findings.push({ origin: 'batch', env: '', problem: `helm lint failed: ${lint.out.slice(0, 600)}` });
    const template = helmRun(['template', 'fuzz', path.join(dir, 'umbrella'), '--kube-version', '1.27.0']);
    let rendered: Map<string, Manifest[]>;
    if (template.ok) rendered = renderedBySubchart(template.out);
    else {
      // One broken chart breaks the whole render: each alone, to say which and check the others.
      rendered = new Map();
      for (const id of ids) {
        const alone = helmRun([
          'template',
          'fuzz',
          path.join(dir, 'umbrella', 'charts', id),
          '--kube-version',
          '1.27.0',
        ]);
        if (alone.ok)
          rendered.set(
            id,
            renderedBySubchart(alone.out.replace(/^# Source: [^/]+\//gm, `# Source: umbrella/charts/${id}/`)).get(id) ??
              [],
          );
        else find(id, `helm template: ${alone.out.slice(0, 600)}`);
      }
    }
    for (const [id, c] of distinct) {
      const objects = rendered.get(id);
      if (!objects) continue;
      const expected = byIdentity(c.chart.manifests);
      const actual = byIdentity(objects);
      if (
        objects.length !== c.chart.manifests.length ||
        JSON.stringify(sortKeys(actual)) !== JSON.stringify(sortKeys(expected))
      )
        find(id, `helm template renders other objects than the synth built: ${firstDifference(expected, actual)}`);
    }
    return findings;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
  );
}

/** The first object and field where the two differ, for the report. */
function firstDifference(expected: Record<string, Manifest>, actual: Record<string, Manifest>): string {
  for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    const e = JSON.stringify(sortKeys(expected[key]));
    const a = JSON.stringify(sortKeys(actual[key]));
    if (e === a) continue;
    let i = 0;
    while (i < Math.min(e?.length ?? 0, a?.length ?? 0) && e[i] === a[i]) i += 1;
    return `${key}: expected …${e?.slice(Math.max(0, i - 60), i + 60)}… got …${a?.slice(Math.max(0, i - 60), i + 60)}…`;
  }
  return 'object counts differ';
}
