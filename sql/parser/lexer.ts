// A MySQL tokenizer: the first pass of sql/parser.
//
// It exists because node-sql-parser is lossy or incomplete in places where exactness matters:
// it splits multi-statement text, drops comments but keeps the content of MySQL's version
// comments (`/*!40101 SET … */` runs on MySQL, so it runs here), decodes string literals with
// MySQL's escapes and charset introducers, and keeps numeric literals as exact text. The
// rewrite pass then hands node-sql-parser a text in which these literals are placeholders.
//
// Tokens keep their offsets in the original text, so a parse error can quote the rest of the
// statement "near" the failing token as MySQL does.
import { parseError } from '../errors.js';

export type TokenKind =
  | 'ident'
  | 'quoted'
  | 'string'
  | 'number'
  | 'hex'
  | 'bit'
  | 'param'
  | 'var'
  | 'op'
  | 'semicolon';

export interface Token {
  readonly kind: TokenKind;
  /** The token's source text (for strings: including an introducer). */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** Decoded value: string contents, identifier name, number text, hex/bit digits, var name. */
  readonly value: string;
  /** Charset introducer of a string literal, lower case. */
  readonly charset?: string;
  /** 'dq' for a double-quoted string (a string in MySQL's default sql_mode). */
  readonly quote?: 'sq' | 'dq';
}

const CHARSETS = new Set([
  'utf8mb4',
  'utf8',
  'utf8mb3',
  'latin1',
  'binary',
  'ascii',
  'gbk',
  'gb2312',
  'big5',
  'ucs2',
  'utf16',
  'utf32',
  'cp1252',
]);

const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  "'": "'",
  '"': '"',
  b: '\b',
  n: '\n',
  r: '\r',
  t: '\t',
  Z: '\x1a',
  '\\': '\\',
  // MySQL keeps the backslash before % and _ (they matter to LIKE).
  '%': '\\%',
  _: '\\_',
};

// Sticky patterns: matched in place, so a long multi-row INSERT stays linear.
const NUMBER = /(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/y;
const HEX_NUMBER = /0x([0-9a-fA-F]+)/y;
const BIT_NUMBER = /0b([01]+)/y;

const THREE_CHAR_OPS = ['<=>', '->>'];
const TWO_CHAR_OPS = ['<=', '>=', '<>', '!=', '<<', '>>', '&&', '||', ':=', '->'];

function isIdentStart(c: string): boolean {
  return /[A-Za-z_$\u0080-\uffff]/.test(c);
}

function isIdentChar(c: string): boolean {
  return /[A-Za-z0-9_$\u0080-\uffff]/.test(c);
}

/** Line number (1-based) of an offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}

function errorAt(text: string, offset: number): never {
  throw parseError(text.slice(offset), lineAt(text, offset));
}

/** Tokenizes `text`, dropping comments (and the markers of version comments). */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let inVersionComment = false;
  const n = text.length;
  const push = (kind: TokenKind, start: number, end: number, value: string, extra: Partial<Token> = {}): void => {
    out.push({ kind, text: text.slice(start, end), start, end, value, ...extra });
  };
  while (i < n) {
    const c = text[i] as string;
    const next = text[i + 1] ?? '';
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v') {
      i++;
      continue;
    }
    if (c === '#' || (c === '-' && next === '-' && /[\s]/.test(text[i + 2] ?? '\n'))) {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && next === '*') {
      if (text[i + 2] === '!') {
        // Version comment: its content is SQL for MySQL (any version number).
        i += 3;
        while (i < n && /[0-9]/.test(text[i] as string)) i++;
        inVersionComment = true;
        continue;
      }
      const close = text.indexOf('*/', i + 2);
      if (close < 0) errorAt(text, i);
      i = close + 2;
      continue;
    }
    if (inVersionComment && c === '*' && next === '/') {
      inVersionComment = false;
      i += 2;
      continue;
    }
    const start = i;
    // Hex and bit literals: X'0A', 0x0A, B'01', 0b01.
    if ((c === 'x' || c === 'X') && next === "'") {
      const close = text.indexOf("'", i + 2);
      if (close < 0) errorAt(text, i);
      const digits = text.slice(i + 2, close);
      if (!/^[0-9a-fA-F]*$/.test(digits) || digits.length % 2 !== 0) errorAt(text, i);
      i = close + 1;
      push('hex', start, i, digits.toUpperCase());
      continue;
    }
    if ((c === 'b' || c === 'B') && next === "'") {
      const close = text.indexOf("'", i + 2);
      if (close < 0) errorAt(text, i);
      const digits = text.slice(i + 2, close);
      if (!/^[01]*$/.test(digits)) errorAt(text, i);
      i = close + 1;
      push('bit', start, i, digits);
      continue;
    }
    if (c === '0' && (next === 'x' || next === 'b')) {
      const re = next === 'x' ? HEX_NUMBER : BIT_NUMBER;
      re.lastIndex = i;
      const m = re.exec(text);
      if (m && m[1] !== undefined && !isIdentChar(text[i + m[0].length] ?? ' ')) {
        i += m[0].length;
        const d = m[1];
        push(next === 'x' ? 'hex' : 'bit', start, i, next === 'x' ? (d.length % 2 ? `0${d}` : d).toUpperCase() : d);
        continue;
      }
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(next))) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      const len = m ? m[0].length : 1;
      // 1abc is an identifier in MySQL.
      if (!/[eE.]/.test(m?.[0] ?? '') && isIdentChar(text[i + len] ?? ' ') && /[A-Za-z_$]/.test(text[i + len] ?? ' ')) {
        let j = i;
        while (j < n && isIdentChar(text[j] as string)) j++;
        i = j;
        push('ident', start, i, text.slice(start, i));
        continue;
      }
      i += len;
      push('number', start, i, text.slice(start, i));
      continue;
    }
    if (c === "'" || c === '"') {
      const [value, end] = readString(text, i, c);
      i = end;
      push('string', start, i, value, { quote: c === "'" ? 'sq' : 'dq' });
      continue;
    }
    if (c === '`') {
      let j = i + 1;
      let value = '';
      for (;;) {
        if (j >= n) errorAt(text, i);
        if (text[j] === '`') {
          if (text[j + 1] === '`') {
            value += '`';
            j += 2;
            continue;
          }
          break;
        }
        value += text[j];
        j++;
      }
      i = j + 1;
      push('quoted', start, i, value);
      continue;
    }
    if (c === '@') {
      let j = i + 1;
      if (text[j] === '@') j++;
      if (text[j] === '`' || text[j] === "'" || text[j] === '"') {
        const q = text[j] as string;
        const [value, end] = q === '`' ? readQuotedIdent(text, j) : readString(text, j, q);
        i = end;
        push('var', start, i, value);
        continue;
      }
      while (j < n && (isIdentChar(text[j] as string) || text[j] === '.')) j++;
      i = j;
      push('var', start, i, text.slice(start, i).replace(/^@@?/, ''));
      continue;
    }
    if (isIdentStart(c)) {
      let j = i;
      while (j < n && isIdentChar(text[j] as string)) j++;
      const word = text.slice(i, j);
      // Charset introducer: _utf8mb4'x', N'x'.
      let k = j;
      while (k < n && /\s/.test(text[k] as string)) k++;
      const q = text[k];
      if ((q === "'" || q === '"') && ((word.startsWith('_') && CHARSETS.has(word.slice(1).toLowerCase())) || ((word === 'N' || word === 'n') && k === j))) {
        const [value, end] = readString(text, k, q);
        i = end;
        push('string', start, i, value, { charset: word === 'N' || word === 'n' ? 'utf8mb4' : word.slice(1).toLowerCase(), quote: q === "'" ? 'sq' : 'dq' });
        continue;
      }
      i = j;
      push('ident', start, i, word);
      continue;
    }
    if (c === '?') {
      i++;
      push('param', start, i, '?');
      continue;
    }
    if (c === ';') {
      i++;
      push('semicolon', start, i, ';');
      continue;
    }
    const three = text.slice(i, i + 3);
    const two = text.slice(i, i + 2);
    if (THREE_CHAR_OPS.includes(three)) {
      i += 3;
      push('op', start, i, three);
      continue;
    }
    if (TWO_CHAR_OPS.includes(two)) {
      i += 2;
      push('op', start, i, two);
      continue;
    }
    if ('()+-*/%=<>!~^&|,.:{}[]'.includes(c)) {
      i++;
      push('op', start, i, c);
      continue;
    }
    errorAt(text, i);
  }
  return out;
}

function readQuotedIdent(text: string, i: number): [string, number] {
  let j = i + 1;
  let value = '';
  for (;;) {
    if (j >= text.length) errorAt(text, i);
    if (text[j] === '`') {
      if (text[j + 1] === '`') {
        value += '`';
        j += 2;
        continue;
      }
      return [value, j + 1];
    }
    value += text[j];
    j++;
  }
}

/** Reads a quoted string at `i` with MySQL escapes; adjacent literals concatenate ('a' 'b'). */
function readString(text: string, i: number, q: string): [string, number] {
  let j = i + 1;
  let value = '';
  for (;;) {
    if (j >= text.length) errorAt(text, i);
    const ch = text[j] as string;
    if (ch === '\\') {
      const e = text[j + 1];
      if (e === undefined) errorAt(text, i);
      value += ESCAPES[e] ?? e;
      j += 2;
      continue;
    }
    if (ch === q) {
      if (text[j + 1] === q) {
        value += q;
        j += 2;
        continue;
      }
      j++;
      // MySQL concatenates adjacent string literals.
      let k = j;
      while (k < text.length && /\s/.test(text[k] as string)) k++;
      if (text[k] === "'" || (q === '"' && text[k] === '"')) {
        const [rest, end] = readString(text, k, text[k] as string);
        return [value + rest, end];
      }
      return [value, j];
    }
    value += ch;
    j++;
  }
}
