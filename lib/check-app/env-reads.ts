/**
 * Environment variables a Django settings module reads through django-environ and `os.environ`,
 * with whether each has a default. The signatures are django-environ 0.10.0's, unchanged in
 * 0.14.0 (joke2k/django-environ environ/environ.py, class Env):
 * `Env.__call__(var, cast=None, default=NOTSET, parse_default=False)`, `str/bytes/bool/int/float/
 * json/url/path(var, default=NOTSET, ...)`, `list/tuple/dict(var, cast=..., default=NOTSET)`,
 * `db_url/db(var='DATABASE_URL', default=NOTSET, engine=None)`, `cache_url/cache(var='CACHE_URL',
 * ...)`, `email_url/email(var='EMAIL_URL', ...)`, `search_url(var='SEARCH_URL', ...)`. A read
 * without a default raises ImproperlyConfigured when the variable is unset (`get_value`), unless
 * the Env's scheme (`Env(NAME=(cast, default))`) gives one. `default=None` is a default.
 * `os.environ["X"]` raises KeyError when unset; `os.environ.get` and `os.getenv` return None.
 */
import type { SyntaxNode } from '@lezer/common';
import { defaultThenRaise } from './default-then-raise';
import {
  type Argument,
  callArguments,
  children,
  constantString,
  enclosingBlock,
  lineAt,
  type PythonModule,
  text,
} from './python-tree';

interface Signature {
  /** Position of `default` among the positional arguments. */
  readonly defaultIndex: number;
  /** The variable read when none is given. */
  readonly defaultVar?: string;
}

const SIGNATURES: Readonly<Record<string, Signature>> = {
  __call__: { defaultIndex: 2 },
  get_value: { defaultIndex: 2 },
  str: { defaultIndex: 1 },
  bytes: { defaultIndex: 1 },
  bool: { defaultIndex: 1 },
  int: { defaultIndex: 1 },
  float: { defaultIndex: 1 },
  json: { defaultIndex: 1 },
  url: { defaultIndex: 1 },
  path: { defaultIndex: 1 },
  list: { defaultIndex: 2 },
  tuple: { defaultIndex: 2 },
  dict: { defaultIndex: 2 },
  db_url: { defaultIndex: 1, defaultVar: 'DATABASE_URL' },
  db: { defaultIndex: 1, defaultVar: 'DATABASE_URL' },
  cache_url: { defaultIndex: 1, defaultVar: 'CACHE_URL' },
  cache: { defaultIndex: 1, defaultVar: 'CACHE_URL' },
  email_url: { defaultIndex: 1, defaultVar: 'EMAIL_URL' },
  email: { defaultIndex: 1, defaultVar: 'EMAIL_URL' },
  search_url: { defaultIndex: 1, defaultVar: 'SEARCH_URL' },
};

/** One read of an environment variable. */
export interface EnvRead {
  /** The variable, or undefined when the name is computed (an f-string, a variable). */
  readonly variable?: string;
  /** Read without a default, or with one that a raise then refuses: the process needs it. */
  readonly required: boolean;
  readonly file: string;
  readonly line: number;
  /** The call as written, shortened: `env.db`, `env`, `os.environ[]`, `environ.Env().str`. */
  readonly form: string;
  /** The default as written (shortened), when there is one. */
  readonly defaultText?: string;
  /** The block the read is in (`if`, `try`, `def`...): Python may not run it at import. */
  readonly block?: string;
  /** Line of the raise that refuses the default (`X = env("X", default="")` then `if not X: raise`). */
  readonly raisedAt?: number;
}

/** The names bound to an Env and the variables their schemes give a default. */
export interface EnvNames {
  readonly names: ReadonlySet<string>;
  readonly schemeDefaults: ReadonlySet<string>;
}

/** `Env(...)` or `environ.Env(...)`. */
function isEnvConstructor(module: PythonModule, call: SyntaxNode | null): boolean {
  if (call?.name !== 'CallExpression') return false;
  const callee = call.firstChild;
  if (callee?.name === 'VariableName') return text(module, callee) === 'Env';
  return callee?.name === 'MemberExpression' && text(module, callee).replace(/\s/g, '') === 'environ.Env';
}

/** Variables a scheme (`Env(NAME=(cast, default))`) gives a default. */
function schemeDefaultsOf(module: PythonModule, call: SyntaxNode): string[] {
  const argList = call.getChild('ArgList');
  if (!argList) return [];
  return callArguments(module, argList)
    .filter((a) => a.keyword && a.value.name === 'TupleExpression')
    .filter((a) => children(a.value).filter((n) => !['(', ')', ','].includes(n.name)).length >= 2)
    .map((a) => a.keyword as string);
}

/** Names bound to `environ.Env(...)` / `Env(...)`, with the variables their scheme gives defaults. */
export function envInstances(module: PythonModule): { names: Set<string>; schemeDefaults: Set<string> } {
  const names = new Set<string>();
  const schemeDefaults = new Set<string>();
  module.tree.iterate({
    enter(ref) {
      if (ref.name !== 'AssignStatement') return;
      const [target, op, value] = children(ref.node);
      if (target?.name !== 'VariableName' || op?.name !== 'AssignOp' || !isEnvConstructor(module, value)) return;
      names.add(text(module, target));
      schemeDefaultsOf(module, value).forEach((n) => schemeDefaults.add(n));
    },
  });
  return { names, schemeDefaults };
}

/** `environ.Env()` as written, arguments left out. */
const constructorForm = (module: PythonModule, call: SyntaxNode) =>
  `${call.firstChild ? text(module, call.firstChild) : 'Env'}()`;

/** What a call reads, when it is a read: the method and the form as written. */
function readCall(module: PythonModule, call: SyntaxNode, env: EnvNames): { method: string; form: string } | undefined {
  const callee = call.firstChild;
  if (!callee) return undefined;
  if (callee.name === 'VariableName' && env.names.has(text(module, callee))) {
    return { method: '__call__', form: text(module, callee) };
  }
  // An unbound Env: `environ.Env()("X")`.
  if (isEnvConstructor(module, callee)) return { method: '__call__', form: constructorForm(module, callee) };
  if (callee.name !== 'MemberExpression') return undefined;
  const [object, dot, property] = children(callee);
  if (dot?.name !== '.' || property?.name !== 'PropertyName') return undefined;
  const method = text(module, property);
  if (object.name === 'VariableName' && env.names.has(text(module, object))) {
    return { method, form: `${text(module, object)}.${method}` };
  }
  if (isEnvConstructor(module, object)) return { method, form: `${constructorForm(module, object)}.${method}` };
  const dotted = text(module, callee).replace(/\s/g, '');
  if (dotted === 'os.environ.get' || dotted === 'os.getenv') return { method: 'os', form: dotted };
  return undefined;
}

const shorten = (value: string) => (value.length > 60 ? `${value.slice(0, 57)}...` : value);

/** The read made by one call, if it is one. */
function callRead(module: PythonModule, call: SyntaxNode, env: EnvNames, file: string): EnvRead | undefined {
  const found = readCall(module, call, env);
  const argList = call.getChild('ArgList');
  if (!found || !argList) return undefined;
  const args = callArguments(module, argList);
  const positional = args.filter((a) => a.keyword === undefined && !a.spread);
  const varArg: Argument | undefined = args.find((a) => a.keyword === 'var') ?? positional[0];
  const block = enclosingBlock(call);
  const line = lineAt(module.source, (varArg?.value ?? call).from);
  if (found.method === 'os') {
    const variable = constantString(module, positional[0]?.value);
    const defaultText = positional[1] ? shorten(text(module, positional[1].value)) : 'None';
    return { variable, required: false, file, line, form: found.form, defaultText, block };
  }
  const signature = SIGNATURES[found.method];
  if (!signature) return undefined;
  const variable = varArg ? constantString(module, varArg.value) : signature.defaultVar;
  const defaultArg = args.find((a) => a.keyword === 'default') ?? positional[signature.defaultIndex];
  const fromScheme = variable !== undefined && env.schemeDefaults.has(variable);
  // `**options` may carry a default: such a read is not counted as required.
  const spread = args.some((a) => a.spread);
  const required = !defaultArg && !fromScheme && !spread;
  const defaultText = defaultArg ? shorten(text(module, defaultArg.value)) : fromScheme ? '(Env scheme)' : undefined;
  return { variable, required, file, line, form: found.form, defaultText, block };
}

/** `os.environ["X"]`. */
function subscriptRead(module: PythonModule, node: SyntaxNode, file: string): EnvRead | undefined {
  const [object, open, key] = children(node);
  if (open?.name !== '[' || text(module, object).replace(/\s/g, '') !== 'os.environ') return undefined;
  // A store (`os.environ["X"] = ...`) or a delete is not a read.
  const parent = node.parent;
  if (parent?.name === 'AssignStatement' && parent.firstChild?.from === node.from) return undefined;
  if (parent?.name === 'DeleteStatement') return undefined;
  const variable = constantString(module, key);
  const line = lineAt(module.source, key.from);
  return { variable, required: true, file, line, form: 'os.environ[]', block: enclosingBlock(node) };
}

/** Every environment read in one module. */
export function envReads(module: PythonModule, file: string, env: EnvNames): EnvRead[] {
  const reads: Array<{ read: EnvRead; node: SyntaxNode }> = [];
  module.tree.iterate({
    enter(ref) {
      const read =
        ref.name === 'CallExpression'
          ? callRead(module, ref.node, env, file)
          : ref.name === 'MemberExpression'
            ? subscriptRead(module, ref.node, file)
            : undefined;
      if (read) reads.push({ read, node: ref.node });
    },
  });
  return reads.map(({ read, node }) => {
    if (read.required || read.variable === undefined) return read;
    const raise = defaultThenRaise(module, node);
    return raise === undefined ? read : { ...read, required: true, raisedAt: raise };
  });
}
