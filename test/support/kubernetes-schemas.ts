/**
 * Validation against the Kubernetes API's JSON schemas (the `_definitions.json` that
 * `cdk8s import k8s@VERSION` reads), strict as `kubeconform -strict`: every object closes over
 * its declared properties, so a misspelt or misplaced field is an error.
 */
import * as fs from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';
import { schemaFile, sources } from '../../scripts/schema-dir.cjs';
import { formatAjvErrors, strictify, type ValidationResult } from './crd-schemas';

interface Definition {
  'x-kubernetes-group-version-kind'?: Array<{ group: string; version: string; kind: string }>;
  description?: string;
}

export class KubernetesValidator {
  public readonly version: string;
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  private readonly byGvk = new Map<string, string>();
  private readonly compiled = new Map<string, ValidateFunction>();

  public constructor(version: string) {
    const source = sources.kubernetes.find((k) => k.version === version);
    if (!source) throw new Error(`no Kubernetes schema ${version} in schemas/sources.json`);
    this.version = version;
    const definitions = (
      JSON.parse(fs.readFileSync(schemaFile(source.path), 'utf8')) as { definitions: Record<string, Definition> }
    ).definitions;
    for (const [name, def] of Object.entries(definitions)) {
      for (const gvk of def['x-kubernetes-group-version-kind'] ?? []) {
        // Several definitions list the same kind (List wrappers, meta/v1 DeleteOptions...): the
        // one named after the kind wins.
        const key = `${gvk.group === '' ? '' : `${gvk.group}/`}${gvk.version}/${gvk.kind}`;
        if (!this.byGvk.has(key) || name.endsWith(`.${gvk.kind}`)) this.byGvk.set(key, name);
      }
    }
    this.ajv.addSchema({ $id: 'k8s', definitions: strictify(definitions) }, 'k8s');
  }

  /** Whether this Kubernetes version serves the apiVersion and kind. */
  public serves(apiVersion: string, kind: string): boolean {
    return this.byGvk.has(`${apiVersion}/${kind}`);
  }

  public validate(object: { apiVersion: string; kind: string }): ValidationResult {
    const name = this.byGvk.get(`${object.apiVersion}/${object.kind}`);
    if (!name)
      return {
        valid: false,
        errors: [`Kubernetes ${this.version} does not serve ${object.apiVersion} ${object.kind}`],
      };
    let validate = this.compiled.get(name);
    if (!validate) {
      validate = this.ajv.getSchema(`k8s#/definitions/${name}`);
      if (!validate) throw new Error(`schema ${name} did not compile`);
      this.compiled.set(name, validate);
    }
    const valid = validate(object) as boolean;
    return {
      valid,
      errors: formatAjvErrors(validate.errors),
    };
  }
}

/**
 * One validator per Kubernetes version for the whole test file: reading the definitions and
 * compiling their schemas is most of a validation's cost, and a validator holds no state between
 * objects but its compiled schemas.
 */
const shared = new Map<string, KubernetesValidator>();
export function kubernetesValidator(version: string): KubernetesValidator {
  let validator = shared.get(version);
  if (!validator) shared.set(version, (validator = new KubernetesValidator(version)));
  return validator;
}
