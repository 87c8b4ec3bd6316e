// A table scan with its filter pushed to the stores: when the session allows it
// (strata_enable_cop_pushdown), the transaction has written nothing (the stores cannot see its
// buffer), the rows are not locked, and every condition of the DataSource has a coprocessor form
// (sql/planner/cop-expr.ts), the scan becomes one DAG — TableScan [→ Selection] [→ Limit | TopN |
// Aggregation] — sent to every region of the handle ranges in parallel
// (tidb_distsql_scan_concurrency). Only the rows that pass come back, as Arrow, and are turned
// into the very values a local scan reads (sql/codec copValueToSql). Anything not pushable
// returns undefined: the local scan runs. A pushed Limit or TopN only cuts each region's answer:
// the operator above still runs over all of them; a pushed aggregation answers partial states
// that sql/executor/cop-aggregate.ts merges.
import type { CopTaskAnswer, TimeStamp } from '../../kv/client/index.js';
import { readCopAnswer } from '../../kv/client/index.js';
import type { CopByItem, CopColumnInfo, CopDag, CopDatum, CopExecutor, CopExpr } from '../../kv/cop-types.js';
import type { ColumnInfo } from '../catalog/index.js';
import { copValueToSql, handleRange, sqlToCopValue } from '../codec/index.js';
import { copFieldType, toCopExpr } from '../planner/cop-expr.js';
import type { DataSource, HandleRange } from '../planner/plan.js';
import { EXTRA_HANDLE_ID, type RowBatch, type Table } from '../table/index.js';
import type { Value } from '../types/index.js';
import type { ExecContext } from './context.js';

/** What the session lends executors for pushdown (absent when pushdown is off). */
export interface CopPushdown {
  send(req: { startTs: TimeStamp; ranges: { start: Buffer; end: Buffer }[]; dag: CopDag; concurrency: number; pagingSize: number }): Promise<CopTaskAnswer[]>;
  readonly concurrency: number;
}

/**
 * Rows one coprocessor answer may scan before the client asks for the next page. Without a cap a
 * region of a million rows is one request that can outlive the rpc deadline (10 s) on a loaded
 * machine: the client gives up and retries while the store keeps working on the abandoned
 * request, and a big COUNT(*) never finishes. Partial aggregates, TopN and Limit merge across
 * pages exactly as across regions, so the cap costs round trips only (TiDB pages too, growing
 * pages up to tidb_max_paging_size = 50000; a fixed, smaller page keeps each well under the
 * deadline here).
 */
export const COP_PAGE_ROWS = 10_000;

/** The DAG of a pushed-down scan, or undefined when the scan must run locally. `top` is the
 *  aggregation the caller pushes over it; otherwise the DataSource's own Limit or TopN goes on top. */
export function copScanDag(ds: DataSource, table: Table, cols: readonly ColumnInfo[], top?: CopExecutor): CopDag | undefined {
  if (ds.lock) return undefined;
  // A plain scan with nothing to run on the stores is cheaper read directly.
  if (ds.conditions.length === 0 && !top && ds.copLimit === undefined && !ds.copTopN) return undefined;
  const columns: CopColumnInfo[] = [];
  for (const c of cols) {
    const isHandle = c.id === EXTRA_HANDLE_ID || table.handleColumn?.id === c.id;
    let dflt: CopDatum | undefined = null;
    if (!isHandle) dflt = sqlToCopValue(table.originDefault(c), c.type);
    if (dflt === undefined || c.type.kind === 'json') return undefined;
    columns.push({ columnId: isHandle ? -1 : c.id, type: copFieldType(c.type), pkHandle: isHandle, default: dflt });
  }
  const offsets = new Map(ds.schema.map((c, i) => [c.id, i]));
  const conditions: CopExpr[] = [];
  for (const e of ds.conditions) {
    const x = toCopExpr(e, offsets);
    if (x === undefined) return undefined;
    conditions.push(x);
  }
  const executors: CopExecutor[] = [{ kind: 'table_scan', id: 'TableFullScan', tableId: BigInt(ds.table.id), columns, desc: false }];
  if (conditions.length) executors.push({ kind: 'selection', id: 'Selection', conditions });
  if (top) executors.push(top);
  else if (ds.copLimit !== undefined) executors.push({ kind: 'limit', id: 'Limit', limit: ds.copLimit });
  else if (ds.copTopN) {
    const orderBy: CopByItem[] = [];
    for (const k of ds.copTopN.keys) {
      const expr = toCopExpr(k.expr, offsets);
      if (expr === undefined) return undefined;
      orderBy.push({ expr, desc: k.desc });
    }
    executors.push({ kind: 'top_n', id: 'TopN', orderBy, limit: ds.copTopN.count });
  }
  return { executors, batchSize: 0 };
}

/** The pushed-down scan's rows, region answer by region answer, in handle order. */
export async function* copTableScan(
  ds: DataSource,
  dag: CopDag,
  cols: readonly ColumnInfo[],
  ranges: readonly HandleRange[],
  cop: CopPushdown,
  ctx: ExecContext,
): AsyncGenerator<RowBatch> {
  const tableId = BigInt(ds.table.id);
  const keyRanges = ranges.map((r) => handleRange(tableId, r.low, r.high));
  const answers = await cop.send({ startTs: ctx.txn.startTs, ranges: keyRanges, dag, concurrency: cop.concurrency, pagingSize: COP_PAGE_ROWS });
  for (const a of answers) {
    const { length, columns } = readCopAnswer(a.data);
    if (length === 0) continue;
    const rows: Value[][] = [];
    for (let i = 0; i < length; i++) rows.push(cols.map((c, j) => copValueToSql(columns[j]?.values[i] as CopDatum, c.type)));
    // Pushed rows are never locked, so their handles are not needed.
    yield { handles: [], rows };
  }
}
