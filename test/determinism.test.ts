/**
 * ArgoCD deploys what is in git: dist/ must be exactly what the committed code produces, and
 * producing it twice must give the same bytes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { main } from '../main';
import { synthesize } from '../lib/synth/synthesize';
import { CHARTS } from '../charts/render';
import { readTree } from '../lib/synth/write-tree';
import { ROOT, temporaryProject } from './support/project';

test('the committed dist/ equals a fresh synth of the code (run `npm run synth` and commit if not)', () => {
  const fresh = synthesize(ROOT, { charts: CHARTS });
  const committed = readTree(path.join(ROOT, 'dist'));
  expect([...committed.keys()].sort()).toEqual([...fresh.keys()].sort());
  for (const [file, content] of fresh) expect([file, committed.get(file)]).toEqual([file, content]);
});

test('two synths in one process are byte-identical', () => {
  expect(synthesize(ROOT, { charts: CHARTS })).toEqual(synthesize(ROOT, { charts: CHARTS }));
});

test('two synths through main() write byte-identical trees, replacing stale files', () => {
  const root = temporaryProject();
  const quiet = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    fs.writeFileSync(path.join(root, 'dist', 'stale.yaml'), 'kind: Stale\n');
    expect(main(root)).toBe(0);
    const first = readTree(path.join(root, 'dist'));
    expect(first.has('stale.yaml')).toBe(false);
    expect(main(root)).toBe(0);
    expect(readTree(path.join(root, 'dist'))).toEqual(first);
  } finally {
    quiet.mockRestore();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('`cdk8s synth` produces the same dist/ as `npm run synth`', () => {
  const root = temporaryProject();
  try {
    fs.rmSync(path.join(root, 'dist'), { recursive: true });
    execFileSync(path.join(root, 'node_modules', '.bin', 'cdk8s'), ['synth'], {
      cwd: root,
      env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' },
      stdio: 'pipe',
    });
    expect(readTree(path.join(root, 'dist'))).toEqual(readTree(path.join(ROOT, 'dist')));
    expect(fs.readdirSync(path.join(root, 'build', 'cdk8s.out')).sort()).toEqual(
      fs
        .readdirSync(path.join(ROOT, 'dist'))
        .filter((d) => fs.existsSync(path.join(ROOT, 'dist', d, 'Chart.yaml')))
        .map((d) => `${d}.k8s.yaml`)
        .sort(),
    );
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
