// Coprocessor benchmark (issue "Coprocessor over Apache Arrow"): analytic queries over a table
// spread across several regions of a real KV process, answered two ways in the same run:
//
//   pushdown  the DAG runs on the store (client.cop.send), partial results merged here
//   off       every row is scanned to this process (snapshot.iterate), decoded with sql/codec
//             and evaluated here row by row — what a SQL server without pushdown must do
//
// Queries: COUNT(*); SUM/AVG with a 1% WHERE; GROUP BY a low- (10) and a high-cardinality
// (rows/10) column; ORDER BY v LIMIT 10. Figures: wall time, rows scanned per second, speed-up.
//
//   npm run bench -- coprocessor [--rows 200000] [--regions 4]
import { readCopAnswer, type StrataClient } from '../kv/client/index.js';
import { copType, type CopDag, type CopExecutor } from '../kv/cop-types.js';
import { toInternal } from '../kv/meta.js';
import { decodeRow, encodeRow, rowKey, rowRange } from '../sql/codec/index.js';
import { T, type Value } from '../sql/types/index.js';
import { progress, startBenchCluster, table } from './harness.js';

const TABLE = 500n;
const INT = copType('int');
const BIG = copType('bigint');
const COLS = [
  { id: 2, type: T.int() }, // k: id % 10
  { id: 3, type: T.int() }, // g: id % (rows / 10)
  { id: 4, type: T.int() }, // v: pseudo-random
  { id: 5, type: T.int() }, // w: id % 100 (the 1% filter)
];
const WANTED = COLS.map((c) => ({ id: c.id, type: c.type, default: null }));

function arg(args: string[], name: string, dflt: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
}

const SCAN: CopExecutor = {
  kind: 'table_scan',
  id: 'scan',
  tableId: TABLE,
  columns: [
    { columnId: 1, type: BIG, pkHandle: true, default: null },
    ...COLS.map((c) => ({ columnId: c.id, type: INT, pkHandle: false, default: null })),
  ],
  desc: false,
};
const col = (offset: number) => ({ kind: 'column' as const, offset, type: INT });
const agg = (groupBy: number[], funcs: { name: 'count' | 'sum' | 'avg'; arg?: number }[]): CopExecutor => ({
  kind: 'aggregation',
  id: 'agg',
  groupBy: groupBy.map(col),
  aggFuncs: funcs.map((f) => ({ name: f.name, args: f.arg === undefined ? [] : [col(f.arg)], distinct: false })),
});
const onePercent: CopExecutor = {
  kind: 'selection',
  id: 'sel',
  conditions: [{ kind: 'func', sig: 'EQInt', type: BIG, args: [col(4), { kind: 'constant', value: 7n, type: INT }] }],
};

interface Query {
  readonly name: string;
  readonly dag: CopDag;
  /** The same query row by row over decoded rows [id, k, g, v, w]; returns a checksum. */
  readonly local: (rows: AsyncIterable<Value[]>) => Promise<number>;
  /** The checksum of the merged pushdown answers. */
  readonly merge: (answers: ReturnType<typeof readCopAnswer>[]) => number;
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : typeof v === 'object' && 'coef' in (v as object) ? Number((v as { coef: bigint }).coef) : Number(v));

const QUERIES: Query[] = [
  {
    name: 'SELECT COUNT(*)',
    dag: { executors: [SCAN, agg([], [{ name: 'count' }])], batchSize: 0 },
    local: async (rows) => {
      let n = 0;
      for await (const _ of rows) n++;
      return n;
    },
    merge: (as) => as.reduce((s, a) => s + num(a.columns[0]?.values[0]), 0),
  },
  {
    name: 'SUM(v), AVG(v) WHERE w = 7 (1%)',
    dag: { executors: [SCAN, onePercent, agg([], [{ name: 'sum', arg: 3 }, { name: 'avg', arg: 3 }])], batchSize: 0 },
    local: async (rows) => {
      let sum = 0;
      for await (const r of rows) if (r[4] === 7n) sum += Number(r[3]);
      return sum;
    },
    merge: (as) => as.reduce((s, a) => s + num(a.columns[0]?.values[0]), 0),
  },
  {
    name: 'COUNT(*) GROUP BY k (10 groups)',
    dag: { executors: [SCAN, agg([1], [{ name: 'count' }])], batchSize: 0 },
    local: async (rows) => {
      const g = new Map<bigint, number>();
      for await (const r of rows) g.set(r[1] as bigint, (g.get(r[1] as bigint) ?? 0) + 1);
      return g.size;
    },
    merge: (as) => new Set(as.flatMap((a) => a.columns[1]?.values ?? []).map(String)).size,
  },
  {
    name: 'COUNT(*) GROUP BY g (rows/10 groups)',
    dag: { executors: [SCAN, agg([2], [{ name: 'count' }])], batchSize: 0 },
    local: async (rows) => {
      const g = new Map<bigint, number>();
      for await (const r of rows) g.set(r[2] as bigint, (g.get(r[2] as bigint) ?? 0) + 1);
      return g.size;
    },
    merge: (as) => new Set(as.flatMap((a) => a.columns[1]?.values ?? []).map(String)).size,
  },
  {
    name: 'ORDER BY v LIMIT 10',
    dag: { executors: [SCAN, { kind: 'top_n', id: 'topn', orderBy: [{ expr: col(3), desc: false }], limit: 10 }], batchSize: 0 },
    local: async (rows) => {
      const top: number[] = [];
      for await (const r of rows) {
        top.push(Number(r[3]));
        if (top.length > 1000) top.sort((a, b) => a - b).splice(10);
      }
      return top.sort((a, b) => a - b).slice(0, 10).reduce((s, x) => s + x, 0);
    },
    merge: (as) =>
      as
        .flatMap((a) => (a.columns[3]?.values ?? []).map(Number))
        .sort((a, b) => a - b)
        .slice(0, 10)
        .reduce((s, x) => s + x, 0),
  },
];

async function* scanRows(client: StrataClient): AsyncGenerator<Value[]> {
  const snap = client.txn.snapshot(await client.pd.getTs());
  const r = rowRange(TABLE);
  for await (const p of snap.iterate(r.start, r.end, { batchSize: 1024 })) {
    const handle = Buffer.from(p.key).readBigUInt64BE(11) ^ (1n << 63n);
    yield [handle, ...decodeRow(p.value, WANTED)];
  }
}

async function load(client: StrataClient, rows: number): Promise<void> {
  const per = 2000;
  for (let start = 0; start < rows; start += per) {
    const txn = await client.txn.begin();
    for (let i = start; i < Math.min(rows, start + per); i++) {
      const values: bigint[] = [BigInt(i % 10), BigInt(i % Math.max(1, Math.floor(rows / 10))), BigInt((i * 7919) % 1_000_003), BigInt(i % 100)];
      txn.set(rowKey(TABLE, BigInt(i + 1)), encodeRow(COLS.map((c, j) => ({ id: c.id, type: c.type, value: values[j] ?? null }))));
    }
    await txn.commit();
    if ((start / per) % 25 === 0) progress(`loaded ${start + per} rows`);
  }
}

export async function run(args: string[]): Promise<void> {
  const rows = arg(args, 'rows', 200_000);
  const regions = arg(args, 'regions', 4);
  const cluster = await startBenchCluster('cop');
  const { client } = cluster;
  try {
    try {
      progress(`loading ${rows} rows`);
      await load(client, rows);
      const splits = Array.from({ length: regions - 1 }, (_, i) => toInternal('txn', rowKey(TABLE, BigInt(Math.floor(((i + 1) * rows) / regions)))));
      await client.splitRegions(splits);
      const out: (string | number)[][] = [];
      for (const q of QUERIES) {
        progress(q.name);
        const r = rowRange(TABLE);
        const t0 = performance.now();
        const answers = await client.cop.send({ startTs: await client.pd.getTs(), ranges: [{ start: r.start, end: r.end }], dag: q.dag, concurrency: regions });
        const pushed = q.merge(answers.map((a) => readCopAnswer(a.data)));
        const tPush = (performance.now() - t0) / 1000;
        const t1 = performance.now();
        const local = await q.local(scanRows(client));
        const tLocal = (performance.now() - t1) / 1000;
        const agree = Math.abs(pushed - local) < 1e-6 ? 'yes' : `NO (${pushed} vs ${local})`;
        out.push([q.name, tPush * 1000, rows / tPush, tLocal * 1000, rows / tLocal, `${(tLocal / tPush).toFixed(1)}x`, agree]);
      }
      console.log(`\ncoprocessor: ${rows} rows in ${regions} regions, one KV process\n`);
      console.log(table(['query', 'pushdown ms', 'rows/s', 'off ms', 'rows/s', 'speed-up', 'same answer'], out));
    } finally {
      await client.close();
    }
  } finally {
    await cluster.stop();
  }
}
