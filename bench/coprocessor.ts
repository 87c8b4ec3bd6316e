// Coprocessor benchmark (issue "Coprocessor over Apache Arrow"): the issue's analytic queries
// through the SQL engine over a table split in several regions of a real KV process, each run
// with @@strata_enable_cop_pushdown OFF and ON in the same run:
//
//   off  every row travels to the SQL server (KvScan pages), is decoded there and filtered,
//        aggregated or sorted by the row-at-a-time executors
//   on   the store runs TableScan → Selection → partial Aggregation / TopN over Arrow batches and
//        answers only partial results, which the SQL server merges
//
// Queries: COUNT(*); SUM/AVG with a 1% WHERE; GROUP BY a low- (10 groups) and a high-cardinality
// (rows/10 groups) column; ORDER BY v LIMIT 10. Figures: wall time, table rows scanned per second
// (the whole table each time: no index helps these), speed-up, and whether both answers match.
//
// Rows are written straight through the transactional client in the SQL row format
// (bench/table-loader.ts), so loading 1,000,000 rows takes minutes, not an hour of parsing INSERT
// text. The table and queries are bench/analytic-workload.ts, shared with `bench analytic`.
//
//   npm run bench -- coprocessor [--rows 1000000] [--regions 4] [--runs 1]
import { collect } from '../sql/session/result.js';
import { SqlEngine } from '../sql/session/engine.js';
import type { Session } from '../sql/session/session.js';
import { valueToString, type Value } from '../sql/types/index.js';
import { ANALYTIC_DDL, ANALYTIC_QUERIES as QUERIES, ANALYTIC_TABLE, analyticRows } from './analytic-workload.js';
import { numArg as arg, progress, table } from './harness.js';
import { startBenchCluster } from './servers.js';
import { loadRows, splitTable } from './table-loader.js';

async function answer(s: Session, q: string): Promise<string> {
  const r = await collect(await s.execute(q));
  if (r.kind !== 'rows') throw new Error(`${q}: no rows`);
  return r.rows.map((row) => row.map((v: Value) => valueToString(v) ?? 'NULL').join(',')).join(';');
}

export async function run(args: string[]): Promise<void> {
  const rows = arg(args, 'rows', 1_000_000);
  const regions = arg(args, 'regions', 4);
  const runs = arg(args, 'runs', 1);
  const cluster = await startBenchCluster('cop');
  const { client } = cluster;
  try {
    const engine = await SqlEngine.start({ client });
    try {
      const s = await engine.openSession();
      await collect(await s.execute('CREATE DATABASE bench'));
      await collect(await s.execute('USE bench'));
      await collect(await s.execute(ANALYTIC_DDL));
      const tbl = await loadRows(client, engine, 'bench', ANALYTIC_TABLE, rows, analyticRows(rows));
      await splitTable(client, tbl, rows, regions);

      const out: (string | number)[][] = [];
      const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
      for (const [name, q] of QUERIES) {
        const seconds = { OFF: Infinity, ON: Infinity };
        const answers: Record<string, string> = {};
        for (const mode of ['OFF', 'ON'] as const) {
          await collect(await s.execute(`SET @@strata_enable_cop_pushdown = ${mode}`));
          for (let r = 0; r < runs; r++) {
            progress(`${name}, pushdown ${mode}`);
            const start = performance.now();
            answers[mode] = await answer(s, q);
            seconds[mode] = Math.min(seconds[mode], (performance.now() - start) / 1000);
          }
        }
        out.push([
          name,
          (seconds.OFF * 1000).toFixed(0),
          fmt(rows / seconds.OFF),
          (seconds.ON * 1000).toFixed(0),
          fmt(rows / seconds.ON),
          `${(seconds.OFF / seconds.ON).toFixed(1)}x`,
          answers.OFF === answers.ON ? 'yes' : 'NO',
        ]);
      }
      const plan = await collect(await s.execute(`EXPLAIN ${QUERIES[2]?.[1] ?? ''}`));
      console.log(`\ncoprocessor through the SQL engine: ${rows.toLocaleString('en-US')} rows in ${regions} regions, one KV process (best of ${runs})\n`);
      console.log(table(['query', 'off ms', 'off rows/s', 'on ms', 'on rows/s', 'speed-up', 'same answer'], out));
      if (plan.kind === 'rows') console.log(`\n${plan.rows.map((r) => `${String(r[0]).padEnd(32)} ${String(r[2]).padEnd(10)} ${String(r[4])}`).join('\n')}`);
      await s.close();
    } finally {
      await engine.close();
    }
  } finally {
    await cluster.stop();
  }
}
