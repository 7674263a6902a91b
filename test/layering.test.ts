/**
 * The direction of imports (issue 19, point 1), read from the sources so that a new import that
 * turns an arrow around fails here rather than in review:
 * - every file imports only its own folder or a lower layer of LAYERS;
 * - no import cycle among the files of lib/, charts/, main.ts and cli.ts;
 * - the construct layer never imports the configuration layer or main.ts;
 * - lib/ never imports charts/ (the synth gets the charts as a ChartFactory from the entry points).
 * Type-only imports count: they are arrows of the same house. Each checker also runs on small
 * in-memory trees below, so each is seen to fail on a violating import.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { ROOT } from './support/project';

/**
 * The layers, lowest first; a folder of lib/ is one unit with its subfolders, and two units of
 * one layer may not import each other. Why this order:
 * - imports/: the generated Kubernetes and CRD classes, which import nothing of ours.
 * - lib/common: shapes and helpers every construct shares, including the read-only views of
 *   synthesized objects (workloads.ts) that the app, platform, policy and synth code read.
 * - lib/app: the app contract (what the Django image runs and reads) and the app Secret's keys.
 * - lib/platform: cluster-level objects (NetworkPolicies, retention, synced Secrets) and the
 *   model of the pods an operator starts (cloudnativepg-instances.ts), used by backing services.
 * - lib/backing, then lib/django (Django's processes connect to a DatabaseBackend), then lib/docs.
 * - lib/stack and lib/delivery: the compositions (one DjangoStack; the ArgoCD objects).
 * - lib/policy: rules over synthesized manifests; it names platform facts (the ACME solver's
 *   NetworkPolicy) and no configuration.
 * - lib/config: the configuration files, mapped onto the constructs' props (the schemas
 *   `satisfies` them), so it sits above every construct.
 * - lib/synth: renders configured environments through a ChartFactory its callers give it.
 * - lib/check-app, then the commands' own code (init-app, cli, reference).
 * - lib/index.ts (the library's entry), charts/ (composes lib/), then the entry points.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['imports'],
  ['lib/common'],
  ['lib/app'],
  ['lib/platform'],
  ['lib/backing'],
  ['lib/django'],
  ['lib/docs'],
  ['lib/stack', 'lib/delivery'],
  ['lib/policy'],
  ['lib/config'],
  ['lib/synth'],
  ['lib/check-app'],
  ['lib/init-app', 'lib/cli', 'lib/reference'],
  ['lib/index.ts'],
  ['charts'],
  ['main.ts', 'cli.ts'],
];

/** The construct layer (issue 19): it defines its own props types and never reads lib/config. */
const CONSTRUCT_FOLDERS = ['common', 'backing', 'django', 'docs', 'platform', 'stack', 'delivery'];

/** Source files by path from the root (`lib/common/pod.ts`), with their text. */
type Sources = ReadonlyMap<string, string>;

function readSources(root: string, dirs: readonly string[], files: readonly string[]): Map<string, string> {
  const walk = (dir: string): string[] =>
    fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
      const rel = path.posix.join(dir, e.name);
      if (e.isDirectory()) return walk(rel);
      return e.name.endsWith('.ts') ? [rel] : [];
    });
  const all = [...dirs.flatMap(walk), ...files];
  return new Map(all.map((f) => [f, fs.readFileSync(path.join(root, f), 'utf8')]));
}

/** The project's sources: lib/, charts/ and the two entry points. */
function projectSources(): Sources {
  return readSources(ROOT, ['lib', 'charts'], ['main.ts', 'cli.ts']);
}

/**
 * The relative modules `file` imports or re-exports, as paths from the root without extension:
 * TypeScript's own scanner (`preProcessFile`), which sees `import type`, `export ... from` and
 * `import()` and skips comments and strings (a regex took an example in lib/config/zod.ts's
 * comment for an import).
 */
function importsOf(file: string, text: string): string[] {
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.map((f) => f.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => path.posix.join(path.posix.dirname(file), name));
}

/** `file -> target` for every relative import of every source. */
function arrows(sources: Sources): Array<[string, string]> {
  return [...sources].flatMap(([file, text]) => importsOf(file, text).map((t): [string, string] => [file, t]));
}

/** The unit of LAYERS a path belongs to (`lib/config/environment/web.ts` -> `lib/config`). */
function unitOf(file: string): string {
  const [top, second] = file.split('/');
  if (top === 'lib') return second === 'index' || second === 'index.ts' ? 'lib/index.ts' : `lib/${second}`;
  if (top === 'main' || top === 'cli') return `${top}.ts`;
  return top;
}

function layerOf(unit: string): number {
  return LAYERS.findIndex((layer) => layer.includes(unit));
}

/** Imports that run up or sideways between units, or touch a unit of no layer, as `file -> target`. */
function layerViolations(sources: Sources): string[] {
  return arrows(sources)
    .filter(([file, target]) => {
      const from = unitOf(file);
      const to = unitOf(target);
      if (from === to) return false;
      const [a, b] = [layerOf(from), layerOf(to)];
      return a < 0 || b < 0 || b >= a;
    })
    .map(([file, target]) => `${file} -> ${target}`);
}

/** The import cycles among the sources (strongly connected components of more than one file, or a self-import). */
function importCycles(sources: Sources): string[][] {
  const resolve = (target: string) => [`${target}.ts`, `${target}/index.ts`].find((f) => sources.has(f));
  const edges = new Map<string, string[]>();
  for (const [file, target] of arrows(sources)) {
    const to = resolve(target);
    if (to) edges.set(file, [...(edges.get(file) ?? []), to]);
  }
  // Tarjan's algorithm, over the files in a stable order.
  const seen = new Map<string, { index: number; low: number }>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): { index: number; low: number } => {
    const node = { index: seen.size, low: seen.size };
    seen.set(v, node);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      const known = seen.get(w);
      if (!known) node.low = Math.min(node.low, visit(w).low);
      else if (onStack.has(w)) node.low = Math.min(node.low, known.index);
    }
    if (node.low === node.index) {
      const component = stack.splice(stack.lastIndexOf(v));
      component.forEach((w) => onStack.delete(w));
      if (component.length > 1 || (edges.get(v) ?? []).includes(v)) cycles.push(component.sort());
    }
    return node;
  };
  for (const file of [...sources.keys()].sort()) if (!seen.has(file)) visit(file);
  return cycles;
}

/** Construct files that import lib/config or main.ts. */
function constructsReadingConfig(sources: Sources): string[] {
  return arrows(sources)
    .filter(([file]) => CONSTRUCT_FOLDERS.some((folder) => file.startsWith(`lib/${folder}/`)))
    .filter(([, target]) => target.startsWith('lib/config/') || target === 'main')
    .map(([file, target]) => `${file} -> ${target}`);
}

/** lib/ files that import charts/. */
function libImportingCharts(sources: Sources): string[] {
  return arrows(sources)
    .filter(([file, target]) => file.startsWith('lib/') && target.startsWith('charts/'))
    .map(([file, target]) => `${file} -> ${target}`);
}

describe('the project', () => {
  const sources = projectSources();

  test('reads every source', () => {
    expect(sources.size).toBeGreaterThan(150);
    const targets = importsOf('charts/render.ts', sources.get('charts/render.ts') ?? '');
    expect(targets).toContain('charts/environment-chart');
    expect(targets).toContain('lib/synth/chart-factory');
  });

  test('every unit is in one layer', () => {
    const units = new Set([...sources.keys()].map(unitOf));
    expect([...units].filter((u) => layerOf(u) < 0)).toEqual([]);
    expect(LAYERS.flat().length).toBe(new Set(LAYERS.flat()).size);
  });

  test('every file imports only its own folder or a lower layer', () => {
    expect(layerViolations(sources)).toEqual([]);
  });

  test('no import cycle among the files, type-only imports included', () => {
    expect(importCycles(sources)).toEqual([]);
  });

  test('construct files import neither the configuration layer nor main.ts', () => {
    expect(
      [...sources.keys()].filter((f) => CONSTRUCT_FOLDERS.some((c) => f.startsWith(`lib/${c}/`))).length,
    ).toBeGreaterThan(60);
    expect(constructsReadingConfig(sources)).toEqual([]);
  });

  test('no file in lib/ imports from charts/', () => {
    expect(libImportingCharts(sources)).toEqual([]);
  });
});

describe('the checkers, on small trees', () => {
  const tree = (files: Record<string, string>): Sources => new Map(Object.entries(files));

  test('an import of a higher layer is refused, type-only or re-exported', () => {
    const fake = tree({
      'lib/common/x.ts': "import type { EnvironmentConfig } from '../config/y';\nexport { z } from '../synth/z';",
      'lib/config/y.ts': "import { x } from '../common/x';",
    });
    expect(layerViolations(fake)).toEqual(['lib/common/x.ts -> lib/config/y', 'lib/common/x.ts -> lib/synth/z']);
  });

  test('an import between two units of one layer is refused; its own folder and lower layers are not', () => {
    const fake = tree({
      'lib/stack/a.ts': "import { b } from '../delivery/b';",
      'lib/delivery/b.ts':
        "import { c } from './c';\nimport { d } from '../common/d';\nimport * as e from '../../imports/k8s';",
      'lib/config/environment/web.ts': "import { f } from '../primitives';",
      'main.ts': "import { g } from './cli';",
    });
    expect(layerViolations(fake)).toEqual(['lib/stack/a.ts -> lib/delivery/b', 'main.ts -> cli']);
  });

  test('the entry points and lib/index.ts take their places', () => {
    const fake = tree({
      'lib/synth/launch.ts': "import type { Main } from '../../main';",
      'lib/index.ts': "export { x } from './config/x';",
      'lib/cli/a.ts': "import { y } from '../index';",
      'charts/c.ts': "import { m } from '../lib/index';",
    });
    expect(layerViolations(fake)).toEqual(['lib/synth/launch.ts -> main', 'lib/cli/a.ts -> lib/index']);
  });

  test('a file of a folder missing from the table is refused', () => {
    expect(layerViolations(tree({ 'lib/newthing/a.ts': "import { b } from '../common/b';" }))).toEqual([
      'lib/newthing/a.ts -> lib/common/b',
    ]);
  });

  test('imports in comments and strings are not arrows', () => {
    const fake = tree({
      'lib/common/a.ts': "/** `import * as z from '../config/zod'` */\nconst s = \"export * from '../synth/s'\";",
    });
    expect(layerViolations(fake)).toEqual([]);
  });

  test('a cycle is found inside one folder, through type-only and dynamic imports and folder indexes', () => {
    const fake = tree({
      'lib/policy/a.ts': "import type { B } from './rules';",
      'lib/policy/rules/index.ts': "export * from './c';",
      'lib/policy/rules/c.ts': "const a = () => import('../a');",
      'lib/policy/d.ts': "import { a } from './a';",
      'lib/common/self.ts': "export { self } from './self';",
    });
    expect(importCycles(fake)).toEqual([
      ['lib/common/self.ts'],
      ['lib/policy/a.ts', 'lib/policy/rules/c.ts', 'lib/policy/rules/index.ts'],
    ]);
    expect(importCycles(tree({ 'lib/policy/a.ts': "import { b } from './b';", 'lib/policy/b.ts': '' }))).toEqual([]);
  });

  test('a construct reading the configuration or main.ts is refused', () => {
    const fake = tree({
      'lib/platform/a.ts': "import type { IngressConfig } from '../config/primitives';",
      'lib/stack/b.ts': "import type { Main } from '../../main';",
      'lib/synth/c.ts': "import { load } from '../config/load';",
    });
    expect(constructsReadingConfig(fake)).toEqual([
      'lib/platform/a.ts -> lib/config/primitives',
      'lib/stack/b.ts -> main',
    ]);
  });

  test('a lib/ file importing charts/ is refused', () => {
    const fake = tree({
      'lib/synth/a.ts': "import { render } from '../../charts/render';",
      'main.ts': "import { render } from './charts/render';",
    });
    expect(libImportingCharts(fake)).toEqual(['lib/synth/a.ts -> charts/render']);
  });
});
