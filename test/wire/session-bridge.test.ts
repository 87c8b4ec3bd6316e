// The bridge between the protocol and a session, driven by the real mysql2 driver and a raw
// socket against a scripted session that speaks sql/types Values: what a client sees for each
// value type in the text and binary protocols, column metadata, errors, status flags, warnings,
// multi-statements, prepared statements, and the less common commands.
import { connect as netConnect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import { SqlError, unknownDatabase, tableNotExists } from '../../sql/errors.js';
import type { ExecResult, ResultColumn, Row } from '../../sql/session/result.js';
import { GlobalVariables, SessionVariables } from '../../sql/session/variables.js';
import { DateTime, Decimal, Duration, JsonValue, T, type SqlType, type Value } from '../../sql/types/index.js';
import { Capability, InMemoryUserStore, PacketBatch, PacketReader, PayloadWriter, ServerStatus, WireServer, type Packet } from '../../wire/index.js';
import { SqlSessionFactory, type BridgeEngine, type BridgeSession } from '../../wire/session-bridge.js';

function rc(name: string, type: SqlType, extra: Partial<ResultColumn> = {}): ResultColumn {
  return { name, orgName: name, table: 't', orgTable: 't', db: 'd', type, ...extra };
}

async function* yieldRows(rows: Row[]): AsyncGenerator<Row> {
  yield* rows;
}

const rows = (columns: ResultColumn[], list: Row[]): ExecResult => ({ kind: 'rows', columns, rows: yieldRows(list) });

const TYPES: ResultColumn[] = [
  rc('i', T.int({ nullable: false }), { primaryKey: true, autoIncrement: true }),
  rc('big', T.bigint({ nullable: true, unsigned: true })),
  rc('dec', T.decimal(10, 2, { nullable: true })),
  rc('dbl', T.double({ nullable: true })),
  rc('flt', T.float({ nullable: true })),
  rc('dt', T.datetime(0, { nullable: true })),
  rc('day', T.date({ nullable: true })),
  rc('tm', T.time(0, { nullable: true })),
  rc('s', T.varchar(20, { nullable: true })),
  rc('b', T.varbinary(4, { nullable: true })),
  rc('j', T.json({ nullable: true })),
  rc('n', T.varchar(5, { nullable: true })),
];
const TYPE_ROW: Row = [
  -7n,
  2n ** 64n - 2n,
  Decimal.fromString('1234.5'),
  0.1,
  Math.fround(0.1),
  DateTime.of(2024, 2, 29, 13, 14, 15),
  DateTime.date(2024, 3, 1),
  Duration.of(26, 3, 4, 0, true),
  'héllo',
  Uint8Array.of(1, 2, 0xff),
  JsonValue.parse('{"a": [1, 2]}'),
  null,
];

/** A scripted session: answers a few statements as the real Session would shape them. */
class ScriptedSession implements BridgeSession {
  inTransaction = false;
  autocommit = true;
  warningCount = 0;
  database: string | undefined;
  finishedAfterRows = false;
  killedConnection = false;
  closed = false;
  resets = 0;
  readonly vars = new SessionVariables(new GlobalVariables());
  private readonly prepared = new Map<number, string>();
  private nextId = 1;

  constructor(
    readonly connectionId: number,
    readonly user: string,
  ) {}

  private one(sql: string): ExecResult {
    const s = sql.trim();
    if (/^select types$/i.test(s)) return rows(TYPES, [TYPE_ROW]);
    if (/^select 1$/i.test(s)) return rows([rc('1', T.bigint({ nullable: false }))], [[1n]]);
    if (/^select user$/i.test(s)) return rows([rc('u', T.varchar(40, { nullable: false }))], [[this.user]]);
    if (/^select db$/i.test(s)) return rows([rc('db', T.varchar(40, { nullable: true }))], [[this.database ?? null]]);
    if (/^select many$/i.test(s)) {
      const done = (): void => {
        this.warningCount = 2; // known only once the rows are done
      };
      return {
        kind: 'rows',
        columns: [rc('i', T.bigint({ nullable: false }))],
        rows: (async function* () {
          for (let i = 0; i < 5000; i++) yield [BigInt(i)];
          done();
        })(),
      };
    }
    if (/^begin$/i.test(s)) {
      this.inTransaction = true;
      return { kind: 'ok', affectedRows: 0n, lastInsertId: 0n };
    }
    if (/^insert/i.test(s)) {
      this.warningCount = 1;
      return { kind: 'ok', affectedRows: 3n, lastInsertId: 2n ** 55n, info: 'Records: 3  Duplicates: 0  Warnings: 1' };
    }
    if (/^set sql_mode/i.test(s)) {
      this.vars.set('sql_mode', 'default', 'NO_BACKSLASH_ESCAPES');
      return { kind: 'ok', affectedRows: 0n, lastInsertId: 0n };
    }
    if (/^select @@collation_connection$/i.test(s)) return rows([rc('c', T.varchar(64, { nullable: true }))], [[this.vars.get('collation_connection')]]);
    if (/^select boom$/i.test(s)) throw new Error('internal fault');
    if (/^select missing$/i.test(s)) throw tableNotExists('d', 'missing');
    throw new SqlError('SQL:ParseError', 1064, '42000', `You have an error in your SQL syntax near '${s}'`);
  }

  async *executeAll(sql: string): AsyncGenerator<ExecResult> {
    this.warningCount = 0;
    for (const part of sql.split(';').filter((p) => p.trim() !== '')) {
      yield this.one(part);
    }
    this.finishedAfterRows = true;
  }

  async prepare(sql: string): Promise<{ id: number; paramCount: number; columns: readonly ResultColumn[] }> {
    if (!/^select/i.test(sql)) throw new SqlError('SQL:ParseError', 1064, '42000', 'syntax');
    const id = this.nextId++;
    this.prepared.set(id, sql);
    const paramCount = (sql.match(/\?/g) ?? []).length;
    return { id, paramCount, columns: paramCount > 0 ? [] : /types/.test(sql) ? TYPES : [] };
  }

  async executePrepared(id: number, params: readonly Value[]): Promise<ExecResult> {
    const sql = this.prepared.get(id);
    if (sql === undefined) throw new SqlError('SQL:UnknownStmt', 1243, 'HY000', 'Unknown prepared statement handler');
    if (params.length === 0) return this.one(sql);
    // echo the parameters with the type each arrived as
    const typeOf = (v: Value): SqlType =>
      typeof v === 'bigint' ? T.bigint({ nullable: false }) : typeof v === 'number' ? T.double({ nullable: false }) : v instanceof DateTime ? T.datetime(6, { nullable: false }) : v instanceof Decimal ? T.decimal(20, 4, { nullable: false }) : T.varchar(100, { nullable: true });
    return rows(
      params.map((p, i) => rc(`p${i}`, typeOf(p))),
      [params.map((p) => (p instanceof DateTime ? p.withType('datetime', 6) : p))],
    );
  }

  closePrepared(id: number): void {
    this.prepared.delete(id);
  }

  async useDatabase(db: string): Promise<void> {
    if (db === 'nope') throw unknownDatabase(db);
    this.database = db;
  }

  async fieldList(table: string): Promise<readonly ResultColumn[]> {
    if (table !== 't') throw tableNotExists('d', table);
    return [rc('id', T.int({ nullable: false }), { primaryKey: true }), rc('name', T.varchar(10, { nullable: true })), rc('note', T.text({ nullable: true }))];
  }

  async reset(): Promise<void> {
    this.resets++;
    this.inTransaction = false;
    this.database = undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

class ScriptedEngine implements BridgeEngine {
  readonly opened: ScriptedSession[] = [];
  async openSession(o: { connectionId?: number; user?: string }): Promise<BridgeSession> {
    const s = new ScriptedSession(o.connectionId ?? 0, o.user ?? '');
    this.opened.push(s);
    return s;
  }
  sessions(): ScriptedSession[] {
    return this.opened.filter((s) => !s.closed);
  }
}

const servers: WireServer[] = [];
const conns: mysql.Connection[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const c of conns.splice(0)) await c.end().catch(() => c.destroy());
  for (const s of sockets.splice(0)) s.destroy();
  for (const s of servers.splice(0)) await s.close();
});

async function start(): Promise<{ port: number; engine: ScriptedEngine }> {
  const engine = new ScriptedEngine();
  const server = new WireServer({ userStore: new InMemoryUserStore().addUser('bob', 'pw'), sessions: new SqlSessionFactory(engine) });
  servers.push(server);
  const { port } = await server.listen(0, '127.0.0.1');
  return { port, engine };
}

async function client(port: number, extra: mysql.ConnectionOptions = {}): Promise<mysql.Connection> {
  const c = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root', ...extra });
  conns.push(c);
  return c;
}

const expectedTypes = {
  i: -7,
  big: '18446744073709551614',
  dec: '1234.50',
  dbl: 0.1,
  flt: 0.1,
  dt: new Date(2024, 1, 29, 13, 14, 15),
  day: new Date(2024, 2, 1),
  tm: '-26:03:04',
  s: 'héllo',
  b: Buffer.from([1, 2, 0xff]),
  j: { a: [1, 2] },
  n: null,
};

describe('values and columns through mysql2', () => {
  it('text protocol: each type arrives as against MySQL (DECIMAL string, DATETIME Date, big unsigned as string)', async () => {
    const { port } = await start();
    const c = await client(port, { supportBigNumbers: true, bigNumberStrings: true });
    const [r, fields] = await c.query('SELECT types');
    expect(r).toEqual([expectedTypes]);
    const f = fields as mysql.FieldPacket[];
    expect(f.map((x) => x.name)).toEqual(TYPES.map((x) => x.name));
    expect(f[0]).toMatchObject({ db: 'd', table: 't', orgTable: 't', orgName: 'i', columnType: 3 });
    // NOT NULL | PRI_KEY | AUTO_INCREMENT | NUM | BINARY
    expect((f[0]?.flags as number) & (1 | 2 | 512)).toBe(1 | 2 | 512);
    expect((f[1]?.flags as number) & 32).toBe(32);
    expect(f[2]).toMatchObject({ columnType: 246, decimals: 2 });
  });

  it('a DOUBLE and a FLOAT are sent as MySQL prints them in the text protocol', async () => {
    const { port } = await start();
    const c = await client(port, { typeCast: (field, next) => (field.type === 'DOUBLE' || field.type === 'FLOAT' ? field.string() : next()) });
    const [r] = await c.query('SELECT types');
    expect((r as Record<string, unknown>[])[0]).toMatchObject({ dbl: '0.1', flt: '0.1' });
  });

  it('binary protocol: the same row through a prepared statement', async () => {
    const { port } = await start();
    const c = await client(port, { supportBigNumbers: true, bigNumberStrings: true });
    const [r] = await c.execute('SELECT types');
    const row = (r as Record<string, unknown>[])[0] as Record<string, unknown>;
    expect({ ...row, flt: Math.round((row.flt as number) * 1e6) / 1e6 }).toEqual(expectedTypes);
  });

  it('prepared parameters arrive as typed Values and can be reused', async () => {
    const { port } = await start();
    const c = await client(port);
    for (const v of [5, 7]) {
      const [r] = await c.execute('SELECT ?, ?, ?', [v, 'x', new Date(2020, 0, 2, 3, 4, 5, 600)]);
      expect(r).toEqual([{ p0: v, p1: 'x', p2: new Date(2020, 0, 2, 3, 4, 5, 600) }]);
    }
  });
});

describe('results, errors and flags', () => {
  it('a SqlError reaches the client with its errno, SQLSTATE and message; other faults are 1105', async () => {
    const { port } = await start();
    const c = await client(port);
    await expect(c.query('SELECT missing')).rejects.toMatchObject({ errno: 1146, sqlState: '42S02', code: 'ER_NO_SUCH_TABLE', message: "Table 'd.missing' doesn't exist" });
    await expect(c.query('SELECT boom')).rejects.toMatchObject({ errno: 1105, sqlState: 'HY000', message: 'internal fault' });
    expect((await c.query('SELECT 1'))[0]).toEqual([{ 1: 1 }]);
  });

  it('OK carries affected rows, insert id and warnings; status flags follow the session', async () => {
    const { port } = await start();
    const c = await client(port, { supportBigNumbers: true, bigNumberStrings: true });
    const [ok] = (await c.query('INSERT x')) as [mysql.ResultSetHeader, unknown];
    expect(ok).toMatchObject({ affectedRows: 3, insertId: '36028797018963968', warningStatus: 1 });
    expect(ok.serverStatus & ServerStatus.AUTOCOMMIT).toBe(ServerStatus.AUTOCOMMIT);
    expect(ok.serverStatus & ServerStatus.IN_TRANS).toBe(0);
    const [b] = (await c.query('BEGIN')) as [mysql.ResultSetHeader, unknown];
    expect(b.serverStatus & ServerStatus.IN_TRANS).toBe(ServerStatus.IN_TRANS);
    const [m] = (await c.query("SET sql_mode = 'NO_BACKSLASH_ESCAPES'")) as [mysql.ResultSetHeader, unknown];
    expect(m.serverStatus & ServerStatus.NO_BACKSLASH_ESCAPES).toBe(ServerStatus.NO_BACKSLASH_ESCAPES);
  });

  it('streams a large result and lets the session finish the statement after the last row', async () => {
    const { port, engine } = await start();
    const c = await client(port);
    const [r] = await c.query('SELECT many');
    expect(r).toHaveLength(5000);
    expect(engine.opened[0]?.finishedAfterRows).toBe(true);
  });

  it('multi-statements: one result per statement, the first error ends them; refused without the flag', async () => {
    const { port } = await start();
    const multi = await client(port, { multipleStatements: true });
    const [r] = await multi.query('SELECT 1; INSERT x; SELECT user');
    expect(r).toEqual([[{ 1: 1 }], expect.objectContaining({ affectedRows: 3 }), [{ u: 'root' }]]);
    await expect(multi.query('SELECT 1; SELECT missing; SELECT 1')).rejects.toMatchObject({ errno: 1146 });
    const single = await client(port);
    await expect(single.query('SELECT 1; SELECT 1')).rejects.toMatchObject({
      errno: 1064,
      message: "You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near 'SELECT 1' at line 1",
    });
  });

  it('the handshake collation becomes collation_connection', async () => {
    const { port } = await start();
    const c = await client(port, { charset: 'UTF8MB4_GENERAL_CI' });
    expect((await c.query('SELECT @@collation_connection'))[0]).toEqual([{ c: 'utf8mb4_general_ci' }]);
  });
});

describe('connection-level commands', () => {
  it('the handshake database goes through useDatabase; an unknown one is 1049', async () => {
    const { port } = await start();
    const c = await client(port, { database: 'shop' });
    expect((await c.query('SELECT db'))[0]).toEqual([{ db: 'shop' }]);
    await expect(client(port, { database: 'nope' })).rejects.toMatchObject({ errno: 1049, message: "Unknown database 'nope'" });
  });

  it('COM_CHANGE_USER opens a fresh session as the new user and closes the old one', async () => {
    const { port, engine } = await start();
    const c = await client(port);
    await c.changeUser({ user: 'bob', password: 'pw', database: 'other' });
    expect((await c.query('SELECT user'))[0]).toEqual([{ u: 'bob' }]);
    expect((await c.query('SELECT db'))[0]).toEqual([{ db: 'other' }]);
    expect(engine.opened.map((s) => s.closed)).toEqual([true, false]);
  });

  it('a killed session answers every further command with 1927', async () => {
    const { port, engine } = await start();
    const c = await client(port);
    expect((await c.query('SELECT 1'))[0]).toEqual([{ 1: 1 }]);
    const s = engine.opened[0] as ScriptedSession;
    s.killedConnection = true;
    await expect(c.query('SELECT 1')).rejects.toMatchObject({ errno: 1927, sqlState: '70100', message: 'Connection was killed' });
    await expect(c.execute('SELECT 1')).rejects.toMatchObject({ errno: 1927 });
    await expect(c.ping()).rejects.toMatchObject({ errno: 1927 });
  });

  it('closing the connection closes the session', async () => {
    const { port, engine } = await start();
    const c = await client(port);
    await c.end();
    conns.splice(0);
    for (let i = 0; i < 50 && !engine.opened[0]?.closed; i++) await new Promise((r) => setTimeout(r, 10));
    expect(engine.opened[0]?.closed).toBe(true);
  });
});

class RawClient {
  private readonly reader = new PacketReader({ checkSequence: false });
  private readonly queue: Packet[] = [];
  private waiter: (() => void) | undefined;
  constructor(readonly sock: Socket) {
    sock.on('data', (c) => {
      this.queue.push(...this.reader.feed(c));
      this.waiter?.();
    });
  }
  async read(n: number): Promise<Packet[]> {
    while (this.queue.length < n) await new Promise<void>((r) => (this.waiter = r));
    return this.queue.splice(0, n);
  }
  send(payload: Uint8Array, seq = 0): void {
    this.sock.write(new PacketBatch(seq).add(payload).toBuffer());
  }
}

async function raw(port: number): Promise<RawClient> {
  const sock = netConnect(port, '127.0.0.1');
  sockets.push(sock);
  const c = new RawClient(sock);
  await c.read(1);
  const caps = Capability.PROTOCOL_41 | Capability.SECURE_CONNECTION | Capability.PLUGIN_AUTH | Capability.PLUGIN_AUTH_LENENC_CLIENT_DATA | Capability.DEPRECATE_EOF;
  c.send(new PayloadWriter().int4(caps).int4(1 << 24).int1(255).zeros(23).nulString('root').lenencString('').nulString('caching_sha2_password').finish(), 1);
  expect((await c.read(1))[0]?.payload[0]).toBe(0x00);
  return c;
}

describe('raw commands', () => {
  it('COM_FIELD_LIST lists the columns matching the wildcard; an unknown table is 1146', async () => {
    const { port } = await start();
    const c = await raw(port);
    c.send(Buffer.from('\x04t\0n%'));
    const [name, note, end] = await c.read(3);
    expect(name?.payload.toString('latin1')).toContain('name');
    expect(note?.payload.toString('latin1')).toContain('note');
    expect(end?.payload[0]).toBe(0xfe);
    c.send(Buffer.from('\x04zz\0'));
    const [err] = await c.read(1);
    expect(err?.payload[0]).toBe(0xff);
    expect(err?.payload.readUInt16LE(1)).toBe(1146);
  });

  it('COM_INIT_DB, COM_STATISTICS and COM_RESET_CONNECTION', async () => {
    const { port, engine } = await start();
    const c = await raw(port);
    c.send(Buffer.from('\x02shop'));
    expect((await c.read(1))[0]?.payload[0]).toBe(0x00);
    expect(engine.opened[0]?.database).toBe('shop');
    c.send(Buffer.from('\x02nope'));
    const [err] = await c.read(1);
    expect(err?.payload.readUInt16LE(1)).toBe(1049);
    c.send(Buffer.from([0x09]));
    expect((await c.read(1))[0]?.payload.toString()).toMatch(/^Uptime: \d+ {2}Threads: 1 {2}Questions: \d+/);
    c.send(Buffer.from([0x1f]));
    expect((await c.read(1))[0]?.payload[0]).toBe(0x00);
    expect(engine.opened[0]?.resets).toBe(1);
    expect(engine.opened[0]?.database).toBeUndefined();
  });
});
