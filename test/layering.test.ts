/**
 * The dependency direction: charts/ composes the constructs of lib/, and lib/ never imports
 * charts/ (the synth gets the charts as a ChartFactory from the entry points). Read from the
 * sources, so a new import that turns it around fails here rather than in review.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './support/project';

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

/** The relative modules a file imports or re-exports, resolved to paths from the root. */
function imports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)\s[^;]*?from\s+'(\.[^']+)'|import\('(\.[^']+)'\)/g)].map((m) =>
    path.relative(ROOT, path.resolve(path.dirname(file), m[1] ?? m[2])),
  );
}

test('no file in lib/ imports from charts/', () => {
  const files = sources(path.join(ROOT, 'lib'));
  expect(files.length).toBeGreaterThan(50);
  const offending = files.flatMap((f) =>
    imports(f)
      .filter((target) => target.split(path.sep)[0] === 'charts')
      .map((target) => `${path.relative(ROOT, f)} -> ${target}`),
  );
  expect(offending).toEqual([]);
});

test('the check sees imports across folders (it would catch one)', () => {
  const targets = imports(path.join(ROOT, 'charts', 'render.ts'));
  expect(targets).toContain(path.join('charts', 'environment-chart'));
  expect(targets).toContain(path.join('lib', 'synth', 'chart-factory'));
});

/**
 * The constructs sit below the configuration: lib/backing, lib/django and lib/docs take their own
 * props types (lib/common/resources.ts ContainerResources, lib/common/quantities.ts) and never
 * import lib/config or main.ts. lib/common still reads three config types, named here so the list
 * can only shrink (issue 19, point 1, moves them).
 */
const CONSTRUCT_FOLDERS = ['backing', 'django', 'docs', 'common'];
const NOT_YET_DOWN: string[] = [];

test('construct files import neither the configuration layer nor main.ts', () => {
  const files = CONSTRUCT_FOLDERS.flatMap((folder) => sources(path.join(ROOT, 'lib', folder)));
  expect(files.length).toBeGreaterThan(40);
  const upward = files.flatMap((f) =>
    imports(f)
      .filter((target) => target.startsWith(path.join('lib', 'config')) || target === 'main')
      .map((target) => `${path.relative(ROOT, f)} -> ${target}`),
  );
  expect(upward).toEqual(NOT_YET_DOWN);
});
