/**
 * Evaluates a GitHub Actions expression (`if:`, `continue-on-error:`) as the runner does, for the
 * operators and functions our workflows use. The rules, from GitHub's "Evaluate expressions in
 * workflows and actions" and the runner's expression engine (actions/runner
 * src/Sdk/DTExpressions2): `&&` and `||` return an operand, as in JavaScript; `==` compares
 * loosely (different types are compared as numbers: null 0, true 1, '' 0, other text NaN) and
 * ignores the case of strings; false, 0, '', null and NaN are falsy; a missing property is null;
 * a step's `if` without a status function is `success() && (...)`.
 */

/** What an expression can see: contexts, the job's status so far, and the workspace's files. */
export interface ExpressionScope {
  /** Contexts by name (`github`, `env`, ...). */
  readonly contexts: Record<string, unknown>;
  /** The job's status when the step is reached. @default 'success' */
  readonly status?: 'success' | 'failure' | 'cancelled';
  /** Workspace files `hashFiles` finds (exact paths; no glob patterns needed here). @default [] */
  readonly files?: readonly string[];
}

type Value = unknown;
const TOKEN = /\s*(?:('(?:[^']|'')*')|(\d+(?:\.\d+)?)|([A-Za-z_][\w-]*)|(==|!=|<=|>=|&&|\|\||[()[\].,!<>]))/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (!match) throw new Error(`cannot read the expression at "${text.slice(start)}"`);
    tokens.push(match[1] ?? match[2] ?? match[3] ?? match[4]);
  }
  return tokens;
}

const truthy = (v: Value) => !(v === false || v === 0 || v === '' || v === null || v === undefined || Number.isNaN(v));
function toNumber(v: Value): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return v.trim() === '' ? 0 : Number(v);
  return NaN;
}
function looseEquals(a: Value, b: Value): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if ((a ?? null) === null && (b ?? null) === null) return true;
  if (typeof a === 'object' && a !== null) return a === b;
  return toNumber(a) === toNumber(b);
}
function property(target: Value, name: string): Value {
  if (typeof target !== 'object' || target === null) return null;
  const record = target as Record<string, unknown>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? null : (record[key] ?? null);
}

const STATUS_FUNCTIONS = /\b(success|failure|cancelled|always)\s*\(/;
/** The expression inside `${{ }}`, or the text itself when it has none. */
const unwrap = (text: string): string => text.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1');

/** The value of `expression` (with or without `${{ }}`) in `scope`. */
export function evaluate(expression: string, scope: ExpressionScope): Value {
  const tokens = tokenize(unwrap(expression));
  let at = 0;
  const peek = () => tokens[at];
  const take = (expected?: string) => {
    const token = tokens[at++];
    if (expected !== undefined && token !== expected) throw new Error(`expected ${expected}, found ${token}`);
    return token;
  };
  const status = scope.status ?? 'success';
  const functions: Record<string, (...args: Value[]) => Value> = {
    success: () => status === 'success',
    failure: () => status === 'failure',
    cancelled: () => status === 'cancelled',
    always: () => true,
    hashFiles: (...patterns) => (patterns.some((p) => (scope.files ?? []).includes(String(p))) ? 'a1b2c3' : ''),
    startsWith: (a, b) => String(a).toLowerCase().startsWith(String(b).toLowerCase()),
    contains: (a, b) => String(a).toLowerCase().includes(String(b).toLowerCase()),
  };

  function primary(): Value {
    const token = take();
    if (token === '(') {
      const value = or();
      take(')');
      return value;
    }
    if (token === '!') return !truthy(primary());
    if (token.startsWith("'")) return token.slice(1, -1).replace(/''/g, "'");
    if (/^\d/.test(token)) return Number(token);
    if (token === 'true' || token === 'false') return token === 'true';
    if (token === 'null') return null;
    if (peek() === '(') {
      take('(');
      const args: Value[] = [];
      while (peek() !== ')') {
        args.push(or());
        if (peek() === ',') take(',');
      }
      take(')');
      const fn = Object.entries(functions).find(([name]) => name.toLowerCase() === token.toLowerCase())?.[1];
      if (!fn) throw new Error(`function ${token} is not modelled`);
      return fn(...args);
    }
    let value = property(scope.contexts, token);
    while (peek() === '.' || peek() === '[') {
      if (take() === '.') value = property(value, take());
      else {
        value = property(value, String(or()));
        take(']');
      }
    }
    return value;
  }
  function comparison(): Value {
    let left = primary();
    while (['==', '!=', '<', '<=', '>', '>='].includes(peek())) {
      const op = take();
      const right = primary();
      if (op === '==' || op === '!=') left = looseEquals(left, right) === (op === '==');
      else {
        const [a, b] = [toNumber(left), toNumber(right)];
        left = op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
      }
    }
    return left;
  }
  function and(): Value {
    let left = comparison();
    while (peek() === '&&') {
      take();
      const right = comparison();
      left = truthy(left) ? right : left;
    }
    return left;
  }
  function or(): Value {
    let left = and();
    while (peek() === '||') {
      take();
      const right = and();
      left = truthy(left) ? left : right;
    }
    return left;
  }

  const value = or();
  if (at !== tokens.length) throw new Error(`unexpected ${tokens[at]} in ${expression}`);
  return value;
}

/** Whether a step with this `if:` (absent: none) runs in `scope`. */
export function stepRuns(condition: string | boolean | undefined, scope: ExpressionScope): boolean {
  if (condition === undefined) return (scope.status ?? 'success') === 'success';
  const text = String(condition);
  const implied = STATUS_FUNCTIONS.test(text) ? text : `success() && (${unwrap(text)})`;
  return truthy(evaluate(implied, scope));
}

/** Whether a value such as `continue-on-error:` (a boolean or an expression) is true in `scope`. */
export function isTrue(value: string | boolean | undefined, scope: ExpressionScope): boolean {
  if (value === undefined || typeof value === 'boolean') return value === true;
  return truthy(evaluate(value, scope));
}
