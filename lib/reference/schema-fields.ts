/**
 * The fields of a configuration schema as rows of the reference: path, type, default,
 * constraints and whether the field is required, read from zod's own JSON Schema conversion
 * (`toJSONSchema`, input side: what the file may contain, with the defaults zod fills in).
 */
import { toJSONSchema, type ZodType } from 'zod';
import { joinPath } from './schema-descriptions';

/** One field of a configuration file. */
export interface SchemaField {
  /** Segments from the file's top: names, `[]` for an array's items, `*` for a map's values. */
  readonly path: readonly string[];
  readonly type: string;
  /** The default zod fills in, as JSON. @default none: the field has no default */
  readonly default?: string;
  /** Bounds, patterns and allowed values, in JSON Schema's words. */
  readonly constraints: readonly string[];
  readonly required: boolean;
  /** Present in some options of a union only (`database.backup.objectStoreName`). @default false */
  readonly optionOnly?: boolean;
}

type JsonSchema = Record<string, unknown> & {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
};

const CONSTRAINT_KEYWORDS = [
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
] as const;

/** Every field of `schema`, parents before their children, in the schema's order. */
export function schemaFields(schema: ZodType): SchemaField[] {
  const root = toJSONSchema(schema, { io: 'input', unrepresentable: 'any', reused: 'inline' }) as JsonSchema;
  const fields: SchemaField[] = [];
  const deref = (node: JsonSchema): JsonSchema => {
    const ref = node.$ref;
    if (typeof ref !== 'string' || !ref.startsWith('#/$defs/')) return node;
    return { ...deref(root.$defs?.[ref.slice('#/$defs/'.length)] ?? {}), ...node, $ref: undefined };
  };
  const visit = (raw: JsonSchema, at: string[]): void => {
    const node = deref(raw);
    const options = (node.anyOf ?? node.oneOf ?? []).map(deref).filter((o) => o.type !== 'null');
    for (const option of options) visit(option, at);
    // A property some options lack belongs to the options that have it.
    const names = options.map((o) => Object.keys(o.properties ?? {}));
    for (const name of new Set(names.flat())) {
      if (names.every((n) => n.includes(name))) continue;
      const i = fields.findIndex((f) => joinPath(f.path) === joinPath([...at, name]));
      if (i >= 0) fields[i] = { ...fields[i], optionOnly: true };
    }
    for (const part of node.allOf ?? []) visit(part, at);
    for (const [name, child] of Object.entries(node.properties ?? {})) {
      const path = [...at, name];
      const existing = fields.findIndex((f) => joinPath(f.path) === joinPath(path));
      const field = describe(deref(child), path, (node.required ?? []).includes(name));
      // A field of several union options (database.mode...) is listed once, its types merged.
      if (existing < 0) fields.push(field);
      else fields[existing] = merge(fields[existing], field);
      visit(child, path);
    }
    if (node.items && typeof node.items === 'object') visit(node.items, [...at, '[]']);
    if (node.additionalProperties && typeof node.additionalProperties === 'object') {
      visit(node.additionalProperties, [...at, '*']);
    }
  };
  visit(root, []);
  return fields;
}

function describe(node: JsonSchema, path: string[], required: boolean): SchemaField {
  const constraints: string[] = [];
  const options = (node.anyOf ?? node.oneOf ?? [node]).filter((o) => o.type !== 'null');
  for (const option of options) {
    if (Array.isArray(option.enum)) constraints.push(`one of ${option.enum.map((v) => JSON.stringify(v)).join(', ')}`);
    if ('const' in option) constraints.push(`= ${JSON.stringify(option.const)}`);
    for (const keyword of CONSTRAINT_KEYWORDS) {
      const value = option[keyword];
      // z.int() bounds every integer to the safe range: not a constraint of the field.
      const safeBound = value === Number.MAX_SAFE_INTEGER || value === Number.MIN_SAFE_INTEGER;
      if (value !== undefined && !safeBound) {
        constraints.push(`${keyword} ${keyword === 'pattern' ? `\`${String(value)}\`` : String(value)}`);
      }
    }
  }
  return {
    path,
    type: typeName(node),
    ...(node.default !== undefined ? { default: JSON.stringify(node.default) } : {}),
    constraints: [...new Set(constraints)],
    required,
  };
}

function typeName(node: JsonSchema): string {
  const options = node.anyOf ?? node.oneOf;
  if (options) return [...new Set(options.map(typeName))].join(' \\| ');
  if (node.type === 'array') return `${node.items ? typeName(node.items) : 'any'}[]`;
  if (node.type === 'object' && node.additionalProperties && typeof node.additionalProperties === 'object') {
    return `map of ${typeName(node.additionalProperties)}`;
  }
  if (node.type === 'integer') return 'integer';
  if (Array.isArray(node.type)) return node.type.join(' \\| ');
  if (node.type) return node.type;
  if (Array.isArray(node.enum)) return typeof node.enum[0];
  if ('const' in node) return typeof node.const;
  return 'any';
}

function merge(a: SchemaField, b: SchemaField): SchemaField {
  const types = [...new Set([...a.type.split(' \\| '), ...b.type.split(' \\| ')])];
  return {
    ...a,
    type: types.join(' \\| '),
    ...(a.default === undefined && b.default !== undefined ? { default: b.default } : {}),
    constraints: oneOf([...new Set([...a.constraints, ...b.constraints])]),
    required: a.required && b.required,
  };
}

/** The discriminators of a union (`= "statefulset"`, `= "external"`) read as one choice. */
function oneOf(constraints: string[]): string[] {
  const choice = (c: string) => c.startsWith('= ') || c.startsWith('one of ');
  const values = constraints
    .filter(choice)
    .flatMap((c) => (c.startsWith('= ') ? [c.slice(2)] : c.slice(7).split(', ')));
  if (values.length < 2) return constraints;
  return [`one of ${[...new Set(values)].join(', ')}`, ...constraints.filter((c) => !choice(c))];
}
