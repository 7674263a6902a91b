/**
 * Environment variables a Django settings module reads through django-environ (and `os.environ`),
 * with whether each has a default. The signatures are django-environ 0.10.0's
 * (joke2k/django-environ@v0.10.0 environ/environ.py):
 * `Env.__call__(var, cast=None, default=NOTSET, parse_default=False)`, `str/bytes/bool/int/float/
 * json/url/path(var, default=NOTSET, ...)`, `list/tuple/dict(var, cast=..., default=NOTSET)`,
 * `db_url/db(var='DATABASE_URL', default=NOTSET, engine=None)`, `cache_url/cache(var='CACHE_URL',
 * ...)`, `email_url/email(var='EMAIL_URL', ...)`, `search_url(var='SEARCH_URL', ...)`. A read
 * without a default raises ImproperlyConfigured when the variable is unset (`get_value`), unless
 * the Env's scheme (`Env(NAME=(cast, default))`) gives one. `default=None` is a default.
 */
import { type Token, tokenize } from './python-tokens';

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
  readonly required: boolean;
  readonly file: string;
  readonly line: number;
  /** The call as written, shortened: `env.db`, `env`, `os.environ[]`. */
  readonly form: string;
  /** Inside an indented block (if, try, def): Python may not run it at import. */
  readonly inBlock: boolean;
}

interface Argument {
  readonly keyword?: string;
  readonly tokens: readonly Token[];
}

/** The arguments of the call whose `(` is at `open`, and the index after its `)`. */
function callArguments(tokens: readonly Token[], open: number): { args: Argument[]; end: number } {
  const args: Argument[] = [];
  let depth = 0;
  let current: Token[] = [];
  let i = open + 1;
  const flush = () => {
    if (current.length === 0) return;
    const isKeyword = current.length > 1 && current[0].type === 'name' && current[1].value === '=';
    args.push(isKeyword ? { keyword: current[0].value, tokens: current.slice(2) } : { tokens: current });
    current = [];
  };
  for (; i < tokens.length; i += 1) {
    const t = tokens[i];
    if (t.type === 'op' && '([{'.includes(t.value)) depth += 1;
    if (t.type === 'op' && ')]}'.includes(t.value)) {
      if (depth === 0) break;
      depth -= 1;
    }
    if (depth === 0 && t.type === 'op' && t.value === ',') flush();
    else current.push(t);
  }
  flush();
  return { args, end: i + 1 };
}

/** A constant string argument (adjacent literals concatenate, as in Python). */
function constantString(arg: Argument | undefined): string | undefined {
  if (!arg || arg.tokens.length === 0) return undefined;
  if (!arg.tokens.every((t) => t.type === 'string' && !t.formatted)) return undefined;
  return arg.tokens.map((t) => t.value).join('');
}

/** Names bound to `environ.Env(...)` / `Env(...)`, with the variables their scheme gives defaults. */
export function envInstances(tokens: readonly Token[]): { names: Set<string>; schemeDefaults: Set<string> } {
  const names = new Set<string>();
  const schemeDefaults = new Set<string>();
  for (let i = 0; i + 3 < tokens.length; i += 1) {
    if (tokens[i].type !== 'name' || tokens[i + 1].value !== '=') continue;
    let j = i + 2;
    if (tokens[j].value === 'environ' && tokens[j + 1]?.value === '.') j += 2;
    if (tokens[j]?.value !== 'Env' || tokens[j + 1]?.value !== '(') continue;
    names.add(tokens[i].value);
    for (const arg of callArguments(tokens, j + 1).args) {
      // NAME=(cast, default): two elements at the top level of the tuple.
      const inner = arg.tokens;
      if (!arg.keyword || inner[0]?.value !== '(') continue;
      const parts = callArguments(inner, 0).args;
      if (parts.length >= 2) schemeDefaults.add(arg.keyword);
    }
  }
  return { names, schemeDefaults };
}

/** Every environment read in one module's source. */
export function envReads(
  source: string,
  file: string,
  env: { names: ReadonlySet<string>; schemeDefaults: ReadonlySet<string> },
  tokens: readonly Token[] = tokenize(source),
): EnvRead[] {
  const reads: EnvRead[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const t = tokens[i];
    if (t.type !== 'name' || (i > 0 && tokens[i - 1].value === '.')) continue;
    const inBlock = t.statementIndent > 0;
    // os.environ["X"] raises KeyError when unset; os.environ.get / os.getenv do not.
    if (
      t.value === 'os' &&
      tokens[i + 1]?.value === '.' &&
      tokens[i + 2]?.value === 'environ' &&
      tokens[i + 3]?.value === '['
    ) {
      const key = tokens[i + 4];
      if (tokens[i + 5]?.value === ']' && key?.type === 'string' && !key.formatted) {
        reads.push({ variable: key.value, required: true, file, line: key.line, form: 'os.environ[]', inBlock });
      }
      continue;
    }
    if (!env.names.has(t.value)) continue;
    let method = '__call__';
    let open = i + 1;
    if (tokens[i + 1]?.value === '.' && tokens[i + 2]?.type === 'name' && tokens[i + 3]?.value === '(') {
      method = tokens[i + 2].value;
      open = i + 3;
    }
    const signature = SIGNATURES[method];
    if (!signature || tokens[open]?.value !== '(') continue;
    const { args } = callArguments(tokens, open);
    const positional = args.filter((a) => a.keyword === undefined);
    const varArg = args.find((a) => a.keyword === 'var') ?? positional[0];
    const variable = varArg ? constantString(varArg) : signature.defaultVar;
    const hasDefault =
      args.some((a) => a.keyword === 'default') ||
      positional.length > signature.defaultIndex ||
      (variable !== undefined && env.schemeDefaults.has(variable));
    const form = method === '__call__' ? t.value : `${t.value}.${method}`;
    const line = varArg?.tokens[0]?.line ?? t.line;
    reads.push({ variable, required: !hasDefault, file, line, form, inBlock });
  }
  return reads;
}
