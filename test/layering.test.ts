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
