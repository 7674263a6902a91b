import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Manifest } from '../../lib/common/manifest';
import { readManifests, ROOT } from './project';

/** Every object in the YAML files of a folder of the committed `dist/` (recursively). */
export function distManifests(relative: string): Manifest[] {
  const dir = path.join(ROOT, relative);
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml') && f !== 'Chart.yaml' && f !== 'values.yaml')
    .sort()
    .flatMap((f) => readManifests(path.join(dir, f)));
}
