/**
 * Finds a settings module in an app checkout and the app modules it imports (`from .base import
 * *`, `from .base import env`, `from config.settings import base`, `importlib.import_module(
 * "config.settings.extra")`...): importing any of them runs it whole, so each one's reads happen
 * at import. Modules outside the checkout (Django, third-party packages) are not followed; the
 * environment readers check-app does not follow (python-dotenv, python-decouple) are reported.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SyntaxNode } from '@lezer/common';
import { callArguments, children, constantString, lineAt, parsePython, PythonSyntaxError } from './python-tree';
import type { PythonModule } from './python-tree';
import { text } from './python-tree';

export interface SettingsModule {
  /** Dotted name. */
  readonly name: string;
  /** Path relative to the checkout. */
  readonly file: string;
  readonly module: PythonModule;
}

/** A way of reading the environment that check-app does not follow. */
export interface UnfollowedReader {
  readonly library: string;
  readonly file: string;
  readonly line: number;
}

/** Import names of the environment readers check-app does not follow, with their package. */
const UNFOLLOWED: Readonly<Record<string, string>> = { dotenv: 'python-dotenv', decouple: 'python-decouple' };

/** The file of a dotted module under `root`, relative to it, or undefined. */
export function moduleFile(root: string, dotted: string): string | undefined {
  const base = dotted.split('.').join('/');
  for (const candidate of [`${base}.py`, `${base}/__init__.py`]) {
    if (fs.existsSync(path.join(root, candidate))) return candidate;
  }
  return undefined;
}

/** `a.b.c` from the VariableName and `.` nodes of an import, from index `i`; with the next index. */
function dottedName(module: PythonModule, nodes: SyntaxNode[], i: number): { name: string; next: number } {
  const parts: string[] = [];
  let j = i;
  while (nodes[j]?.name === 'VariableName') {
    parts.push(text(module, nodes[j]));
    if (nodes[j + 1]?.name !== '.') return { name: parts.join('.'), next: j + 1 };
    j += 2;
  }
  return { name: parts.join('.'), next: j };
}

/** Dotted names one import statement names, resolved against the importing module's package. */
function importNames(module: PythonModule, statement: SyntaxNode, packageParts: readonly string[]): string[] {
  const nodes = children(statement);
  const found: string[] = [];
  if (nodes[0]?.name === 'import') {
    for (let i = 1; i < nodes.length;) {
      const { name, next } = dottedName(module, nodes, i);
      if (name) found.push(name);
      i = next + (nodes[next]?.name === 'as' ? 2 : 0) + 1;
    }
    return found;
  }
  let i = 1;
  let dots = 0;
  while (nodes[i]?.name === '.') {
    dots += 1;
    i += 1;
  }
  const { name, next } = dottedName(module, nodes, i);
  const base =
    dots === 0
      ? name.split('.')
      : [...packageParts.slice(0, packageParts.length - (dots - 1)), ...(name ? name.split('.') : [])];
  found.push(base.join('.'));
  // `from . import base` / `from config.settings import base, local`: submodules too.
  const imported = nodes.slice(next + 1);
  for (let k = 0; k < imported.length; k += 1) {
    if (imported[k].name === 'VariableName' && imported[k - 1]?.name !== 'as') {
      found.push([...base, text(module, imported[k])].join('.'));
    }
  }
  return found;
}

/** `importlib.import_module("a.b")` / `import_module("a.b")` with a literal name. */
function importModuleCall(module: PythonModule, call: SyntaxNode): string | undefined {
  const callee = call.firstChild;
  const name = callee ? text(module, callee).replace(/\s/g, '') : '';
  if (name !== 'importlib.import_module' && name !== 'import_module') return undefined;
  const argList = call.getChild('ArgList');
  const first = argList
    ? callArguments(module, argList).find((a) => a.keyword === undefined || a.keyword === 'name')
    : undefined;
  const literal = constantString(module, first?.value);
  // A relative name needs `package=`, which is rarely a literal: only absolute names are followed.
  return literal && !literal.startsWith('.') ? literal : undefined;
}

/** Modules one module imports, and the unfollowed environment readers it uses. */
function moduleImports(settings: SettingsModule): { modules: string[]; unfollowed: UnfollowedReader[] } {
  const isPackage = settings.file.endsWith('__init__.py');
  const packageParts = settings.name.split('.').slice(0, isPackage ? undefined : -1);
  const modules: string[] = [];
  const unfollowed: UnfollowedReader[] = [];
  const { module } = settings;
  module.tree.iterate({
    enter(ref) {
      const names =
        ref.name === 'ImportStatement'
          ? importNames(module, ref.node, packageParts)
          : ref.name === 'CallExpression'
            ? [importModuleCall(module, ref.node)].filter((n): n is string => n !== undefined)
            : [];
      modules.push(...names);
      const libraries = new Set(names.map((name) => UNFOLLOWED[name.split('.')[0]]).filter((l) => l !== undefined));
      for (const library of libraries)
        unfollowed.push({ library, file: settings.file, line: lineAt(module.source, ref.from) });
    },
  });
  return { modules: modules.filter((name) => name !== ''), unfollowed };
}

/** Reads and parses one file of the checkout, refusing with file:line what Python could not read. */
function parseFile(root: string, file: string): PythonModule {
  const source = fs.readFileSync(path.join(root, file), 'utf8');
  try {
    return parsePython(source);
  } catch (error) {
    if (error instanceof PythonSyntaxError) {
      throw new Error(`${file}:${error.line}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

/** The settings module and every app module it imports, the settings module first. */
export function loadSettingsModules(
  root: string,
  settingsModule: string,
): { modules: SettingsModule[]; unfollowed: UnfollowedReader[] } {
  const file = moduleFile(root, settingsModule);
  if (!file) {
    const base = settingsModule.split('.').join('/');
    throw new Error(`no settings module ${settingsModule} in ${root} (looked for ${base}.py and ${base}/__init__.py)`);
  }
  const modules: SettingsModule[] = [];
  const unfollowed: UnfollowedReader[] = [];
  const seen = new Set<string>();
  const queue: Array<{ name: string; file: string }> = [{ name: settingsModule, file }];
  while (queue.length > 0) {
    const next = queue.shift() as { name: string; file: string };
    if (seen.has(next.file)) continue;
    seen.add(next.file);
    const settings = { ...next, module: parseFile(root, next.file) };
    modules.push(settings);
    const imports = moduleImports(settings);
    unfollowed.push(...imports.unfollowed);
    // Importing a.b.c runs a/__init__.py and a/b/__init__.py first.
    const parents = next.name
      .split('.')
      .slice(0, -1)
      .map((_, i, parts) => parts.slice(0, i + 1).join('.'));
    for (const imported of [...parents, ...imports.modules]) {
      const importedFile = moduleFile(root, imported);
      if (importedFile && !seen.has(importedFile)) queue.push({ name: imported, file: importedFile });
    }
  }
  return { modules, unfollowed };
}
