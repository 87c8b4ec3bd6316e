// Debian's sysbench against a real deployment (`strata pd`, `strata kv`, `strata sql` processes),
// briefly: its own `prepare` (CREATE TABLE … /*! ENGINE = innodb */, a multi-row INSERT, CREATE
// INDEX after the load; the 512 KiB INSERTs of a full-size load are in
// test/sql/session/sysbench-statements.test.ts, cheaper there), then short runs of the OLTP workloads with
// its defaults (server-side prepared statements, prepared BEGIN/COMMIT, write conflicts retried as
// its "ignored errors" 1213/1205). Skipped, saying so, when sysbench is not installed (.ci/run
// installs it). The figures are the benchmark's business (`npm run bench -- sysbench`), not this
// test's: it asserts only that every run finishes without a fatal error and did work.
import { spawn, spawnSync } from 'node:child_process';
import { createConnection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlTestServer } from './sql-server.js';

const HAVE_SYSBENCH = spawnSync('sysbench', ['--version'], { stdio: 'ignore' }).status === 0;
if (!HAVE_SYSBENCH) console.warn('test/e2e/sysbench.test.ts skipped: sysbench is not installed (apt-get install sysbench)');

let server: SqlTestServer;

function sysbench(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('sysbench', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.once('error', reject);
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

const common = (): string[] => [
  '--db-driver=mysql',
  '--mysql-host=127.0.0.1',
  `--mysql-port=${server.port}`,
  '--mysql-user=root',
  '--mysql-db=sbtest',
  '--tables=1',
  '--table-size=1000',
];

describe.skipIf(!HAVE_SYSBENCH)('sysbench against strata sql', () => {
  beforeAll(async () => {
    server = await SqlTestServer.start();
    const c = await createConnection({ host: '127.0.0.1', port: server.port, user: 'root' });
    await c.query('CREATE DATABASE sbtest');
    await c.end();
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  }, 60_000);

  it('prepares its tables: rows loaded, the secondary index built and used', async () => {
    const r = await sysbench(['oltp_read_write', ...common(), 'prepare']);
    expect(r.out).not.toMatch(/FATAL/);
    expect(r.code).toBe(0);
    const c = await createConnection({ host: '127.0.0.1', port: server.port, user: 'root', database: 'sbtest' });
    try {
      const [count] = await c.query('SELECT COUNT(*) AS n FROM sbtest1');
      expect(count).toEqual([{ n: 1000 }]);
      const [viaIndex] = await c.query('SELECT COUNT(*) AS n FROM sbtest1 WHERE k BETWEEN 0 AND 4294967295');
      expect(viaIndex).toEqual([{ n: 1000 }]);
      const [plan] = (await c.query('EXPLAIN SELECT id FROM sbtest1 WHERE k = 5')) as unknown as [Record<string, unknown>[]];
      expect(JSON.stringify(plan)).toMatch(/k_1/);
    } finally {
      await c.end();
    }
  }, 90_000);

  it.each([
    ['oltp_point_select', 2],
    ['oltp_read_write', 4],
    ['oltp_write_only', 4],
    ['oltp_insert', 2],
  ])('%s with %i threads runs without a fatal error', async (workload, threads) => {
    const r = await sysbench([workload, ...common(), `--threads=${threads}`, '--time=2', 'run']);
    expect(r.out).not.toMatch(/FATAL/);
    expect(r.code).toBe(0);
    const tx = /transactions:\s+(\d+)/.exec(r.out);
    expect(Number(tx?.[1] ?? 0)).toBeGreaterThan(0);
  }, 60_000);
});
