// mysqldump (MariaDB's client, as shipped in mariadb-client) against a real deployment: a
// database with awkward values is dumped, the dump is loaded with the mysql client into a new
// database, and every row and every SHOW CREATE TABLE must come back the same. The dump runs
// mysqldump's own introspection (information_schema FILES, PARTITIONS, TABLES, COLUMNS,
// TRIGGERS, SHOW CREATE TABLE, LOCK TABLES …) and the reload runs the statements it writes
// (SET @OLD_… = @@…, conditional comments, LOCK TABLES … WRITE, ALTER TABLE … DISABLE KEYS,
// multi-row INSERTs); --single-transaction adds a consistent snapshot and savepoints.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlTestServer } from './sql-server.js';

const MYSQL = '/usr/bin/mysql';
const MYSQLDUMP = '/usr/bin/mysqldump';
const BULK_ROWS = 3000;
let server: SqlTestServer;
let conn: mysql.Connection;

interface Run {
  readonly code: number | null;
  /** Bytes, as written: a dump holds BLOB values as raw bytes, which are no UTF-8. */
  readonly stdout: Buffer;
  readonly stderr: string;
}

/** Runs a MariaDB client program against the server with `stdin` piped in. */
function client(program: string, args: string[], stdin: string | Buffer = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, ['--no-defaults', '--protocol=TCP', '-h', '127.0.0.1', '-P', String(server.port), '-u', 'root', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => stdout.push(c));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.once('error', reject);
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(stdout), stderr });
    });
    child.stdin.end(stdin);
  });
}

const SETUP = `
CREATE DATABASE shop;
USE shop;
CREATE TABLE products (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  price DECIMAL(12,2) DEFAULT NULL,
  created DATETIME,
  big BIGINT UNSIGNED,
  note TEXT,
  KEY idx_name (name),
  UNIQUE KEY uk_big (big)
);
INSERT INTO products (name, price, created, big, note) VALUES
  ('it''s "quoted"', 12.50, '2024-01-02 03:04:05', 18446744073709551615, 'line1\\nline2\\ttab\\\\back\\r\\nend'),
  ('plain', NULL, NULL, 0, NULL),
  ('ünïcode ☃ 😀', -0.01, '1999-12-31 23:59:59', 42, ''),
  ('back\`tick; -- not a comment /* nor this */', 9999999999.99, '2038-01-19 03:14:08', 9223372036854775808, 'NULL');
DELETE FROM products WHERE id = 2;
INSERT INTO products (name) VALUES ('after delete');
CREATE TABLE orders (
  oid BIGINT PRIMARY KEY,
  pid INT NOT NULL,
  qty SMALLINT DEFAULT 1,
  at TIMESTAMP NULL,
  paid TINYINT(1) NOT NULL DEFAULT 0,
  KEY by_product_time (pid, at),
  FOREIGN KEY (pid) REFERENCES products(id)
);
INSERT INTO orders VALUES (1, 1, 3, '2024-05-05 10:00:00', 1), (2, 3, NULL, NULL, 0), (-9223372036854775808, 4, -32768, '1970-01-01 00:00:01', 1);
CREATE TABLE measures (
  k CHAR(3) NOT NULL,
  d DATE,
  t TIME,
  f FLOAT,
  g DOUBLE,
  raw VARBINARY(16),
  blobby BLOB,
  PRIMARY KEY (k)
);
INSERT INTO measures VALUES
  ('a', '2000-02-29', '-838:59:59', 1.5, -2.25e-300, X'00FF0A0D5C27', X'DEADBEEF00'),
  ('b', NULL, '00:00:00.000', NULL, 1e300, '', NULL),
  ('c', '9999-12-31', '23:59:59', -0, 0.1, NULL, X'');
CREATE TABLE empty_one (a INT, b VARCHAR(5));
CREATE TABLE bulk (n INT PRIMARY KEY, pad VARCHAR(500));
`;

/** A multi-row INSERT of BULK_ROWS rows, long enough that mysqldump splits it in several. */
function bulkInsert(): string {
  const rows: string[] = [];
  for (let n = 1; n <= BULK_ROWS; n++) rows.push(`(${n}, '${String(n).padStart(6, '0')}${'x'.repeat(400)}')`);
  return `INSERT INTO shop.bulk VALUES ${rows.join(', ')};\n`;
}

const TABLES: Readonly<Record<string, string>> = { products: 'id', orders: 'oid', measures: 'k', empty_one: 'a', bulk: 'n' };

async function rows(db: string, table: string): Promise<unknown[]> {
  const [r] = await conn.query({ sql: `SELECT * FROM \`${db}\`.\`${table}\` ORDER BY ${TABLES[table]}`, rowsAsArray: true });
  return r as unknown[];
}

async function createTable(db: string, table: string): Promise<string> {
  const [r] = await conn.query({ sql: `SHOW CREATE TABLE \`${db}\`.\`${table}\``, rowsAsArray: true });
  return String((r as unknown[][])[0]?.[1]);
}

beforeAll(async () => {
  server = await SqlTestServer.start();
  const setup = await client(MYSQL, [], SETUP + bulkInsert());
  if (setup.code !== 0) throw new Error(`setup failed: ${setup.stderr}`);
  conn = await mysql.createConnection({ host: '127.0.0.1', port: server.port, user: 'root', supportBigNumbers: true, bigNumberStrings: true, dateStrings: true });
}, 180_000);

afterAll(async () => {
  await conn?.end().catch(() => undefined);
  await server?.stop();
}, 60_000);

describe.skipIf(!existsSync(MYSQLDUMP) || !existsSync(MYSQL))('mysqldump', () => {
  let dump: Buffer = Buffer.alloc(0);

  it('dumps a database: each table as DROP + CREATE TABLE, its rows as multi-row INSERTs inside LOCK TABLES … WRITE', async () => {
    const r = await client(MYSQLDUMP, ['shop']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    dump = r.stdout;
    const text = dump.toString('latin1');
    expect(text).toContain('-- Server version\t8.0.11-Strata');
    for (const t of Object.keys(TABLES)) {
      expect(text).toContain(`DROP TABLE IF EXISTS \`${t}\`;`);
      expect(text).toContain(`LOCK TABLES \`${t}\` WRITE;\n/*!40000 ALTER TABLE \`${t}\` DISABLE KEYS */;`);
    }
    expect(dump.toString('utf8')).toContain(`INSERT INTO \`products\` VALUES\n(1,'it\\'s \\"quoted\\"',12.50,'2024-01-02 03:04:05',18446744073709551615,'line1\\nline2\ttab\\\\back\\r\\nend'),\n(3,`);
    expect(text).toContain("(-9223372036854775808,4,-32768,'1970-01-01 00:00:01',1)");
    // the 1.2 MB table needs more than one INSERT at mysqldump's 1 MB net_buffer_length
    expect(text.split('INSERT INTO `bulk` VALUES').length - 1).toBeGreaterThan(1);
    // BLOB bytes as they are, between quotes (\0 and \n escaped, 0xFF raw)
    expect(dump.includes(Buffer.from("('a','2000-02-29','-838:59:59',1.5,-2.25e-300,'\\0\xff\\n\\r\\\\\\'','\xde\xad\xbe\xef\\0')", 'latin1'))).toBe(true);
    expect(text).toMatch(/-- Dump completed on /);
  }, 120_000);

  it('reloads with the mysql client into a new database: the same rows and the same SHOW CREATE TABLE for every table', async () => {
    expect(dump.length).toBeGreaterThan(0);
    await conn.query('CREATE DATABASE shop_copy');
    const r = await client(MYSQL, ['-D', 'shop_copy'], dump);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const t of Object.keys(TABLES)) {
      expect(await rows('shop_copy', t), t).toEqual(await rows('shop', t));
      expect(await createTable('shop_copy', t), t).toBe(await createTable('shop', t));
    }
    // the values themselves, not only their agreement
    expect(await rows('shop_copy', 'products')).toEqual([
      [1, 'it\'s "quoted"', '12.50', '2024-01-02 03:04:05', '18446744073709551615', 'line1\nline2\ttab\\back\r\nend'],
      [3, 'ünïcode ☃ 😀', '-0.01', '1999-12-31 23:59:59', '42', ''],
      [4, 'back`tick; -- not a comment /* nor this */', '9999999999.99', '2038-01-19 03:14:08', '9223372036854775808', 'NULL'],
      [5, 'after delete', null, null, null, null],
    ]);
    const m = (await rows('shop_copy', 'measures')) as unknown[][];
    expect(m.map((row) => [row[0], row[1], row[2], row[3], row[4]])).toEqual([
      ['a', '2000-02-29', '-838:59:59', 1.5, -2.25e-300],
      ['b', null, '00:00:00', null, 1e300],
      ['c', '9999-12-31', '23:59:59', 0, 0.1],
    ]);
    expect(m.map((row) => [row[5] === null ? null : (row[5] as Buffer).toString('hex'), row[6] === null ? null : (row[6] as Buffer).toString('hex')])).toEqual([
      ['00ff0a0d5c27', 'deadbeef00'],
      ['', null],
      [null, ''],
    ]);
    const bulk = (await rows('shop_copy', 'bulk')) as unknown[][];
    expect(bulk.length).toBe(BULK_ROWS);
    expect(bulk[BULK_ROWS - 1]).toEqual([BULK_ROWS, `${String(BULK_ROWS).padStart(6, '0')}${'x'.repeat(400)}`]);
    expect(await rows('shop_copy', 'empty_one')).toEqual([]);
  }, 180_000);

  it('the reloaded table goes on numbering AUTO_INCREMENT after its rows; the unique key is still enforced', async () => {
    const [ins] = await conn.query("INSERT INTO shop_copy.products (name) VALUES ('new')");
    expect((ins as mysql.ResultSetHeader).insertId).toBe(6);
    await expect(conn.query("INSERT INTO shop_copy.products (name, big) VALUES ('dup', 42)")).rejects.toMatchObject({ errno: 1062 });
  });

  it('--single-transaction --databases: a consistent snapshot with savepoints between tables, and a dump that recreates the database', async () => {
    const r = await client(MYSQLDUMP, ['--single-transaction', '--databases', 'shop']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.toString('latin1')).toContain('CREATE DATABASE /*!32312 IF NOT EXISTS*/ `shop`');
    expect(r.stdout.toString('latin1')).toContain('USE `shop`;');
    // restore over the original: the same rows as before (and as the copy)
    const before: Record<string, unknown[]> = {};
    for (const t of Object.keys(TABLES)) before[t] = await rows('shop', t);
    const load = await client(MYSQL, [], r.stdout);
    expect(load.stderr).toBe('');
    expect(load.code).toBe(0);
    for (const t of Object.keys(TABLES)) expect(await rows('shop', t), t).toEqual(before[t]);
  }, 180_000);
});
