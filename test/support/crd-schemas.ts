/**
 * Validation of custom resources against the openAPIV3Schema of their CRD, strict as the API
 * server with field validation: a field the schema does not declare is an error.
 */
import * as fs from 'node:fs';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { CORE_SCHEMA, loadAll } from 'js-yaml';
// The closing of every object that scripts/crd-json-schemas.cjs gives kubeconform's CRD schemas.
import { strictify } from '../../scripts/crd-json-schemas.cjs';
import { schemaFile, sources } from '../../scripts/schema-dir.cjs';
import { perWorker } from './worker-cache';

type Schema = Record<string, unknown>;

interface CrdDocument {
  kind: string;
  spec: {
    group: string;
    names: { kind: string };
    versions: Array<{ name: string; served: boolean; schema: { openAPIV3Schema: Schema } }>;
  };
}

/**
 * Ajv's findings as `path message[: field]` lines, in an array of the caller's context (the
 * errors may come from a validator compiled in another test file's: worker-cache.ts).
 */
export function formatAjvErrors(errors: ErrorObject[] | null | undefined): string[] {
  const lines: string[] = [];
  for (const e of errors ?? [])
    lines.push(
      `${e.instancePath || '/'} ${e.message ?? ''}${'additionalProperty' in e.params ? `: ${String(e.params.additionalProperty)}` : ''}`,
    );
  return lines;
}

export interface ValidationResult {
  readonly valid: boolean;
  readonly errors: string[];
}

/**
 * Validators for every served version of every CRD listed in schemas/sources.json. Reading the
 * CRDs and compiling their schemas is most of a validation's cost: the validators are made once
 * per jest worker (worker-cache.ts), each compiled when first used.
 */
export class CrdValidator {
  private readonly validators = perWorker('crd-schemas', crdValidators);

  /** Whether a CRD defines this apiVersion and kind. */
  public knows(apiVersion: string, kind: string): boolean {
    return this.validators.has(`${apiVersion}/${kind}`);
  }

  public validate(object: { apiVersion: string; kind: string }): ValidationResult {
    const validator = this.validators.get(`${object.apiVersion}/${object.kind}`);
    if (!validator) return { valid: false, errors: [`no CRD serves ${object.apiVersion} ${object.kind}`] };
    const valid = validator(object) as boolean;
    return {
      valid,
      errors: formatAjvErrors(validator.errors),
    };
  }
}

/** A validator, compiled on first use, for each served version of each CRD, by `group/version/kind`. */
function crdValidators(): Map<string, ValidateFunction> {
  const validators = new Map<string, ValidateFunction>();
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  /** Compiling the large CRDs takes a while: only those that are used. */
  const lazy = (schema: Schema): ValidateFunction => {
    let compiled: ValidateFunction | undefined;
    const call = ((data: unknown) => {
      compiled ??= ajv.compile(strictify(schema) as Schema);
      const ok = compiled(data);
      call.errors = compiled.errors;
      return ok;
    }) as ValidateFunction;
    return call;
  };
  for (const source of sources.crds) {
    // js-yaml with the YAML 1.2 core schema, as `yaml` reads them, five times faster on these large files.
    const docs = loadAll(fs.readFileSync(schemaFile(source.path), 'utf8'), null, {
      schema: CORE_SCHEMA,
    }) as CrdDocument[];
    for (const crd of docs.filter((d) => d?.kind === 'CustomResourceDefinition')) {
      for (const version of crd.spec.versions.filter((v) => v.served)) {
        const key = `${crd.spec.group}/${version.name}/${crd.spec.names.kind}`;
        validators.set(key, lazy(version.schema.openAPIV3Schema));
      }
    }
  }
  return validators;
}
