// Hand-written parsers for the statement families node-sql-parser gets wrong or does not know:
// SHOW, SET, BEGIN / START TRANSACTION / COMMIT / ROLLBACK, USE, KILL, DESCRIBE.
//
// They work on the tokenizer's tokens. Expressions inside them (SET @a = 1 + 2, SHOW … WHERE)
// go back through node-sql-parser via the `expr` callback, so there is one expression grammar.
import type {
  AccountName,
  Begin,
  Expr,
  IsolationLevel,
  Kill,
  Limit,
  SetAssignment,
  SetStatement,
  SetTransaction,
  Show,
  ShowWhat,
  Statement,
  TableName,
} from './ast.js';
import { parseError } from '../errors.js';
import { lineAt, type Token } from './lexer.js';
import { unsupported } from './raw.js';

/** Parses the tokens of one expression. */
export type ExprParser = (tokens: readonly Token[]) => Expr;

/** A cursor over one statement's tokens. */
export class Cursor {
  pos = 0;
  constructor(
    readonly sql: string,
    readonly tokens: readonly Token[],
    readonly end: number,
  ) {}

  peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }

  /** The upper-case word at the cursor ('' when not an identifier). */
  word(offset = 0): string {
    const t = this.peek(offset);
    return t && t.kind === 'ident' ? t.value.toUpperCase() : '';
  }

  atEnd(): boolean {
    return this.pos >= this.tokens.length;
  }

  fail(): never {
    const t = this.peek();
    const at = t ? t.start : this.end;
    throw parseError(this.sql.slice(at, this.end), lineAt(this.sql, at));
  }

  accept(...words: string[]): boolean {
    for (let i = 0; i < words.length; i++) if (this.word(i) !== words[i]) return false;
    this.pos += words.length;
    return true;
  }

  expect(...words: string[]): void {
    if (!this.accept(...words)) this.fail();
  }

  acceptOp(op: string): boolean {
    const t = this.peek();
    if (t && t.kind === 'op' && t.value === op) {
      this.pos++;
      return true;
    }
    return false;
  }

  /** An identifier (bare or back-quoted), or a string where MySQL allows one for a name. */
  name(allowString = false): string {
    const t = this.peek();
    if (t && (t.kind === 'ident' || t.kind === 'quoted' || (allowString && t.kind === 'string'))) {
      this.pos++;
      return t.value;
    }
    return this.fail();
  }

  /** db.table or table. */
  tableName(): TableName {
    const first = this.name();
    if (this.acceptOp('.')) return { db: first, name: this.name() };
    return { name: first };
  }

  string(): string {
    const t = this.peek();
    if (t && t.kind === 'string') {
      this.pos++;
      return t.value;
    }
    return this.fail();
  }

  /** Tokens up to the next top-level comma (or the end). */
  untilComma(): Token[] {
    const out: Token[] = [];
    let depth = 0;
    while (!this.atEnd()) {
      const t = this.peek() as Token;
      if (t.kind === 'op' && t.value === ',' && depth === 0) break;
      if (t.kind === 'op' && t.value === '(') depth++;
      if (t.kind === 'op' && t.value === ')') depth--;
      out.push(t);
      this.pos++;
    }
    return out;
  }

  rest(): Token[] {
    const out = this.tokens.slice(this.pos);
    this.pos = this.tokens.length;
    return out;
  }

  done(): void {
    if (!this.atEnd()) this.fail();
  }
}

function likeOrWhere(c: Cursor, expr: ExprParser): { like?: string; where?: Expr } {
  if (c.accept('LIKE')) return { like: c.string() };
  if (c.accept('WHERE')) {
    const toks = c.rest();
    if (toks.length === 0) c.fail();
    return { where: expr(toks) };
  }
  return {};
}

function fromDb(c: Cursor): { db?: string } {
  if (c.accept('FROM') || c.accept('IN')) return { db: c.name() };
  return {};
}

function limitClause(c: Cursor): { limit?: Limit } {
  if (!c.accept('LIMIT')) return {};
  const num = (): Expr => {
    const t = c.peek();
    if (!t || t.kind !== 'number' || !/^[0-9]+$/.test(t.value)) return c.fail();
    c.pos++;
    return { kind: 'IntLiteral', text: t.value, value: BigInt(t.value) };
  };
  const a = num();
  if (c.acceptOp(',')) return { limit: { count: num(), offset: a } };
  if (c.accept('OFFSET')) return { limit: { count: a, offset: num() } };
  return { limit: { count: a } };
}

/** SHOW forms MySQL has and Strata does not (1235); any other word is a syntax error (1064). */
const MYSQL_SHOW_WORDS = new Set([
  'GRANTS',
  'PRIVILEGES',
  'TRIGGERS',
  'EVENTS',
  'PLUGINS',
  'PROFILES',
  'PROFILE',
  'OPEN',
  'MASTER',
  'SLAVE',
  'REPLICA',
  'REPLICAS',
  'BINARY',
  'BINLOG',
  'RELAYLOG',
  'FUNCTION',
  'PROCEDURE',
  'ENGINE',
  'CREATE',
]);

export function parseShow(c: Cursor, expr: ExprParser): Show {
  c.expect('SHOW');
  const full = c.accept('FULL');
  let scope: Show['scope'];
  if (c.accept('GLOBAL')) scope = 'global';
  else if (c.accept('SESSION') || c.accept('LOCAL')) scope = 'session';
  const base = (what: ShowWhat): Show => ({ kind: 'Show', what, full, ...(scope ? { scope } : {}) });
  let out: Show;
  const w = c.word();
  if (c.accept('DATABASES') || c.accept('SCHEMAS')) out = { ...base('databases'), ...likeOrWhere(c, expr) };
  else if (c.accept('TABLES')) {
    const db = fromDb(c);
    out = { ...base('tables'), ...db, ...likeOrWhere(c, expr) };
  } else if (c.accept('TABLE', 'STATUS')) {
    const db = fromDb(c);
    out = { ...base('table_status'), ...db, ...likeOrWhere(c, expr) };
  } else if (c.accept('COLUMNS') || c.accept('FIELDS')) {
    if (!c.accept('FROM') && !c.accept('IN')) c.fail();
    const table = c.tableName();
    const db = fromDb(c);
    out = { ...base('columns'), table: db.db ? { db: db.db, name: table.name } : table, ...likeOrWhere(c, expr) };
  } else if (c.accept('CREATE', 'TABLE')) out = { ...base('create_table'), table: c.tableName() };
  else if (c.accept('CREATE', 'VIEW')) out = { ...base('create_view'), table: c.tableName() };
  else if (c.accept('GRANTS')) {
    let account: AccountName | undefined;
    if (c.accept('FOR')) {
      if (c.accept('CURRENT_USER')) {
        if (c.acceptOp('(') && !c.acceptOp(')')) c.fail();
      } else {
        const user = c.name(true);
        const t = c.peek();
        let host = '%';
        if (t && t.kind === 'var') {
          c.pos++;
          host = t.value;
        } else if (c.acceptOp('@')) host = c.name(true);
        account = { user, host };
      }
    }
    out = { ...base('grants'), ...(account ? { account } : {}) };
  }
  else if (c.accept('CREATE', 'DATABASE') || c.accept('CREATE', 'SCHEMA')) {
    const ifNotExists = c.accept('IF', 'NOT', 'EXISTS');
    out = { ...base('create_database'), db: c.name(), ...(ifNotExists ? { ifNotExists } : {}) };
  } else if (c.accept('INDEX') || c.accept('INDEXES') || c.accept('KEYS')) {
    if (!c.accept('FROM') && !c.accept('IN')) c.fail();
    const table = c.tableName();
    const db = fromDb(c);
    out = { ...base('index'), table: db.db ? { db: db.db, name: table.name } : table, ...likeOrWhere(c, expr) };
  } else if (c.accept('VARIABLES')) out = { ...base('variables'), ...likeOrWhere(c, expr) };
  else if (c.accept('STATUS')) out = { ...base('status'), ...likeOrWhere(c, expr) };
  else if (c.accept('WARNINGS')) out = { ...base('warnings'), ...limitClause(c) };
  else if (c.accept('ERRORS')) out = { ...base('errors'), ...limitClause(c) };
  else if (c.accept('COUNT')) {
    if (!c.acceptOp('(') || !c.acceptOp('*') || !c.acceptOp(')')) c.fail();
    if (c.accept('WARNINGS')) out = base('count_warnings');
    else if (c.accept('ERRORS')) out = base('count_errors');
    else return c.fail();
  } else if (c.accept('PROCESSLIST')) out = base('processlist');
  else if (c.accept('ENGINES') || c.accept('STORAGE', 'ENGINES')) out = base('engines');
  else if (c.accept('CHARSET') || c.accept('CHARACTER', 'SET')) out = { ...base('charset'), ...likeOrWhere(c, expr) };
  else if (c.accept('COLLATION')) out = { ...base('collation'), ...likeOrWhere(c, expr) };
  else if (MYSQL_SHOW_WORDS.has(w)) return unsupported(`SHOW ${w}`);
  else return c.fail();
  c.done();
  return out;
}

const ISOLATION: Readonly<Record<string, IsolationLevel>> = {
  'READ UNCOMMITTED': 'READ UNCOMMITTED',
  'READ COMMITTED': 'READ COMMITTED',
  'REPEATABLE READ': 'REPEATABLE READ',
  SERIALIZABLE: 'SERIALIZABLE',
};

function setTransaction(c: Cursor, scope: SetTransaction['scope']): SetTransaction {
  let isolationLevel: IsolationLevel | undefined;
  let readOnly: boolean | undefined;
  do {
    if (c.accept('ISOLATION', 'LEVEL')) {
      const words = [c.word(), c.word(1)].join(' ');
      const two = ISOLATION[words];
      const one = ISOLATION[c.word()];
      if (two) {
        isolationLevel = two;
        c.pos += 2;
      } else if (one) {
        isolationLevel = one;
        c.pos += 1;
      } else c.fail();
    } else if (c.accept('READ', 'ONLY')) readOnly = true;
    else if (c.accept('READ', 'WRITE')) readOnly = false;
    else c.fail();
  } while (c.acceptOp(','));
  c.done();
  return { kind: 'SetTransaction', scope, ...(isolationLevel ? { isolationLevel } : {}), ...(readOnly !== undefined ? { readOnly } : {}) };
}

/** A system variable's value: ON/OFF and other bare words are strings, DEFAULT is Default. */
function systemValue(tokens: readonly Token[], expr: ExprParser): Expr {
  const only = tokens[0];
  if (tokens.length === 1 && only && only.kind === 'ident') {
    const u = only.value.toUpperCase();
    if (u === 'DEFAULT') return { kind: 'Default' };
    if (u !== 'TRUE' && u !== 'FALSE' && u !== 'NULL') return { kind: 'StringLiteral', value: only.value };
  }
  return expr(tokens);
}

export function parseSet(c: Cursor, expr: ExprParser): SetStatement | SetTransaction {
  c.expect('SET');
  if (c.accept('TRANSACTION')) return setTransaction(c, 'next');
  if (c.accept('GLOBAL', 'TRANSACTION')) return setTransaction(c, 'global');
  if (c.accept('SESSION', 'TRANSACTION') || c.accept('LOCAL', 'TRANSACTION')) return setTransaction(c, 'session');
  const assignments: SetAssignment[] = [];
  do {
    if (c.accept('NAMES')) {
      if (c.accept('DEFAULT')) {
        assignments.push({ kind: 'Names', charset: 'utf8mb4' });
        continue;
      }
      const charset = c.name(true).toLowerCase();
      const collation = c.accept('COLLATE') ? c.name(true).toLowerCase() : undefined;
      assignments.push(collation ? { kind: 'Names', charset, collation } : { kind: 'Names', charset });
      continue;
    }
    if (c.accept('CHARACTER', 'SET') || c.accept('CHARSET')) {
      assignments.push({ kind: 'CharacterSet', charset: c.accept('DEFAULT') ? 'utf8mb4' : c.name(true).toLowerCase() });
      continue;
    }
    const t = c.peek();
    if (!t) return c.fail();
    let target: { user: true; name: string } | { user: false; scope: 'default' | 'session' | 'global'; name: string };
    if (t.kind === 'var' && !t.text.startsWith('@@')) {
      c.pos++;
      target = { user: true, name: t.value };
    } else if (t.kind === 'var') {
      c.pos++;
      const m = /^(global|session|local)\.(.+)$/i.exec(t.value);
      const scope = m ? ((m[1] as string).toLowerCase() === 'global' ? 'global' : 'session') : 'default';
      target = { user: false, scope, name: (m ? (m[2] as string) : t.value).toLowerCase() };
    } else {
      let scope: 'default' | 'session' | 'global' = 'default';
      if (c.accept('GLOBAL')) scope = 'global';
      else if (c.accept('SESSION') || c.accept('LOCAL')) scope = 'session';
      else if (c.word() === 'PERSIST' || c.word() === 'PERSIST_ONLY') return unsupported(`SET ${c.word()}`);
      let name = c.name();
      while (c.acceptOp('.')) name += `.${c.name()}`;
      target = { user: false, scope, name: name.toLowerCase() };
    }
    if (!c.acceptOp('=') && !c.acceptOp(':=')) c.fail();
    const valueTokens = c.untilComma();
    if (valueTokens.length === 0) c.fail();
    if (target.user) assignments.push({ kind: 'UserVar', name: target.name, value: expr(valueTokens) });
    else assignments.push({ kind: 'SystemVar', scope: target.scope, name: target.name, value: systemValue(valueTokens, expr) });
  } while (c.acceptOp(','));
  c.done();
  return { kind: 'Set', assignments };
}

export function parseBegin(c: Cursor): Begin {
  let readOnly = false;
  let withConsistentSnapshot = false;
  if (c.accept('BEGIN')) {
    c.accept('WORK');
    if (c.accept('PESSIMISTIC') || c.accept('OPTIMISTIC')) {
      // TiDB's BEGIN PESSIMISTIC / OPTIMISTIC: accepted, mode chosen by the session.
    }
  } else {
    c.expect('START', 'TRANSACTION');
    if (!c.atEnd()) {
      do {
        if (c.accept('READ', 'ONLY')) readOnly = true;
        else if (c.accept('READ', 'WRITE')) readOnly = false;
        else if (c.accept('WITH', 'CONSISTENT', 'SNAPSHOT')) withConsistentSnapshot = true;
        else c.fail();
      } while (c.acceptOp(','));
    }
  }
  c.done();
  return { kind: 'Begin', readOnly, withConsistentSnapshot };
}

export function parseCommitRollback(c: Cursor): Statement {
  if (c.accept('COMMIT')) {
    c.accept('WORK');
    c.done();
    return { kind: 'Commit' };
  }
  c.expect('ROLLBACK');
  c.accept('WORK');
  if (c.word() === 'TO') return unsupported('ROLLBACK TO SAVEPOINT');
  c.done();
  return { kind: 'Rollback' };
}

export function parseUse(c: Cursor): Statement {
  c.expect('USE');
  const db = c.name();
  c.done();
  return { kind: 'Use', db };
}

export function parseKill(c: Cursor): Kill {
  c.expect('KILL');
  c.accept('TIDB');
  const queryOnly = c.accept('QUERY');
  if (!queryOnly) c.accept('CONNECTION');
  const t = c.peek();
  if (!t || t.kind !== 'number' || !/^[0-9]+$/.test(t.value)) return c.fail();
  c.pos++;
  c.done();
  return { kind: 'Kill', queryOnly, connectionId: BigInt(t.value) };
}
