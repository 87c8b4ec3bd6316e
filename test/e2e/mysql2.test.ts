// The mysql2 driver against a real deployment (`strata pd`, `strata kv`, `strata sql`
// processes): text and prepared queries, statement reuse, pools, transactions, named
// placeholders, multiple statements, streaming, error objects, how each SQL type arrives in
// JavaScript, and the session surface clients rely on (variables, SHOW, KILL, wait_timeout).
import { createConnection as createCallbackConnection } from 'mysql2';
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

/** The rows of a text query. */
async function rowsOf(c: mysql.Connection, sql: string): Promise<Record<string, unknown>[]> {
  return (await c.query(sql))[0] as Record<string, unknown>[];
}

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits until SHOW PROCESSLIST shows `sql` running. */
async function untilRunning(c: mysql.Connection, sql: string): Promise<void> {
  const started = Date.now();
  while (!(await rowsOf(c, 'SHOW FULL PROCESSLIST')).some((r) => r.Info === sql)) {
    if (Date.now() - started > 30_000) throw new Error(`${sql} never showed up in SHOW PROCESSLIST`);
    await pause(50);
  }
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

  it('repeated executes run a cached plan with each call’s values; a schema change shows at the next execute', async () => {
    await (await connect()).query('CREATE DATABASE m2pc');
    const c = await connect({ database: 'm2pc' });
    await c.query('CREATE TABLE pc (id INT PRIMARY KEY, v VARCHAR(10))');
    await c.query("INSERT INTO pc VALUES (1, 'a'), (2, 'b'), (3, 'c')");
    const sql = 'SELECT * FROM pc WHERE id = ?';
    const got: unknown[] = [];
    for (const id of [2, 3, 1, 7]) got.push((await c.execute(sql, [id]))[0]);
    expect(got).toEqual([[{ id: 2, v: 'b' }], [{ id: 3, v: 'c' }], [{ id: 1, v: 'a' }], []]);
    expect(await rowsOf(c, 'SELECT @@last_plan_from_cache AS hit')).toEqual([{ hit: 1 }]);
    const [limited] = await c.execute('SELECT id FROM pc ORDER BY id LIMIT ?', ['2']);
    expect(limited).toEqual([{ id: 1 }, { id: 2 }]);
    await c.query('ALTER TABLE pc ADD COLUMN w INT NOT NULL DEFAULT 5');
    const [rows, fields] = await c.execute(sql, [3]);
    expect(rows).toEqual([{ id: 3, v: 'c', w: 5 }]);
    expect(fields.map((f) => f.name)).toEqual(['id', 'v', 'w']);
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

  it('OK packets carry affected rows, the insert id, warnings and the status flags (in transaction, autocommit)', async () => {
    const c = await connect();
    await c.query('CREATE DATABASE okdb');
    await c.query('USE okdb');
    await c.query('CREATE TABLE oks (id INT PRIMARY KEY AUTO_INCREMENT, v TINYINT)');
    const ok = async (sql: string): Promise<mysql.ResultSetHeader> => (await c.query(sql))[0] as mysql.ResultSetHeader;
    const IN_TRANS = 1;
    const AUTOCOMMIT = 2;
    expect((await ok('BEGIN')).serverStatus & (IN_TRANS | AUTOCOMMIT)).toBe(IN_TRANS | AUTOCOMMIT);
    expect(await ok('INSERT INTO oks (v) VALUES (1), (2), (3)')).toMatchObject({ affectedRows: 3, insertId: 1 });
    expect((await ok('COMMIT')).serverStatus & (IN_TRANS | AUTOCOMMIT)).toBe(AUTOCOMMIT);
    expect((await ok('SET autocommit = 0')).serverStatus & (IN_TRANS | AUTOCOMMIT)).toBe(0);
    // without autocommit a statement opens a transaction that stays open
    expect(await ok('UPDATE oks SET v = v + 1 WHERE id >= 2')).toMatchObject({ affectedRows: 2, serverStatus: IN_TRANS });
    expect((await ok('ROLLBACK')).serverStatus & IN_TRANS).toBe(0);
    expect((await ok('SET autocommit = 1')).serverStatus & AUTOCOMMIT).toBe(AUTOCOMMIT);
    // an out-of-range value in non-strict mode is clamped with a warning, counted in the OK
    await c.query("SET sql_mode = ''");
    expect(await ok('INSERT INTO oks (v) VALUES (1000)')).toMatchObject({ affectedRows: 1, insertId: 4, warningStatus: 1 });
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

  it('multiple statements: one result per statement, the first error ends them; refused without the flag', async () => {
    const c = await connect({ database: 'm2', multipleStatements: true });
    const [results] = await c.query('SET @n = 2; SELECT owner FROM acct WHERE id = @n; CREATE TABLE multi (a INT); INSERT INTO multi VALUES (1), (2); SELECT SUM(a) AS s FROM multi');
    expect(results).toEqual([
      expect.objectContaining({ affectedRows: 0 }),
      [{ owner: 'bob' }],
      expect.objectContaining({ affectedRows: 0 }),
      expect.objectContaining({ affectedRows: 2 }),
      [{ s: '3' }],
    ]);
    await expect(c.query('INSERT INTO multi VALUES (3); SELECT * FROM nope; INSERT INTO multi VALUES (4)')).rejects.toMatchObject({ errno: 1146 });
    // the statement before the error ran, the one after it did not
    expect(await rowsOf(c, 'SELECT a FROM multi ORDER BY a')).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }]);
    const single = await connect({ database: 'm2' });
    await expect(single.query('SELECT 1; SELECT 2')).rejects.toMatchObject({ errno: 1064, sqlState: '42000' });
  });

  it('streams a large result with back-pressure: a reader that stops gets every row in order, and others are served meanwhile', async () => {
    const c = await connect({ database: 'm2' });
    await c.query('CREATE TABLE many (id INT PRIMARY KEY)');
    await c.query(`INSERT INTO many VALUES ${Array.from({ length: 60 }, (_, i) => `(${i})`).join(',')}`);
    // 60 × 60 rows of ~900 bytes from a join: megabytes, more than the sockets buffer
    const n = 3600;
    const sql = "SELECT a.id * 60 + b.id AS id, CONCAT(REPEAT('p', 900), a.id * 60 + b.id) AS pad FROM many a CROSS JOIN many b ORDER BY id";
    // the callback API's query().stream(): a Readable that pauses the socket when its buffer is full
    const reader = createCallbackConnection({ host: '127.0.0.1', port: server.port, user: 'root', database: 'm2' });
    opened.push({ end: () => new Promise<void>((resolve) => reader.end(() => resolve())) });
    const other = await connect({ database: 'm2' });
    const stream = reader.query(sql).stream({ highWaterMark: 50 });
    let next = 0;
    let servedWhileStalled = 0;
    for await (const row of stream as AsyncIterable<{ id: number; pad: string }>) {
      expect(row.id).toBe(next);
      expect(row.pad).toBe(`${'p'.repeat(900)}${next}`);
      next++;
      if (next % 900 === 0) {
        // the reader stops taking rows (the driver pauses the socket); the server keeps serving
        await pause(200);
        expect(await rowsOf(other, `SELECT COUNT(*) AS c FROM many WHERE id < ${next / 60}`)).toEqual([{ c: next / 60 }]);
        servedWhileStalled++;
      }
    }
    expect(next).toBe(n);
    expect(servedWhileStalled).toBe(n / 900);
    // the streamed connection is usable afterwards
    expect((await reader.promise().query('SELECT 1 AS one'))[0]).toEqual([{ one: 1 }]);
  });

  it('session variables: SET NAMES / CHARACTER SET, user variables, SESSION and GLOBAL scope, the variables clients read', async () => {
    const a = await connect({ database: 'm2' });
    await a.query('SET NAMES latin1');
    expect(await rowsOf(a, 'SELECT @@character_set_client AS cl, @@character_set_connection AS co, @@character_set_results AS r')).toEqual([{ cl: 'latin1', co: 'latin1', r: 'latin1' }]);
    await a.query('SET NAMES utf8mb4 COLLATE utf8mb4_unicode_ci');
    expect(await rowsOf(a, 'SELECT @@character_set_connection AS co, @@collation_connection AS c')).toEqual([{ co: 'utf8mb4', c: 'utf8mb4_unicode_ci' }]);
    // SET CHARACTER SET: client and results follow, the connection takes the database's
    await a.query('SET CHARACTER SET latin1');
    expect(await rowsOf(a, 'SELECT @@character_set_client AS cl, @@character_set_results AS r, @@character_set_connection = @@character_set_database AS same')).toEqual([
      { cl: 'latin1', r: 'latin1', same: 1 },
    ]);
    await a.query('SET NAMES utf8mb4');
    await expect(a.query('SET NAMES klingon')).rejects.toMatchObject({ errno: 1115 });

    await a.query("SET @x = 41, @y := 'hi'");
    expect(await rowsOf(a, 'SELECT @x + 1 AS x, @y AS y, @unset AS u')).toEqual([{ x: 42, y: 'hi', u: null }]);
    await a.query('SET @z = (SELECT COUNT(*) FROM acct WHERE id < 3)');
    expect(await rowsOf(a, 'SELECT @z AS z')).toEqual([{ z: 2 }]);
    // user variables belong to their connection
    const b = await connect();
    expect(await rowsOf(b, 'SELECT @x AS x')).toEqual([{ x: null }]);

    expect(
      await rowsOf(
        a,
        'SELECT @@transaction_isolation AS iso, @@max_allowed_packet AS map, @@character_set_server AS css, @@collation_server AS cs, @@collation_database AS cd, @@lower_case_table_names AS lctn, @@wait_timeout AS wt, @@session.autocommit AS sa, @@global.autocommit AS ga',
      ),
    ).toEqual([{ iso: 'REPEATABLE-READ', map: 67108864, css: 'utf8mb4', cs: 'utf8mb4_bin', cd: 'utf8mb4_bin', lctn: 2, wt: 28800, sa: 1, ga: 1 }]);

    // SET GLOBAL: new connections start from it, running ones keep their session value
    await a.query("SET GLOBAL sql_mode = 'ANSI_QUOTES'");
    try {
      const fresh = await connect();
      expect(await rowsOf(fresh, 'SELECT @@sql_mode AS m, @@global.sql_mode AS g')).toEqual([{ m: 'ANSI_QUOTES', g: 'ANSI_QUOTES' }]);
      expect(await rowsOf(b, 'SELECT @@sql_mode AS m, @@global.sql_mode AS g')).toEqual([{ m: expect.stringContaining('STRICT_TRANS_TABLES'), g: 'ANSI_QUOTES' }]);
      await fresh.query('SET SESSION sql_mode = DEFAULT');
      expect(await rowsOf(fresh, 'SELECT @@session.sql_mode AS m')).toEqual([{ m: 'ANSI_QUOTES' }]);
    } finally {
      await a.query('SET GLOBAL sql_mode = DEFAULT');
    }
    expect(await rowsOf(await connect(), 'SELECT @@sql_mode AS m')).toEqual([{ m: expect.stringContaining('STRICT_TRANS_TABLES') }]);
  });

  it('SHOW statements against real tables, and SHOW CREATE TABLE output that re-creates the table', async () => {
    const c = await connect({ database: 'm2' });
    await c.query("CREATE TABLE shown (id INT PRIMARY KEY AUTO_INCREMENT, name VARCHAR(20) NOT NULL DEFAULT 'x', n INT UNSIGNED, price DECIMAL(8,2), KEY by_name (name)) COMMENT='for SHOW'");
    await c.query("INSERT INTO shown (name, n, price) VALUES ('a', 1, 1.50), ('b', 2, NULL)");

    expect(await rowsOf(c, "SHOW FULL TABLES LIKE 'shown'")).toEqual([{ 'Tables_in_m2 (shown)': 'shown', Table_type: 'BASE TABLE' }]);
    expect(await rowsOf(c, 'SHOW FIELDS FROM shown')).toEqual([
      { Field: 'id', Type: 'int', Null: 'NO', Key: 'PRI', Default: null, Extra: 'auto_increment' },
      { Field: 'name', Type: 'varchar(20)', Null: 'NO', Key: 'MUL', Default: 'x', Extra: '' },
      { Field: 'n', Type: 'int unsigned', Null: 'YES', Key: '', Default: null, Extra: '' },
      { Field: 'price', Type: 'decimal(8,2)', Null: 'YES', Key: '', Default: null, Extra: '' },
    ]);
    expect((await rowsOf(c, 'SHOW INDEX FROM shown')).map((r) => [r.Key_name, r.Seq_in_index, r.Column_name, r.Non_unique])).toEqual([
      ['PRIMARY', 1, 'id', 0],
      ['by_name', 1, 'name', 1],
    ]);

    const [create] = await rowsOf(c, 'SHOW CREATE TABLE shown');
    const ddl = String(create?.['Create Table']);
    expect(create?.Table).toBe('shown');
    expect(ddl).toMatch(/^CREATE TABLE `shown` \(\n {2}`id` int NOT NULL AUTO_INCREMENT,\n/);
    // the output re-creates the table: the copy describes itself the same way
    await c.query(ddl.replace('CREATE TABLE `shown`', 'CREATE TABLE `shown_copy`'));
    const [copy] = await rowsOf(c, 'SHOW CREATE TABLE shown_copy');
    expect(String(copy?.['Create Table']).replace(/ AUTO_INCREMENT=\d+/, '')).toBe(ddl.replace('CREATE TABLE `shown`', 'CREATE TABLE `shown_copy`').replace(/ AUTO_INCREMENT=\d+/, ''));
    expect(await rowsOf(c, 'SHOW FIELDS FROM shown_copy')).toEqual(await rowsOf(c, 'SHOW FIELDS FROM shown'));

    const [status] = await rowsOf(c, "SHOW TABLE STATUS LIKE 'shown'");
    // Auto_increment: the id the next INSERT gets
    expect(status).toMatchObject({ Name: 'shown', Engine: 'InnoDB', Collation: 'utf8mb4_bin', Comment: 'for SHOW', Auto_increment: 3 });
    expect((await rowsOf(c, 'SHOW ENGINES'))[0]).toMatchObject({ Engine: 'InnoDB', Support: 'DEFAULT', Transactions: 'YES' });
    expect(await rowsOf(c, "SHOW CHARSET LIKE 'utf8mb4'")).toEqual([{ Charset: 'utf8mb4', Description: 'UTF-8 Unicode', 'Default collation': 'utf8mb4_bin', Maxlen: 4 }]);
    expect(await rowsOf(c, "SHOW COLLATION LIKE 'utf8mb4_bin'")).toEqual([expect.objectContaining({ Collation: 'utf8mb4_bin', Charset: 'utf8mb4', Id: 46 })]);
    const [me] = await rowsOf(c, 'SELECT CONNECTION_ID() AS id');
    expect((await rowsOf(c, 'SHOW PROCESSLIST')).find((r) => r.Id === me?.id)).toMatchObject({ User: 'root', db: 'm2', Command: 'Query', Info: 'SHOW PROCESSLIST' });
    const [threads] = await rowsOf(c, "SHOW STATUS LIKE 'Threads_connected'");
    expect(Number(threads?.Value)).toBeGreaterThanOrEqual(1);
    expect(await rowsOf(c, "SHOW VARIABLES LIKE 'wait_timeout'")).toEqual([{ Variable_name: 'wait_timeout', Value: '28800' }]);

    await expect(c.query('SELECT * FROM nope')).rejects.toMatchObject({ errno: 1146 });
    expect(await rowsOf(c, 'SHOW ERRORS')).toEqual([{ Level: 'Error', Code: 1146, Message: "Table 'm2.nope' doesn't exist" }]);
    expect(await rowsOf(c, 'SELECT 1/0 AS q')).toEqual([{ q: null }]);
    expect(await rowsOf(c, 'SHOW WARNINGS')).toEqual([{ Level: 'Warning', Code: 1365, Message: 'Division by 0' }]);
  });

  it('KILL QUERY ends the running statement of another connection with 1317; that connection goes on', async () => {
    const victim = await connect();
    const killer = await connect();
    const [row] = await rowsOf(victim, 'SELECT CONNECTION_ID() AS id');
    // the connection id of the handshake is the one SQL sees
    expect(row?.id).toBe(victim.threadId);
    const running = victim.query('SELECT SLEEP(60) + 1 AS s');
    running.catch(() => undefined);
    await untilRunning(killer, 'SELECT SLEEP(60) + 1 AS s');
    await killer.query(`KILL QUERY ${String(row?.id)}`);
    await expect(running).rejects.toMatchObject({ code: 'ER_QUERY_INTERRUPTED', errno: 1317, sqlState: '70100', message: 'Query execution was interrupted' });
    expect(await rowsOf(victim, 'SELECT 2 AS two')).toEqual([{ two: 2 }]);
  });

  it('an idle connection closes after its wait_timeout (SET SESSION applies at once); interactive clients start from interactive_timeout', async () => {
    const c = await connect();
    await c.query('SET SESSION wait_timeout = 1');
    const gone = new Promise<unknown>((resolve) => c.once('error', resolve));
    const err = (await gone) as Error;
    expect(err.message).toContain('disconnected by the server because of inactivity');
    await expect(c.query('SELECT 1')).rejects.toThrow();
    const other = await connect();
    expect(await rowsOf(other, 'SELECT @@wait_timeout AS w')).toEqual([{ w: 28800 }]);
    await other.query('SET GLOBAL interactive_timeout = 77');
    try {
      const tty = await connect({ flags: ['INTERACTIVE'] });
      expect(await rowsOf(tty, 'SELECT @@wait_timeout AS w, @@interactive_timeout AS i')).toEqual([{ w: 77, i: 77 }]);
      expect(await rowsOf(await connect(), 'SELECT @@wait_timeout AS w')).toEqual([{ w: 28800 }]);
    } finally {
      await other.query('SET GLOBAL interactive_timeout = DEFAULT');
    }
  });
});
