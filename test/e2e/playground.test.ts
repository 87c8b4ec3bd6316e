// `strata playground` as a user runs it: PD, a KV store and the SQL server come up with progress
// lines, the last line says how to connect with mysql, the mysql client and mysql2 then work on
// that port, and SIGTERM stops every process it started.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnStrata, waitForLine, type StrataProcess } from '../../bin/child-process.js';

const dirs: string[] = [];
const procs: StrataProcess[] = [];
afterAll(async () => {
  for (const p of procs.splice(0)) await p.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}, 60_000);

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** An offset that leaves every playground port (SQL, status, PD, one store) free. */
async function freeOffset(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const off = 30000 + Math.floor(Math.random() * 5000);
    const ports = [4000, 10080, 2379, 2380, 20160, 20180].map((p) => p + off);
    if ((await Promise.all(ports.map(portFree))).every(Boolean)) return off;
  }
  throw new Error('no free port offset');
}

function runMysql(port: number, sql: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/mysql', ['--no-defaults', '--protocol=TCP', '-h', '127.0.0.1', '-P', String(port), '-u', 'root', '--batch', '-e', sql]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('strata playground', () => {
  it('starts PD, a store and the SQL server, prints how to connect, serves SQL, and stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-playground-'));
    dirs.push(dir);
    const off = await freeOffset();
    const pg = spawnStrata('playground', ['playground', '--data-dir', dir, '--port-offset', String(off), '--kv', '1'], { env: { STRATA_LOG: 'warn' } });
    procs.push(pg);
    const sqlPort = 4000 + off;
    await waitForLine(pg, /^ready: /, 120_000);
    const lines = pg.output().split('\n');
    const ready = lines.findIndex((l) => l.startsWith('ready: '));
    expect(lines[ready]).toBe(`ready: mysql -h 127.0.0.1 -P ${sqlPort} -u root`);
    // progress before the ready line, in start order
    const progress = lines.slice(0, ready);
    const at = (re: RegExp): number => progress.findIndex((l) => re.test(l));
    expect(at(/starting PD/)).toBeGreaterThanOrEqual(0);
    expect(at(/kv-1 is up/)).toBeGreaterThan(at(/starting PD/));
    expect(at(/starting the SQL server/)).toBeGreaterThan(at(/kv-1 is up/));
    expect(at(/SQL server is up/)).toBeGreaterThan(at(/starting the SQL server/));

    const c = await mysql.createConnection({ host: '127.0.0.1', port: sqlPort, user: 'root' });
    try {
      await c.query('CREATE DATABASE pg');
      await c.query('CREATE TABLE pg.t (id INT PRIMARY KEY, v VARCHAR(10))');
      await c.query("INSERT INTO pg.t VALUES (1, 'one'), (2, 'two')");
      expect((await c.query('SELECT v FROM pg.t ORDER BY id'))[0]).toEqual([{ v: 'one' }, { v: 'two' }]);
    } finally {
      await c.end();
    }
    if (existsSync('/usr/bin/mysql')) {
      const r = await runMysql(sqlPort, 'SELECT COUNT(*) AS n FROM pg.t');
      expect(r).toEqual({ code: 0, stdout: 'n\n2\n', stderr: '' });
    }

    pg.kill('SIGTERM');
    expect(await pg.exited).toBe(0);
    expect(pg.output()).toMatch(/playground: stopped/);
    expect(await portFree(sqlPort)).toBe(true);
  }, 180_000);
});
