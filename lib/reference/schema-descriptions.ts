/**
 * The descriptions of configuration fields, read from the TSDoc comments on the properties of the
 * zod schemas' object literals in the source (the schemas carry no zod metadata: the comments are
 * what an engineer reads beside the code, so they are the one place a field is described).
 *
 * Only the syntax is read (no type checking, so it takes milliseconds): from a schema's `const`,
 * object literals give path segments, `z.array(x)` gives `[]`, `z.record(k, v)` gives `*`, method
 * chains (`.optional()`, `.default()`...) and `satisfies` are looked through, and identifiers are
 * followed to the `const` or function they name, in the same file or through a relative import.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as TS from 'typescript';

/** A field's path joined as the reference shows it: `delivery.repoURL`, `workers[].name`, `secrets.*`. */
export function joinPath(segments: readonly string[]): string {
  return segments.reduce((joined, s) => (s === '[]' ? `${joined}[]` : joined ? `${joined}.${s}` : s), '');
}

/** A field's TSDoc: its text and its `@default` tag, if any. */
export interface FieldDoc {
  readonly description: string;
  readonly defaultTag?: string;
}

/**
 * The TSDoc of every field reachable from `exportName` in `sourceFile` (absolute path), by path.
 * `typescript` is a development dependency, loaded only when the reference is generated.
 */
export function schemaDescriptions(sourceFile: string, exportName: string): Map<string, FieldDoc> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require('typescript') as typeof TS;
  const files = new Map<string, TS.SourceFile>();
  const docs = new Map<string, FieldDoc>();
  const parse = (file: string): TS.SourceFile => {
    let parsed = files.get(file);
    if (!parsed) {
      parsed = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
      files.set(file, parsed);
    }
    return parsed;
  };

  /** The initializer of the const (or the returned expression of the function) `name` of `file`. */
  const resolve = (
    file: string,
    name: string,
    seen: Set<string>,
  ): { file: string; node: TS.Expression } | undefined => {
    const key = `${file}#${name}`;
    if (seen.has(key)) return undefined;
    seen.add(key);
    const source = parse(file);
    for (const statement of source.statements) {
      if (ts.isVariableStatement(statement)) {
        for (const d of statement.declarationList.declarations) {
          if (ts.isIdentifier(d.name) && d.name.text === name && d.initializer) return { file, node: d.initializer };
        }
      }
      if (ts.isFunctionDeclaration(statement) && statement.name?.text === name && statement.body) {
        const ret = statement.body.statements.find(ts.isReturnStatement);
        if (ret?.expression) return { file, node: ret.expression };
      }
      if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
        const spec = statement.moduleSpecifier.text;
        const bindings = statement.importClause?.namedBindings;
        if (!spec.startsWith('.') || !bindings || !ts.isNamedImports(bindings)) continue;
        const element = bindings.elements.find((e) => e.name.text === name);
        if (element)
          return resolve(
            path.resolve(path.dirname(file), `${spec}.ts`),
            (element.propertyName ?? element.name).text,
            seen,
          );
      }
    }
    return undefined;
  };

  const walk = (file: string, node: TS.Expression, at: string[], seen: Set<string>): void => {
    if (ts.isParenthesizedExpression(node) || ts.isSatisfiesExpression(node) || ts.isAsExpression(node)) {
      return walk(file, node.expression, at, seen);
    }
    if (ts.isIdentifier(node)) {
      const target = resolve(file, node.text, new Set(seen));
      if (target) walk(target.file, target.node, at, new Set([...seen, `${file}#${node.text}`]));
      return;
    }
    if (ts.isObjectLiteralExpression(node)) {
      for (const property of node.properties) {
        if (!ts.isPropertyAssignment(property) && !ts.isShorthandPropertyAssignment(property)) continue;
        const name = property.name.getText().replace(/^['"]|['"]$/g, '');
        const fieldPath = [...at, name];
        const doc = fieldDoc(ts, property);
        if (doc) docs.set(joinPath(fieldPath), mergeDocs(docs.get(joinPath(fieldPath)), doc));
        walk(file, ts.isPropertyAssignment(property) ? property.initializer : property.name, fieldPath, seen);
      }
      return;
    }
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const method = ts.isPropertyAccessExpression(callee)
        ? callee.name.text
        : ts.isIdentifier(callee)
          ? callee.text
          : '';
      const args = node.arguments;
      if (method === 'array' && args[0]) return walk(file, args[0], [...at, '[]'], seen);
      if (method === 'record' && args[1]) return walk(file, args[1], [...at, '*'], seen);
      if (method === 'discriminatedUnion' && args[1] && ts.isArrayLiteralExpression(args[1])) {
        return args[1].elements.forEach((option) => walk(file, option, at, seen));
      }
      if (['strictObject', 'object', 'looseObject'].includes(method) && args[0]) walk(file, args[0], at, seen);
      if (['extend', 'pipe'].includes(method) && args[0]) walk(file, args[0], at, seen);
      // A helper function of the schema files (`resourcesWithDefault(...)`): its returned schema.
      if (ts.isIdentifier(callee)) return walk(file, callee, at, seen);
      if (ts.isPropertyAccessExpression(callee)) walk(file, callee.expression, at, seen);
    }
  };

  const root = resolve(sourceFile, exportName, new Set());
  if (!root) throw new Error(`${sourceFile}: no const ${exportName}`);
  walk(root.file, root.node, [], new Set());
  return docs;
}

function fieldDoc(ts: typeof TS, property: TS.Node): FieldDoc | undefined {
  const comment = ts.getJSDocCommentsAndTags(property).find(ts.isJSDoc);
  if (!comment) return undefined;
  const text = (c: TS.JSDoc['comment']): string =>
    (typeof c === 'string' ? c : (c ?? []).map((part) => part.text).join('')).replace(/\s+/g, ' ').trim();
  const defaultTag = comment.tags?.find((t) => t.tagName.text === 'default');
  return {
    description: text(comment.comment),
    ...(defaultTag ? { defaultTag: text(defaultTag.comment) } : {}),
  };
}

/** A field of several union options (`database.mode`...) keeps each option's distinct text. */
function mergeDocs(known: FieldDoc | undefined, doc: FieldDoc): FieldDoc {
  if (!known) return doc;
  const texts = [...new Set([known.description, doc.description].filter(Boolean))];
  return {
    description: texts.join(' Or: '),
    ...(known.defaultTag !== undefined
      ? { defaultTag: known.defaultTag }
      : doc.defaultTag !== undefined
        ? { defaultTag: doc.defaultTag }
        : {}),
  };
}
