/**
 * The test environment's leak check (test/support/leak-checked-environment.ts), run for real: jest
 * in a child process on test files that leave a child process or a timer behind, and on one that
 * cleans up after itself (issue 16, 12).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { leftovers } from './support/leak-checked-environment';
import { ROOT } from './support/project';

test('leftovers are what is above the baseline, by type', () => {
  const baseline = new Map([['PipeWrap', 3]]);
  expect(leftovers(baseline, new Map([['PipeWrap', 3]]))).toEqual([]);
  expect(
    leftovers(
      baseline,
      new Map([
        ['PipeWrap', 6],
        ['ProcessWrap', 1],
        ['Timeout', 2],
      ]),
    ),
  ).toEqual(['PipeWrap ×3', 'ProcessWrap ×1', 'Timeout ×2']);
});

test('a file that leaves a child process or a timer running fails, naming it; one that ends them passes', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leak-check-'));
  try {
    const files: Record<string, string> = {
      // `cat` ends when its stdin closes, at the latest when jest ends the worker.
      'leaves-a-child.test.js': "test('starts cat', () => { require('node:child_process').spawn('cat'); });",
      'leaves-a-timer.test.js': "test('arms a timer', () => { setTimeout(() => {}, 600000); });",
      'cleans-up.test.js': [
        "const { spawn } = require('node:child_process');",
        "test('waits for its child and clears its timer', async () => {",
        '  clearTimeout(setTimeout(() => {}, 600000));',
        "  const child = spawn('true');",
        "  await new Promise((resolve) => child.on('close', resolve));",
        '});',
      ].join('\n'),
    };
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), `${text}\n`);
    const config = {
      rootDir: dir,
      testEnvironment: path.join(ROOT, 'test/support/leak-checked-environment.ts'),
      transform: {
        '^.+\\.ts$': [
          require.resolve('@swc/jest', { paths: [ROOT] }),
          { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } },
        ],
      },
      cacheDirectory: path.join(dir, '.cache'),
      maxWorkers: 2,
    };
    const result = spawnSync(
      process.execPath,
      [path.join(ROOT, 'node_modules/jest/bin/jest.js'), '--ci', '--no-watchman', '--config', JSON.stringify(config)],
      { cwd: dir, encoding: 'utf8' },
    );
    const out = result.stdout + result.stderr;
    expect(result.status).toBe(1);
    expect(out).toMatch(
      /FAIL .*leaves-a-child\.test\.js[\s\S]*?left running after the last test: [^\n]*ProcessWrap ×1/,
    );
    expect(out).toMatch(/FAIL .*leaves-a-timer\.test\.js[\s\S]*?left running after the last test: Timeout ×1/);
    expect(out).toMatch(/PASS .*cleans-up\.test\.js/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
