// CopClient against a real cluster: one DAG over a table spread across regions runs as parallel
// region tasks whose partial answers merge to the right totals; it survives regions that split
// behind its cache, pages through big regions, resolves locks in its way, and reports a task that
// cannot run as CopTaskFailed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CopTaskFailed, readCopAnswer, type CopTaskAnswer, type StrataClient } from '../../../kv/client/index.js';
import type { CopDag, CopExecutor } from '../../../kv/cop-types.js';
import { toInternal } from '../../../kv/meta.js';
import { rowKey, rowRange } from '../../../sql/codec/index.js';
import { T } from '../../../sql/types/index.js';
import { disableAllFailpoints, enableFailpoint } from '../../../util/failpoint.js';
import { InProcessCluster } from '../../helpers/in-process-cluster.js';
import { BOOL, col, constant, fn, ft, ref, writeRows } from '../coprocessor/helpers.js';

const TABLE = 200n;
const N = 1000;
const A = ft('int');
const ID = ft('bigint');
const SCAN: CopExecutor = { kind: 'table_scan', id: 'scan', tableId: TABLE, columns: [col(1, ID, true), col(2, A)], desc: false };
const COUNT_SUM: CopExecutor = {
  kind: 'aggregation',
  id: 'agg',
  groupBy: [],
  aggFuncs: [
    { name: 'count', args: [], distinct: false },
    { name: 'sum', args: [ref(1, A)], distinct: false },
  ],
};

const dag = (...executors: CopExecutor[]): CopDag => ({ executors, batchSize: 0 });
const range = rowRange(TABLE);

function merged(answers: readonly CopTaskAnswer[]): { count: bigint; sum: bigint } {
  let count = 0n;
  let sum = 0n;
  for (const a of answers) {
    const cols = readCopAnswer(a.data).columns;
    count += cols[0]?.values[0] as bigint;
    const s = cols[1]?.values[0] as { coef: bigint } | null;
    sum += s?.coef ?? 0n;
  }
  return { count, sum };
}

describe('CopClient over several regions', () => {
  let cluster: InProcessCluster;
  let client: StrataClient;

  beforeAll(async () => {
    cluster = await InProcessCluster.start(1);
    client = await cluster.client();
    const rows = Array.from({ length: N }, (_, i) => ({ handle: BigInt(i + 1), values: [BigInt(i % 10)] }));
    await writeRows(client, TABLE, [{ id: 2, type: T.int() }], rows);
    await client.splitRegions([250n, 500n, 750n].map((h) => toInternal('txn', rowKey(TABLE, h))));
  });

  afterAll(async () => {
    disableAllFailpoints();
    await cluster?.stop();
  });

  it('runs one task per region in parallel and the partial aggregates merge to the totals', async () => {
    const answers = await client.cop.send({ startTs: await client.pd.getTs(), ranges: [{ start: range.start, end: range.end }], dag: dag(SCAN, COUNT_SUM), concurrency: 2 });
    expect(answers).toHaveLength(4);
    expect(new Set(answers.map((a) => a.regionId)).size).toBe(4);
    expect(merged(answers)).toEqual({ count: BigInt(N), sum: BigInt(N / 10) * 45n });
  });

  it('answers in key order, and pages through each region when asked to', async () => {
    const answers = await client.cop.send({ startTs: await client.pd.getTs(), ranges: [{ start: range.start, end: range.end }], dag: dag(SCAN), pagingSize: 100 });
    const ids = answers.flatMap((a) => readCopAnswer(a.data).columns[0]?.values ?? []);
    expect(ids).toEqual(Array.from({ length: N }, (_, i) => BigInt(i + 1)));
    expect(answers.length).toBeGreaterThanOrEqual(10);
    expect(answers.every((a) => a.scannedRows <= 100)).toBe(true);
  });

  it('pages a descending scan too: every region read from its end, nothing twice', async () => {
    const desc: CopExecutor = { ...SCAN, desc: true } as CopExecutor;
    const answers = await client.cop.send({ startTs: await client.pd.getTs(), ranges: [{ start: range.start, end: range.end }], dag: dag(desc), pagingSize: 70 });
    const perAnswer = answers.map((a) => (readCopAnswer(a.data).columns[0]?.values ?? []) as bigint[]);
    for (const ids of perAnswer) expect(ids).toEqual([...ids].sort((x, y) => Number(y - x)));
    const all = perAnswer.flat();
    expect(all).toHaveLength(N);
    expect(new Set(all).size).toBe(N);
  });

  it('covers regions that split after its cache was filled', async () => {
    const stale = await cluster.client();
    await stale.cop.send({ startTs: await stale.pd.getTs(), ranges: [{ start: range.start, end: range.end }], dag: dag(SCAN, COUNT_SUM) });
    await client.splitRegions([100n, 600n, 900n].map((h) => toInternal('txn', rowKey(TABLE, h))));
    const answers = await stale.cop.send({ startTs: await stale.pd.getTs(), ranges: [{ start: range.start, end: range.end }], dag: dag(SCAN, COUNT_SUM) });
    expect(merged(answers)).toEqual({ count: BigInt(N), sum: BigInt(N / 10) * 45n });
    expect(answers.length).toBeGreaterThanOrEqual(7);
  });

  it('resolves a lock in its way and then reads past it', async () => {
    const crashed = await cluster.client({ txn: { lockTtlMs: 300, heartbeatIntervalMs: 100 } });
    const txn = await crashed.txn.begin();
    txn.set(rowKey(TABLE, 42n), Buffer.from('not a row'));
    enableFailpoint('2pc-after-prewrite', () => {
      throw new Error('crash after prewrite');
    });
    await expect(txn.commit()).rejects.toThrow('crash after prewrite');
    disableAllFailpoints();
    const answers = await client.cop.send({ startTs: await client.pd.getTs(), ranges: [{ start: range.start, end: range.end }], dag: dag(SCAN, COUNT_SUM) });
    expect(merged(answers)).toEqual({ count: BigInt(N), sum: BigInt(N / 10) * 45n });
  });

  it('a task that cannot run fails with CopTaskFailed naming the cause', async () => {
    const overflow: CopExecutor = { kind: 'selection', id: 'sel', conditions: [fn('GTInt', BOOL, fn('MultiplyInt', ID, ref(0, ID), constant(2n ** 62n, ID)), constant(0n, ID))] };
    await expect(client.cop.send({ startTs: await client.pd.getTs(), ranges: [{ start: range.start, end: range.end }], dag: dag(SCAN, overflow) })).rejects.toBeInstanceOf(
      CopTaskFailed,
    );
  });
});
