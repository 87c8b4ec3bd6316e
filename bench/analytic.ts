// Analytic benchmark (issue 10): the analytic queries of bench/analytic-workload.ts — COUNT(*),
// SUM/AVG with a 1% WHERE, GROUP BY a low- and a high-cardinality column, ORDER BY … LIMIT 10 —
// over a 1,000,000-row table split into several regions, timed through Strata's MySQL port with
// mysql2 as a user would run them (coprocessor pushdown on, the default), and with
// `--compare mariadb` on a MariaDB server holding the same rows, back to back (never at once, so
// they do not share the cores). Prints seconds per query on each, Strata/MariaDB as a ratio (the
// issue's target: at most 1.5) and whether both answered the same.
//
// Strata runs as the playground runs it (PD, three stores, one SQL server, raft with 3 replicas;
// `--single-copy` for one copy per region); the table is created through the MySQL port, then
// loaded fast through the transactional client in the SQL row format (bench/table-loader.ts) and split into `--regions`
// regions. MariaDB (bench/servers.ts) gets the same rows by LOAD DATA LOCAL INFILE of a generated
// CSV. Each system answers one untimed COUNT(*) first (Strata's SQL server learns the new regions,
// MariaDB's buffer pool is warm from the load), then each query `--runs` times, best time kept.
// `--cpu-prof DIR` runs Strata's processes under `node --cpu-prof` (as bench sysbench does).
//
//   npm run bench -- analytic [--rows 1000000] [--regions 8] [--runs 1] [--compare mariadb] [--single-copy]
//                             [--cpu-prof DIR]
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import mysql from 'mysql2/promise';
import { connect } from '../kv/client/index.js';
import { SqlEngine } from '../sql/session/engine.js';
import { ANALYTIC_DDL, ANALYTIC_QUERIES, ANALYTIC_TABLE, analyticRows } from './analytic-workload.js';
import { numArg, progress, strArg, table } from './harness.js';
import { mariadbMissing, startMariaDB, startStrataCluster, type SqlTarget } from './servers.js';
import { loadRows, splitTable } from './table-loader.js';

interface Options {
  readonly rows: number;
  readonly regions: number;
  readonly runs: number;
  readonly compare: boolean;
  readonly raft: boolean;
  readonly cpuProfDir: string | undefined;
}

/** Seconds and answer (rows as text) per query, in ANALYTIC_QUERIES order. */
type Timings = { seconds: number; answer: string }[];

const DB = 'bench';

/** A result set as text, the same for equal answers from either server (mysql2 gives DECIMAL as
 *  strings, integers as numbers, on both). */
function answerText(rows: unknown): string {
  return (rows as unknown[][]).map((r) => r.map((c) => (c === null ? 'NULL' : String(c))).join(',')).join(';');
}

async function runQueries(name: string, port: number, o: Options): Promise<Timings> {
  const conn = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root', database: DB, rowsAsArray: true });
  try {
    progress(`${name}: warm-up COUNT(*)`);
    await conn.query('SELECT COUNT(*) FROM t');
    const out: Timings = [];
    for (const [label, q] of ANALYTIC_QUERIES) {
      let best = { seconds: Infinity, answer: '' };
      for (let r = 0; r < o.runs; r++) {
        progress(`${name}: ${label}`);
        const start = performance.now();
        const [rows] = await conn.query(q);
        const seconds = (performance.now() - start) / 1000;
        if (seconds < best.seconds) best = { seconds, answer: answerText(rows) };
      }
      progress(`${name}: ${label}: ${best.seconds.toFixed(3)} s`);
      out.push(best);
    }
    return out;
  } finally {
    await conn.end();
  }
}

async function strata(o: Options): Promise<Timings> {
  const c = await startStrataCluster({ name: 'analytic', stores: 3, raft: o.raft, sql: true, cpuProfDir: o.cpuProfDir });
  try {
    const port = c.sqlPort as number;
    const conn = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root' });
    await conn.query(`CREATE DATABASE ${DB}`);
    await conn.query(`USE ${DB}`);
    await conn.query(ANALYTIC_DDL);
    await conn.end();
    // The loader's own SQL engine starts after the CREATE TABLE, so it sees the table at once.
    const client = await connect({ pd: c.pdAddr });
    try {
      const engine = await SqlEngine.start({ client });
      try {
        const tbl = await loadRows(client, engine, DB, ANALYTIC_TABLE, o.rows, analyticRows(o.rows));
        await splitTable(client, tbl, o.rows, o.regions);
      } finally {
        await engine.close();
      }
    } finally {
      await client.close();
    }
    return await runQueries('Strata', port, o);
  } finally {
    progress('Strata: stopping');
    await c.stop();
  }
}

/** Writes the table's rows as CSV (what LOAD DATA reads by default with FIELDS TERMINATED BY ','). */
async function writeCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  const row = analyticRows(rows);
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    chunk += `${row(i).join(',')}\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

async function mariadb(o: Options): Promise<Timings> {
  const target: SqlTarget = await startMariaDB();
  const dir = mkdtempSync(join(tmpdir(), 'strata-bench-analytic-csv-'));
  try {
    const csv = join(dir, 't.csv');
    progress(`MariaDB: writing ${o.rows.toLocaleString('en-US')} rows as CSV`);
    await writeCsv(csv, o.rows);
    const conn = await mysql.createConnection({ host: '127.0.0.1', port: target.port, user: 'root', infileStreamFactory: () => createReadStream(csv) });
    try {
      await conn.query(`CREATE DATABASE ${DB}`);
      await conn.query(`USE ${DB}`);
      await conn.query(`${ANALYTIC_DDL} ENGINE=InnoDB`);
      progress('MariaDB: LOAD DATA LOCAL INFILE');
      const t0 = performance.now();
      await conn.query(`LOAD DATA LOCAL INFILE '${csv}' INTO TABLE ${ANALYTIC_TABLE} FIELDS TERMINATED BY ','`);
      progress(`MariaDB: loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    } finally {
      await conn.end();
    }
    return await runQueries('MariaDB', target.port, o);
  } finally {
    progress('MariaDB: stopping');
    rmSync(dir, { recursive: true, force: true });
    await target.stop();
  }
}

export async function run(args: string[]): Promise<void> {
  const compare = strArg(args, 'compare');
  const cpuProf = strArg(args, 'cpu-prof');
  if (compare !== undefined && compare !== 'mariadb') throw new Error(`--compare takes 'mariadb', not '${compare}'`);
  const o: Options = {
    rows: numArg(args, 'rows', 1_000_000),
    regions: numArg(args, 'regions', 8),
    runs: numArg(args, 'runs', 1),
    compare: compare === 'mariadb',
    raft: !args.includes('--single-copy'),
    cpuProfDir: cpuProf === undefined ? undefined : resolve(cpuProf),
  };
  const missing = o.compare ? mariadbMissing() : undefined;
  if (missing !== undefined) {
    console.error(`analytic bench: ${missing}`);
    process.exitCode = 2;
    return;
  }
  const s = await strata(o);
  const m = o.compare ? await mariadb(o) : undefined;
  const headers = ['query', 'Strata s'];
  if (m) headers.push('MariaDB s', 'Strata/MariaDB', 'same answer');
  const rows = ANALYTIC_QUERIES.map(([label], i) => {
    const st = s[i] as Timings[number];
    const row: (string | number)[] = [label, st.seconds.toFixed(3)];
    const mt = m?.[i];
    if (mt) row.push(mt.seconds.toFixed(3), (st.seconds / mt.seconds).toFixed(2), st.answer === mt.answer ? 'yes' : 'NO');
    return row;
  });
  const total = (t: Timings): number => t.reduce((n, q) => n + q.seconds, 0);
  const totalRow: (string | number)[] = ['total', total(s).toFixed(3)];
  if (m) totalRow.push(total(m).toFixed(3), (total(s) / total(m)).toFixed(2), '');
  rows.push(totalRow);
  console.log(
    `\nanalytic: ${o.rows.toLocaleString('en-US')} rows, Strata over ${o.regions} regions (PD + 3 stores${o.raft ? ', raft 3 replicas' : ', one copy per region'} + SQL server, pushdown on) through mysql2, best of ${o.runs}\n`,
  );
  console.log(table(headers, rows));
  if (m) {
    const differ = ANALYTIC_QUERIES.flatMap(([label], i) => (s[i]?.answer === m[i]?.answer ? [] : [`${label}:\n  Strata:  ${String(s[i]?.answer).slice(0, 300)}\n  MariaDB: ${String(m[i]?.answer).slice(0, 300)}`]));
    if (differ.length > 0) console.log(`\nanswers that differ:\n${differ.join('\n')}`);
  }
}
