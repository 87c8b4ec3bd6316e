// One workload client's MySQL connection: reconnects after the server or the network dropped it,
// gives every statement a time limit, and sorts errors the way a Jepsen client must — a MySQL
// error before COMMIT means the transaction did not happen (fail); a lost connection or a timeout,
// or an error from COMMIT other than a conflict, means it may have (info).
import mysql from 'mysql2/promise';

export interface SqlTarget {
  readonly host: string;
  readonly port: number;
  readonly database: string;
}

/** Errors a MySQL server answers for a transaction it did not commit. */
const DEFINITE = new Set([1213, 1205, 1062, 8028, 1146, 1054, 1064, 1048]);

export class WorkloadError extends Error {
  constructor(
    message: string,
    readonly outcome: 'fail' | 'info',
  ) {
    super(message);
  }
}

export class SqlClient {
  private conn: mysql.Connection | undefined;

  constructor(
    private readonly target: SqlTarget,
    private readonly timeoutMs = 10_000,
  ) {}

  private async connection(): Promise<mysql.Connection> {
    if (!this.conn) {
      this.conn = await mysql.createConnection({ host: this.target.host, port: this.target.port, user: 'root', database: this.target.database, connectTimeout: this.timeoutMs });
      this.conn.on('error', () => this.drop());
    }
    return this.conn;
  }

  private drop(): void {
    const c = this.conn;
    this.conn = undefined;
    c?.destroy();
  }

  /** Runs one statement; `commit` marks a COMMIT (its non-conflict errors are indeterminate). */
  async query<T = unknown>(sql: string, params: unknown[] = [], commit = false): Promise<T> {
    let c: mysql.Connection;
    try {
      c = await this.connection();
    } catch (err) {
      // nothing was sent: the operation did not happen
      throw new WorkloadError(`connect: ${(err as Error).message}`, 'fail');
    }
    try {
      const [rows] = await c.query({ sql, values: params, timeout: this.timeoutMs });
      return rows as T;
    } catch (err) {
      const e = err as { errno?: number; code?: string; message?: string; fatal?: boolean };
      if (e.fatal || e.code === 'PROTOCOL_SEQUENCE_TIMEOUT' || e.errno === undefined) {
        this.drop();
        throw new WorkloadError(`${e.code ?? 'error'}: ${e.message ?? ''}`, 'info');
      }
      const definite = !commit || DEFINITE.has(e.errno);
      throw new WorkloadError(`ERROR ${e.errno}: ${e.message ?? ''}`, definite ? 'fail' : 'info');
    }
  }

  /** Runs `body` inside BEGIN … COMMIT; rolls back (best effort) when it throws before COMMIT. */
  async transaction<T>(body: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      await this.query('BEGIN');
      result = await body();
    } catch (err) {
      await this.query('ROLLBACK').catch(() => undefined);
      // whatever went wrong before COMMIT, the transaction was never committed
      throw new WorkloadError((err as Error).message, 'fail');
    }
    await this.query('COMMIT', [], true);
    return result;
  }

  async close(): Promise<void> {
    const c = this.conn;
    this.conn = undefined;
    await c?.end().catch(() => c.destroy());
  }
}

export const classify = (err: unknown): 'fail' | 'info' => (err instanceof WorkloadError ? err.outcome : 'info');
