// What the SQL oracles need from a database: run one statement and get its rows as a client prints
// them, or a MySQL error. Two implementations: an in-process Session (tests) and a mysql2
// connection (`npm run torture` against a running server). An exception that is not a MySQL error
// with a code — or one that is MySQL's catch-all 1105 — is an internal error: a finding.
import type { Connection } from 'mysql2/promise';
import { SqlError } from '../../sql/errors.js';
import type { Session } from '../../sql/session/session.js';
import { valueToString } from '../../sql/types/index.js';

export type PrintedRow = (string | null)[];

/** A statement the database refused with a MySQL error (errno + SQLSTATE). */
export class MySqlFailure extends Error {
  constructor(
    readonly errno: number,
    readonly sqlState: string,
    message: string,
  ) {
    super(message);
  }

  /** ER_UNKNOWN_ERROR: what an engine answers when it has no better code — suspect. */
  get internal(): boolean {
    return this.errno === 1105;
  }
}

export interface OracleConnection {
  /** Runs one statement; its rows as the client prints them (NULL as null), [] for an OK. Throws
   *  MySqlFailure for a MySQL error; anything else it throws is an internal error. */
  query(sql: string): Promise<PrintedRow[]>;
  close(): Promise<void>;
}

export function sessionConnection(session: Session): OracleConnection {
  return {
    async query(sql) {
      let r;
      try {
        r = await session.query(sql);
      } catch (err) {
        if (err instanceof SqlError) throw new MySqlFailure(err.mysqlErrno, err.sqlState, err.message);
        throw err;
      }
      if (r.kind !== 'rows') return [];
      const cols = r.columns;
      return r.rows.map((row) => row.map((v, i) => valueToString(v, cols[i]?.type)));
    },
    close: () => session.close(),
  };
}

export function mysql2Connection(conn: Connection): OracleConnection {
  return {
    async query(sql) {
      let rows: unknown;
      try {
        // every value as the text the server sent, as the mysql CLI prints it
        [rows] = await conn.query({ sql, rowsAsArray: true, typeCast: (field) => field.string() });
      } catch (err) {
        const e = err as { errno?: number; sqlState?: string; message?: string };
        if (typeof e.errno === 'number') throw new MySqlFailure(e.errno, e.sqlState ?? 'HY000', e.message ?? '');
        throw err;
      }
      if (!Array.isArray(rows)) return [];
      return (rows as unknown[][]).map((row) => row.map((v) => (v === null ? null : String(v))));
    },
    close: () => conn.end(),
  };
}
