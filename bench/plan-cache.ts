// Prepared-plan cache benchmark (issue 10): sysbench's point select — the prepared
// `SELECT c FROM sbtest1 WHERE id=?` — through mysql2 against a real SQL server process, with
// @@tidb_enable_prepared_plan_cache on and off in alternating phases, so both modes see the same
// machine load. Besides queries/s it reads the SQL server's CPU time from /proc/<pid>/stat
// before and after each phase: CPU per query is what the cache changes, and unlike queries/s it
// hardly moves when other work shares the cores.
//
//   npm run bench -- plan-cache [--rows 10000] [--threads 8] [--seconds 10] [--rounds 3]
//
// Runs PD, one store (one copy per region) and `strata sql` as processes on free ports.
import { readFileSync } from 'node:fs';
import mysql from 'mysql2/promise';
import { fmt, measureFor, numArg, progress, table } from './harness.js';
import { startStrataCluster } from './servers.js';

/** user + system CPU seconds of a process so far (Linux /proc). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[11], fields[12]: utime, stime in clock ticks (fields counted from `state`).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

export async function run(args: string[]): Promise<void> {
  const rows = numArg(args, 'rows', 10_000);
  const threads = numArg(args, 'threads', 8);
  const seconds = numArg(args, 'seconds', 10);
  const rounds = numArg(args, 'rounds', 3);
  progress('plan-cache: starting PD, one store and the SQL server');
  const cluster = await startStrataCluster({ name: 'plan-cache', stores: 1, raft: false, sql: true });
  const sql = cluster.procs.find((p) => p.name === 'sql');
  const pid = sql?.child.pid;
  const port = cluster.sqlPort;
  if (pid === undefined || port === undefined) throw new Error('the SQL server did not start');
  const conns: mysql.Connection[] = [];
  try {
    const admin = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root' });
    conns.push(admin);
    await admin.query('CREATE DATABASE sbtest');
    await admin.query('CREATE TABLE sbtest.sbtest1 (id INT NOT NULL AUTO_INCREMENT, k INT NOT NULL DEFAULT 0, c CHAR(120) NOT NULL DEFAULT \'\', pad CHAR(60) NOT NULL DEFAULT \'\', PRIMARY KEY (id))');
    progress(`plan-cache: loading ${rows} rows`);
    for (let i = 1; i <= rows; i += 500) {
      const values: string[] = [];
      for (let id = i; id < Math.min(rows + 1, i + 500); id++) values.push(`(${id}, ${id % 997}, '${String(id).padStart(10, '0')}-c', 'pad')`);
      await admin.query(`INSERT INTO sbtest.sbtest1 VALUES ${values.join(',')}`);
    }
    for (let t = 0; t < threads; t++) conns.push(await mysql.createConnection({ host: '127.0.0.1', port, user: 'root', database: 'sbtest' }));
    const workers = conns.slice(1);
    const phase = async (on: boolean, ms = seconds * 1000): Promise<(string | number)[]> => {
      for (const c of workers) await c.query(`SET tidb_enable_prepared_plan_cache = ${on ? 1 : 0}`);
      // Warm up: the statement prepared and (with the cache) its plan made on every connection.
      for (const c of workers) await c.execute('SELECT c FROM sbtest1 WHERE id=?', [1]);
      const load = loadAverage();
      const cpu0 = cpuSeconds(pid);
      const r = await measureFor(
        ms,
        async (w) => {
          const id = 1 + Math.floor(Math.random() * rows);
          const [res] = await (workers[w] as mysql.Connection).execute('SELECT c FROM sbtest1 WHERE id=?', [id]);
          if ((res as { c: string }[]).length !== 1) throw new Error(`id ${id}: no row`);
        },
        threads,
      );
      const cpu = cpuSeconds(pid) - cpu0;
      const line = [on ? 'on' : 'off', fmt(r.perSecond), ((cpu * 1e6) / r.ops).toFixed(0), ((100 * cpu) / r.seconds).toFixed(0), load];
      progress(`plan-cache ${line[0]}: ${line[1]} queries/s, ${line[2]} µs SQL-server CPU per query, load ${load}`);
      return line;
    };
    // Unreported warm-up of both modes, so neither measured phase pays for the JIT.
    progress('plan-cache: warming up');
    await phase(false, 3000);
    await phase(true, 3000);
    const out: (string | number)[][] = [];
    // off-on, then on-off, …: a drift of the machine's load during the run favours neither mode.
    for (let i = 0; i < rounds; i++) {
      const first = i % 2 === 1;
      out.push(await phase(first));
      out.push(await phase(!first));
    }
    console.log(`\nprepared point select, ${threads} connections, ${seconds} s per phase, ${rows} rows`);
    console.log(table(['plan cache', 'queries/s', 'SQL CPU µs/query', 'SQL CPU %', 'load avg (1/5/15 min)'], out));
  } finally {
    for (const c of conns) await c.end().catch(() => undefined);
    await cluster.stop();
  }
}
