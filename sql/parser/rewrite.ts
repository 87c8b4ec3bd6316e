// The pre-pass between the tokenizer and node-sql-parser.
//
// node-sql-parser (MySQL dialect) loses or rejects some things that MySQL clients send every
// day. Rather than patch its grammar, the statement's tokens are re-emitted as a text it
// handles, with side tables that the converters use to restore what was replaced:
//
//   'it''s', _utf8mb4'x', "dq"     →  '__strata_s7'     (decoded value + introducer kept here)
//   1.50, 1e3, 18446744073709551615 →  __strata_n3       (exact text kept here)
//   ?                              →  __strata_p0       (numbered in text order)
//   a <=> b                        →  a RLIKE __strata_nullsafe(b)   (RLIKE itself is rewritten to
//                                     REGEXP; node-sql-parser takes only a column or call after RLIKE)
//   SUM(DISTINCT x)                →  __strata_distinct_sum(x)
//   SUBSTRING(s FROM 1 FOR 2)      →  SUBSTRING(s , 1 , 2)
//   INSERT … VALUES (1, DEFAULT)   →  … (1, __strata_default)
//   SELECT ALL a, SUM(ALL a)       →  SELECT a, SUM(a)
//   CASE (x) WHEN …                →  CASE + (x) WHEN …
//   NOT (x) IS NULL                →  NOT + (x) IS NULL   (so NOT covers the whole predicate)
//
// An offset map turns node-sql-parser's error positions back into offsets of the original text.
import type { Token } from './lexer.js';

export interface LiteralTables {
  readonly strings: { readonly value: string; readonly charset?: string }[];
  readonly numbers: string[];
  paramCount: number;
  /** Numbers of the `?` markers kept as `?` (LIMIT ?, ?), in text order. */
  readonly limitParams: number[];
}

export interface Rewritten {
  readonly text: string;
  /** Offset in `text` of each emitted token, and the token's offset in the original text. */
  readonly map: readonly (readonly [number, number])[];
}

export const STRING_PREFIX = '__strata_s';
export const NUMBER_PREFIX = '__strata_n';
export const PARAM_PREFIX = '__strata_p';
export const DEFAULT_MARK = '__strata_default';
export const DISTINCT_PREFIX = '__strata_distinct_';
export const EMPTY_MARK = '__strata_empty';
/** Wraps the right operand of `<=>`; the converter unwraps it. */
export const NULLSAFE_MARK = '__strata_nullsafe';

const AGGREGATE_WORDS = new Set(['COUNT', 'SUM', 'AVG', 'MIN', 'MAX', 'GROUP_CONCAT', 'BIT_AND', 'BIT_OR', 'BIT_XOR', 'STD', 'STDDEV', 'VARIANCE']);
const DISTINCT_AGGREGATES = new Set(['sum', 'avg', 'min', 'max', 'bit_and', 'bit_or', 'bit_xor', 'std', 'stddev', 'variance', 'json_arrayagg']);

/** Integers up to 15 digits are exact as JS numbers; longer ones and decimals are replaced. */
function numberIsSafe(text: string): boolean {
  return /^[0-9]{1,15}$/.test(text);
}

export function newTables(): LiteralTables {
  return { strings: [], numbers: [], paramCount: 0, limitParams: [] };
}

export type RewriteMode = 'dml' | 'ddl' | 'other';

/**
 * Re-emits `tokens` for node-sql-parser. Mode 'dml' enables the DEFAULT-as-value rewrite
 * (INSERT, REPLACE, UPDATE), which must not touch a column definition's DEFAULT; mode 'ddl'
 * spells the BOOL / BOOLEAN column type as TINYINT(1), which is what MySQL makes of it.
 */
export function rewriteTokens(tokens: readonly Token[], tables: LiteralTables, mode: RewriteMode, prefix = ''): Rewritten {
  const dml = mode === 'dml';
  let text = prefix;
  const map: [number, number][] = [];
  // Stack of open parentheses: the function name before each, upper case ('' when none).
  const parens: string[] = [];
  const emit = (piece: string, original: number): void => {
    if (text.length > 0) text += ' ';
    map.push([text.length, original]);
    text += piece;
  };
  // Token indexes before which a `<=>` operand's wrapping call is closed.
  const closeAt: number[] = [];
  const closeWrappers = (i: number): void => {
    while (closeAt.length > 0 && closeAt[closeAt.length - 1] === i) {
      closeAt.pop();
      parens.pop();
      emit(')', tokens[i - 1]?.end ?? 0);
    }
  };
  for (let i = 0; i < tokens.length; i++) {
    closeWrappers(i);
    const t = tokens[i] as Token;
    const next = tokens[i + 1];
    const upper = t.kind === 'ident' ? t.value.toUpperCase() : '';
    switch (t.kind) {
      case 'string':
        tables.strings.push(t.charset === undefined ? { value: t.value } : { value: t.value, charset: t.charset });
        emit(`'${STRING_PREFIX}${tables.strings.length - 1}'`, t.start);
        break;
      case 'number':
        // LIMIT takes only plain numbers; node-sql-parser keeps big ones there as text.
        if (numberIsSafe(t.value) || (/^[0-9]+$/.test(t.value) && afterLimitWord(tokens, i))) emit(t.value, t.start);
        else {
          tables.numbers.push(t.value);
          emit(`${NUMBER_PREFIX}${tables.numbers.length - 1}`, t.start);
        }
        break;
      case 'param': {
        // node-sql-parser takes only numbers or `?` after LIMIT / OFFSET.
        const afterLimit = afterLimitWord(tokens, i);
        if (afterLimit) {
          tables.limitParams.push(tables.paramCount++);
          emit('?', t.start);
        } else emit(`${PARAM_PREFIX}${tables.paramCount++}`, t.start);
        break;
      }
      case 'hex':
        emit(`X'${t.value}'`, t.start);
        break;
      case 'bit':
        emit(`b'${t.value}'`, t.start);
        break;
      case 'op':
        if (t.value === '(') {
          const prev = tokens[i - 1];
          parens.push(prev && prev.kind === 'ident' ? prev.value.toUpperCase() : '');
          emit('(', t.start);
          // INSERT INTO t () VALUES (): node-sql-parser rejects empty lists.
          if (dml && next?.kind === 'op' && next.value === ')' && emptyListAllowed(tokens, i)) emit(EMPTY_MARK, t.start);
        } else if (t.value === ')') {
          parens.pop();
          emit(')', t.start);
        } else if (t.value === '<=>') {
          emit('RLIKE', t.start);
          const end = operandEnd(tokens, i + 1);
          if (end > i + 1) {
            emit(`${NULLSAFE_MARK}(`, t.start);
            parens.push(NULLSAFE_MARK.toUpperCase());
            closeAt.push(end);
          }
        }
        else emit(t.value, t.start);
        break;
      case 'ident': {
        const inFn = parens[parens.length - 1] ?? '';
        const prevTok = tokens[i - 1];
        if (upper === 'ALL' && (upperWord(prevTok) === 'SELECT' || (prevTok?.kind === 'op' && prevTok.value === '(' && AGGREGATE_WORDS.has(upperWord(tokens[i - 2]))))) {
          // SELECT ALL / SUM(ALL x) are the defaults; node-sql-parser does not know the keyword.
        } else if (upper === 'CASE' && next?.kind === 'op' && next.value === '(') {
          // CASE (x) WHEN …: node-sql-parser rejects a parenthesized operand; unary + is identity.
          emit('CASE', t.start);
          emit('+', t.start);
        } else if (upper === 'NOT' && next?.kind === 'op' && next.value === '(' && singleParenthesized(tokens, i + 1)) {
          // NOT (x) IS NULL is NOT ((x) IS NULL) in MySQL (NOT binds looser than IS and the
          // comparisons), but node-sql-parser applies NOT to the parentheses alone; a unary + in
          // between (identity) makes it parse NOT over the whole predicate, as it does for NOT x.
          emit('NOT', t.start);
          emit('+', t.start);
        } else if (upper === 'RLIKE') emit('REGEXP', t.start);
        else if (mode === 'ddl' && (upper === 'BOOL' || upper === 'BOOLEAN') && prevTok && (prevTok.kind === 'ident' || prevTok.kind === 'quoted')) emit('TINYINT(1)', t.start);
        else if (dml && upper === 'DEFAULT' && !(next && next.kind === 'op' && next.value === '(')) emit(DEFAULT_MARK, t.start);
        else if (
          DISTINCT_AGGREGATES.has(t.value.toLowerCase()) &&
          next?.kind === 'op' &&
          next.value === '(' &&
          tokens[i + 2]?.kind === 'ident' &&
          tokens[i + 2]?.value.toUpperCase() === 'DISTINCT'
        ) {
          emit(`${DISTINCT_PREFIX}${t.value.toLowerCase()}`, t.start);
          emit('(', next.start);
          parens.push('');
          i += 2;
        } else if ((inFn === 'SUBSTRING' || inFn === 'SUBSTR' || inFn === 'MID') && (upper === 'FROM' || upper === 'FOR')) emit(',', t.start);
        else emit(t.text, t.start);
        break;
      }
      default:
        emit(t.text, t.start);
    }
  }
  closeWrappers(tokens.length);
  return { text, map };
}

const BINARY_OPS = new Set(['+', '-', '*', '/', '%', '^', '&', '|', '<<', '>>', '.', '->', '->>']);
const PREFIX_OPS = new Set(['-', '+', '~', '!']);

/**
 * The index just past the operand of a comparison that starts at `start`: prefix operators, a
 * primary (parenthesized, a call, CASE … END) and tighter-binding binary operators. It stops at
 * a comparison, AND / OR, a comma, a closing parenthesis or a clause keyword.
 */
function operandEnd(tokens: readonly Token[], start: number): number {
  let expectOperand = true;
  let unitPending = false;
  for (let j = start; j < tokens.length; j++) {
    const t = tokens[j] as Token;
    const word = upperWord(t);
    if (t.kind === 'op' && t.value === '(') {
      let depth = 0;
      for (; j < tokens.length; j++) {
        const u = tokens[j] as Token;
        if (u.kind === 'op' && u.value === '(') depth++;
        else if (u.kind === 'op' && u.value === ')' && --depth === 0) break;
      }
      expectOperand = false;
      continue;
    }
    if (t.kind === 'semicolon' || (t.kind === 'op' && (t.value === ')' || t.value === ','))) return j;
    if (expectOperand) {
      if ((t.kind === 'op' && PREFIX_OPS.has(t.value)) || word === 'BINARY') continue;
      if (word === 'CASE') {
        let depth = 0;
        for (; j < tokens.length; j++) {
          const w = upperWord(tokens[j]);
          if (w === 'CASE') depth++;
          else if (w === 'END' && --depth === 0) break;
        }
      } else if (t.kind === 'op') return j;
      // INTERVAL n unit
      if (word === 'INTERVAL') {
        unitPending = true;
        continue;
      }
      expectOperand = false;
      continue;
    }
    if (unitPending && t.kind === 'ident') {
      unitPending = false;
      continue;
    }
    if ((t.kind === 'op' && BINARY_OPS.has(t.value)) || word === 'DIV' || word === 'MOD') {
      expectOperand = true;
      continue;
    }
    if (word === 'COLLATE') {
      j++;
      continue;
    }
    return j;
  }
  return tokens.length;
}

/** The `(` at `open` holds one expression or subquery: no top-level comma (a row), no WITH. */
function singleParenthesized(tokens: readonly Token[], open: number): boolean {
  const w = upperWord(tokens[open + 1]);
  if (w === 'WITH') return false;
  let depth = 0;
  for (let j = open; j < tokens.length; j++) {
    const u = tokens[j] as Token;
    if (u.kind !== 'op') continue;
    if (u.value === '(') depth++;
    else if (u.value === ')' && --depth === 0) return true;
    else if (u.value === ',' && depth === 1) return false;
  }
  return false;
}

function upperWord(t: Token | undefined): string {
  return t && t.kind === 'ident' ? t.value.toUpperCase() : '';
}

/** Token i follows LIMIT, OFFSET, or `LIMIT x ,`. */
function afterLimitWord(tokens: readonly Token[], i: number): boolean {
  const prev = tokens[i - 1];
  if (upperWord(prev) === 'LIMIT' || upperWord(prev) === 'OFFSET') return true;
  return prev?.kind === 'op' && prev.value === ',' && upperWord(tokens[i - 3]) === 'LIMIT';
}

/** The `(` at i opens an INSERT column list or a VALUES row (where `()` is valid MySQL). */
function emptyListAllowed(tokens: readonly Token[], i: number): boolean {
  const prev = tokens[i - 1];
  const w = upperWord(prev);
  if (w === 'VALUES' || w === 'VALUE') return true;
  if (prev?.kind === 'op' && prev.value === ',') return tokens[i - 2]?.kind === 'op' && tokens[i - 2]?.value === ')';
  // INTO t ( ) / INTO db.t ( )
  if (prev && (prev.kind === 'ident' || prev.kind === 'quoted')) {
    return upperWord(tokens[i - 2]) === 'INTO' || (tokens[i - 2]?.kind === 'op' && tokens[i - 2]?.value === '.' && upperWord(tokens[i - 4]) === 'INTO');
  }
  return false;
}

/** The original offset of a position in the rewritten text (the token at or before it). */
export function originalOffset(r: Rewritten, offset: number, endOfStatement: number): number {
  let best: number | undefined;
  for (const [rw, orig] of r.map) {
    if (rw <= offset) best = orig;
    else break;
  }
  if (best === undefined) return r.map[0]?.[1] ?? endOfStatement;
  const last = r.map[r.map.length - 1];
  if (last && offset > last[0] && offset >= r.text.length) return endOfStatement;
  return best;
}
