/**
 * Translates the Camunda 7 JUEL expressions that mean the same in FEEL: `${name}`,
 * `${a.b}`, comparisons, `&&` / `||` / `!`, arithmetic and literals. Anything else (method
 * calls, `empty`, the ternary, indexing, text around `${…}`) is refused, because its FEEL
 * meaning would differ.
 */
import type { Expression } from './graph';

export type JuelTranslation = { feel: Expression } | { error: string };

/** True when the text is a JUEL expression rather than a literal. */
export function isJuel(text: string): boolean {
  return /[$#]\{/.test(text);
}

export function juelToFeel(text: string): JuelTranslation {
  const body = /^\s*[$#]\{([\s\S]*)\}\s*$/.exec(text)?.[1];
  if (body === undefined || isJuel(body)) {
    return { error: `JUEL \`${text}\` must be a single \${…} expression with nothing around it` };
  }
  try {
    const tokens = tokenize(body);
    const parser = new Parser(tokens);
    const feel = parser.expression(0).text;
    parser.expectEnd();
    return { feel };
  } catch (error) {
    if (!(error instanceof Untranslatable)) throw error;
    return { error: `JUEL \`${text}\` cannot be translated to FEEL: ${error.message}` };
  }
}

class Untranslatable extends Error {}

type Token =
  | { kind: 'name'; text: string }
  | { kind: 'number'; text: string }
  | { kind: 'string'; value: string }
  | { kind: 'op'; text: string };

/** JUEL's word operators and their symbolic twins. */
const WORD_OPERATORS: Record<string, string> = {
  and: '&&',
  or: '||',
  not: '!',
  eq: '==',
  ne: '!=',
  lt: '<',
  gt: '>',
  le: '<=',
  ge: '>=',
};
const UNSUPPORTED_WORDS = new Set(['empty', 'div', 'mod', 'instanceof']);
/** Names FEEL reads as keywords, so a JUEL variable named so cannot be written plainly. */
const FEEL_KEYWORDS = new Set([
  'for', 'return', 'if', 'then', 'else', 'some', 'every', 'satisfies', 'in', 'instance', 'of',
  'function', 'external', 'between', 'and', 'or', 'not', 'null', 'true', 'false',
]);
const SYMBOLS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '+', '-', '*', '/', '(', ')', '.'];

const SPACE = /\s+/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /\d+(\.\d+)?/y;

/** Sticky patterns match at `at` only, so tokenizing stays linear in the input's length. */
function matchAt(pattern: RegExp, source: string, at: number): string | undefined {
  pattern.lastIndex = at;
  return pattern.exec(source)?.[0];
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < source.length) {
    const space = matchAt(SPACE, source, at);
    if (space) {
      at += space.length;
      continue;
    }
    const word = matchAt(NAME, source, at);
    if (word) {
      if (UNSUPPORTED_WORDS.has(word)) throw new Untranslatable(`\`${word}\` has no FEEL equivalent`);
      tokens.push(Object.hasOwn(WORD_OPERATORS, word) ? { kind: 'op', text: WORD_OPERATORS[word] } : { kind: 'name', text: word });
      at += word.length;
      continue;
    }
    const number = matchAt(NUMBER, source, at);
    if (number) {
      if (/[eE]/.test(source[at + number.length] ?? '')) throw new Untranslatable('exponent notation is not supported');
      tokens.push({ kind: 'number', text: number });
      at += number.length;
      continue;
    }
    if (source[at] === "'" || source[at] === '"') {
      const { value, end } = readString(source, at);
      tokens.push({ kind: 'string', value });
      at = end;
      continue;
    }
    const symbol = SYMBOLS.find((candidate) => source.startsWith(candidate, at));
    if (!symbol) throw new Untranslatable(`\`${source[at]}\` is not supported`);
    tokens.push({ kind: 'op', text: symbol });
    at += symbol.length;
  }
  return tokens;
}

/** Reads the string literal opening at `start`; `end` is the index after its closing quote. */
function readString(source: string, start: number): { value: string; end: number } {
  const quote = source[start];
  let value = '';
  for (let at = start + 1; at < source.length; at++) {
    const char = source[at];
    if (char === quote) return { value, end: at + 1 };
    if (char === '\\' && at + 1 < source.length) {
      at++;
      value += source[at];
    } else {
      value += char;
    }
  }
  throw new Untranslatable('unterminated string');
}

/** FEEL text with the binding strength of its outermost operator, to parenthesise only where needed. */
interface Translated {
  text: string;
  precedence: number;
}

const ATOM = 100;
/** JUEL binary operators: their strength and FEEL spelling. Comparisons do not chain in FEEL. */
const BINARY: Record<string, { precedence: number; feel: string }> = {
  '||': { precedence: 1, feel: 'or' },
  '&&': { precedence: 2, feel: 'and' },
  '==': { precedence: 3, feel: '=' },
  '!=': { precedence: 3, feel: '!=' },
  '<': { precedence: 4, feel: '<' },
  '>': { precedence: 4, feel: '>' },
  '<=': { precedence: 4, feel: '<=' },
  '>=': { precedence: 4, feel: '>=' },
  '+': { precedence: 5, feel: '+' },
  '-': { precedence: 5, feel: '-' },
  '*': { precedence: 6, feel: '*' },
  '/': { precedence: 6, feel: '/' },
};

/** Far beyond any real condition; bounds the recursion on hostile input. */
const MAX_NESTING = 100;

class Parser {
  private at = 0;
  private nesting = 0;

  constructor(private readonly tokens: Token[]) {}

  /** Precedence climbing: parses operators binding tighter than minPrecedence. */
  expression(minPrecedence: number): Translated {
    if (++this.nesting > MAX_NESTING) throw new Untranslatable('the expression nests too deeply');
    try {
      return this.binary(minPrecedence);
    } finally {
      this.nesting--;
    }
  }

  private binary(minPrecedence: number): Translated {
    let left = this.unary();
    for (;;) {
      const token = this.tokens[this.at];
      const operator = token?.kind === 'op' ? BINARY[token.text] : undefined;
      if (!operator || operator.precedence <= minPrecedence) return left;
      this.at++;
      const right = this.expression(operator.precedence);
      // Left-associative: a left operand of equal strength needs no parentheses, except
      // comparisons, which FEEL does not let chain.
      const comparison = operator.precedence === 3 || operator.precedence === 4;
      const leftText = left.precedence > operator.precedence || (left.precedence === operator.precedence && !comparison)
        ? left.text
        : `(${left.text})`;
      const rightText = right.precedence > operator.precedence ? right.text : `(${right.text})`;
      left = { text: `${leftText} ${operator.feel} ${rightText}`, precedence: operator.precedence };
    }
  }

  expectEnd(): void {
    const token = this.tokens[this.at];
    if (token) throw new Untranslatable(`unexpected ${describe(token)}`);
  }

  private unary(): Translated {
    if (++this.nesting > MAX_NESTING) throw new Untranslatable('the expression nests too deeply');
    try {
      return this.prefixed();
    } finally {
      this.nesting--;
    }
  }

  private prefixed(): Translated {
    const token = this.tokens[this.at];
    if (token?.kind === 'op' && token.text === '!') {
      this.at++;
      return { text: `not(${this.unary().text})`, precedence: ATOM };
    }
    if (token?.kind === 'op' && token.text === '-') {
      this.at++;
      const operand = this.unary();
      return { text: `-${operand.precedence === ATOM ? operand.text : `(${operand.text})`}`, precedence: ATOM };
    }
    return this.primary();
  }

  private primary(): Translated {
    const token = this.tokens[this.at++];
    if (!token) throw new Untranslatable('the expression ends too early');
    switch (token.kind) {
      case 'number':
        return { text: token.text, precedence: ATOM };
      case 'string':
        return { text: JSON.stringify(token.value), precedence: ATOM };
      case 'name':
        return this.path(token.text);
      case 'op':
        if (token.text === '(') {
          const inner = this.expression(0);
          const close = this.tokens[this.at++];
          if (close?.kind !== 'op' || close.text !== ')') throw new Untranslatable('missing `)`');
          return { text: `(${inner.text})`, precedence: ATOM };
        }
        throw new Untranslatable(`unexpected ${describe(token)}`);
    }
  }

  private path(first: string): Translated {
    if (first === 'true' || first === 'false' || first === 'null') return { text: first, precedence: ATOM };
    const segments = [first];
    while (this.peekOp('.')) {
      this.at++;
      const next = this.tokens[this.at++];
      if (next?.kind !== 'name') throw new Untranslatable('`.` must be followed by a property name');
      segments.push(next.text);
    }
    if (this.peekOp('(')) throw new Untranslatable(`method call \`${segments.join('.')}(…)\` has no FEEL equivalent`);
    const keyword = segments.find((segment) => FEEL_KEYWORDS.has(segment));
    if (keyword) throw new Untranslatable(`\`${keyword}\` is a FEEL keyword`);
    return { text: segments.join('.'), precedence: ATOM };
  }

  private peekOp(text: string): boolean {
    const token = this.tokens[this.at];
    return token?.kind === 'op' && token.text === text;
  }
}

function describe(token: Token): string {
  if (token.kind === 'string') return `string ${JSON.stringify(token.value)}`;
  return `\`${token.text}\``;
}
