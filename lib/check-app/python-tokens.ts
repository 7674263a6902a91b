/**
 * A small Python tokenizer: enough to find django-environ calls in a settings module without
 * running Python. It knows comments, every string form (prefixes, triple quotes, escapes), line
 * continuations and brackets spanning lines, so a call split over lines or a commented-out read
 * is seen as Python sees it.
 */

export type TokenType = 'name' | 'string' | 'number' | 'op';

export interface Token {
  readonly type: TokenType;
  /** The name, the operator, or a string's content without quotes (escapes kept as written). */
  readonly value: string;
  /** 1-based line of the token's first character. */
  readonly line: number;
  /** f-strings are not constant names. */
  readonly formatted?: boolean;
  /** Indentation of the statement the token belongs to (0: module level). */
  readonly statementIndent: number;
}

/** A source Python would not tokenize (unterminated string, unbalanced bracket). */
export class PythonSyntaxError extends Error {
  public constructor(
    public readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'PythonSyntaxError';
  }
}

const STRING_START = /^([rRbBuUfF]{0,2})('''|"""|'|")/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const NUMBER = /^(0[xXoObB][0-9a-fA-F_]+|(\d[\d_]*)?\.?\d[\d_]*([eE][+-]?\d+)?[jJ]?)/;
const OPERATORS = [
  '**=',
  '//=',
  '>>=',
  '<<=',
  '...',
  '->',
  ':=',
  '==',
  '!=',
  '<=',
  '>=',
  '**',
  '//',
  '<<',
  '>>',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '@=',
];

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let depth = 0;
  let atLineStart = true;
  let statementIndent = 0;
  let column = 0;
  const openBrackets: number[] = [];
  while (i < source.length) {
    const ch = source[i];
    if (ch === '\n') {
      line += 1;
      i += 1;
      column = 0;
      if (depth === 0) atLineStart = true;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\f') {
      i += 1;
      column += 1;
      continue;
    }
    if (ch === '\\' && source[i + 1] === '\n') {
      // An explicit line continuation: the statement goes on.
      i += 2;
      line += 1;
      column = 0;
      continue;
    }
    if (ch === '#') {
      while (i < source.length && source[i] !== '\n') i += 1;
      continue;
    }
    if (atLineStart) {
      statementIndent = column;
      atLineStart = false;
    }
    const rest = source.slice(i, i + 4);
    const stringStart = STRING_START.exec(source.slice(i, i + 5));
    if (stringStart && (stringStart[1] === '' || NAME.exec(source.slice(i, i + 8))?.[0] === stringStart[1])) {
      const prefix = stringStart[1];
      const quote = stringStart[2];
      const raw = /r/i.test(prefix);
      const startLine = line;
      let j = i + prefix.length + quote.length;
      let content = '';
      for (;;) {
        if (j >= source.length) throw new PythonSyntaxError(startLine, 'unterminated string');
        if (source.startsWith(quote, j)) break;
        const c = source[j];
        if (c === '\n') {
          if (quote.length === 1) throw new PythonSyntaxError(startLine, 'unterminated string');
          line += 1;
        }
        if (c === '\\' && j + 1 < source.length) {
          if (source[j + 1] === '\n') line += 1;
          content += raw ? c + source[j + 1] : source[j + 1] === '\n' ? '' : c + source[j + 1];
          j += 2;
          continue;
        }
        content += c;
        j += 1;
      }
      tokens.push({ type: 'string', value: content, line: startLine, statementIndent, formatted: /f/i.test(prefix) });
      column += j + quote.length - i;
      i = j + quote.length;
      continue;
    }
    const name = NAME.exec(source.slice(i, i + 200));
    if (name) {
      tokens.push({ type: 'name', value: name[0], line, statementIndent });
      i += name[0].length;
      column += name[0].length;
      continue;
    }
    const number = /[0-9.]/.test(ch) ? NUMBER.exec(source.slice(i, i + 100)) : null;
    if (number && number[0] !== '.' && number[0] !== '') {
      tokens.push({ type: 'number', value: number[0], line, statementIndent });
      i += number[0].length;
      column += number[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => rest.startsWith(o)) ?? ch;
    if ('([{'.includes(op)) {
      depth += 1;
      openBrackets.push(line);
    } else if (')]}'.includes(op)) {
      if (depth === 0) throw new PythonSyntaxError(line, `unmatched "${op}"`);
      depth -= 1;
      openBrackets.pop();
    }
    tokens.push({ type: 'op', value: op, line, statementIndent });
    i += op.length;
    column += op.length;
  }
  if (depth > 0) throw new PythonSyntaxError(openBrackets[openBrackets.length - 1] ?? line, 'bracket never closed');
  return tokens;
}
