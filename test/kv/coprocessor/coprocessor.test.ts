// The Coprocessor rpc end to end: rows written through the real transactional client (LevelDB in a
// temp dir, real gRPC on loopback) with sql/codec's row format, read back by the store's own
// decoder into Arrow batches, filtered, aggregated, sorted and limited next to the data. Covers
// NULLs, BIGINT UNSIGNED at 2^64-1, decimals, PAD SPACE strings, locks (KeyIsLocked), paging,
// index scans and bad requests.
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backoffer, type StrataClient } from '../../../kv/client/index.js';
import { toInternal } from '../../../kv/meta.js';
import { epochToPb, lockInfoFromPb } from '../../../kv/proto/convert.js';
import type { CopExecutor } from '../../../kv/cop-types.js';
import { encodeIndexEntry, indexRange, nextKey, rowKey, rowRange, handleRange } from '../../../sql/codec/index.js';
import { DateTime, Decimal, T, type Value } from '../../../sql/types/index.js';
import { disableAllFailpoints, enableFailpoint } from '../../../util/failpoint.js';
import { InProcessCluster } from '../../helpers/in-process-cluster.js';
import { BOOL, col, constant, CopCaller, fn, ft, ref, writeRows, type TestColumn } from './helpers.js';

const TABLE = 100n;
const U64_MAX = 2n ** 64n - 1n;
const N = 20;

const COLS: TestColumn[] = [
  { id: 2, type: T.int() },
  { id: 3, type: T.bigint({ unsigned: true }) },
  { id: 4, type: T.decimal(10, 2) },
  { id: 5, type: T.varchar(20) },
  { id: 6, type: T.double() },
  { id: 7, type: T.datetime() },
];

const ID = ft('bigint');
const A = ft('int');
const U = ft('bigint', { unsigned: true });
const D = ft('decimal', { precision: 10, scale: 2 });
const S = ft('varchar', { collation: 'utf8mb4_bin' });
const F = ft('double');
const DT = ft('datetime');

/** The scan of every column: id, a, u, d, s, f, t at offsets 0..6. */
const SCAN: CopExecutor = {
  kind: 'table_scan',
  id: 'scan',
  tableId: TABLE,
  columns: [col(1, ID, true), col(2, A), col(3, U), col(4, D), col(5, S), col(6, F), col(7, DT)],
  desc: false,
};

interface Row {
  id: bigint;
  a: bigint | null;
  u: bigint;
  d: string | null;
  s: string;
  f: number;
  t: DateTime;
}

function row(h: number): Row {
  return {
    id: BigInt(h),
    a: h === 3 ? null : BigInt(h % 5),
    u: h === N ? U64_MAX : BigInt(h * 1000),
    d: h === 4 ? null : (h * 1.25).toFixed(2),
    s: h === 6 ? 's0 ' : `s${h % 3}`,
    f: h / 2,
    t: DateTime.of(2024, 1, h),
  };
}

const ROWS = Array.from({ length: N }, (_, i) => row(i + 1));

function values(r: Row): Value[] {
  return [r.a, r.u, r.d === null ? null : Decimal.of(BigInt(Math.round(Number(r.d) * 100)), 2), r.s, r.f, r.t];
}

const all = (): { start: Buffer; end: Buffer }[] => [rowRange(TABLE)];

describe('Coprocessor rpc over a real store', () => {
  let cluster: InProcessCluster;
  let client: StrataClient;
  let cop: CopCaller;

  beforeAll(async () => {
    cluster = await InProcessCluster.start(1);
    client = await cluster.client();
    cop = new CopCaller(client);
    await writeRows(
      client,
      TABLE,
      COLS,
      ROWS.map((r) => ({ handle: r.id, values: values(r) })),
    );
  });

  afterAll(async () => {
    disableAllFailpoints();
    cop?.close();
    await cluster?.stop();
  });

  it('scans every row into typed columns: NULLs, unsigned 2^64-1, decimals, strings, datetimes', async () => {
    const r = await cop.send({ ranges: all(), executors: [SCAN], batchSize: 7 });
    expect(r.raw.region_error).toBeNull();
    expect(r.raw.other_error).toBe('');
    expect(r.rows).toHaveLength(N);
    expect(r.rows[0]).toEqual([1n, 1n, 1000n, '1.25', 's1', 0.5, DateTime.of(2024, 1, 1).packed()]);
    expect(r.rows[2]?.[1]).toBeNull(); // a of row 3
    expect(r.rows[3]?.[3]).toBeNull(); // d of row 4
    expect(r.rows[5]?.[4]).toBe('s0 ');
    expect(r.rows[N - 1]?.[2]).toBe(U64_MAX);
    // 20 rows in batches of 7: three batches.
    expect(r.summaries).toEqual([expect.objectContaining({ executorId: 'scan', producedRows: N, batches: 3 })]);
    expect(r.raw.has_more).toBe(false);
  });

  it('filters with vectorized conditions: a >= 3 AND u > 5000, NULL a never passes', async () => {
    const sel: CopExecutor = {
      kind: 'selection',
      id: 'sel',
      conditions: [fn('GEInt', BOOL, ref(1, A), constant(3n, A)), fn('GTInt', BOOL, ref(2, U), constant(5000n, U))],
    };
    const r = await cop.send({ ranges: all(), executors: [SCAN, sel] });
    const want = ROWS.filter((x) => x.a !== null && x.a >= 3n && x.u > 5000n).map((x) => x.id);
    expect(r.rows.map((x) => x[0])).toEqual(want);
    expect(r.summaries.map((s) => s.producedRows)).toEqual([N, want.length]);
  });

  it('compares unsigned 2^64-1 exactly against signed values and decimals at their scale', async () => {
    const sel: CopExecutor = {
      kind: 'selection',
      id: 'sel',
      conditions: [
        fn('GTInt', BOOL, ref(2, U), constant(2n ** 63n - 1n, ID)),
        fn('LTDecimal', BOOL, ref(3, D), constant({ coef: 2501n, scale: 3 }, ft('decimal', { scale: 3 }))),
      ],
    };
    const r = await cop.send({ ranges: all(), executors: [SCAN, sel] });
    // Only row 20 has u > 2^63-1, and its d (25.00) is not below 2.501.
    expect(r.rows).toEqual([]);
    const sel2: CopExecutor = { ...sel, conditions: [sel.conditions[0] as never, fn('LTDecimal', BOOL, ref(3, D), constant({ coef: 26n, scale: 0 }, ft('decimal')))] };
    const r2 = await cop.send({ ranges: all(), executors: [SCAN, sel2] });
    expect(r2.rows.map((x) => x[0])).toEqual([20n]);
  });

  it('answers partial aggregates without GROUP BY: COUNT, SUM, AVG, MIN, MAX, FIRST_ROW', async () => {
    const agg: CopExecutor = {
      kind: 'aggregation',
      id: 'agg',
      groupBy: [],
      aggFuncs: [
        { name: 'count', args: [], distinct: false },
        { name: 'count', args: [ref(1, A)], distinct: false },
        { name: 'sum', args: [ref(1, A)], distinct: false },
        { name: 'sum', args: [ref(3, D)], distinct: false },
        { name: 'avg', args: [ref(5, F)], distinct: false },
        { name: 'min', args: [ref(4, S)], distinct: false },
        { name: 'max', args: [ref(2, U)], distinct: false },
        { name: 'first_row', args: [ref(1, A)], distinct: false },
        { name: 'sum', args: [ref(2, U)], distinct: false },
      ],
    };
    const r = await cop.send({ ranges: all(), executors: [SCAN, agg], batchSize: 6 });
    const sumA = ROWS.reduce((s, x) => s + (x.a ?? 0n), 0n);
    const sumD = ROWS.reduce((s, x) => s + (x.d === null ? 0n : BigInt(Math.round(Number(x.d) * 100))), 0n);
    const sumF = ROWS.reduce((s, x) => s + x.f, 0);
    const sumU = ROWS.reduce((s, x) => s + x.u, 0n);
    expect(r.rows).toEqual([
      [
        BigInt(N),
        BigInt(N - 1),
        String(sumA),
        `${sumD / 100n}.${String(sumD % 100n).padStart(2, '0')}`,
        BigInt(N),
        sumF,
        's0',
        U64_MAX,
        1n,
        String(sumU), // exact past 2^64: the partial sum is a DECIMAL(65, 0)
      ],
    ]);
  });

  it('an aggregate over no rows still answers one row: COUNT 0, SUM NULL', async () => {
    const agg: CopExecutor = {
      kind: 'aggregation',
      id: 'agg',
      groupBy: [],
      aggFuncs: [
        { name: 'count', args: [], distinct: false },
        { name: 'sum', args: [ref(1, A)], distinct: false },
        { name: 'max', args: [ref(4, S)], distinct: false },
      ],
    };
    const r = await cop.send({ ranges: [handleRange(TABLE, 1000n, 2000n)], executors: [SCAN, agg] });
    expect(r.rows).toEqual([[0n, null, null]]);
  });

  it('groups by an integer column with a NULL group, and by strings under PAD SPACE', async () => {
    const byA: CopExecutor = {
      kind: 'aggregation',
      id: 'agg',
      groupBy: [ref(1, A)],
      aggFuncs: [
        { name: 'count', args: [], distinct: false },
        { name: 'sum', args: [ref(3, D)], distinct: false },
      ],
    };
    const r = await cop.send({ ranges: all(), executors: [SCAN, byA] });
    const groups = new Map<string, { n: bigint; sum: bigint | null }>();
    for (const x of ROWS) {
      const k = String(x.a);
      const g = groups.get(k) ?? { n: 0n, sum: null };
      g.n++;
      if (x.d !== null) g.sum = (g.sum ?? 0n) + BigInt(Math.round(Number(x.d) * 100));
      groups.set(k, g);
    }
    const fmt = (v: bigint | null): string | null => (v === null ? null : `${v / 100n}.${String(v % 100n).padStart(2, '0')}`);
    const want = [...groups.entries()].map(([k, g]) => [g.n, fmt(g.sum), k === 'null' ? null : BigInt(k)]);
    expect(sortRows(r.rows)).toEqual(sortRows(want));

    const byS: CopExecutor = { kind: 'aggregation', id: 'agg', groupBy: [ref(4, S)], aggFuncs: [{ name: 'count', args: [], distinct: false }] };
    const r2 = await cop.send({ ranges: all(), executors: [SCAN, byS] });
    // 's0' and 's0 ' are one group under utf8mb4_bin (PAD SPACE); the first value seen names it.
    expect(sortRows(r2.rows)).toEqual(sortRows([[6n, 's0'], [7n, 's1'], [7n, 's2']]));
  });

  it('COUNT(DISTINCT x) answers the distinct values per group as a list', async () => {
    const agg: CopExecutor = { kind: 'aggregation', id: 'agg', groupBy: [], aggFuncs: [{ name: 'count', args: [ref(1, A)], distinct: true }] };
    const r = await cop.send({ ranges: all(), executors: [SCAN, agg] });
    expect((r.rows[0]?.[0] as bigint[]).slice().sort()).toEqual([0n, 1n, 2n, 3n, 4n]);
  });

  it('TopN orders by expressions with NULLs first ascending, ties in order; Limit stops the scan early', async () => {
    const topD: CopExecutor = { kind: 'top_n', id: 'topn', orderBy: [{ expr: ref(3, D), desc: true }], limit: 3 };
    const r = await cop.send({ ranges: all(), executors: [SCAN, topD], batchSize: 4 });
    expect(r.rows.map((x) => x[3])).toEqual(['25.00', '23.75', '22.50']);

    const topA: CopExecutor = {
      kind: 'top_n',
      id: 'topn',
      orderBy: [
        { expr: ref(1, A), desc: false },
        { expr: ref(0, ID), desc: true },
      ],
      limit: 4,
    };
    const r2 = await cop.send({ ranges: all(), executors: [SCAN, topA] });
    expect(r2.rows.map((x) => [x[1], x[0]])).toEqual([
      [null, 3n],
      [0n, 20n],
      [0n, 15n],
      [0n, 10n],
    ]);

    const lim: CopExecutor = { kind: 'limit', id: 'limit', limit: 5 };
    const r3 = await cop.send({ ranges: all(), executors: [SCAN, lim], batchSize: 4 });
    expect(r3.rows.map((x) => x[0])).toEqual([1n, 2n, 3n, 4n, 5n]);
    expect(Number(r3.raw.scanned_rows)).toBe(8); // two batches of 4, not the whole table
    expect(r3.raw.has_more).toBe(false);
  });

  it('a descending scan reads the ranges from the end', async () => {
    const desc: CopExecutor = { ...SCAN, desc: true } as CopExecutor;
    const r = await cop.send({ ranges: [handleRange(TABLE, 1n, 3n), handleRange(TABLE, 10n, 12n)], executors: [desc, { kind: 'limit', id: 'l', limit: 4 }] });
    expect(r.rows.map((x) => x[0])).toEqual([12n, 11n, 10n, 3n]);
  });

  it('pages: each answer covers paging_size rows and the next one continues after last_key', async () => {
    const agg: CopExecutor = { kind: 'aggregation', id: 'agg', groupBy: [], aggFuncs: [{ name: 'count', args: [], distinct: false }] };
    const ids: unknown[] = [];
    let counted = 0n;
    let range = rowRange(TABLE);
    let pages = 0;
    for (;;) {
      const [scan, count] = await Promise.all([
        cop.send({ ranges: [range], executors: [SCAN], pagingSize: 6 }),
        cop.send({ ranges: [range], executors: [SCAN, agg], pagingSize: 6 }),
      ]);
      pages++;
      ids.push(...scan.rows.map((x) => x[0]));
      counted += count.rows[0]?.[0] as bigint;
      expect(scan.raw.has_more).toBe(count.raw.has_more);
      if (!scan.raw.has_more) break;
      expect(Buffer.from(scan.raw.last_key)).toEqual(rowKey(TABLE, scan.rows[scan.rows.length - 1]?.[0] as bigint));
      range = { start: nextKey(Buffer.from(scan.raw.last_key)), end: range.end };
      if (pages > 10) throw new Error('paging does not end');
    }
    expect(ids).toEqual(ROWS.map((x) => x.id));
    expect(counted).toBe(BigInt(N));
    expect(pages).toBe(4); // 6 + 6 + 6 + 2
  });

  it('a lock of a txn that may commit before start_ts answers KeyIsLocked with the lock', async () => {
    // Its own table, so the lock it leaves behind stays out of the other tests' way.
    const LOCKED = 101n;
    await writeRows(client, LOCKED, COLS, ROWS.slice(0, 6).map((r) => ({ handle: r.id, values: values(r) })));
    const scan: CopExecutor = { ...SCAN, tableId: LOCKED } as CopExecutor;
    const range = [rowRange(LOCKED)];
    const txn = await client.txn.begin();
    txn.set(rowKey(LOCKED, 5n), Buffer.from('not a row'));
    enableFailpoint('2pc-after-prewrite', () => {
      throw new Error('crash after prewrite');
    });
    await expect(txn.commit()).rejects.toThrow('crash after prewrite');
    disableAllFailpoints();
    const r = await cop.send({ ranges: range, executors: [scan] });
    expect(r.raw.locked).not.toBeNull();
    expect(Buffer.from(r.raw.locked?.key ?? [])).toEqual(rowKey(LOCKED, 5n));
    expect(r.raw.locked?.lock_version).toBe(String(txn.startTs));
    expect(r.raw.data.length).toBe(0);
    // A read from before the locking txn started does not wait for it.
    const before = await cop.send({ ranges: range, executors: [scan], startTs: txn.startTs - 1n });
    expect(before.rows).toHaveLength(6);
    // The client resolves it: the live txn's min_commit_ts is pushed past our start_ts, so the
    // task may ignore that lock when sent again.
    const startTs = await client.pd.getTs();
    const ignore = await client.txn.resolver.resolveOrWait([lockInfoFromPb(r.raw.locked as never)], startTs, new Backoffer({ budgetMs: 5000 }));
    expect(ignore).toEqual([txn.startTs]);
    const loc = await client.regionCache.locate(toInternal('txn', rowKey(LOCKED, 5n)));
    const context = { region_id: String(loc.region.id), region_epoch: epochToPb(loc.region.epoch), resolved_locks: ignore.map(String) };
    const after = await cop.send({ ranges: range, executors: [scan], startTs, context });
    expect(after.raw.locked).toBeNull();
    expect(after.rows.map((x) => x[0])).toEqual([1n, 2n, 3n, 4n, 5n, 6n]);
  });

  it('reads index entries: values in index order with the handle, NULLs first', async () => {
    const spec = { tableId: TABLE, indexId: 1n, unique: false, types: [T.int()] };
    const txn = await client.txn.begin();
    for (const x of ROWS) {
      const e = encodeIndexEntry(spec, [x.a], x.id);
      txn.set(e.key, e.value);
    }
    await txn.commit();
    const scan: CopExecutor = { kind: 'index_scan', id: 'idx', tableId: TABLE, indexId: 1n, columns: [col(2, A), col(1, ID, true)], desc: false, unique: false };
    const r = await cop.send({ ranges: [indexRange(TABLE, 1n)], executors: [scan] });
    const want = [...ROWS].sort((x, y) => (x.a === y.a ? Number(x.id - y.id) : x.a === null ? -1 : y.a === null ? 1 : Number(x.a - y.a))).map((x) => [x.a, x.id]);
    expect(r.rows).toEqual(want);
  });

  it('integer overflow in an expression fails the task with a clear error, not a wrong answer', async () => {
    const sel: CopExecutor = {
      kind: 'selection',
      id: 'sel',
      conditions: [fn('GTInt', BOOL, fn('PlusInt', ID, ref(1, A), constant(2n ** 63n - 1n, ID)), constant(0n, ID))],
    };
    const r = await cop.send({ ranges: all(), executors: [SCAN, sel] });
    expect(r.raw.other_error).toMatch(/BIGINT value is out of range/);
  });

  it('bad requests get INVALID_ARGUMENT or a region error, and the store keeps serving', async () => {
    const unknown: CopExecutor = { kind: 'selection', id: 'sel', conditions: [fn('NoSuchFunc', BOOL, ref(1, A))] };
    await expect(cop.send({ ranges: all(), executors: [SCAN, unknown] })).rejects.toMatchObject({ code: 3, details: expect.stringMatching(/NoSuchFunc/) });
    const wrongType: CopExecutor = { kind: 'selection', id: 'sel', conditions: [fn('GTInt', BOOL, ref(4, S), constant(1n, A))] };
    await expect(cop.send({ ranges: all(), executors: [SCAN, wrongType] })).rejects.toMatchObject({ code: 3 });
    const CI = ft('varchar', { collation: 'utf8mb4_general_ci' });
    const ciScan: CopExecutor = { ...SCAN, columns: [col(1, ID, true), col(5, CI)] } as CopExecutor;
    const ci: CopExecutor = { kind: 'selection', id: 'sel', conditions: [fn('EQString', BOOL, ref(1, CI), constant(Buffer.from('x'), S))] };
    await expect(cop.send({ ranges: all(), executors: [ciScan, ci] })).rejects.toMatchObject({ code: 3, details: expect.stringMatching(/collation/) });
    await expect(cop.send({ ranges: all(), executors: [], rawDag: { executors: [] } })).rejects.toMatchObject({ code: 3 });
    await expect(cop.send({ ranges: all(), executors: [{ kind: 'limit', id: 'l', limit: 1 }] })).rejects.toMatchObject({ code: 3 });
    const stale = await cop.send({ ranges: all(), executors: [SCAN], context: { region_id: '1', region_epoch: { conf_ver: '1', version: '999' } } });
    expect(stale.raw.region_error).not.toBeNull();
    const r = await cop.send({ ranges: all(), executors: [SCAN] });
    expect(r.rows).toHaveLength(N);
  });
  it('garbage bytes as a Coprocessor request get an error status, never a crash', async () => {
    const loc = await client.regionCache.locate(toInternal('txn', rowKey(TABLE, 1n)));
    const raw = new grpc.Client(loc.storeAddress, grpc.credentials.createInsecure());
    try {
      const r = rng(7);
      for (let i = 0; i < 20; i++) {
        const junk = Buffer.from(Array.from({ length: 1 + Math.floor(r() * 200) }, () => Math.floor(r() * 256)));
        const status = await new Promise<number>((resolve) => {
          raw.makeUnaryRequest(
            '/strata.kv.Kv/Coprocessor',
            (b: Buffer) => b,
            (b: Buffer) => b,
            junk,
            (err) => resolve(err ? err.code : 0),
          );
        });
        // Either the bytes do not parse (INTERNAL from grpc-js) or they parse into a request the
        // service refuses (INVALID_ARGUMENT): never OK with data, never a dead server.
        expect([grpc.status.INTERNAL, grpc.status.INVALID_ARGUMENT]).toContain(status);
      }
    } finally {
      raw.close();
    }
    const badOffset: CopExecutor = { kind: 'selection', id: 'sel', conditions: [fn('GTInt', BOOL, ref(42, A), constant(0n, A))] };
    await expect(cop.send({ ranges: all(), executors: [SCAN, badOffset] })).rejects.toMatchObject({ code: 3, details: expect.stringMatching(/offset 42/) });
    const r = await cop.send({ ranges: all(), executors: [SCAN] });
    expect(r.rows).toHaveLength(N);
  });
});

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function sortRows(rows: unknown[][]): string[] {
  return rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))).sort();
}
