// What the wire layer needs from below sql/session, in one place. The layer rule (DESIGN.md,
// enforced by dependency-cruiser) lets wire/ import only sql/session/, so the value classes it
// maps to protocol values, the column-definition helpers, MySQL's number formatting and the
// statement splitter are re-exported here rather than reached for in sql/types or sql/parser.

import { parseError, type SqlError } from '../errors.js';
import { lineAt, tokenize } from '../parser/lexer.js';
import { splitStatements } from '../parser/split-statements.js';

export { SqlError } from '../errors.js';
export { DEFAULT_VERSION } from '../expr/context.js';
export { likeMatch } from '../expr/index.js';
export {
  ColumnFlag,
  DateTime,
  Decimal,
  Duration,
  JsonValue,
  charsetId,
  columnDecimals,
  columnDisplayLength,
  columnFlags,
  formatDouble,
  formatFloat,
  protocolType,
  valueToString,
  type SqlType,
  type Value,
} from '../types/index.js';
export type { CollectedResult, ExecResult, OkResult, ResultColumn, Row, RowsResult } from './result.js';

/** The statements of a COM_QUERY text: their count, and the text from the second one on (what
 *  MySQL quotes in the 1064 it gives when the client did not ask for multi-statements). A text
 *  the tokenizer rejects counts as one statement: the session reports its error. */
export function statementCount(sql: string): { count: number; rest?: { text: string; line: number } } {
  let tokens;
  try {
    tokens = tokenize(sql);
  } catch {
    return { count: 1 };
  }
  const parts = splitStatements(tokens);
  const second = parts[1];
  if (!second) return { count: parts.length };
  return { count: parts.length, rest: { text: sql.slice(second.start), line: lineAt(sql, second.start) } };
}

/** 1064 for a multi-statement text sent without CLIENT_MULTI_STATEMENTS, as MySQL words it. */
export function multiStatementError(rest: { text: string; line: number }): SqlError {
  return parseError(rest.text, rest.line);
}
