/**
 * Python source as a syntax tree, read by @lezer/python (the grammar CodeMirror maintains for
 * Python 3, f-strings and `match` included) rather than by hand, so the next syntax the template
 * adopts cannot fool the reader. The parser recovers from errors; the reader refuses a file that
 * holds one, with its line, since Python would not import it either.
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import { parser } from '@lezer/python';

/** One parsed module. */
export interface PythonModule {
  readonly source: string;
  readonly tree: Tree;
}

export class PythonSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** The 1-based line of a position. */
export function lineAt(source: string, position: number): number {
  let line = 1;
  for (let i = source.indexOf('\n'); i !== -1 && i < position; i = source.indexOf('\n', i + 1)) line += 1;
  return line;
}

/**
 * Where a syntax error is reported: the start of the statement the parser could not finish
 * (`env("X` opens a string the line never closes; `env(` a bracket nothing closes), as
 * Python's own message points at the opening, not at the end of the file where lezer notices.
 */
function errorStatementStart(error: SyntaxNode, source: string): number {
  for (let up: SyntaxNode | null = error; up; up = up.parent) {
    if (up.parent?.name === 'Body' || (up.parent?.name === 'Script' && up !== error)) return up.from;
  }
  const atEnd = source.slice(error.from).trim() === '';
  return atEnd && error.prevSibling ? error.prevSibling.from : error.from;
}

/** Parses a module; throws PythonSyntaxError at the first statement the grammar cannot read. */
export function parsePython(source: string): PythonModule {
  const tree = parser.parse(source);
  let error: SyntaxNode | undefined;
  tree.iterate({
    enter(node) {
      if (error !== undefined) return false;
      if (node.type.isError) error = node.node;
      return undefined;
    },
  });
  if (error !== undefined) {
    const line = lineAt(source, errorStatementStart(error, source));
    const text = source.split('\n')[line - 1]?.trim() ?? '';
    throw new PythonSyntaxError(`Python cannot read the statement that starts here: ${text.slice(0, 60)}`, line);
  }
  return { source, tree };
}

export const text = (module: PythonModule, node: SyntaxNode): string => module.source.slice(node.from, node.to);

/** The children of a node, comments left out. */
export function children(node: SyntaxNode): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.name !== 'Comment') found.push(child);
  }
  return found;
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' };

/** The value of one plain (not formatted) string literal. */
function stringValue(literal: string): string | undefined {
  const match = /^([rRbBuU]{0,2})('''|"""|'|")([\s\S]*)\2$/.exec(literal);
  if (!match) return undefined;
  const [, prefix, , body] = match;
  if (/[rR]/.test(prefix)) return body;
  return body.replace(/\\(.)/g, (_, c: string) => ESCAPES[c] ?? `\\${c}`);
}

/**
 * A constant string: a literal, or adjacent literals that Python concatenates. Undefined for an
 * f-string or anything computed.
 */
export function constantString(module: PythonModule, node: SyntaxNode | undefined): string | undefined {
  if (!node) return undefined;
  if (node.name === 'String') return stringValue(text(module, node));
  if (node.name !== 'ContinuedString') return undefined;
  const parts = children(node).map((part) => (part.name === 'String' ? stringValue(text(module, part)) : undefined));
  return parts.every((p) => p !== undefined) ? parts.join('') : undefined;
}

/** One argument of a call: `value`, or `keyword=value`, or `*args`/`**kwargs` (spread). */
export interface Argument {
  readonly keyword?: string;
  readonly spread?: boolean;
  readonly value: SyntaxNode;
}

/** The arguments of an ArgList node. */
export function callArguments(module: PythonModule, argList: SyntaxNode): Argument[] {
  const args: Argument[] = [];
  const nodes = children(argList).filter((n) => !['(', ')', ','].includes(n.name));
  for (let i = 0; i < nodes.length; i += 1) {
    const node = nodes[i];
    if (node.name === '*' || node.name === '**' || node.name === 'ArithOp') {
      args.push({ spread: true, value: nodes[i + 1] ?? node });
      i += 1;
    } else if (node.name === 'VariableName' && nodes[i + 1]?.name === 'AssignOp' && nodes[i + 2]) {
      args.push({ keyword: text(module, node), value: nodes[i + 2] });
      i += 2;
    } else {
      args.push({ value: node });
    }
  }
  return args;
}

/**
 * The statement that holds a node runs only sometimes at import: inside an `if`, `try`, `for`,
 * `while` or `match` body, a function or a lambda. A class body runs when the class is defined,
 * a `with` body runs once: neither makes it conditional.
 */
export function enclosingBlock(node: SyntaxNode): string | undefined {
  for (let up = node.parent; up; up = up.parent) {
    if (up.name === 'LambdaExpression') return 'lambda';
    if (up.name !== 'Body') continue;
    const owner = up.parent?.name ?? '';
    if (owner === 'ClassDefinition' || owner === 'WithStatement') continue;
    return BLOCK_NAMES[owner] ?? owner;
  }
  return undefined;
}

const BLOCK_NAMES: Readonly<Record<string, string>> = {
  IfStatement: 'if',
  TryStatement: 'try',
  FunctionDefinition: 'def',
  ForStatement: 'for',
  WhileStatement: 'while',
  MatchStatement: 'match',
};
