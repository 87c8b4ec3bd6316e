// Scale benchmark (issue 10): how the cost of a point select grows with the data. Through
// Strata's MySQL port with mysql2, the prepared `SELECT c FROM t WHERE id = ?` for random ids:
//
//   latency     p50/p95 (and queries/s) on a 10,000-row and a 1,000,000-row table, with 1 and
//               --threads (8) connections; the target: p95 at 1M ≤ 1.2 × p95 at 10k
//   regions     queries/s on the large table while it lies in one region, then after splitting
//               it into --regions (256) regions; the target: many regions ≥ 0.8 × one region
//
// Strata runs as the playground runs it (PD, three stores, one SQL server, raft with 3 replicas;
// `--single-copy`: one copy per region); the tables
// are sysbench-shaped (id, k, c CHAR-like 120 bytes, pad 60 bytes) and loaded fast through the
// transactional client in the SQL row format (bench/table-loader.ts). Every connection runs a few
// hundred untimed queries before each measurement, so statement preparation and the SQL server's
// region cache (stale right after a split) are not counted.
//
//   npm run bench -- scale [--small 10000] [--large 1000000] [--queries 3000] [--threads 8]
//                          [--regions 256] [--seconds 5] [--single-copy]
import mysql from 'mysql2/promise';
import { connect } from '../kv/client/index.js';
import { SqlEngine } from '../sql/session/engine.js';
import type { Table } from '../sql/table/index.js';
import { measureFor, measureLatency, numArg, progress, table, type Latencies } from './harness.js';
import { regionCount, startStrataCluster } from './servers.js';
import { loadRows, splitTable } from './table-loader.js';

const DB = 'bench';
const WARMUP_PER_CONN = 200;

const ddl = (name: string): string => `CREATE TABLE ${name} (id BIGINT PRIMARY KEY, k INT NOT NULL, c VARCHAR(120) NOT NULL, pad VARCHAR(60) NOT NULL)`;
const cOf = (i: number): string => `${String(i).padStart(11, '0')}-`.repeat(10).slice(0, 119);
const sbRow = (i: number): [bigint, bigint, string, string] => [BigInt(i + 1), BigInt((i * 31) % 100_000), cOf(i), 'pad'.repeat(20)];

export async function run(args: string[]): Promise<void> {
  const small = numArg(args, 'small', 10_000);
  const large = numArg(args, 'large', 1_000_000);
  const queries = numArg(args, 'queries', 3000);
  const threads = numArg(args, 'threads', 8);
  const regions = numArg(args, 'regions', 256);
  const seconds = numArg(args, 'seconds', 5);
  const c = await startStrataCluster({ name: 'scale', stores: 3, sql: true, raft: !args.includes('--single-copy') });
  const conns: mysql.Connection[] = [];
  try {
    const port = c.sqlPort as number;
    for (let i = 0; i < threads; i++) conns.push(await mysql.createConnection({ host: '127.0.0.1', port, user: 'root' }));
    const first = conns[0] as mysql.Connection;
    await first.query(`CREATE DATABASE ${DB}`);
    await first.query(`USE ${DB}`);
    await first.query(ddl('t_small'));
    await first.query(ddl('t_large'));
    for (const conn of conns.slice(1)) await conn.query(`USE ${DB}`);

    const client = await connect({ pd: c.pdAddr });
    let largeTable: Table;
    try {
      const engine = await SqlEngine.start({ client });
      try {
        await loadRows(client, engine, DB, 't_small', small, sbRow);
        largeTable = await loadRows(client, engine, DB, 't_large', large, sbRow);
      } finally {
        await engine.close();
      }

      /** One point select of a random row, checked: a missing or wrong row is a bug, not a figure. */
      const pointSelect = async (name: string, rows: number, conn: mysql.Connection): Promise<void> => {
        const i = Math.floor(Math.random() * rows);
        const [res] = await conn.execute<mysql.RowDataPacket[]>(`SELECT c FROM ${name} WHERE id = ?`, [i + 1]);
        if (res.length !== 1 || res[0]?.c !== cOf(i)) throw new Error(`${name}: SELECT c WHERE id = ${i + 1} answered ${JSON.stringify(res)}`);
      };
      const warmUp = async (name: string, rows: number, n: number): Promise<void> => {
        await Promise.all(conns.slice(0, n).map(async (conn) => {
          for (let q = 0; q < WARMUP_PER_CONN; q++) await pointSelect(name, rows, conn);
        }));
      };

      const latency = new Map<string, Latencies>();
      for (const [name, rows] of [['t_small', small], ['t_large', large]] as const) {
        for (const n of [1, threads]) {
          progress(`point select latency, ${rows.toLocaleString('en-US')} rows, ${n} connection(s)`);
          await warmUp(name, rows, n);
          latency.set(`${name}@${n}`, await measureLatency(queries, (_, w) => pointSelect(name, rows, conns[w] as mysql.Connection), n));
        }
      }

      const regionsBefore = await regionCount(c);
      progress(`point select throughput, ${large.toLocaleString('en-US')} rows, ${threads} connections, ${regionsBefore} region(s) in the cluster`);
      await warmUp('t_large', large, threads);
      const oneRegion = await measureFor(seconds * 1000, (w) => pointSelect('t_large', large, conns[w] as mysql.Connection), threads);
      await splitTable(client, largeTable, large, regions);
      const regionsAfter = await regionCount(c);
      progress(`point select throughput, ${regionsAfter} regions in the cluster`);
      await warmUp('t_large', large, threads);
      const manyRegions = await measureFor(seconds * 1000, (w) => pointSelect('t_large', large, conns[w] as mysql.Connection), threads);
      const afterSplit = await measureLatency(queries, (_, w) => pointSelect('t_large', large, conns[w] as mysql.Connection), threads);

      const rowsOut: (string | number)[][] = [];
      for (const [name, rows] of [['t_small', small], ['t_large', large]] as const) {
        for (const n of [1, threads]) {
          const l = latency.get(`${name}@${n}`) as Latencies;
          rowsOut.push([rows.toLocaleString('en-US'), String(regionsBefore), String(n), l.perSecond, l.p50ms.toFixed(2), l.p95ms.toFixed(2)]);
        }
      }
      rowsOut.push([large.toLocaleString('en-US'), String(regionsAfter), String(threads), afterSplit.perSecond, afterSplit.p50ms.toFixed(2), afterSplit.p95ms.toFixed(2)]);
      console.log(`\nscale: prepared SELECT c FROM t WHERE id = ? (random ids) through mysql2, PD + 3 stores + SQL server, ${queries} queries per latency row\n`);
      console.log(table(['rows', 'regions', 'connections', 'queries/s', 'p50 ms', 'p95 ms'], rowsOut));
      const p95 = (name: string, n: number): number => (latency.get(`${name}@${n}`) as Latencies).p95ms;
      console.log('');
      console.log(
        table(
          ['ratio', 'value', 'target'],
          [
            [`p95 at ${large.toLocaleString('en-US')} / at ${small.toLocaleString('en-US')} rows, 1 connection`, (p95('t_large', 1) / p95('t_small', 1)).toFixed(2), '≤ 1.2'],
            [`p95 at ${large.toLocaleString('en-US')} / at ${small.toLocaleString('en-US')} rows, ${threads} connections`, (p95('t_large', threads) / p95('t_small', threads)).toFixed(2), '≤ 1.2'],
            [
              `queries/s with ${regionsAfter} regions / with ${regionsBefore} (${threads} conns, ${seconds} s: ${Math.round(manyRegions.perSecond)} vs ${Math.round(oneRegion.perSecond)})`,
              (manyRegions.perSecond / oneRegion.perSecond).toFixed(2),
              '≥ 0.8',
            ],
          ],
        ),
      );
    } finally {
      await client.close();
    }
  } finally {
    for (const conn of conns) await conn.end().catch(() => undefined);
    progress('Strata: stopping');
    await c.stop();
  }
}
