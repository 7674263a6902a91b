/**
 * Finds a settings module in an app checkout and the app modules it imports (`from .base import
 * *`, `from .base import env`, `from config.settings import base`...): importing any of them runs
 * it whole, so each one's reads happen at import. Modules outside the checkout (Django,
 * third-party packages) are not followed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Token, tokenize, PythonSyntaxError } from './python-tokens';

export interface SettingsModule {
  /** Dotted name. */
  readonly name: string;
  /** Path relative to the checkout. */
  readonly file: string;
  readonly source: string;
  readonly tokens: readonly Token[];
}

/** The file of a dotted module under `root`, relative to it, or undefined. */
export function moduleFile(root: string, dotted: string): string | undefined {
  const base = dotted.split('.').join('/');
  for (const candidate of [`${base}.py`, `${base}/__init__.py`]) {
    if (fs.existsSync(path.join(root, candidate))) return candidate;
  }
  return undefined;
}

/** Dotted names a module imports, resolved against its package. */
function importedModules(module: SettingsModule, tokens: readonly Token[]): string[] {
  const isPackage = module.file.endsWith('__init__.py');
  const packageParts = module.name.split('.').slice(0, isPackage ? undefined : -1);
  const found: string[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const t = tokens[i];
    // Only statements: `from`/`import` opening a logical line (not `yield from`).
    const startsStatement = i === 0 || tokens[i - 1].line < t.line || tokens[i - 1].value === ';';
    if (t.type !== 'name' || !startsStatement) continue;
    if (t.value === 'from') {
      let j = i + 1;
      let dots = 0;
      while (tokens[j]?.value === '.' || tokens[j]?.value === '...') {
        dots += tokens[j].value.length;
        j += 1;
      }
      const parts: string[] = [];
      while (tokens[j]?.type === 'name' && tokens[j].value !== 'import') {
        parts.push(tokens[j].value);
        j += tokens[j + 1]?.value === '.' ? 2 : 1;
      }
      if (tokens[j]?.value !== 'import') continue;
      const base = dots === 0 ? parts : [...packageParts.slice(0, packageParts.length - (dots - 1)), ...parts];
      found.push(base.join('.'));
      // `from . import base` / `from config.settings import base, local`: submodules too.
      for (let k = j + 1; k < tokens.length && tokens[k].line === tokens[j].line; k += 1) {
        if (tokens[k].type === 'name' && tokens[k - 1].value !== 'as') found.push([...base, tokens[k].value].join('.'));
      }
    } else if (t.value === 'import') {
      let j = i + 1;
      const parts: string[] = [];
      while (tokens[j]?.type === 'name') {
        parts.push(tokens[j].value);
        if (tokens[j + 1]?.value !== '.') break;
        j += 2;
      }
      found.push(parts.join('.'));
    }
  }
  return found.filter((name) => name !== '');
}

/** The settings module and every app module it imports, the settings module first. */
export function loadSettingsModules(root: string, settingsModule: string): SettingsModule[] {
  const file = moduleFile(root, settingsModule);
  if (!file) {
    const base = settingsModule.split('.').join('/');
    throw new Error(`no settings module ${settingsModule} in ${root} (looked for ${base}.py and ${base}/__init__.py)`);
  }
  const modules: SettingsModule[] = [];
  const seen = new Set<string>();
  const queue: Array<{ name: string; file: string }> = [{ name: settingsModule, file }];
  while (queue.length > 0) {
    const next = queue.shift() as { name: string; file: string };
    if (seen.has(next.file)) continue;
    seen.add(next.file);
    const source = fs.readFileSync(path.join(root, next.file), 'utf8');
    let tokens: Token[];
    try {
      tokens = tokenize(source);
    } catch (error) {
      if (error instanceof PythonSyntaxError) {
        throw new Error(`${next.file}:${error.line}: ${error.message}`, { cause: error });
      }
      throw error;
    }
    const module = { ...next, source, tokens };
    modules.push(module);
    // Importing a.b.c runs a/__init__.py and a/b/__init__.py first.
    const parents = next.name
      .split('.')
      .slice(0, -1)
      .map((_, i, parts) => parts.slice(0, i + 1).join('.'));
    for (const imported of [...parents, ...importedModules(module, tokens)]) {
      const importedFile = moduleFile(root, imported);
      if (importedFile && !seen.has(importedFile)) queue.push({ name: imported, file: importedFile });
    }
  }
  return modules;
}
