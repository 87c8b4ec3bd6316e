// LOAD DATA LOCAL INFILE through `strata sql`: the mysql CLI (--local-infile=1) loads a CSV with
// field and line options, header skipped, NULLs, quotes and duplicates (skipped, as MySQL's
// LOCAL implies IGNORE); mysql2 streams a file through infileStreamFactory; a client that does
// not allow local files gets MySQL's error; the connection goes on serving afterwards.
import { execFile } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlTestServer } from './sql-server.js';

const run = promisify(execFile);
let server: SqlTestServer;
let dir: string;
const opened: mysql.Connection[] = [];

beforeAll(async () => {
  server = await SqlTestServer.start();
  dir = mkdtempSync(join(tmpdir(), 'strata-load-'));
  const c = await connect();
  await c.query('CREATE DATABASE ld');
  await c.query('CREATE TABLE ld.people (id INT PRIMARY KEY, name VARCHAR(40), score DECIMAL(6,2), born DATE)');
}, 120_000);

afterAll(async () => {
  for (const c of opened.splice(0)) await c.end().catch(() => undefined);
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

async function connect(extra: mysql.ConnectionOptions = {}): Promise<mysql.Connection> {
  const c = await mysql.createConnection({ host: '127.0.0.1', port: server.port, user: 'root', ...extra });
  opened.push(c);
  return c;
}

describe('LOAD DATA LOCAL INFILE', () => {
  it('the mysql CLI loads a CSV with options, skipping the header and duplicate keys', async () => {
    const file = join(dir, 'people.csv');
    writeFileSync(file, 'id,name,score,born\r\n1,"Ann, the first",1.50,2001-02-03\r\n2,"Bob ""B""",NULL,\\N\r\n3,Cy,7,1999-12-31\r\n1,dup,0,2000-01-01\r\n');
    const sql = `LOAD DATA LOCAL INFILE '${file}' INTO TABLE ld.people FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '"' LINES TERMINATED BY '\\r\\n' IGNORE 1 LINES; SELECT ROW_COUNT()`;
    const { stdout } = await run('mysql', ['-h', '127.0.0.1', '-P', String(server.port), '-u', 'root', '--local-infile=1', '--batch', '-e', sql]);
    expect(stdout.trim().split('\n')).toEqual(['ROW_COUNT()', '3']);
    const c = await connect();
    const [rows] = await c.query("SELECT id, name, score, DATE_FORMAT(born, '%Y-%m-%d') AS born FROM ld.people ORDER BY id");
    expect(rows).toEqual([
      { id: 1, name: 'Ann, the first', score: '1.50', born: '2001-02-03' },
      { id: 2, name: 'Bob "B"', score: null, born: null },
      { id: 3, name: 'Cy', score: '7.00', born: '1999-12-31' },
    ]);
  });

  it('mysql2 streams a file and reports MySQL\'s info string; the connection goes on', async () => {
    const file = join(dir, 'many.tsv');
    const lines: string[] = [];
    for (let i = 100; i < 5100; i++) lines.push(`${i}\tname ${i}\t${i % 100}.5\t2020-01-01`);
    writeFileSync(file, lines.join('\n') + '\n');
    const c = await connect();
    const [r] = await c.query({ sql: `LOAD DATA LOCAL INFILE 'many.tsv' INTO TABLE ld.people`, infileStreamFactory: () => createReadStream(file) });
    expect(r).toMatchObject({ affectedRows: 5000, info: 'Records: 5000  Deleted: 0  Skipped: 0  Warnings: 0' });
    const [n] = await c.query('SELECT COUNT(*) AS n, SUM(id) AS s FROM ld.people WHERE id >= 100');
    expect(n).toEqual([{ n: 5000, s: '12997500' }]);
  });

  it('answers 3948 when the client does not allow local files', async () => {
    const c = await connect({ flags: ['-LOCAL_FILES'] });
    await expect(c.query("LOAD DATA LOCAL INFILE '/etc/hostname' INTO TABLE ld.people")).rejects.toMatchObject({ errno: 3948 });
    expect((await c.query('SELECT 1 AS one'))[0]).toEqual([{ one: 1 }]);
    await expect(c.query("LOAD DATA INFILE '/etc/hostname' INTO TABLE ld.people")).rejects.toMatchObject({ errno: 1235 });
  });
});
