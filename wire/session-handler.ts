// The seam between the protocol and the database: what a connection asks of the SQL session once a
// client has authenticated. wire/ defines it and depends on nothing of sql/; sql/session implements
// it (tests use a fake). Values cross it as WireValue (see values.ts for the mapping from
// sql/types), columns as ColumnDefinition, and failures as SqlErrorInfo (a MySQL errno, SQLSTATE
// and message) — returned as an `error` result or thrown as any Error that carries errno/sqlState.

import type { ColumnDefinition, ParamValue } from './messages.js';
import type { WireValue } from './values.js';

export interface SqlErrorInfo {
  readonly errno: number;
  readonly sqlState: string;
  readonly message: string;
}

/** A statement that returned rows. Rows may be produced lazily (streamed with back-pressure). */
export interface RowsResult {
  readonly kind: 'rows';
  readonly columns: readonly ColumnDefinition[];
  readonly rows: Iterable<readonly WireValue[]> | AsyncIterable<readonly WireValue[]>;
  readonly warnings?: number;
}

/** A statement that did not return rows. */
export interface OkResult {
  readonly kind: 'ok';
  readonly affectedRows?: number | bigint;
  readonly lastInsertId?: number | bigint;
  readonly warnings?: number;
  readonly info?: string;
}

export interface ErrorResult extends SqlErrorInfo {
  readonly kind: 'error';
}

export type StatementResult = RowsResult | OkResult | ErrorResult;

export interface PreparedStatementInfo {
  /** The session's id for the statement (unique per connection, > 0). */
  readonly statementId: number;
  readonly paramCount: number;
  /** Parameter definitions, when known (sent after PREPARE_OK; placeholders otherwise). */
  readonly params?: readonly ColumnDefinition[];
  /** Result columns, when the statement returns rows. */
  readonly columns: readonly ColumnDefinition[];
  readonly warnings?: number;
}

/** Who the connection is, as the session needs to know it. */
export interface SessionContext {
  readonly connectionId: number;
  readonly user: string;
  readonly host: string;
  readonly database?: string;
  /** Negotiated capability flags (CLIENT_FOUND_ROWS, CLIENT_MULTI_STATEMENTS …). */
  readonly capabilities: number;
  /** Collation id the client asked for in the handshake. */
  readonly charset: number;
  readonly connectAttributes: ReadonlyMap<string, string>;
  /** LOAD DATA LOCAL INFILE: asks the client for a file (0xFB + name) during the current command
   *  and yields the packets it sends until its empty one. Must be read to the end. */
  readonly localInfile?: (filename: string) => AsyncIterable<Uint8Array>;
}

/** One connection's SQL session. Every method may throw an error carrying errno/sqlState. */
export interface SessionHandler {
  /** Status flags for OK/EOF packets: SERVER_STATUS_IN_TRANS, AUTOCOMMIT, NO_BACKSLASH_ESCAPES … */
  statusFlags(): number;
  /** COM_QUERY: one result per statement (several with CLIENT_MULTI_STATEMENTS); the first error ends the list. */
  query(sql: string): Promise<readonly StatementResult[]>;
  /** COM_STMT_PREPARE. */
  prepare(sql: string): Promise<PreparedStatementInfo | ErrorResult>;
  /** COM_STMT_EXECUTE with decoded parameters (long data already merged in). */
  execute(statementId: number, params: readonly ParamValue[]): Promise<readonly StatementResult[]>;
  /** COM_STMT_CLOSE (no reply). */
  closeStatement(statementId: number): void;
  /** COM_STMT_RESET: forget cursors of the statement (the wire layer drops its long data). */
  resetStatement(statementId: number): Promise<OkResult | ErrorResult>;
  /** COM_INIT_DB / the handshake's database. */
  initDb(database: string): Promise<OkResult | ErrorResult>;
  /** COM_FIELD_LIST: column definitions of a table (deprecated by MySQL, still used by old clients). */
  fieldList(table: string, wildcard: string): Promise<readonly ColumnDefinition[] | ErrorResult>;
  /** COM_STATISTICS: the human-readable status line. */
  statistics(): Promise<string>;
  /** COM_PING (default: OK). */
  ping?(): Promise<OkResult | ErrorResult>;
  /** COM_RESET_CONNECTION: reset session state without re-authenticating. */
  resetConnection(): Promise<OkResult | ErrorResult>;
  /** COM_CHANGE_USER after the new user authenticated: start a fresh session as that user. */
  changeUser(ctx: SessionContext): Promise<OkResult | ErrorResult>;
  /** MySQL's wait_timeout in seconds: the connection closes after this long without a command
   *  (asked after every command; absent: the server's idleTimeoutMs). */
  idleTimeoutSeconds?(): number | undefined;
  /** The connection is gone (COM_QUIT, socket closed, fatal protocol error). */
  close(): void;
}

/** Opens a session for a newly authenticated connection. */
export interface SessionFactory {
  open(ctx: SessionContext): Promise<SessionHandler> | SessionHandler;
}
