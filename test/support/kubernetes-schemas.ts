/**
 * Validation against the Kubernetes API's JSON schemas (the `_definitions.json` that
 * `cdk8s import k8s@VERSION` reads), strict as `kubeconform -strict`: every object closes over
 * its declared properties, so a misspelt or misplaced field is an error.
 */
import * as fs from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';
import { strictify } from '../../scripts/crd-json-schemas.cjs';
import { schemaFile, sources } from '../../scripts/schema-dir.cjs';
import { formatAjvErrors, type ValidationResult } from './crd-schemas';
import { perWorker } from './worker-cache';

interface Definition {
  'x-kubernetes-group-version-kind'?: Array<{ group: string; version: string; kind: string }>;
  description?: string;
}

/** A Kubernetes version's schemas: one Ajv holding its definitions, and each kind's compiled validator. */
interface CompiledSchemas {
  readonly ajv: Ajv;
  /** Definition names by `apiVersion/kind`. */
  readonly byGvk: ReadonlyMap<string, string>;
  readonly compiled: Map<string, ValidateFunction>;
}

/**
 * Validates objects against one Kubernetes version's schemas. Reading the definitions and
 * compiling their schemas is most of a validation's cost, and they hold no state between objects
 * but the compiled schemas: every validator of a version shares one set per jest worker
 * (worker-cache.ts), each kind compiled when first used.
 */
export class KubernetesValidator {
  public readonly version: string;
  private readonly schemas: CompiledSchemas;

  public constructor(version: string) {
    this.version = version;
    this.schemas = perWorker(`kubernetes-schemas ${version}`, () => readSchemas(version));
  }

  /** Whether this Kubernetes version serves the apiVersion and kind. */
  public serves(apiVersion: string, kind: string): boolean {
    return this.schemas.byGvk.has(`${apiVersion}/${kind}`);
  }

  public validate(object: { apiVersion: string; kind: string }): ValidationResult {
    const name = this.schemas.byGvk.get(`${object.apiVersion}/${object.kind}`);
    if (!name)
      return {
        valid: false,
        errors: [`Kubernetes ${this.version} does not serve ${object.apiVersion} ${object.kind}`],
      };
    let validate = this.schemas.compiled.get(name);
    if (!validate) {
      validate = this.schemas.ajv.getSchema(`k8s#/definitions/${name}`);
      if (!validate) throw new Error(`schema ${name} did not compile`);
      this.schemas.compiled.set(name, validate);
    }
    const valid = validate(object) as boolean;
    return {
      valid,
      errors: formatAjvErrors(validate.errors),
    };
  }
}

function readSchemas(version: string): CompiledSchemas {
  const source = sources.kubernetes.find((k) => k.version === version);
  if (!source) throw new Error(`no Kubernetes schema ${version} in schemas/sources.json`);
  const definitions = (
    JSON.parse(fs.readFileSync(schemaFile(source.path), 'utf8')) as { definitions: Record<string, Definition> }
  ).definitions;
  const byGvk = new Map<string, string>();
  for (const [name, def] of Object.entries(definitions)) {
    for (const gvk of def['x-kubernetes-group-version-kind'] ?? []) {
      // Several definitions list the same kind (List wrappers, meta/v1 DeleteOptions...): the
      // one named after the kind wins.
      const key = `${gvk.group === '' ? '' : `${gvk.group}/`}${gvk.version}/${gvk.kind}`;
      if (!byGvk.has(key) || name.endsWith(`.${gvk.kind}`)) byGvk.set(key, name);
    }
  }
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema({ $id: 'k8s', definitions: strictify(definitions) }, 'k8s');
  return { ajv, byGvk, compiled: new Map() };
}

/** The validator of one Kubernetes version (all of a version's validators share their schemas). */
export function kubernetesValidator(version: string): KubernetesValidator {
  return new KubernetesValidator(version);
}
