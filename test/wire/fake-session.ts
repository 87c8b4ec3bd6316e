// A trivial SessionHandler for the wire tests: answers a handful of fixed queries and echoes
// prepared-statement parameters back as a row, so the protocol can be driven by a real client.
import {
  Charset,
  ColumnFlag,
  ColumnType,
  ServerStatus,
  type ColumnDefinition,
  type ErrorResult,
  type OkResult,
  type ParamValue,
  type PreparedStatementInfo,
  type SessionContext,
  type SessionFactory,
  type SessionHandler,
  type StatementResult,
} from '../../wire/index.js';

const intCol = (name: string): ColumnDefinition => ({ name, type: ColumnType.LONGLONG, charset: Charset.binary, length: 20, flags: ColumnFlag.NOT_NULL | ColumnFlag.BINARY | ColumnFlag.NUM });

function paramColumn(p: ParamValue, i: number): ColumnDefinition {
  const binary = p.type === ColumnType.BLOB || p.type === ColumnType.LONGLONG || p.type === ColumnType.DOUBLE || p.type === ColumnType.DATETIME;
  return {
    name: `p${i}`,
    type: p.type === ColumnType.NULL ? ColumnType.VAR_STRING : p.type,
    charset: binary ? Charset.binary : Charset.utf8mb4_0900_ai_ci,
    flags: (p.unsigned ? ColumnFlag.UNSIGNED : 0) | (p.type === ColumnType.BLOB ? ColumnFlag.BINARY | ColumnFlag.BLOB : 0),
    decimals: p.type === ColumnType.DOUBLE ? 31 : 0,
    length: 255,
  };
}

export class FakeSession implements SessionHandler {
  inTransaction = false;
  database: string | undefined;
  closed = false;
  private readonly statements = new Map<number, { sql: string; paramCount: number }>();
  private nextStmt = 1;

  constructor(readonly ctx: SessionContext) {
    this.database = ctx.database;
  }

  statusFlags(): number {
    return ServerStatus.AUTOCOMMIT | (this.inTransaction ? ServerStatus.IN_TRANS : 0);
  }

  private one(sql: string): StatementResult {
    const s = sql.trim().replace(/;$/, '');
    const m = /^SELECT (\d+)$/i.exec(s);
    if (m) return { kind: 'rows', columns: [intCol(m[1] as string)], rows: [[BigInt(m[1] as string)]] };
    if (/^SELECT big$/i.test(s)) {
      return {
        kind: 'rows',
        columns: [intCol('b'), { name: 's', type: ColumnType.VAR_STRING }, { name: 'n', type: ColumnType.VAR_STRING }],
        rows: [[2n ** 60n + 1n, 'héllo', null]],
      };
    }
    if (/^SELECT many$/i.test(s)) {
      const rows = function* (): Generator<bigint[]> {
        for (let i = 0; i < 20000; i++) yield [BigInt(i)];
      };
      return { kind: 'rows', columns: [intCol('i')], rows: rows() };
    }
    if (/^SELECT types$/i.test(s)) {
      const bin = Charset.binary;
      return {
        kind: 'rows',
        columns: [
          { name: 'i', type: ColumnType.LONG, charset: bin, length: 11, flags: ColumnFlag.NUM },
          { name: 'u', type: ColumnType.LONGLONG, charset: bin, length: 20, flags: ColumnFlag.NUM | ColumnFlag.UNSIGNED },
          { name: 'd', type: ColumnType.NEWDECIMAL, charset: bin, length: 12, flags: ColumnFlag.NUM, decimals: 2 },
          { name: 'dt', type: ColumnType.DATETIME, charset: bin, length: 19, flags: ColumnFlag.BINARY },
          { name: 'day', type: ColumnType.DATE, charset: bin, length: 10, flags: ColumnFlag.BINARY },
          { name: 't', type: ColumnType.TIME, charset: bin, length: 10, flags: ColumnFlag.BINARY },
          { name: 'f', type: ColumnType.DOUBLE, charset: bin, length: 22, flags: ColumnFlag.NUM, decimals: 31 },
          { name: 'b', type: ColumnType.BLOB, charset: bin, length: 65535, flags: ColumnFlag.BINARY | ColumnFlag.BLOB },
        ],
        rows: [
          [
            -5n,
            2n ** 64n - 1n,
            '1234.50',
            { kind: 'datetime', year: 2024, month: 2, day: 29, hour: 13, minute: 14, second: 15, microsecond: 0 },
            { kind: 'date', year: 2024, month: 3, day: 1, hour: 0, minute: 0, second: 0, microsecond: 0 },
            { kind: 'time', negative: true, days: 1, hours: 2, minutes: 3, seconds: 4, microseconds: 0 },
            0.25,
            Uint8Array.of(1, 2, 3),
          ],
        ],
      };
    }
    const rep = /^SELECT REPEAT\((\d+)\)$/i.exec(s);
    if (rep) return { kind: 'rows', columns: [{ name: 'r', type: ColumnType.LONG_BLOB, length: 0xffffffff }], rows: [['x'.repeat(Number(rep[1]))]] };
    if (/^SELECT LENGTH\('/i.test(s)) return { kind: 'rows', columns: [intCol('n')], rows: [[BigInt(Buffer.byteLength(s) - "SELECT LENGTH('')".length)]] };
    if (/^BEGIN$/i.test(s)) {
      this.inTransaction = true;
      return { kind: 'ok' };
    }
    if (/^INSERT/i.test(s)) return { kind: 'ok', affectedRows: 3, lastInsertId: 2n ** 55n, warnings: 1, info: 'Records: 3' };
    return { kind: 'error', errno: 1064, sqlState: '42000', message: `You have an error in your SQL syntax near '${s}'` };
  }

  async query(sql: string): Promise<readonly StatementResult[]> {
    if (sql === 'THROW') throw Object.assign(new Error('Table \'x.y\' doesn\'t exist'), { errno: 1146, sqlState: '42S02' });
    const out: StatementResult[] = [];
    for (const part of sql.split(';').filter((p) => p.trim() !== '')) {
      const r = this.one(part);
      out.push(r);
      if (r.kind === 'error') break;
    }
    return out;
  }

  async prepare(sql: string): Promise<PreparedStatementInfo | ErrorResult> {
    if (!/^SELECT/i.test(sql)) return { kind: 'error', errno: 1064, sqlState: '42000', message: 'syntax error' };
    const paramCount = (sql.match(/\?/g) ?? []).length;
    const id = this.nextStmt++;
    this.statements.set(id, { sql, paramCount });
    return { statementId: id, paramCount, columns: Array.from({ length: paramCount }, (_, i) => ({ name: `p${i}`, type: ColumnType.VAR_STRING })) };
  }

  async execute(statementId: number, params: readonly ParamValue[]): Promise<readonly StatementResult[]> {
    const st = this.statements.get(statementId);
    if (!st) return [{ kind: 'error', errno: 1243, sqlState: 'HY000', message: 'unknown statement' }];
    if (params.length === 0) return [this.one(st.sql)];
    return [{ kind: 'rows', columns: params.map(paramColumn), rows: [params.map((p) => p.value)] }];
  }

  closeStatement(statementId: number): void {
    this.statements.delete(statementId);
  }

  async resetStatement(): Promise<OkResult> {
    return { kind: 'ok' };
  }

  async initDb(database: string): Promise<OkResult | ErrorResult> {
    if (database === 'nope') return { kind: 'error', errno: 1049, sqlState: '42000', message: `Unknown database '${database}'` };
    this.database = database;
    return { kind: 'ok' };
  }

  async fieldList(): Promise<readonly ColumnDefinition[]> {
    return [intCol('id')];
  }

  async statistics(): Promise<string> {
    return 'Uptime: 1  Threads: 1  Questions: 1';
  }

  async resetConnection(): Promise<OkResult> {
    this.inTransaction = false;
    return { kind: 'ok' };
  }

  async changeUser(): Promise<OkResult> {
    return { kind: 'ok' };
  }

  close(): void {
    this.closed = true;
  }
}

export class FakeSessions implements SessionFactory {
  readonly opened: FakeSession[] = [];
  open(ctx: SessionContext): SessionHandler {
    const s = new FakeSession(ctx);
    this.opened.push(s);
    return s;
  }
}
