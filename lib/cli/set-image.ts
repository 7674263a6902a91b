import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { ENVIRONMENTS_DIR, loadConfig } from '../config/load';
import { normalizeLineBreaks } from '../config/yaml-file';
import { environmentSchema } from '../config/environment-schema';
import { imageTag } from '../config/primitives';
import { synthesizeAll, type SynthesizeOptions } from '../synth/synthesize';
import { writeFileAtomically, writeOutputs } from '../synth/write-outputs';
import { readTree } from '../synth/write-tree';
import { CliError } from './cli-error';

/** Components whose image can be set: the keys of `images` in an environment file. */
export const IMAGE_COMPONENTS = Object.keys(environmentSchema.shape.images.shape);

export interface SetImageRequest {
  readonly environment: string;
  readonly component: string;
  readonly tag: string;
  /** Pin by digest too; without it any digest in the file is removed (it belonged to the old tag). */
  readonly digest?: string;
}

export interface SetImageResult {
  /** The environment file, relative to the root. */
  readonly file: string;
  /** Previous tag, or undefined when the component used its default image. */
  readonly previousTag?: string;
  /** Files of dist/ whose content changed. */
  readonly changedFiles: readonly string[];
}

/**
 * Sets one image tag in one environment file, keeping its comments and layout, synthesizes, and
 * writes the file and dist/ only if everything validates. Refusals change nothing.
 */
export function setImage(
  root: string,
  request: SetImageRequest,
  options: Pick<SynthesizeOptions, 'charts' | 'onProgress'>,
): SetImageResult {
  const { environment, component } = request;
  const file = `${ENVIRONMENTS_DIR}/${environment}.yaml`;
  const full = path.join(root, file);
  const config = loadConfig(root);
  const env = config.environments.find((e) => e.name === environment);
  if (!env || !fs.existsSync(full)) {
    throw new CliError(
      `unknown environment "${environment}": choose one of ${config.environments.map((e) => e.name).join(', ')}`,
    );
  }
  if (!IMAGE_COMPONENTS.includes(component)) {
    throw new CliError(`unknown component "${component}": choose one of ${IMAGE_COMPONENTS.join(', ')}`);
  }
  const tag = imageTag.safeParse(request.tag);
  if (!tag.success) throw new CliError(`invalid tag "${request.tag}": ${tag.error.issues[0]?.message ?? 'rejected'}`);

  const text = fs.readFileSync(full, 'utf8');
  // Read as the loader reads it: a CR-only file is one comment line to `yaml` otherwise.
  const doc = parseDocument(normalizeLineBreaks(text));
  const current = env.images[component as keyof typeof env.images];
  const previousTag = doc.getIn(['images', component, 'tag']) as string | undefined;
  if (!doc.hasIn(['images', component])) {
    // The component used its default image: write it out with the new tag.
    doc.setIn(['images', component], doc.createNode({ repository: current.repository, tag: request.tag }));
  } else {
    doc.setIn(['images', component, 'tag'], request.tag);
  }
  if (request.digest !== undefined) doc.setIn(['images', component, 'digest'], request.digest);
  else doc.deleteIn(['images', component, 'digest']);
  const updated = doc.toString({ flowCollectionPadding: false, lineWidth: 0 });

  // Validates the edited file with all the others and renders everything before writing.
  const result = synthesizeAll(root, { ...options, overrides: new Map([[file, updated]]) });
  const before = readTree(path.join(root, 'dist'));
  writeFileAtomically(full, updated);
  try {
    writeOutputs(root, result);
  } catch (error) {
    writeFileAtomically(full, text);
    throw error;
  }
  const changedFiles = [...result.dist.keys()].filter((f) => before.get(f) !== result.dist.get(f)).sort();
  return { file, previousTag, changedFiles };
}
