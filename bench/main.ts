// `npm run bench -- <name> [options]`: benchmarks print figures; they never fail a test.
// Each benchmark is a module under bench/ exporting `run(args)`.

const benches: Record<string, { summary: string; load: () => Promise<{ run(args: string[]): Promise<void> }> }> = {
  kv: { summary: 'raw and txn put/get/scan through gRPC against real PD + KV processes, 1 replica and 3 (raft), with the ratio', load: () => import('./kv.js') },
  raft: { summary: 'kill -9 of a region leader under load: election, PD learning it, puts again, catch-up; split; peer move to a 4th store', load: () => import('./raft.js') },
  sql: { summary: 'SQL statements/s through the session API: point select, inserts, index range, join', load: () => import('./sql.js') },
  wire: { summary: 'MySQL protocol cost: SELECT 1, point select, 1-row insert via mysql2 vs sql/session, 1 and 32 conns', load: () => import('./wire.js') },
  coprocessor: { summary: 'pushed-down COUNT/SUM/GROUP BY/TopN over several regions vs scanning every row to the client', load: () => import('./coprocessor.js') },
  'plan-cache': { summary: 'prepared point select through mysql2 with the prepared-plan cache off and on, alternating: queries/s and SQL-server CPU per query', load: () => import('./plan-cache.js') },
  sysbench: { summary: 'sysbench OLTP workloads (point select, read-only, write-only, read-write, insert) at 1 and 8 threads; --compare mariadb', load: () => import('./sysbench.js') },
  analytic: { summary: 'COUNT/SUM/AVG/GROUP BY/ORDER BY LIMIT over 1,000,000 rows in several regions through the MySQL port; --compare mariadb', load: () => import('./analytic.js') },
  scale: { summary: 'point-select p50/p95 at 10k and 1M rows, and throughput with one region and with hundreds, through the MySQL port', load: () => import('./scale.js') },
  mvcc: { summary: 'in-process Percolator: txns/s, gets/s, scan rate, beside raw LevelDB', load: () => import('./mvcc.js') },
};

const [name, ...args] = process.argv.slice(2);
const bench = name ? benches[name] : undefined;
if (!bench) {
  console.log('usage: npm run bench -- <name> [options]\n\nbenchmarks:');
  for (const [n, b] of Object.entries(benches)) console.log(`  ${n.padEnd(13)}${b.summary}`);
  process.exitCode = name ? 2 : 0;
} else {
  await (await bench.load()).run(args);
}
