// sysbench OLTP benchmark (issue 10): Debian's `sysbench` as the client, as TiDB is measured.
//
//   npm run bench -- sysbench [--compare mariadb] [--time 20] [--threads 1,8]
//                             [--workloads oltp_point_select,…] [--tables 4] [--table-size 10000]
//                             [--single-copy] [--cpu-prof DIR]
//
// For each system it starts a fresh server on free ports with its data in a temp dir, creates the
// database `sbtest`, loads it with sysbench's own `prepare` (4 tables × 10,000 rows, secondary
// index created after the load), then runs every workload at every thread count for a fixed time
// with sysbench's defaults (server-side prepared statements, BEGIN/COMMIT prepared too), parses
// sysbench's report and stops the server. Systems run back to back, never at the same time, so
// they do not share the machine's cores.
//
// Strata is run as the playground runs it: PD, three KV stores and one SQL server, each its own
// process, regions replicated 3 ways by raft (`--single-copy`: one copy per region). MariaDB is Debian's
// mariadb-server on a temporary data dir (mariadb-install-db, then mariadbd --no-defaults with
// its defaults, which are durable commits: innodb_flush_log_at_trx_commit=1), no grant tables,
// listening on loopback only and stopped afterwards.
//
// `--cpu-prof DIR` runs Strata's processes (PD, stores, SQL server) under `node --cpu-prof`: each
// writes a .cpuprofile named with its pid into DIR when it stops (open it in Chrome DevTools or
// summarise it with bench/cpu-profile-top.ts).
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { progress, table } from './harness.js';
import { installed, mariadbMissing, startMariaDB, startStrataCluster, type SqlTarget } from './servers.js';

const WORKLOADS = ['oltp_point_select', 'oltp_read_only', 'oltp_write_only', 'oltp_read_write', 'oltp_insert'] as const;

interface Options {
  readonly compare: boolean;
  readonly seconds: number;
  readonly threads: readonly number[];
  readonly workloads: readonly string[];
  readonly tables: number;
  readonly tableSize: number;
  readonly raft: boolean;
  readonly cpuProfDir: string | undefined;
}

/** What one sysbench run reported (or why it did not). */
export interface SysbenchResult {
  readonly tps: number;
  readonly qps: number;
  readonly p95ms: number;
  readonly ignoredErrors: number;
  readonly error?: string;
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

function parseOptions(args: string[]): Options {
  const compare = option(args, 'compare');
  if (compare !== undefined && compare !== 'mariadb') throw new Error(`--compare takes 'mariadb', not '${compare}'`);
  const threads = (option(args, 'threads') ?? '1,8').split(',').map(Number);
  if (threads.some((t) => !Number.isInteger(t) || t < 1)) throw new Error('--threads takes a list of positive integers, e.g. 1,8');
  const workloads = (option(args, 'workloads') ?? WORKLOADS.join(',')).split(',');
  const prof = option(args, 'cpu-prof');
  return {
    compare: compare === 'mariadb',
    seconds: Number(option(args, 'time') ?? 20),
    threads,
    workloads,
    tables: Number(option(args, 'tables') ?? 4),
    tableSize: Number(option(args, 'table-size') ?? 10_000),
    raft: !args.includes('--single-copy'),
    cpuProfDir: prof === undefined ? undefined : resolve(prof),
  };
}

/** Parses the summary sysbench 1.0 prints after `run`. */
export function parseSysbenchOutput(out: string): SysbenchResult {
  const num = (re: RegExp): number | undefined => {
    const m = re.exec(out);
    return m ? Number(m[1]) : undefined;
  };
  const tps = num(/transactions:\s+\d+\s+\(([\d.]+) per sec\.\)/);
  const qps = num(/queries:\s+\d+\s+\(([\d.]+) per sec\.\)/);
  const p95ms = num(/95th percentile:\s+([\d.]+)/);
  const ignoredErrors = num(/ignored errors:\s+(\d+)/) ?? 0;
  const fatal = /^FATAL: .*$/m.exec(out)?.[0];
  if (tps === undefined || qps === undefined || p95ms === undefined) {
    return { tps: 0, qps: 0, p95ms: 0, ignoredErrors, error: fatal ?? out.trim().split('\n').slice(-3).join(' | ') };
  }
  return fatal === undefined ? { tps, qps, p95ms, ignoredErrors } : { tps, qps, p95ms, ignoredErrors, error: fatal };
}

function sysbench(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('sysbench', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolvePromise({ code, out }));
  });
}

function commonArgs(target: SqlTarget, o: Options): string[] {
  return [
    '--db-driver=mysql',
    '--mysql-host=127.0.0.1',
    `--mysql-port=${target.port}`,
    '--mysql-user=root',
    '--mysql-db=sbtest',
    `--tables=${o.tables}`,
    `--table-size=${o.tableSize}`,
  ];
}

async function createDatabase(port: number): Promise<void> {
  // mysql2 is a devDependency; the benchmark runs from a checkout with them installed.
  const mysql = await import('mysql2/promise');
  const conn = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root' });
  try {
    await conn.query('CREATE DATABASE IF NOT EXISTS sbtest');
  } finally {
    await conn.end();
  }
}

async function startStrata(o: Options): Promise<SqlTarget> {
  const c = await startStrataCluster({ name: 'sysbench', stores: 3, raft: o.raft, sql: true, cpuProfDir: o.cpuProfDir });
  return { name: 'Strata', port: c.sqlPort as number, stop: () => c.stop() };
}

type Results = Map<string, SysbenchResult>;
const key = (workload: string, threads: number): string => `${workload}@${threads}`;

async function runAll(target: SqlTarget, o: Options): Promise<Results> {
  const results: Results = new Map();
  await createDatabase(target.port);
  progress(`${target.name}: sysbench prepare, ${o.tables} tables × ${o.tableSize} rows`);
  const t0 = Date.now();
  const prep = await sysbench(['oltp_read_write', ...commonArgs(target, o), '--threads=1', 'prepare']);
  if (prep.code !== 0) throw new Error(`${target.name}: sysbench prepare failed:\n${prep.out.split('\n').slice(-10).join('\n')}`);
  progress(`${target.name}: prepared in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  for (const workload of o.workloads) {
    for (const threads of o.threads) {
      progress(`${target.name}: ${workload}, ${threads} thread(s), ${o.seconds} s`);
      const r = await sysbench([workload, ...commonArgs(target, o), `--threads=${threads}`, `--time=${o.seconds}`, '--report-interval=0', 'run']);
      const parsed = parseSysbenchOutput(r.out);
      const result = r.code === 0 || parsed.error !== undefined ? parsed : { ...parsed, error: `exit code ${String(r.code)}` };
      results.set(key(workload, threads), result);
      progress(
        result.error === undefined
          ? `${target.name}: ${workload} ×${threads}: ${result.tps.toFixed(1)} tps, ${result.qps.toFixed(1)} qps, p95 ${result.p95ms} ms, ${result.ignoredErrors} retried errors`
          : `${target.name}: ${workload} ×${threads} FAILED: ${result.error}`,
      );
    }
  }
  return results;
}

function missingTools(o: Options): string[] {
  const missing: string[] = [];
  if (!installed('sysbench')) missing.push('sysbench is not installed: apt-get install sysbench (Debian/Ubuntu)');
  const maria = o.compare ? mariadbMissing() : undefined;
  if (maria !== undefined) missing.push(maria);
  return missing;
}

function cell(r: SysbenchResult | undefined, f: (r: SysbenchResult) => number): string | number {
  if (r === undefined) return '-';
  if (r.error !== undefined) return 'error';
  return f(r);
}

export async function run(args: string[]): Promise<void> {
  const o = parseOptions(args);
  const missing = missingTools(o);
  if (missing.length > 0) {
    for (const m of missing) console.error(`sysbench bench: ${m}`);
    console.error('(MariaDB is started on a temp data dir by the benchmark itself; do not start its service.)');
    process.exitCode = 2;
    return;
  }
  const systems: { name: string; start: () => Promise<SqlTarget> }[] = [{ name: 'Strata', start: () => startStrata(o) }];
  if (o.compare) systems.push({ name: 'MariaDB', start: startMariaDB });
  const all = new Map<string, Results>();
  for (const s of systems) {
    const target = await s.start();
    try {
      all.set(s.name, await runAll(target, o));
    } finally {
      progress(`${s.name}: stopping`);
      await target.stop();
    }
  }
  const strata = all.get('Strata');
  const maria = all.get('MariaDB');
  const headers = ['workload', 'threads', 'Strata tps', 'Strata qps', 'Strata p95 ms', 'retried/s'];
  if (maria) headers.push('MariaDB tps', 'MariaDB qps', 'MariaDB p95 ms', 'qps Strata/MariaDB');
  const rows: (string | number)[][] = [];
  for (const w of o.workloads) {
    for (const t of o.threads) {
      const s = strata?.get(key(w, t));
      const row: (string | number)[] = [w, String(t), cell(s, (r) => r.tps), cell(s, (r) => r.qps), cell(s, (r) => r.p95ms), cell(s, (r) => r.ignoredErrors / o.seconds)];
      if (maria) {
        const m = maria.get(key(w, t));
        row.push(cell(m, (r) => r.tps), cell(m, (r) => r.qps), cell(m, (r) => r.p95ms));
        row.push(s && m && s.error === undefined && m.error === undefined && m.qps > 0 ? (s.qps / m.qps).toFixed(3) : '-');
      }
      rows.push(row);
    }
  }
  console.log(`\nsysbench ${o.tables} tables × ${o.tableSize} rows, ${o.seconds} s per run, server-side prepared statements${o.raft ? ', Strata with raft (3 replicas)' : ', Strata with one copy per region (no raft)'}\n`);
  console.log(table(headers, rows));
  const failures = [...all.entries()].flatMap(([sys, res]) => [...res.entries()].filter(([, r]) => r.error !== undefined).map(([k, r]) => `${sys} ${k}: ${r.error}`));
  if (failures.length > 0) console.log(`\nfailed runs:\n${failures.join('\n')}`);
}
