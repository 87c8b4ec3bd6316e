// The mysql2 driver against a real deployment (`strata pd`, `strata kv`, `strata sql`
// processes): text and prepared queries, statement reuse, pools, transactions, named
// placeholders, error objects, and how each SQL type arrives in JavaScript.
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlTestServer } from './sql-server.js';

let server: SqlTestServer;
const opened: { end(): Promise<void> }[] = [];

beforeAll(async () => {
  server = await SqlTestServer.start();
  const c = await connect();
  await c.query('CREATE DATABASE m2');
  await c.query('CREATE TABLE m2.acct (id INT PRIMARY KEY, owner VARCHAR(30) NOT NULL, balance DECIMAL(12,2) NOT NULL, opened DATETIME, big BIGINT UNSIGNED, ratio DOUBLE)');
  await c.query(
    "INSERT INTO m2.acct VALUES (1, 'ann', 100.50, '2024-02-29 13:14:15', 18446744073709551615, 0.1), (2, 'bob', 0, NULL, 9007199254740993, 2.5), (3, 'cy', 7.25, '1999-12-31 23:59:59', 1, NULL)",
  );
}, 120_000);

afterAll(async () => {
  for (const c of opened.splice(0)) await c.end().catch(() => undefined);
  await server?.stop();
}, 60_000);

async function connect(extra: mysql.ConnectionOptions = {}): Promise<mysql.Connection> {
  const c = await mysql.createConnection({ host: '127.0.0.1', port: server.port, user: 'root', ...extra });
  opened.push(c);
  return c;
}

describe('mysql2 against strata sql', () => {
  it('maps types as against MySQL: INT number, DECIMAL string, DATETIME Date, BIGINT > 2^53 string, DOUBLE number', async () => {
    const c = await connect({ database: 'm2', supportBigNumbers: true, bigNumberStrings: true });
    const [rows] = await c.query('SELECT id, owner, balance, opened, big, ratio FROM acct ORDER BY id');
    expect(rows).toEqual([
      { id: 1, owner: 'ann', balance: '100.50', opened: new Date(2024, 1, 29, 13, 14, 15), big: '18446744073709551615', ratio: 0.1 },
      { id: 2, owner: 'bob', balance: '0.00', opened: null, big: '9007199254740993', ratio: 2.5 },
      { id: 3, owner: 'cy', balance: '7.25', opened: new Date(1999, 11, 31, 23, 59, 59), big: '1', ratio: null },
    ]);
  });

  it('prepared statements give the same values through the binary protocol, and are reused', async () => {
    const c = await connect({ database: 'm2', supportBigNumbers: true, bigNumberStrings: true });
    const sql = 'SELECT id, owner, balance, opened, big FROM acct WHERE id = ?';
    const [a] = await c.execute(sql, [1]);
    expect(a).toEqual([{ id: 1, owner: 'ann', balance: '100.50', opened: new Date(2024, 1, 29, 13, 14, 15), big: '18446744073709551615' }]);
    const [b] = await c.execute(sql, [3]);
    expect(b).toEqual([{ id: 3, owner: 'cy', balance: '7.25', opened: new Date(1999, 11, 31, 23, 59, 59), big: '1' }]);
    const [none] = await c.execute(sql, [99]);
    expect(none).toEqual([]);
  });

  it('INSERT through execute reports affected rows; NULL and string parameters round-trip', async () => {
    const c = await connect({ database: 'm2' });
    const [res] = (await c.execute('INSERT INTO acct (id, owner, balance, opened) VALUES (?, ?, ?, ?)', [10, "o'neil", '3.10', null])) as [mysql.ResultSetHeader, unknown];
    expect(res.affectedRows).toBe(1);
    const [rows] = await c.execute('SELECT owner, balance, opened FROM acct WHERE id = ?', [10]);
    expect(rows).toEqual([{ owner: "o'neil", balance: '3.10', opened: null }]);
  });

  it('named placeholders', async () => {
    const c = await connect({ database: 'm2', namedPlaceholders: true });
    const [rows] = await c.execute('SELECT owner FROM acct WHERE id >= :lo AND id <= :hi ORDER BY id', { lo: 2, hi: 3 });
    expect(rows).toEqual([{ owner: 'bob' }, { owner: 'cy' }]);
  });

  it('transactions: rollback discards, commit publishes to other connections', async () => {
    const a = await connect({ database: 'm2' });
    const b = await connect({ database: 'm2' });
    await a.beginTransaction();
    await a.query("INSERT INTO acct (id, owner, balance) VALUES (20, 'tmp', 1)");
    expect((await a.query('SELECT owner FROM acct WHERE id = 20'))[0]).toEqual([{ owner: 'tmp' }]);
    expect((await b.query('SELECT owner FROM acct WHERE id = 20'))[0]).toEqual([]);
    await a.rollback();
    expect((await a.query('SELECT owner FROM acct WHERE id = 20'))[0]).toEqual([]);
    await a.beginTransaction();
    await a.query("INSERT INTO acct (id, owner, balance) VALUES (21, 'kept', 1)");
    await a.commit();
    expect((await b.query('SELECT owner FROM acct WHERE id = 21'))[0]).toEqual([{ owner: 'kept' }]);
  });

  it('a pool runs concurrent queries over several connections', async () => {
    const pool = mysql.createPool({ host: '127.0.0.1', port: server.port, user: 'root', database: 'm2', connectionLimit: 4 });
    opened.push(pool);
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => pool.query('SELECT ? + 1 AS n', [i])));
    expect(results.map(([r]) => Number((r as { n: number }[])[0]?.n))).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const conn = await pool.getConnection();
    const [ids] = await conn.query('SELECT CONNECTION_ID() AS id');
    expect(Number((ids as { id: number }[])[0]?.id)).toBeGreaterThan(0);
    conn.release();
  });

  it('errors carry code, errno, sqlState and message', async () => {
    const c = await connect({ database: 'm2' });
    await expect(c.query('SELECT * FROM missing')).rejects.toMatchObject({ code: 'ER_NO_SUCH_TABLE', errno: 1146, sqlState: '42S02', message: "Table 'm2.missing' doesn't exist" });
    await expect(c.query("INSERT INTO acct (id, owner, balance) VALUES (1, 'dup', 0)")).rejects.toMatchObject({
      code: 'ER_DUP_ENTRY',
      errno: 1062,
      sqlState: '23000',
      message: "Duplicate entry '1' for key 'acct.PRIMARY'",
    });
    await expect(c.query('SELEC 1')).rejects.toMatchObject({ code: 'ER_PARSE_ERROR', errno: 1064, sqlState: '42000' });
    await expect(c.execute('SELECT * FROM missing WHERE id = ?', [1])).rejects.toMatchObject({ errno: 1146 });
    // the connection is still usable
    expect((await c.query('SELECT 1 AS one'))[0]).toEqual([{ one: 1 }]);
  });

  it('system variables: SELECT @@version has Strata in it; SET changes the session only', async () => {
    const a = await connect();
    const b = await connect();
    const [v] = await a.query('SELECT @@version AS v, @@version_comment AS c, @@autocommit AS ac');
    expect((v as { v: string }[])[0]?.v).toMatch(/Strata/);
    expect(v).toEqual([expect.objectContaining({ ac: 1 })]);
    await a.query('SET SESSION div_precision_increment = 6');
    expect((await a.query('SELECT @@div_precision_increment AS d'))[0]).toEqual([{ d: 6 }]);
    expect((await b.query('SELECT @@div_precision_increment AS d'))[0]).toEqual([{ d: 4 }]);
    await expect(a.query('SET max_connections = 5')).rejects.toMatchObject({ errno: 1229 });
    await expect(a.query('SELECT @@no_such_thing')).rejects.toMatchObject({ errno: 1193 });
  });

  it('SHOW statements answer with MySQL column names', async () => {
    const c = await connect({ database: 'm2' });
    const [tables] = await c.query('SHOW TABLES');
    expect(tables).toEqual([{ Tables_in_m2: 'acct' }]);
    const [cols] = await c.query("SHOW COLUMNS FROM acct LIKE 'b%'");
    expect(cols).toEqual([
      { Field: 'balance', Type: 'decimal(12,2)', Null: 'NO', Key: '', Default: null, Extra: '' },
      { Field: 'big', Type: 'bigint unsigned', Null: 'YES', Key: '', Default: null, Extra: '' },
    ]);
    const [warn] = await c.query('SHOW WARNINGS');
    expect(warn).toEqual([]);
  });

  it("the status port answers /status with the server's version and open connections, and /metrics", async () => {
    await connect();
    const status = (await (await fetch(`http://127.0.0.1:${server.statusPort}/status`)).json()) as { version: string; connections: number };
    expect(status.version).toMatch(/Strata/);
    expect(status.connections).toBeGreaterThanOrEqual(1);
    const metrics = await (await fetch(`http://127.0.0.1:${server.statusPort}/metrics`)).text();
    expect(metrics).toMatch(/^strata_sql_connections \d+$/m);
  });

  it("KILL from another connection ends a session: its connection's next query fails with 1927; an unknown id is 1094", async () => {
    const victim = await connect();
    const killer = await connect();
    const [rows] = await victim.query('SELECT CONNECTION_ID() AS id');
    const id = Number((rows as { id: number }[])[0]?.id);
    await killer.query(`KILL ${id}`);
    await expect(victim.query('SELECT 1')).rejects.toMatchObject({ errno: 1927, message: 'Connection was killed' });
    await expect(killer.query('KILL 999999')).rejects.toMatchObject({ errno: 1094, message: 'Unknown thread id: 999999' });
  });
});
