// Synth benchmark: median wall time of several runs of the app alone (in-process, and as a
// process) and through `cdk8s synth`, with peak memory. Run with `npm run bench [-- --runs N]`.
import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' } } });
const runs = Number(values.runs);
const root = path.resolve(import.meta.dirname, '..');
const env = { ...process.env, CDK8S_CHECK_UPGRADE: 'false' };

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function timeCommand(cmd, args) {
  const start = process.hrtime.bigint();
  const result = spawnSync(cmd, args, { cwd: root, env, stdio: 'pipe' });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${result.stderr}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

// In-process: load the bundle once per run in a fresh node, time main() only, report peak RSS.
const probe = `
  const t0 = process.hrtime.bigint();
  const { main } = require('./build/main.js');
  const t1 = process.hrtime.bigint();
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = () => true;
  const code = main();
  const t2 = process.hrtime.bigint();
  process.stdout.write = write;
  console.log(JSON.stringify({ code, loadMs: Number(t1 - t0) / 1e6, synthMs: Number(t2 - t1) / 1e6, maxRssKiB: process.resourceUsage().maxRSS }));
`;

execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, env, stdio: 'inherit' });
const inProcess = [];
const processWall = [];
const cliWall = [];
for (let i = 0; i < runs; i += 1) {
  const out = execFileSync('node', ['-e', probe], { cwd: root, env }).toString();
  inProcess.push(JSON.parse(out.trim().split('\n').pop()));
  processWall.push(timeCommand('node', ['build/main.js']));
}
for (let i = 0; i < Math.min(runs, 3); i += 1) {
  cliWall.push(timeCommand(path.join(root, 'node_modules/.bin/cdk8s'), ['synth']));
}

const fmt = (ms) => `${ms.toFixed(0)} ms`;
console.log(`synth benchmark: all environments, ${runs} runs (cdk8s synth: ${cliWall.length}), median`);
console.log(
  `  app main() in process (load + synth + write): ${fmt(median(inProcess.map((r) => r.loadMs + r.synthMs)))}`,
);
console.log(
  `    of which module load ${fmt(median(inProcess.map((r) => r.loadMs)))}, synth + write ${fmt(median(inProcess.map((r) => r.synthMs)))}`,
);
console.log(`  node build/main.js (whole process):          ${fmt(median(processWall))}`);
console.log(`  cdk8s synth (CLI, includes esbuild build):   ${fmt(median(cliWall))}`);
console.log(
  `  peak RSS of the app:                         ${(median(inProcess.map((r) => r.maxRssKiB)) / 1024).toFixed(0)} MiB`,
);
