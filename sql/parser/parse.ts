// The parser's entry points: SQL text → typed statements.
//
//   text ──tokenize──▶ tokens ──split at ;──▶ statements
//        ├─ SHOW / SET / BEGIN / COMMIT / ROLLBACK / USE / KILL / DESCRIBE: hand-parsers.ts
//        ├─ EXPLAIN [ANALYZE] <stmt>: the inner statement, recursively
//        └─ everything else: rewrite.ts ──▶ node-sql-parser (MySQL) ──▶ convert-*.ts
//
// Failures are MySQL's: 1064 "…near '<rest of the statement>' at line N" when the text does
// not parse, 1235 "doesn't yet support '…'" when it parses but Strata has no AST for it. No
// other exception escapes (a crash of node-sql-parser on odd input also becomes 1064).
import nodeSqlParser from 'node-sql-parser/build/mysql.js';

import type { Expr, Statement, TableName } from './ast.js';
import { SqlError, parseError } from '../errors.js';
import { convertDdl } from './convert-ddl.js';
import { convertDelete, convertInsert, convertUpdate } from './convert-dml.js';
import { convertExpr, type ConvertContext, type SourceOf } from './convert-expr.js';
import { convertQuery } from './convert-select.js';
import { parseLoadData } from './load-data.js';
import { parseAlterUser, parseCreateUser, parseDropUser, parseGrant, parseRevoke, parseSetPassword } from './account-statements.js';
import { Cursor, parseBegin, parseCommitRollback, parseKill, parseSet, parseShow, parseUse } from './hand-parsers.js';
import { lineAt, tokenize, type Token } from './lexer.js';
import { isAlterTableKeys, parseAlterTableKeys, parseLockTables, parseUnlockTables } from './dump-statements.js';
import { parseReleaseSavepoint, parseRollbackToSavepoint, parseSavepoint } from './savepoint-statements.js';
import { arr, field, isObj, str, unsupported } from './raw.js';
import { newTables, originalOffset, rewriteTokens, type LiteralTables, type RewriteMode, type Rewritten } from './rewrite.js';
import { splitStatements, type StatementTokens } from './split-statements.js';

interface NodeSqlParser {
  astify(sql: string, opt: { database: string; parseOptions?: { includeLocations: boolean } }): unknown;
}

const parser: NodeSqlParser = new (nodeSqlParser as unknown as { Parser: new () => NodeSqlParser }).Parser();
const OPTIONS = { database: 'MySQL', parseOptions: { includeLocations: true } };
const PLAIN_OPTIONS = { database: 'MySQL' };

/** Statement words that prefix IGNORE / LOW_PRIORITY etc. which node-sql-parser may reject. */
const MODIFIERS = new Set(['IGNORE', 'LOW_PRIORITY', 'HIGH_PRIORITY', 'DELAYED', 'QUICK']);

/** First words of the statements node-sql-parser is asked to parse (MySQL's, supported or not). */
const STATEMENT_WORDS = new Set([
  'SELECT',
  'INSERT',
  'REPLACE',
  'UPDATE',
  'DELETE',
  'CREATE',
  'DROP',
  'ALTER',
  'TRUNCATE',
  'RENAME',
  'WITH',
  'LOAD',
  'LOCK',
  'UNLOCK',
  'GRANT',
  'REVOKE',
  'CALL',
  'DO',
  'HANDLER',
  'ANALYZE',
  'OPTIMIZE',
  'CHECK',
  'FLUSH',
  'PREPARE',
  'EXECUTE',
  'DEALLOCATE',
  'SAVEPOINT',
  'RELEASE',
  'XA',
  'TABLE',
  'VALUES',
]);

function word(t: Token | undefined): string {
  return t && t.kind === 'ident' ? t.value.toUpperCase() : '';
}

/** Runs node-sql-parser over rewritten tokens; 1064 with the original position on failure. */
function astify(sql: string, tokens: readonly Token[], end: number, tables: LiteralTables, mode: RewriteMode, prefix = ''): unknown {
  return astifyWithSource(sql, tokens, end, tables, mode, prefix).raw;
}

/** node-sql-parser's tree plus a way back from its node locations (offsets in the rewritten
 *  text) to the original source text: a select item's label is its text as written. */
function astifyWithSource(sql: string, tokens: readonly Token[], end: number, tables: LiteralTables, mode: RewriteMode, prefix = ''): { raw: unknown; source: SourceOf | undefined } {
  const rw = rewriteTokens(tokens, tables, mode, prefix);
  // Locations cost node-sql-parser about half its time again: asked for only when some select
  // item is more than a column name, i.e. when a label comes from the text.
  if (!hasExpressionItems(tokens)) {
    try {
      return { raw: parser.astify(rw.text, PLAIN_OPTIONS), source: undefined };
    } catch (e: unknown) {
      throw syntaxError(sql, tokens, end, rw, e);
    }
  }
  const source: SourceOf = (from, to) => {
    if (!(to > from)) return undefined;
    const start = originalOffset(rw, from, end);
    const lastStart = originalOffset(rw, to - 1, end);
    const last = tokens.find((t) => t.start === lastStart);
    const stop = last ? last.end : lastStart;
    return stop > start ? sql.slice(start, stop) : undefined;
  };
  try {
    return { raw: parser.astify(rw.text, OPTIONS), source };
  } catch (e: unknown) {
    throw syntaxError(sql, tokens, end, rw, e);
  }
}

/** 1064 "near …" from node-sql-parser's failure position, in the original text. */
function syntaxError(sql: string, tokens: readonly Token[], end: number, rw: Rewritten, e: unknown): SqlError {
  const loc = field(field(field(e, 'location'), 'start'), 'offset');
  const at = typeof loc === 'number' ? originalOffset(rw, loc, end) : (tokens[0]?.start ?? end);
  const from = Math.max(tokens[0]?.start ?? 0, Math.min(at, end));
  return parseError(sql.slice(from, end), lineAt(sql, from));
}

const CLAUSE_WORDS = new Set(['FROM', 'WHERE', 'GROUP', 'HAVING', 'ORDER', 'LIMIT', 'UNION', 'INTO', 'FOR', 'LOCK', 'WINDOW', 'EXCEPT', 'INTERSECT']);
const SELECT_OPTIONS = new Set(['ALL', 'DISTINCT', 'DISTINCTROW', 'HIGH_PRIORITY', 'STRAIGHT_JOIN', 'SQL_SMALL_RESULT', 'SQL_BIG_RESULT', 'SQL_BUFFER_RESULT', 'SQL_NO_CACHE', 'SQL_CALC_FOUND_ROWS']);

/** Whether some SELECT's list has an item other than `name[.name…] [[AS] alias]` or `[t.]*`. */
function hasExpressionItems(tokens: readonly Token[]): boolean {
  for (let i = 0; i < tokens.length; i++) {
    if (word(tokens[i]) !== 'SELECT') continue;
    let j = i + 1;
    while (SELECT_OPTIONS.has(word(tokens[j]))) j++;
    let item: Token[] = [];
    for (; j <= tokens.length; j++) {
      const t = tokens[j];
      const atEnd = !t || CLAUSE_WORDS.has(word(t)) || (t.kind === 'op' && t.value === ')') || t.kind === 'semicolon';
      if (atEnd || (t.kind === 'op' && t.value === ',')) {
        if (!isPlainItem(item)) return true;
        item = [];
        if (atEnd) break;
      } else item.push(t);
    }
  }
  return false;
}

function isPlainItem(item: readonly Token[]): boolean {
  const isName = (t: Token | undefined): boolean => !!t && (t.kind === 'ident' || t.kind === 'quoted');
  const isDot = (t: Token | undefined): boolean => !!t && t.kind === 'op' && t.value === '.';
  let k = 0;
  if (!isName(item[0]) && !(item[0]?.kind === 'op' && item[0].value === '*')) return false;
  k++;
  while (isDot(item[k]) && (isName(item[k + 1]) || (item[k + 1]?.kind === 'op' && item[k + 1]?.value === '*'))) k += 2;
  if (word(item[k]) === 'AS') k++;
  if (k < item.length && (isName(item[k]) || item[k]?.kind === 'string')) k++;
  return k === item.length;
}

/**
 * Drops index hints (`USE | FORCE | IGNORE INDEX | KEY [FOR …] (…)`), which node-sql-parser
 * rejects; Strata's planner chooses access paths itself, as TiDB may.
 */
function withoutIndexHints(tokens: readonly Token[]): readonly Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const w = word(tokens[i]);
    const w2 = word(tokens[i + 1]);
    if (i > 0 && (w === 'USE' || w === 'FORCE' || w === 'IGNORE') && (w2 === 'INDEX' || w2 === 'KEY')) {
      let j = i + 2;
      if (word(tokens[j]) === 'FOR') {
        j++;
        if (word(tokens[j]) === 'JOIN') j++;
        else if ((word(tokens[j]) === 'ORDER' || word(tokens[j]) === 'GROUP') && word(tokens[j + 1]) === 'BY') j += 2;
      }
      const open = tokens[j];
      if (open && open.kind === 'op' && open.value === '(') {
        let k = j + 1;
        while (k < tokens.length && !(tokens[k]?.kind === 'op' && tokens[k]?.value === ')')) k++;
        i = k;
        continue;
      }
    }
    out.push(tokens[i] as Token);
  }
  return out;
}

function context(tables: LiteralTables, source?: SourceOf): ConvertContext {
  const cx: ConvertContext = source ? { tables, query: (raw) => convertQuery(cx, raw), source } : { tables, query: (raw) => convertQuery(cx, raw) };
  return cx;
}

/** An expression from tokens (SET values, SHOW … WHERE), through `SELECT <expr>`. */
function exprFromTokens(sql: string, end: number, tables: LiteralTables, tokens: readonly Token[]): Expr {
  const last = tokens[tokens.length - 1];
  const raw = astify(sql, tokens, last ? last.end : end, tables, 'other', 'SELECT');
  const one = Array.isArray(raw) ? (raw.length === 1 ? raw[0] : undefined) : raw;
  const cols = arr(field(one, 'columns'));
  if (!isObj(one) || one['from'] !== null && one['from'] !== undefined || cols.length !== 1) {
    const at = tokens[0]?.start ?? end;
    throw parseError(sql.slice(at, end), lineAt(sql, at));
  }
  return convertExpr(context(tables), field(cols[0], 'expr'));
}

function parseTokens(sql: string, st: StatementTokens): Statement {
  const { tokens, end } = st;
  const first = word(tokens[0]);
  const tables = newTables();
  const cursor = (): Cursor => new Cursor(sql, tokens, end);
  const expr = (ts: readonly Token[]): Expr => exprFromTokens(sql, end, tables, ts);
  // Statements of dump tools and ORMs that node-sql-parser does not know.
  if (first === 'LOCK') return parseLockTables(cursor());
  if (first === 'UNLOCK') return parseUnlockTables(cursor());
  if (first === 'ALTER' && isAlterTableKeys(cursor())) return parseAlterTableKeys(cursor());
  if (first === 'SAVEPOINT') return parseSavepoint(cursor());
  if (first === 'RELEASE') return parseReleaseSavepoint(cursor());
  if (first === 'ROLLBACK' && (word(tokens[1]) === 'TO' || word(tokens[2]) === 'TO')) return parseRollbackToSavepoint(cursor());
  switch (first) {
    case 'SHOW':
      return parseShow(cursor(), expr);
    case 'SET':
      if (word(tokens[1]) === 'PASSWORD') return parseSetPassword(cursor());
      return parseSet(cursor(), expr);
    case 'LOAD':
      return parseLoadData(cursor());
    case 'GRANT':
      return parseGrant(cursor());
    case 'REVOKE':
      return parseRevoke(cursor());
    case 'BEGIN':
    case 'START':
      return parseBegin(cursor());
    case 'COMMIT':
    case 'ROLLBACK':
      return parseCommitRollback(cursor());
    case 'USE':
      return parseUse(cursor());
    case 'KILL':
      return parseKill(cursor());
    case 'EXPLAIN':
    case 'DESCRIBE':
    case 'DESC':
      return parseExplain(sql, st);
    case 'CREATE':
      if (word(tokens[1]) === 'USER') return parseCreateUser(cursor());
      if (isCreateView(tokens)) return parseCreateView(sql, st);
      break;
    case 'DROP':
      if (word(tokens[1]) === 'VIEW') return parseDropView(cursor());
      if (word(tokens[1]) === 'USER') return parseDropUser(cursor());
      break;
    case 'ALTER':
      if (word(tokens[1]) === 'USER') return parseAlterUser(cursor());
      break;
    default:
      break;
  }
  const head = tokens[0];
  if (!STATEMENT_WORDS.has(first) && !(head && head.kind === 'op' && head.value === '(')) {
    // MySQL quotes the whole statement when its first word starts no statement.
    const at = head?.start ?? end;
    throw parseError(sql.slice(at, end), lineAt(sql, at));
  }
  // IGNORE and priority modifiers: recorded here, removed before node-sql-parser sees them.
  let ignore = false;
  let toks: readonly Token[] = tokens;
  if (first === 'INSERT' || first === 'REPLACE' || first === 'UPDATE' || first === 'DELETE') {
    const kept: Token[] = [tokens[0] as Token];
    let i = 1;
    while (i < tokens.length && MODIFIERS.has(word(tokens[i]))) {
      if (word(tokens[i]) === 'IGNORE') ignore = true;
      i++;
    }
    toks = kept.concat(tokens.slice(i));
  }
  toks = withoutIndexHints(toks);
  if (toks.some((t, i) => word(t) === 'NATURAL' && ['JOIN', 'LEFT', 'RIGHT', 'INNER'].includes(word(toks[i + 1])))) return unsupported('NATURAL JOIN');
  const mode: RewriteMode = first === 'INSERT' || first === 'REPLACE' || first === 'UPDATE' ? 'dml' : first === 'CREATE' || first === 'ALTER' ? 'ddl' : 'other';
  const { raw, source } = astifyWithSource(sql, toks, end, tables, mode);
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length !== 1) {
    const at = tokens[0]?.start ?? end;
    throw parseError(sql.slice(at, end), lineAt(sql, at));
  }
  const node = list[0];
  if (!isObj(node)) return unsupported(first || 'statement');
  const cx = context(tables, source);
  switch (str(node['type'])) {
    case 'select':
      return convertQuery(cx, node);
    case 'insert':
    case 'replace':
      return convertInsert(cx, node, ignore);
    case 'update':
      return convertUpdate(cx, node, ignore);
    case 'delete':
      return convertDelete(cx, node, ignore);
    case 'create':
    case 'drop':
    case 'alter':
    case 'truncate':
    case 'rename':
      return convertDdl(cx, node);
    default:
      return unsupported(`${first} statement`.trim());
  }
}

function parseExplain(sql: string, st: StatementTokens): Statement {
  const c = new Cursor(sql, st.tokens, st.end);
  c.pos = 1;
  // DESCRIBE t / EXPLAIN t [col]: SHOW COLUMNS.
  const next = c.peek();
  const w = c.word();
  const statementWords = ['SELECT', 'INSERT', 'REPLACE', 'UPDATE', 'DELETE', 'WITH', 'ANALYZE', 'FORMAT', 'TABLE'];
  if (next && (next.kind === 'quoted' || (next.kind === 'ident' && !statementWords.includes(w)))) {
    const table = c.tableName();
    if (!c.atEnd()) {
      const col = c.name(true);
      c.done();
      return { kind: 'Show', what: 'columns', full: false, table, like: col };
    }
    return { kind: 'Show', what: 'columns', full: false, table };
  }
  const analyze = c.accept('ANALYZE');
  let format: string | undefined;
  if (c.accept('FORMAT')) {
    if (!c.acceptOp('=')) c.fail();
    format = c.name(true).toLowerCase();
  }
  const rest = st.tokens.slice(c.pos);
  if (rest.length === 0) c.fail();
  const inner = parseTokens(sql, { tokens: rest, start: rest[0]?.start ?? st.end, end: st.end });
  if (inner.kind !== 'Select' && inner.kind !== 'Union' && inner.kind !== 'With' && inner.kind !== 'Insert' && inner.kind !== 'Update' && inner.kind !== 'Delete') {
    return unsupported('EXPLAIN of this statement');
  }
  return { kind: 'Explain', analyze, ...(format ? { format } : {}), statement: inner };
}

/** CREATE [OR REPLACE] [ALGORITHM = x] [DEFINER = u] [SQL SECURITY x] VIEW … */
function isCreateView(tokens: readonly Token[]): boolean {
  for (let i = 1; i < Math.min(tokens.length, 16); i++) {
    const w = word(tokens[i]);
    if (w === 'VIEW') return true;
    if (w === 'TABLE' || w === 'INDEX' || w === 'DATABASE' || w === 'SCHEMA' || w === 'UNIQUE' || w === 'USER') return false;
  }
  return false;
}

function parseCreateView(sql: string, st: StatementTokens): Statement {
  const c = new Cursor(sql, st.tokens, st.end);
  c.pos = 1;
  const orReplace = c.accept('OR', 'REPLACE');
  let algorithm: string | undefined;
  let security: string | undefined;
  for (;;) {
    if (c.accept('ALGORITHM')) {
      if (!c.acceptOp('=')) c.fail();
      algorithm = c.name().toUpperCase();
      if (!['UNDEFINED', 'MERGE', 'TEMPTABLE'].includes(algorithm)) c.fail();
    } else if (c.accept('DEFINER')) {
      // DEFINER = user[@host] | CURRENT_USER[()]: accepted; every view runs as its definer here.
      if (!c.acceptOp('=')) c.fail();
      c.name(true);
      if (c.peek()?.kind === 'var') c.pos++;
      else if (c.acceptOp('@')) c.name(true);
      if (c.acceptOp('(') && !c.acceptOp(')')) c.fail();
    } else if (c.accept('SQL', 'SECURITY')) {
      security = c.name().toUpperCase();
      if (security !== 'DEFINER' && security !== 'INVOKER') c.fail();
    } else break;
  }
  c.expect('VIEW');
  const name = c.tableName();
  const columns: string[] = [];
  if (c.acceptOp('(')) {
    do columns.push(c.name());
    while (c.acceptOp(','));
    if (!c.acceptOp(')')) c.fail();
  }
  c.expect('AS');
  let rest = st.tokens.slice(c.pos);
  let checkOption: 'cascaded' | 'local' | undefined;
  const tail = rest.map((t) => word(t));
  const n = tail.length;
  if (n >= 3 && tail[n - 2] === 'CHECK' && tail[n - 1] === 'OPTION') {
    let k = n - 3;
    checkOption = 'cascaded';
    if (tail[k] === 'CASCADED' || tail[k] === 'LOCAL') {
      checkOption = tail[k] === 'LOCAL' ? 'local' : 'cascaded';
      k--;
    }
    if (tail[k] !== 'WITH') c.fail();
    rest = rest.slice(0, k);
  }
  const first = rest[0];
  const last = rest[rest.length - 1];
  if (!first || !last) return c.fail();
  const query = parseTokens(sql, { tokens: rest, start: first.start, end: last.end });
  if (query.kind !== 'Select' && query.kind !== 'Union' && query.kind !== 'With') return c.fail();
  if (query.kind === 'Select' && query.lock) return unsupported('a locking read in a view');
  return {
    kind: 'CreateView',
    name,
    orReplace,
    columns,
    query,
    text: sql.slice(first.start, last.end),
    ...(algorithm ? { algorithm } : {}),
    ...(security ? { security } : {}),
    ...(checkOption ? { checkOption } : {}),
  };
}

/** DROP VIEW [IF EXISTS] v [, v…] [RESTRICT | CASCADE] */
function parseDropView(c: Cursor): Statement {
  c.pos = 2;
  const ifExists = c.accept('IF', 'EXISTS');
  const views: TableName[] = [];
  do views.push(c.tableName());
  while (c.acceptOp(','));
  if (!c.accept('RESTRICT')) c.accept('CASCADE');
  c.done();
  return { kind: 'DropView', ifExists, views };
}

function guard<T>(sql: string, f: () => T): T {
  try {
    return f();
  } catch (e: unknown) {
    if (e instanceof SqlError) throw e;
    // A crash inside node-sql-parser or a converter: report it as a syntax error, never crash.
    throw parseError(sql.slice(0, 80), 1);
  }
}

/** Parses SQL text with one or more statements separated by `;`. Empty statements are skipped. */
export function parse(sql: string): Statement[] {
  return guard(sql, () => {
    const tokens = tokenize(sql);
    return splitStatements(tokens).map((st) => parseTokens(sql, st));
  });
}

/** Parses exactly one statement (a trailing `;` is allowed); 1064 for none or several. */
export function parseOne(sql: string): Statement {
  return guard(sql, () => {
    const tokens = tokenize(sql);
    const stmts = splitStatements(tokens);
    const [only, second] = stmts;
    if (!only) throw parseError('', lineAt(sql, sql.length));
    if (second) throw parseError(sql.slice(second.start), lineAt(sql, second.start));
    return parseTokens(sql, only);
  });
}

/** Parses one expression (tests, default values given as text, the planner's helpers). */
export function parseExpr(sql: string): Expr {
  return guard(sql, () => {
    const tokens = tokenize(sql).filter((t) => t.kind !== 'semicolon');
    if (tokens.length === 0) throw parseError('', 1);
    return exprFromTokens(sql, sql.length, newTables(), tokens);
  });
}
