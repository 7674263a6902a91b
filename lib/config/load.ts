/**
 * Reads the configuration files, validates them, and returns typed configuration, or throws a
 * ConfigError naming each file, field and reason. Nothing else in the project reads files for
 * configuration: constructs get plain validated objects.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Document, isMap, isPair, isScalar, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError, type ConfigProblem } from './config-error';
import { environmentSchema, ingressClaims, type EnvironmentConfig } from './environment-schema';
import { projectSchema, type ProjectConfig } from './project-schema';

export const PROJECT_FILE = 'config/project.yaml';
export const ENVIRONMENTS_DIR = 'config/environments';

/** Everything the synth needs, validated. */
export interface LoadedConfig {
  readonly project: ProjectConfig;
  /** Environments sorted by name, so output order never depends on the file system. */
  readonly environments: readonly EnvironmentConfig[];
}

/** A parsed YAML file with what is needed to point at its nodes. */
interface ParsedFile {
  readonly file: string;
  readonly doc: Document;
  readonly lines: LineCounter;
}

/** File contents to use instead of what is on disk, keyed by path relative to the root. */
export type ConfigOverrides = ReadonlyMap<string, string>;

function parseFile(root: string, file: string, problems: ConfigProblem[], overrides?: ConfigOverrides): ParsedFile | undefined {
  let text: string;
  try {
    text = overrides?.get(file) ?? fs.readFileSync(path.join(root, file), 'utf8');
  } catch (error) {
    problems.push({ file, field: '', message: `cannot be read: ${(error as Error).message}` });
    return undefined;
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const pos = lines.linePos(error.pos[0]);
      problems.push({ file, field: '', line: pos.line, column: pos.col, message: error.message.split('\n')[0] });
    }
    return undefined;
  }
  return { file, doc, lines };
}

/** The node at `fieldPath`, or the nearest ancestor that exists (a missing field points at its parent). */
function locate(parsed: ParsedFile, fieldPath: readonly PropertyKey[], key?: string): { line?: number; column?: number } {
  const keys = fieldPath.map((k) => (typeof k === 'symbol' ? String(k) : k));
  for (let depth = keys.length; depth >= 0; depth -= 1) {
    const node = parsed.doc.getIn(keys.slice(0, depth), true);
    if (node === undefined || node === null) continue;
    let offset: number | undefined;
    if (key !== undefined && depth === keys.length && isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === key);
      offset = pair && isScalar(pair.key) ? pair.key.range?.[0] : undefined;
    }
    const range = (node as { range?: [number, number, number] }).range;
    offset ??= range?.[0];
    if (offset !== undefined) {
      const pos = parsed.lines.linePos(offset);
      return { line: pos.line, column: pos.col };
    }
  }
  return {};
}

function validate<T>(parsed: ParsedFile, schema: z.ZodType<T>, problems: ConfigProblem[]): T | undefined {
  const result = schema.safeParse(parsed.doc.toJS() ?? {});
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({
          file: parsed.file,
          field: [...issue.path, key].join('.'),
          ...locate(parsed, issue.path, key),
          message: 'is not a known setting (check the spelling against the README)',
        });
      }
      continue;
    }
    problems.push({
      file: parsed.file,
      field: issue.path.map(String).join('.'),
      ...locate(parsed, issue.path),
      message: issue.message,
    });
  }
  return undefined;
}

/**
 * Loads and validates `config/project.yaml` and every `config/environments/*.yaml` under `root`.
 * `overrides` replaces the text of some files, so an edit can be validated before it is written.
 */
export function loadConfig(root: string, overrides?: ConfigOverrides): LoadedConfig {
  const problems: ConfigProblem[] = [];
  const projectFile = parseFile(root, PROJECT_FILE, problems, overrides);
  const project = projectFile && validate(projectFile, projectSchema, problems);

  let names: string[] = [];
  try {
    names = fs
      .readdirSync(path.join(root, ENVIRONMENTS_DIR))
      .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
      .sort();
  } catch (error) {
    problems.push({ file: ENVIRONMENTS_DIR, field: '', message: `cannot be read: ${(error as Error).message}` });
  }
  if (names.length === 0 && problems.length === 0) {
    problems.push({ file: ENVIRONMENTS_DIR, field: '', message: 'holds no environment file (<name>.yaml)' });
  }

  const environments: EnvironmentConfig[] = [];
  const namespaces = new Map<string, string>();
  const clusterWide = new Map<string, string>();
  const parsedByName = new Map<string, ParsedFile>();
  for (const name of names) {
    const file = `${ENVIRONMENTS_DIR}/${name}`;
    const parsed = parseFile(root, file, problems, overrides);
    const env = parsed && validate(parsed, environmentSchema, problems);
    if (!parsed || !env) continue;
    const stem = name.replace(/\.ya?ml$/, '');
    if (env.name !== stem) {
      problems.push({ file, field: 'name', ...locate(parsed, ['name']), message: `must equal the file name "${stem}"` });
    }
    const other = namespaces.get(env.namespace);
    if (other !== undefined) {
      problems.push({
        file,
        field: 'namespace',
        ...locate(parsed, ['namespace']),
        message: `"${env.namespace}" is already used by ${other}: environments must not share a namespace`,
      });
    }
    namespaces.set(env.namespace, file);
    checkClusterWideClaims(env, parsed, clusterWide, problems);
    parsedByName.set(env.name, parsed);
    environments.push(env);
  }

  if (project) {
    const bootstrap = project.delivery.bootstrapName ?? `${project.product.name}-delivery`;
    for (const env of environments) {
      const clashName = `${project.product.name}-${env.name}` === bootstrap;
      if (clashName || env.namespace === project.delivery.argocdNamespace) {
        const parsed = parsedByName.get(env.name);
        const field = clashName ? 'name' : 'namespace';
        problems.push({
          file: parsed?.file ?? `${ENVIRONMENTS_DIR}/${env.name}.yaml`,
          field,
          ...(parsed ? locate(parsed, [field]) : {}),
          message: `clashes with the ArgoCD objects (${bootstrap} in namespace ${project.delivery.argocdNamespace}): rename the environment`,
        });
      }
    }
  }
  if (problems.length > 0 || !project) throw new ConfigError(problems);
  return { project, environments };
}

/**
 * What is cluster-wide belongs to one environment. An Ingress host: ingress-nginx merges the
 * Ingresses of a host across namespaces, so a staging Ingress naming production's host would take
 * some of its traffic. A NodePort: one port per cluster, the API server refuses the second
 * Service ("provided port is already allocated"). `claimed` maps each claim seen so far to where
 * (file:line and field); refusals name both places.
 */
function checkClusterWideClaims(
  env: EnvironmentConfig,
  parsed: ParsedFile,
  claimed: Map<string, string>,
  problems: ConfigProblem[],
): void {
  const claims = ingressClaims(env).map((c) => ({ what: `host "${c.host}"`, field: c.field, kind: 'an Ingress host' }));
  if (env.web.service.nodePort !== undefined)
    claims.push({ what: `nodePort ${env.web.service.nodePort}`, field: ['web', 'service', 'nodePort'], kind: 'a NodePort' });
  const own = new Set<string>();
  for (const claim of claims) {
    const at = locate(parsed, claim.field);
    const where = `${parsed.file}:${at.line ?? '?'}:${at.column ?? '?'} (${claim.field.join('.')})`;
    const other = claimed.get(claim.what);
    if (other !== undefined && !own.has(claim.what)) {
      problems.push({
        file: parsed.file,
        field: claim.field.join('.'),
        ...at,
        message: `${claim.what} is already claimed by ${other}: environments must not share ${claim.kind}`,
      });
    }
    if (other === undefined) {
      claimed.set(claim.what, where);
      own.add(claim.what);
    }
  }
}
