/**
 * Entry point of `npm run synth` and `cdk8s synth`: validates every configuration file, renders
 * every environment in memory, then swaps the result into `dist/` in one step and writes the
 * environment matrix (`docs/environments.md`). On any error
 * nothing is written and the process exits non-zero with the reason.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatImmutableChanges } from './lib/synth/immutable-fields';
import { ConfigError } from './lib/config/config-error';
import { CHARTS } from './charts/render';
import { synthesizeAll as synthesizeWith, type SynthesisResult } from './lib/synth/synthesize';
import { DIST_DIR, writeOutputs } from './lib/synth/write-outputs';
import { writeSynthesis } from './lib/synth/write-synthesis';
import type { SynthBundle } from './lib/synth/synth-bundle';

/** Everything generated from the configuration under `root`, with this project's charts. */
export const synthesizeAll = (root: string): SynthesisResult => synthesizeWith(root, { charts: CHARTS });

export function main(root: string = process.cwd(), args: readonly string[] = process.argv.slice(2)): number {
  let result: SynthesisResult;
  try {
    result = synthesizeAll(root);
  } catch (error) {
    // A refusal is for the person who wrote the configuration: the reason, never a stack trace
    // (DEBUG=1 shows it for an internal error).
    const detail =
      error instanceof ConfigError || !process.env.DEBUG
        ? String((error as Error).message ?? error)
        : String((error as Error).stack ?? error);
    process.stderr.write(`synth failed, dist/ left unchanged: ${detail}\n`);
    return 1;
  }
  const { immutable, written } = writeSynthesis(root, result, { strict: args.includes('--strict') });
  process.stderr.write(formatImmutableChanges(immutable));
  if (!written) {
    process.stderr.write(
      `synth refused (--strict), dist/ left unchanged: ${immutable.length} StatefulSet change(s) need the runbook above\n`,
    );
    return 1;
  }
  const files = result.dist;

  // Under `cdk8s synth`, also hand the CLI one manifest stream per environment in its scratch
  // folder, which it wipes first; dist/ itself is only ever replaced atomically above.
  const cliOutdir = process.env.CDK8S_OUTDIR;
  if (cliOutdir && path.resolve(root, cliOutdir) !== path.resolve(root, DIST_DIR)) {
    fs.mkdirSync(cliOutdir, { recursive: true });
    const streams = new Map<string, string[]>();
    for (const [file, content] of files) {
      if (!file.includes('/templates/')) continue;
      const env = file.split('/')[0];
      streams.set(env, [...(streams.get(env) ?? []), content]);
    }
    for (const [env, contents] of streams)
      fs.writeFileSync(path.join(cliOutdir, `${env}.k8s.yaml`), contents.join('---\n'));
  }
  process.stdout.write(`synthesized ${files.size} files into ${DIST_DIR}/ and the environment matrix\n`);
  return 0;
}

/** What the launcher (lib/synth/launch.ts) runs in the bundle of this file. */
export const synthBundle: SynthBundle = { main, synthesizeAll, writeOutputs };

if (require.main === module) process.exitCode = main();
