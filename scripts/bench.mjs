// Synth benchmark, `npm run bench [-- --runs N] [--fleet N] [--clusters N] [--cli]`.
//
// Times, as whole processes, in the same run and interleaved round by round so that the load of
// a shared machine weighs on all of them alike:
//   floor   `node -e "require('cdk8s-plus-27')"`: Node plus merely loading the construct library
//   3 envs  `node [options] scripts/synth.mjs`, as `npm run synth` runs it (the build record
//           checked, build/main.js run), on this repository's configuration (writes dist/)
//   fleet   the same on a generated fleet (30 copies of staging on 5 clusters, scripts/fleet.cjs)
// and reports medians, each against the floor, with the targets of issue 12 (three environments
// within 1.6 times the floor, 30 within 3.2 times). Wall time is what counts; CPU time (user +
// system) is shown beside it because it varies less when other processes share the cores.
// Then main() in process, split into its phases (module load, configuration, constructs,
// rendering YAML, writing), and peak memory. The first run after a build fills the V8 code
// cache (lib/synth/code-cache.ts) and writes a fresh dist/; it is reported on its own and not
// counted in the medians. The runs after it find dist/ unchanged, as a synth after a small edit
// mostly does, so they carry its files over as links (lib/synth/write-tree.ts).
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    fleet: { type: 'string', default: '30' },
    clusters: { type: 'string', default: '5' },
    cli: { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const fleetSize = Number(values.fleet);
const fleetClusters = Number(values.clusters);
const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const { createFleetProject } = require('./fleet.cjs');
const env = { ...process.env, CDK8S_CHECK_UPGRADE: 'false' };
const mainJs = path.join(root, 'build', 'main.js');
const synthJs = path.join(root, 'scripts', 'synth.mjs');
// The Node options of `npm run synth` (package.json), so the bench times the command the synth runs.
const synthScript = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts.synth;
const nodeOptions = /^node (.*?)\s*scripts\/synth\.mjs$/.exec(synthScript)?.[1].split(/\s+/).filter(Boolean);
if (!nodeOptions)
  throw new Error(`package.json scripts.synth is not "node [options] scripts/synth.mjs": ${synthScript}`);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Wall and CPU milliseconds of one process. */
function timeProcess(cwd, args) {
  const cpuBefore = childrenCpu();
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd, env, stdio: 'pipe' });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed in ${cwd}:\n${result.stderr}`);
  const cpuAfter = childrenCpu();
  return { wallMs, cpuMs: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore };
}

// CPU time of reaped children (user + system), from /proc: Node exposes no per-child figure.
// Elsewhere only wall time is reported.
function childrenCpu() {
  try {
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    const ticksPerSecond = 100; // USER_HZ, 100 on every Linux ABI Node supports
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / ticksPerSecond; // cutime + cstime
  } catch {
    return undefined;
  }
}
// In process: main()'s phases, from the bundle the launcher loads (cache warm as in the runs).
// A build without the phase exports (an older commit, for a before/after) is timed as a whole.
const probe = `
  const t0 = performance.now();
  const launcher = require(${JSON.stringify(mainJs)});
  const t1 = performance.now();
  process.stdout.write = () => true;
  let timings = {};
  if (launcher.synthesizeAll) {
    const result = launcher.synthesizeAll(process.cwd());
    const written = performance.now();
    launcher.writeOutputs(process.cwd(), result);
    timings = { ...result.timings, writeMs: performance.now() - written };
  } else launcher.main(process.cwd());
  const t2 = performance.now();
  console.error(JSON.stringify({ loadMs: t1 - t0, runMs: t2 - t1, ...timings,
    maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
`;
function phases(cwd) {
  const run = spawnSync(process.execPath, [...nodeOptions, '-e', probe], { cwd, env, stdio: 'pipe' });
  if (run.status !== 0) throw new Error(`in-process probe failed in ${cwd}:\n${run.stderr}`);
  return JSON.parse(run.stderr.toString().trim().split('\n').pop());
}

execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, env, stdio: 'inherit' });
const fleetRoot = createFleetProject(fleetSize, root, fleetClusters);
try {
  const cases = [
    ['floor', root, ['-e', "require('cdk8s-plus-27')"]],
    ['3 envs', root, [...nodeOptions, synthJs]],
    [`${fleetSize} envs`, fleetRoot, [...nodeOptions, synthJs]],
  ];
  const cold = {};
  for (const [name, cwd, args] of cases) cold[name] = timeProcess(cwd, args); // fills the code cache
  const samples = Object.fromEntries(cases.map(([name]) => [name, []]));
  for (let i = 0; i < runs; i += 1) {
    for (const [name, cwd, args] of cases) samples[name].push(timeProcess(cwd, args));
  }
  const wall = (name) => median(samples[name].map((s) => s.wallMs));
  const cpu = (name) => (samples[name][0].cpuMs === undefined ? undefined : median(samples[name].map((s) => s.cpuMs)));
  const ms = (x) => (x === undefined ? '–' : `${x.toFixed(0)} ms`);
  const ratio = (a, b) => (a === undefined || b === undefined ? '–' : `${(a / b).toFixed(2)}×`);
  const targets = { '3 envs': 1.6, [`${fleetSize} envs`]: fleetSize === 30 ? 3.2 : undefined };

  console.log(`synth benchmark, whole process, median of ${runs} interleaved runs (Node ${process.version})`);
  console.log('  case        wall     ×floor   cpu      ×floor   target  first run (cold cache)');
  for (const [name] of cases) {
    const target = targets[name];
    const verdict =
      target === undefined ? '' : `${wall(name) / wall('floor') <= target ? 'met' : 'MISSED'} ≤${target}×`;
    console.log(
      `  ${name.padEnd(10)}  ${ms(wall(name)).padEnd(7)}  ${ratio(wall(name), wall('floor')).padEnd(7)}  ` +
        `${ms(cpu(name)).padEnd(7)}  ${ratio(cpu(name), cpu('floor')).padEnd(7)}  ${verdict.padEnd(6)}  ${ms(cold[name].wallMs)}`,
    );
  }

  for (const [name, cwd] of cases.slice(1)) {
    const probes = Array.from({ length: Math.max(3, Math.ceil(runs / 2)) }, () => phases(cwd));
    const m = (key) => median(probes.map((p) => p[key]));
    const split =
      probes[0].configMs === undefined
        ? ''
        : ` (config ${ms(m('configMs'))} + constructs ${ms(m('constructsMs'))} + YAML ${ms(m('renderMs'))}` +
          ` + write ${ms(m('writeMs'))})`;
    console.log(
      `  main() in process, ${name}: ${ms(m('loadMs') + m('runMs'))} = module load ${ms(m('loadMs'))}` +
        ` + run ${ms(m('runMs'))}${split}; peak RSS ${m('maxRssMiB').toFixed(0)} MiB`,
    );
  }

  if (values.cli) {
    const cliWall = [0, 1, 2].map(() => {
      const start = process.hrtime.bigint();
      execFileSync(path.join(root, 'node_modules', '.bin', 'cdk8s'), ['synth'], { cwd: root, env, stdio: 'pipe' });
      return Number(process.hrtime.bigint() - start) / 1e6;
    });
    console.log(`  cdk8s synth (CLI), median of 3: ${ms(median(cliWall))}`);
  }
} finally {
  fs.rmSync(fleetRoot, { recursive: true, force: true });
}
