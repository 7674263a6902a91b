/**
 * The default-then-raise pattern: a read with a default that the settings then refuse,
 *
 *     X = env("X", default="")            # or os.environ.get("X")
 *     if not X:
 *         raise ImproperlyConfigured("X is required")
 *
 * or `if not env("X", default=""): raise ...`. The process fails to start without X just as if
 * the read had no default, so the reader counts it as required.
 */
import type { SyntaxNode } from '@lezer/common';
import { children, lineAt, type PythonModule, text } from './python-tree';

/** Exceptions that stop Django from starting when raised while the settings import. */
const REFUSALS = new Set(['ImproperlyConfigured', 'RuntimeError', 'ValueError', 'KeyError', 'Exception']);

/** The line of a refusing raise directly in the body of an `if`, if there is one. */
function refusingRaise(module: PythonModule, ifStatement: SyntaxNode): number | undefined {
  const body = ifStatement.getChild('Body');
  for (const statement of body ? children(body) : []) {
    if (statement.name !== 'RaiseStatement') continue;
    const raised = children(statement)[1];
    const callee = raised?.name === 'CallExpression' ? raised.firstChild : raised;
    const name = callee ? text(module, callee).split('.').pop() : undefined;
    if (name && REFUSALS.has(name)) return lineAt(module.source, statement.from);
  }
  return undefined;
}

/** Does the `if`'s condition (the node after `if`) mention the name? */
function conditionMentions(module: PythonModule, ifStatement: SyntaxNode, name: string): boolean {
  const condition = children(ifStatement)[1];
  if (!condition) return false;
  let found = false;
  module.tree.iterate({
    from: condition.from,
    to: condition.to,
    enter(ref) {
      const inside = ref.from >= condition.from && ref.to <= condition.to;
      if (inside && ref.name === 'VariableName' && module.source.slice(ref.from, ref.to) === name) found = true;
    },
  });
  return found;
}

/** The statement (a child of a Script or Body) that holds a node. */
function statementOf(node: SyntaxNode): SyntaxNode | undefined {
  for (let up: SyntaxNode | null = node; up; up = up.parent) {
    if (up.parent?.name === 'Script' || up.parent?.name === 'Body') return up;
  }
  return undefined;
}

/** The line of the raise that refuses this read's default, if the settings refuse it. */
export function defaultThenRaise(module: PythonModule, read: SyntaxNode): number | undefined {
  const statement = statementOf(read);
  if (!statement) return undefined;
  // `if not env("X", default=""): raise ...`: the read is the condition.
  if (statement.name === 'IfStatement' && children(statement)[1] && read.from < (statement.getChild('Body')?.from ?? 0))
    return refusingRaise(module, statement);
  // `X = <read>` then, among the following statements of the same block, `if <mentions X>: raise`.
  const [target, op] = children(statement);
  if (statement.name !== 'AssignStatement' || target?.name !== 'VariableName' || op?.name !== 'AssignOp')
    return undefined;
  const name = text(module, target);
  for (let next = statement.nextSibling; next; next = next.nextSibling) {
    if (next.name !== 'IfStatement' || !conditionMentions(module, next, name)) continue;
    const line = refusingRaise(module, next);
    if (line !== undefined) return line;
  }
  return undefined;
}
