import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments, parseDocument } from 'yaml';
import { loadConfig, resolveEnvironment, type LoadedConfig } from '../../lib/config/load';
import { environmentSchema, type EnvironmentConfig } from '../../lib/config/environment-schema';
import { environmentManifests } from '../../charts/render';
import type { Manifest } from '../../lib/common/manifest';
import type { AppContract } from '../../lib/app/app-contract';
import { perWorker } from './worker-cache';

export const ROOT = path.resolve(__dirname, '..', '..');

/**
 * The committed configuration and each environment's objects, loaded and rendered once per jest
 * worker (worker-cache.ts) rather than in every test file: together a tenth of a second of each
 * of some 40 files. Only ever read through a copy.
 */
function workerProject(): { config: LoadedConfig; manifests: ReadonlyMap<string, Manifest[]> } {
  return perWorker('committed project', () => {
    const config = loadConfig(ROOT);
    const manifests = new Map(config.environments.map((env) => [env.name, environmentManifests(config.project, env)]));
    return { config, manifests };
  });
}

/**
 * A deep copy of plain data made of this file's own objects. Not structuredClone: it makes them in
 * the worker's main context, whose Object.prototype is not the test file's (the YAML writer's
 * plain-object check, lib/synth/manifest-yaml.ts, refuses them).
 */
function ownCopy<T>(value: T): T {
  if (Array.isArray(value)) {
    // A loop, not value.map: map makes its result in the context of the array it is called on.
    const items: unknown[] = [];
    for (const item of value as unknown[]) items.push(ownCopy(item));
    return items as T;
  }
  if (value === null || typeof value !== 'object') return value;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== null && Object.getPrototypeOf(proto) !== null)
    throw new Error(`not plain data: ${Object.prototype.toString.call(value)}`);
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = ownCopy(item);
  return copy as T;
}

let cached: LoadedConfig | undefined;
/** The committed configuration, the test file's own copy (its tests may change it). */
export function projectConfig(): LoadedConfig {
  cached ??= ownCopy(workerProject().config);
  return cached;
}

export interface RenderedEnvironment {
  readonly env: EnvironmentConfig;
  readonly manifests: Manifest[];
}

const rendered = new Map<string, RenderedEnvironment>();
/** Every committed environment with its synthesized objects (the test file's own copy). */
export function environments(): RenderedEnvironment[] {
  const config = projectConfig();
  return config.environments.map((env) => {
    let entry = rendered.get(env.name);
    if (!entry) {
      const manifests = workerProject().manifests.get(env.name);
      if (!manifests) throw new Error(`environment ${env.name} was not rendered`);
      entry = { env, manifests: ownCopy(manifests) };
      rendered.set(env.name, entry);
    }
    return entry;
  });
}

/** `[name, rendered]` rows for `describe.each`. */
export function environmentRows(): Array<[string, RenderedEnvironment]> {
  return environments().map((e) => [e.env.name, e]);
}

/** A throwaway copy of the project's sources and configuration, for tests that write. */
export function temporaryProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'django-k8s-'));
  // Everything the repository holds at the top level, so a new source file is never missed.
  const skipped = new Set(['node_modules', 'build', 'coverage', '.git', '.cache']);
  // Large folders no test writes to (vendored schemas, generated imports: 10 of the 12 MB) are
  // linked, not copied; a test that regenerates imports/ writes to a folder of its own. So are the
  // tests themselves (a third of the files left to copy, and a copy is made for almost every test
  // that writes): nothing run in a copy (the synth, the CLI, the build, helm) reads test/.
  const linked = new Set(['node_modules', 'schemas', 'imports', 'test']);
  for (const entry of fs.readdirSync(ROOT).filter((e) => !skipped.has(e) && !linked.has(e))) {
    fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
  }
  for (const entry of linked) fs.symlinkSync(path.join(ROOT, entry), path.join(dir, entry), 'dir');
  return dir;
}

/** A throwaway copy of the committed config/ alone: all that loading and synthesizing in memory read. */
export function configCopy(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.cpSync(path.join(ROOT, 'config'), path.join(dir, 'config'), { recursive: true });
  return dir;
}

/**
 * A getter of a throwaway copy (`make`: {@link configCopy}, {@link temporaryProject}) made on its
 * first call in a test and removed after that test, so each test that writes starts from the
 * committed files and one that does not copies nothing.
 */
export function copyPerTest(make: () => string): () => string {
  let created: string | undefined;
  afterEach(() => {
    if (created) fs.rmSync(created, { recursive: true, force: true });
    created = undefined;
  });
  return () => (created ??= make());
}

/** Parses a multi-document YAML file from disk. */
export function readManifests(file: string): Manifest[] {
  const docs = parseAllDocuments(fs.readFileSync(file, 'utf8'), { uniqueKeys: true });
  if (!Array.isArray(docs)) throw new Error(`${file}: not a YAML stream`);
  // Duplicate keys and syntax errors are errors, as for kubeconform -strict and the API server.
  const errors = docs.flatMap((d) => d.errors.map((e) => `${file}: ${e.message}`));
  if (errors.length > 0) throw new Error(errors.join('\n'));
  return docs.map((d) => d.toJS() as Manifest | null).filter((m): m is Manifest => m !== null);
}

/**
 * An environment with some settings replaced (dotted paths), validated like a file, on the same
 * cluster.
 */
export function environmentVariant(
  env: EnvironmentConfig,
  patch: Record<string, unknown>,
  app: AppContract = env.app,
): EnvironmentConfig {
  const { platform, ...rest } = env;
  // Back to what the file says: the loader adds the cluster's facts to a CloudNativePG database.
  const database = Object.fromEntries(Object.entries(env.database).filter(([key]) => key !== 'platform'));
  const doc = parseDocument(JSON.stringify({ ...rest, app: undefined, database }));
  for (const [path, value] of Object.entries(patch)) doc.setIn(path.split('.'), value);
  const resolved = resolveEnvironment(environmentSchema.parse(doc.toJS()), platform, app);
  if (!resolved) throw new Error(`cluster ${platform.name} lacks what the variant's database needs`);
  return resolved;
}
