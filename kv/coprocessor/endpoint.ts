// The coprocessor endpoint of one store: runs a checked DAG over the given key ranges of one
// region, read at start_ts on one engine snapshot, and answers an Arrow IPC stream.
//
//   KvSource (MVCC scan, locks → KeyIsLocked)
//     → TableScan | IndexScan      one batch of column vectors per chunk of rows
//     → Selection*                 vectorized conditions, gather the survivors
//     → Aggregation | TopN | Limit partial results (Aggregation only last)
//     → Arrow IPC stream + per-executor summaries
//
// Paging: with paging_size > 0 the scans stop after that many rows; the answer is then the DAG
// over those rows only, with has_more and the last key read, and the client asks again from just
// after it. Partial aggregates, TopN and Limit merge across pages exactly as across regions, so
// paging changes nothing for the SQL server but the number of round trips and the memory a
// store spends on one request.
import { InvalidDag, type CopDag, type CopExecutor, type CopExecutorSummary, type CopFieldType } from '../cop-types.js';
import type { EngineSnapshot } from '../storage/index.js';
import type { TimeStamp } from '../txn-types.js';
import { Aggregation } from './aggregation.js';
import { toArrowIpc } from './arrow-writer.js';
import { Instrumented, type BatchExecutor } from './executor.js';
import { IndexScan } from './index-scan.js';
import { KvSource, type KeyRangeInternal } from './kv-source.js';
import { Limit } from './limit.js';
import { Selection } from './selection.js';
import { TableScan, type ScanBudget } from './table-scan.js';
import { TopN } from './top-n.js';
import type { Batch } from './vector.js';

export const DEFAULT_BATCH_SIZE = 1024;

export interface CopEngine {
  snapshot(): EngineSnapshot;
}

export interface CopTask {
  readonly startTs: TimeStamp;
  /** Internal keys, ascending, inside the region. */
  readonly ranges: readonly KeyRangeInternal[];
  readonly dag: CopDag;
  /** Rows to scan at most for this answer; 0 = all. */
  readonly pagingSize: number;
  readonly bypassLocks?: ReadonlySet<bigint> | undefined;
}

export interface CopResult {
  /** Arrow IPC stream of the last executor's output. */
  readonly data: Uint8Array;
  readonly schema: readonly CopFieldType[];
  readonly summaries: readonly CopExecutorSummary[];
  readonly hasMore: boolean;
  /** The last key read (internal keyspace); with hasMore the next page starts after it. */
  readonly lastKey: Uint8Array | undefined;
  readonly scannedRows: number;
}

interface Pipeline {
  readonly root: BatchExecutor;
  readonly stages: readonly Instrumented[];
  readonly limits: readonly Limit[];
}

function build(dag: CopDag, source: KvSource, budget: ScanBudget): Pipeline {
  const batchSize = dag.batchSize > 0 ? dag.batchSize : DEFAULT_BATCH_SIZE;
  const stages: Instrumented[] = [];
  const limits: Limit[] = [];
  let cur: BatchExecutor | undefined;
  dag.executors.forEach((e: CopExecutor, i) => {
    if (cur === undefined) {
      if (e.kind === 'table_scan') cur = new TableScan(e.tableId, e.columns, source, batchSize, budget);
      else if (e.kind === 'index_scan') cur = new IndexScan(e.tableId, e.indexId, e.columns, source, batchSize, budget);
      else throw new InvalidDag('the DAG must start with a TableScan or IndexScan');
    } else {
      if (dag.executors[i - 1]?.kind === 'aggregation') throw new InvalidDag('a partial Aggregation must be the last executor');
      switch (e.kind) {
        case 'selection':
          cur = new Selection(cur, e.conditions);
          break;
        case 'aggregation':
          cur = new Aggregation(cur, e.groupBy, e.aggFuncs);
          break;
        case 'top_n':
          cur = new TopN(cur, e.orderBy, e.limit);
          break;
        case 'limit': {
          const l = new Limit(cur, e.limit);
          limits.push(l);
          cur = l;
          break;
        }
        default:
          throw new InvalidDag(`executor ${e.id}: a scan may only come first`);
      }
    }
    const stage = new Instrumented(e.id, cur);
    stages.push(stage);
    cur = stage;
  });
  if (cur === undefined) throw new InvalidDag('the DAG has no executors');
  return { root: cur, stages, limits };
}

function scanIsDesc(dag: CopDag): boolean {
  const first = dag.executors[0];
  return first !== undefined && (first.kind === 'table_scan' || first.kind === 'index_scan') && first.desc;
}

export class CoprocessorEndpoint {
  constructor(private readonly engine: CopEngine) {}

  async handle(task: CopTask): Promise<CopResult> {
    const snapshot = this.engine.snapshot();
    try {
      const source = new KvSource({ snapshot, ranges: task.ranges, startTs: task.startTs, desc: scanIsDesc(task.dag), bypassLocks: task.bypassLocks });
      const budget: ScanBudget = { remaining: task.pagingSize > 0 ? task.pagingSize : Infinity };
      const p = build(task.dag, source, budget);
      const batches: Batch[] = [];
      for (;;) {
        const b = await p.root.next();
        if (b === null) break;
        if (b.length > 0) batches.push(b);
      }
      const limitMet = p.limits.some((l) => l.satisfied);
      const hasMore = !limitMet && budget.remaining <= 0 && !source.exhausted;
      return {
        data: toArrowIpc(p.root.schema, batches),
        schema: p.root.schema,
        summaries: p.stages.map((s) => s.summary()),
        hasMore,
        lastKey: source.lastKey,
        scannedRows: source.scannedRows,
      };
    } finally {
      await snapshot.release();
    }
  }
}
