// The bridge from the protocol to the SQL engine: a SessionFactory that opens one sql/session
// Session per authenticated connection, and a SessionHandler that turns each COM_* command into
// Session calls and the answers into protocol values.
//
//   COM_QUERY            → session.executeAll(sql)    one StatementResult per statement
//   COM_STMT_PREPARE     → session.prepare(sql)        COM_STMT_EXECUTE → executePrepared(id, params)
//   COM_INIT_DB          → session.useDatabase(db)     COM_FIELD_LIST → session.fieldList(table)
//   COM_RESET_CONNECTION → session.reset()             COM_CHANGE_USER → a fresh session
//
// Values: rows of the text protocol (COM_QUERY) are sent as MySQL prints them — valueToString
// with the column's type, so a DOUBLE is '0.1' not '0.1000000000000000055', a FLOAT has 6
// significant digits, DECIMAL(10,2) has 2 decimals, a zerofill INT is padded. Rows of the binary
// protocol (COM_STMT_EXECUTE) keep numbers, bigints, dates and times typed (wire/values.ts).
//
// Results stream: the rows of the last (usually only) statement are pulled from the session as
// the connection writes them, so a large SELECT never sits in memory. A session produces the
// next statement's result only after the previous rows were consumed, so in a multi-statement
// text every result but the last is collected first. Errors: a SqlError becomes an ERR with its
// MySQL errno, SQLSTATE and message; anything else is 1105 (the message of an internal fault
// stays in the server log, the client sees what failed).

import type { ColumnDefinition, ParamValue } from './messages.js';
import { Capability, ColumnType, ServerStatus, hasCapability } from './constants.js';
import type {
  ErrorResult,
  OkResult,
  PreparedStatementInfo,
  SessionContext,
  SessionFactory,
  SessionHandler,
  SqlErrorInfo,
  StatementResult,
} from './session-handler.js';
import type { WireValue } from './values.js';
import type { Account } from './auth.js';
import type { UserStore } from './user-store.js';
import {
  ColumnFlag,
  DateTime,
  Decimal,
  Duration,
  JsonValue,
  SqlError,
  charsetId,
  columnDecimals,
  columnDisplayLength,
  columnFlags,
  likeMatch,
  multiStatementError,
  protocolType,
  statementCount,
  valueToString,
  type ExecResult,
  type ResultColumn,
  type Row,
  type Value,
} from '../sql/session/wire-support.js';

/** The part of sql/session's Session the bridge uses (the real Session satisfies it). */
export interface BridgeSession {
  readonly connectionId: number;
  executeAll(sql: string): AsyncIterable<ExecResult>;
  prepare(sql: string): Promise<{ readonly id: number; readonly paramCount: number; readonly columns: readonly ResultColumn[] }>;
  executePrepared(id: number, params: readonly Value[]): Promise<ExecResult>;
  closePrepared(id: number): void;
  useDatabase(db: string): Promise<void>;
  readonly inTransaction: boolean;
  readonly autocommit: boolean;
  /** Warnings of the last statement. */
  readonly warningCount: number;
  fieldList(table: string): Promise<readonly ResultColumn[]>;
  reset(): Promise<void>;
  close(): Promise<void>;
  /** KILL [CONNECTION] of this session by any connection: the next command ends the connection. */
  readonly killedConnection?: boolean;
  /** When the session exposes its variables: NO_BACKSLASH_ESCAPES in the status flags, and the
   *  handshake's collation becomes character_set_client/connection/results. */
  readonly vars?: {
    readonly sqlMode: { readonly noBackslashEscapes: boolean };
    setNames?(charset: string, collation?: string): void;
    /** @@wait_timeout: the connection closes after this long without a command. */
    readonly waitTimeoutSeconds?: number;
    get?(name: string): Value;
    set?(name: string, scope: 'session', value: bigint): unknown;
  };
}

/** The part of sql/session's SqlEngine the bridge uses. */
export interface BridgeEngine {
  openSession(o: { connectionId?: number; user?: string; host?: string; database?: string; foundRows?: boolean; localInfile?: (filename: string) => AsyncIterable<Uint8Array> }): Promise<BridgeSession>;
  sessions(): readonly unknown[];
}

/** The handshake collation ids clients send, as the SET NAMES they mean. */
const HANDSHAKE_COLLATIONS: Readonly<Record<number, readonly [string, string]>> = {
  8: ['latin1', 'latin1_swedish_ci'],
  11: ['ascii', 'ascii_general_ci'],
  33: ['utf8mb3', 'utf8mb3_general_ci'],
  45: ['utf8mb4', 'utf8mb4_general_ci'],
  46: ['utf8mb4', 'utf8mb4_bin'],
  47: ['latin1', 'latin1_bin'],
  63: ['binary', 'binary'],
  65: ['ascii', 'ascii_bin'],
  83: ['utf8mb3', 'utf8mb3_bin'],
  224: ['utf8mb4', 'utf8mb4_unicode_ci'],
  255: ['utf8mb4', 'utf8mb4_0900_ai_ci'],
};

/** MySQL's 1927 for a connection whose session was killed (KILL id from any connection). */
export function connectionKilled(): SqlErrorInfo {
  return { errno: 1927, sqlState: '70100', message: 'Connection was killed' };
}

/** A failure as the client sees it. */
export function errorInfo(err: unknown): SqlErrorInfo {
  if (err instanceof SqlError) return { errno: err.mysqlErrno, sqlState: err.sqlState, message: err.message };
  if (typeof err === 'object' && err !== null && 'errno' in err && 'sqlState' in err) {
    const e = err as { errno: unknown; sqlState: unknown; message?: unknown };
    if (typeof e.errno === 'number' && typeof e.sqlState === 'string') {
      return { errno: e.errno, sqlState: e.sqlState, message: typeof e.message === 'string' ? e.message : 'Unknown error' };
    }
  }
  const message = err instanceof Error ? err.message : String(err);
  return { errno: 1105, sqlState: 'HY000', message: message || 'Unknown error' };
}

function errorResult(err: unknown): ErrorResult {
  return { kind: 'error', ...errorInfo(err) };
}

/** The column definitions of a result set, made once per columns array: a prepared
 *  statement's cached plan hands out the same array at every execution
 *  (sql/planner/plan-cache.ts), and the connection keeps the encoded packets per definitions
 *  array in turn, so a repeated EXECUTE sends them without re-encoding. */
const definitions = new WeakMap<readonly ResultColumn[], readonly ColumnDefinition[]>();

export function columnDefinitions(columns: readonly ResultColumn[]): readonly ColumnDefinition[] {
  let d = definitions.get(columns);
  if (!d) {
    d = columns.map(columnDefinition);
    definitions.set(columns, d);
  }
  return d;
}

/** A result-set column as a column definition packet describes it. */
export function columnDefinition(c: ResultColumn): ColumnDefinition {
  let flags = columnFlags(c.type);
  if (c.primaryKey) flags |= ColumnFlag.PRI_KEY;
  if (c.uniqueKey) flags |= ColumnFlag.UNIQUE_KEY;
  if (c.multipleKey) flags |= ColumnFlag.MULTIPLE_KEY;
  if (c.autoIncrement) flags |= ColumnFlag.AUTO_INCREMENT;
  return {
    schema: c.db,
    table: c.table,
    orgTable: c.orgTable,
    name: c.name,
    orgName: c.orgName,
    charset: charsetId(c.type),
    length: columnDisplayLength(c.type),
    type: protocolType(c.type),
    flags,
    decimals: columnDecimals(c.type),
  };
}

/** A value in the text protocol: the text MySQL prints for it in its column's type. */
export function textValue(v: Value, c: ResultColumn): WireValue {
  if (v === null) return null;
  if (v instanceof Uint8Array) return v;
  if (typeof v === 'number' && !Number.isFinite(v)) return null; // MySQL has no NaN/Infinity
  return valueToString(v, c.type);
}

/** A value in the binary protocol: typed, so it is written in its column type's binary form. */
export function binaryValue(v: Value, c: ResultColumn): WireValue {
  if (v === null || typeof v === 'bigint' || typeof v === 'string' || v instanceof Uint8Array) return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (v instanceof Decimal || v instanceof JsonValue) return valueToString(v, c.type);
  if (v instanceof DateTime) {
    const date = v.type === 'date' || c.type.kind === 'date';
    return {
      kind: date ? 'date' : 'datetime',
      year: v.year,
      month: v.month,
      day: v.day,
      hour: date ? 0 : v.hour,
      minute: date ? 0 : v.minute,
      second: date ? 0 : v.second,
      microsecond: date ? 0 : v.microsecond,
    };
  }
  const p = v.parts();
  return {
    kind: 'time',
    negative: p.negative,
    days: Math.floor(p.hours / 24),
    hours: p.hours % 24,
    minutes: p.minutes,
    seconds: p.seconds,
    microseconds: p.microseconds,
  };
}

/** A COM_STMT_EXECUTE parameter as a sql/types Value. */
export function paramValue(p: ParamValue): Value {
  const v = p.value;
  if (v === null || typeof v === 'bigint' || typeof v === 'number' || typeof v === 'string') {
    if (typeof v === 'string' && (p.type === ColumnType.DECIMAL || p.type === ColumnType.NEWDECIMAL)) {
      try {
        return Decimal.fromString(v);
      } catch {
        return v;
      }
    }
    return v;
  }
  if (v instanceof Uint8Array) return v;
  if (v.kind === 'time') {
    const micros = (((v.days * 24 + v.hours) * 60 + v.minutes) * 60 + v.seconds) * 1_000_000 + v.microseconds;
    return new Duration(v.negative ? -micros : micros, v.microseconds !== 0 ? 6 : 0);
  }
  if (v.kind === 'date') return DateTime.date(v.year, v.month, v.day);
  return DateTime.of(v.year, v.month, v.day, v.hour, v.minute, v.second, v.microsecond, 'datetime', v.microsecond !== 0 ? 6 : 0);
}

/** Rows as wire values. `after(complete)` runs once the rows are done: complete when all were
 *  produced, not when the consumer stopped early (the client went away) or a row failed. */
async function* mapRows(
  rows: AsyncIterable<Row>,
  columns: readonly ResultColumn[],
  binary: boolean,
  after?: (complete: boolean) => Promise<void>,
): AsyncGenerator<WireValue[]> {
  let complete = false;
  try {
    for await (const row of rows) {
      const out: WireValue[] = new Array<WireValue>(row.length);
      for (let i = 0; i < row.length; i++) {
        const c = columns[i] as ResultColumn;
        out[i] = binary ? binaryValue(row[i] ?? null, c) : textValue(row[i] ?? null, c);
      }
      yield out;
    }
    complete = true;
  } finally {
    if (after) await after(complete);
  }
}

/** Server-wide counters for COM_STATISTICS and SHOW STATUS. */
export class BridgeStats {
  readonly startedAt = Date.now();
  questions = 0;
  connections = 0;

  uptimeSeconds(): number {
    return Math.floor((Date.now() - this.startedAt) / 1000);
  }
}

/** One connection's handler over one Session. */
export class SessionBridge implements SessionHandler {
  private closed = false;

  constructor(
    private session: BridgeSession,
    private ctx: SessionContext,
    private readonly engine: BridgeEngine,
    private readonly stats: BridgeStats,
  ) {}

  /** The session under the connection (tests, KILL). */
  get current(): BridgeSession {
    return this.session;
  }

  statusFlags(): number {
    const s = this.session;
    let flags = 0;
    if (s.inTransaction) flags |= ServerStatus.IN_TRANS;
    if (s.autocommit) flags |= ServerStatus.AUTOCOMMIT;
    if (s.vars?.sqlMode.noBackslashEscapes) flags |= ServerStatus.NO_BACKSLASH_ESCAPES;
    return flags;
  }

  /** An OK packet's fields. The info text ("Records: 3  Duplicates: 0  Warnings: 0") is left out:
   *  wire/messages.ts encodeOk writes it as a string<EOF>, but MySQL servers write it
   *  length-encoded and libmysqlclient / libmariadb (the mysql CLI) read it so, failing with
   *  2027 "malformed packet" on anything else. It returns once encodeOk writes it as MySQL does. */
  private ok(r: { affectedRows: bigint; lastInsertId: bigint; info?: string }): OkResult {
    const warnings = this.session.warningCount;
    return {
      kind: 'ok',
      affectedRows: r.affectedRows,
      lastInsertId: r.lastInsertId,
      ...(warnings > 0 ? { warnings } : {}),
      // "Records: 3  Duplicates: 0  Warnings: 0": the mysql client prints it after the OK.
      ...(r.info !== undefined && r.info !== '' ? { info: r.info } : {}),
    };
  }

  /** A streamed rows result; `warnings` is read after the rows, when the statement has finished. */
  private streamed(columns: readonly ResultColumn[], rows: AsyncIterable<Row>, binary: boolean, after?: (complete: boolean) => Promise<void>): StatementResult {
    const session = this.session;
    return {
      kind: 'rows',
      columns: columnDefinitions(columns),
      rows: mapRows(rows, columns, binary, after),
      get warnings(): number {
        return session.warningCount;
      },
    };
  }

  /** A killed session serves no more commands: each one is answered with 1927. (MySQL also
   *  drops the socket; a SessionHandler has no way to close its connection, and throwing a fatal
   *  WireError would answer with a sequence id one too high.) */
  private killed(): ErrorResult | undefined {
    if (!this.session.killedConnection) return undefined;
    this.close(); // the session ends now (rolled back, gone from PROCESSLIST)
    return { kind: 'error', ...connectionKilled() };
  }

  async query(sql: string): Promise<readonly StatementResult[]> {
    const killed = this.killed();
    if (killed) return [killed];
    this.stats.questions++;
    const { count, rest } = statementCount(sql);
    if (count > 1 && rest && !hasCapability(this.ctx.capabilities, Capability.MULTI_STATEMENTS)) {
      return [errorResult(multiStatementError(rest))];
    }
    const out: StatementResult[] = [];
    const it = this.session.executeAll(sql)[Symbol.asyncIterator]();
    let seen = 0;
    // Lets the session finish the statement list once the streamed rows are done: any result a
    // miscount left over is drained, never sent. When the rows stopped early (the client went
    // away, a row failed), the rest of the list is abandoned instead.
    const finish = async (complete: boolean): Promise<void> => {
      try {
        if (!complete) {
          await it.return?.(undefined);
          return;
        }
        for (;;) {
          const n = await it.next();
          if (n.done) return;
          if (n.value.kind === 'rows') for await (const _ of n.value.rows) void _;
        }
      } catch {
        // a statement after the ones the client was told about failed: nothing to tell
      }
    };
    try {
      for (;;) {
        const next = await it.next();
        if (next.done) break;
        seen++;
        const r = next.value;
        if (r.kind === 'ok') {
          out.push(this.ok(r));
          continue;
        }
        if (seen >= count) {
          out.push(this.streamed(r.columns, r.rows, false, finish));
          return out;
        }
        const rows: WireValue[][] = [];
        for await (const row of mapRows(r.rows, r.columns, false)) rows.push(row);
        const warnings = this.session.warningCount;
        out.push({ kind: 'rows', columns: r.columns.map(columnDefinition), rows, ...(warnings > 0 ? { warnings } : {}) });
      }
    } catch (e) {
      out.push(errorResult(e));
      await it.return?.(undefined)?.catch(() => undefined);
    }
    return out;
  }

  async prepare(sql: string): Promise<PreparedStatementInfo | ErrorResult> {
    const killed = this.killed();
    if (killed) return killed;
    this.stats.questions++;
    try {
      const p = await this.session.prepare(sql);
      const warnings = this.session.warningCount;
      return { statementId: p.id, paramCount: p.paramCount, columns: p.columns.map(columnDefinition), ...(warnings > 0 ? { warnings } : {}) };
    } catch (e) {
      return errorResult(e);
    }
  }

  async execute(statementId: number, params: readonly ParamValue[]): Promise<readonly StatementResult[]> {
    const killed = this.killed();
    if (killed) return [killed];
    this.stats.questions++;
    try {
      const r = await this.session.executePrepared(statementId, params.map(paramValue));
      if (r.kind === 'ok') return [this.ok(r)];
      return [this.streamed(r.columns, r.rows, true)];
    } catch (e) {
      return [errorResult(e)];
    }
  }

  idleTimeoutSeconds(): number | undefined {
    return this.session.vars?.waitTimeoutSeconds;
  }

  async ping(): Promise<OkResult | ErrorResult> {
    return this.killed() ?? { kind: 'ok' };
  }

  closeStatement(statementId: number): void {
    try {
      this.session.closePrepared(statementId);
    } catch {
      // closing an unknown statement has no reply, and so no error
    }
  }

  async resetStatement(): Promise<OkResult | ErrorResult> {
    return { kind: 'ok' };
  }

  async initDb(database: string): Promise<OkResult | ErrorResult> {
    const killed = this.killed();
    if (killed) return killed;
    this.stats.questions++;
    try {
      await this.session.useDatabase(database);
      return { kind: 'ok' };
    } catch (e) {
      return errorResult(e);
    }
  }

  async fieldList(table: string, wildcard: string): Promise<readonly ColumnDefinition[] | ErrorResult> {
    const killed = this.killed();
    if (killed) return killed;
    this.stats.questions++;
    try {
      const cols = await this.session.fieldList(table);
      const pattern = wildcard.replace(/\0+$/, '');
      return cols.filter((c) => pattern === '' || likeMatch(c.name, pattern, '\\', 'utf8mb4_general_ci')).map(columnDefinition);
    } catch (e) {
      return errorResult(e);
    }
  }

  async statistics(): Promise<string> {
    const up = Math.max(this.stats.uptimeSeconds(), 1);
    const qps = (this.stats.questions / up).toFixed(3);
    return `Uptime: ${up}  Threads: ${this.engine.sessions().length}  Questions: ${this.stats.questions}  Slow queries: 0  Opens: 0  Flush tables: 1  Open tables: 0  Queries per second avg: ${qps}`;
  }

  async resetConnection(): Promise<OkResult | ErrorResult> {
    try {
      await this.session.reset();
      applyHandshakeCharset(this.session, this.ctx.charset);
      return { kind: 'ok' };
    } catch (e) {
      return errorResult(e);
    }
  }

  async changeUser(ctx: SessionContext): Promise<OkResult | ErrorResult> {
    const old = this.session;
    try {
      this.session = await openFor(this.engine, ctx);
      this.ctx = ctx;
    } catch (e) {
      return errorResult(e);
    }
    await old.close().catch(() => undefined);
    if (ctx.database !== undefined) return this.initDb(ctx.database);
    return { kind: 'ok' };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.session.close().catch(() => undefined);
  }
}

function applyHandshakeCharset(session: BridgeSession, charset: number): void {
  const names = HANDSHAKE_COLLATIONS[charset];
  if (!names || !session.vars?.setNames) return;
  try {
    session.vars.setNames(names[0], names[1]);
  } catch {
    // a collation the server does not know: keep the defaults, as MySQL does for unknown ids
  }
}

async function openFor(engine: BridgeEngine, ctx: SessionContext): Promise<BridgeSession> {
  const session = await engine.openSession({
    connectionId: ctx.connectionId,
    user: ctx.user,
    host: ctx.host,
    // CLIENT_FOUND_ROWS: UPDATE reports matched rows, not changed ones
    foundRows: hasCapability(ctx.capabilities, Capability.FOUND_ROWS),
    // CLIENT_LOCAL_FILES: the client may send files for LOAD DATA LOCAL INFILE
    ...(ctx.localInfile && hasCapability(ctx.capabilities, Capability.LOCAL_FILES) ? { localInfile: ctx.localInfile } : {}),
  });
  applyHandshakeCharset(session, ctx.charset);
  // MySQL: an interactive client (CLIENT_INTERACTIVE, e.g. the mysql CLI at a terminal) starts
  // with wait_timeout = @@global.interactive_timeout
  if (hasCapability(ctx.capabilities, Capability.INTERACTIVE)) {
    const interactive = session.vars?.get?.('interactive_timeout');
    if (typeof interactive === 'bigint') session.vars?.set?.('wait_timeout', 'session', interactive);
  }
  return session;
}

/** Opens a SessionBridge per connection over one engine. The handshake's database is applied by
 *  the connection through initDb, so an unknown one fails the handshake with 1049. */
/** Accounts as the SQL layer stores them (CREATE USER, ALTER USER), for the handshake. */
export interface AccountSource {
  account(user: string, host: string): { readonly plugin: string; readonly authString: string; readonly requireSsl: boolean } | undefined;
}

/** The wire's UserStore over the engine's accounts: a login sees every CREATE USER / SET PASSWORD
 *  committed before it. */
export class EngineUserStore implements UserStore {
  constructor(private readonly source: AccountSource) {}

  lookup(user: string, host: string): Account | undefined {
    const a = this.source.account(user, host);
    return a ? { plugin: a.plugin, authString: a.authString, requireSsl: a.requireSsl } : undefined;
  }
}

export class SqlSessionFactory implements SessionFactory {
  readonly stats = new BridgeStats();

  constructor(private readonly engine: BridgeEngine) {}

  async open(ctx: SessionContext): Promise<SessionHandler> {
    this.stats.connections++;
    const session = await openFor(this.engine, ctx);
    return new SessionBridge(session, ctx, this.engine, this.stats);
  }
}
