// Reading one table by the access path the planner chose: point get and batch point get (one
// round trip, no scan), handle range scans, index range scans (covering, or looking the rows
// up by handle in batches), each filtered by the table's pushed-down conditions. SELECT … FOR
// UPDATE locks the handles of the rows it returns.
import type { ColumnInfo } from '../catalog/index.js';
import { indexBoundsRange, pkFromHandle, I64_MAX, I64_MIN } from '../codec/index.js';
import { compileFilter, layoutOf } from '../expr/index.js';
import type { DataSource } from '../planner/plan.js';
import { EXTRA_HANDLE_ID, type RowBatch, type Table } from '../table/index.js';
import { T, isIntegerType, type Value } from '../types/index.js';
import type { Batch, ExecContext } from './context.js';
import { copScanDag, copTableScan } from './cop-table-scan.js';
import type { Operator } from './operator.js';

const HANDLE_COLUMN: ColumnInfo = {
  id: EXTRA_HANDLE_ID,
  name: '_tidb_rowid',
  type: T.bigint({ nullable: false }),
  default: { kind: 'none' },
  autoIncrement: false,
  onUpdateNow: false,
  comment: '',
  state: 'public',
};

/** The table columns a DataSource reads, in its schema's order (the handle as _tidb_rowid). */
export function scanColumns(ds: DataSource): readonly ColumnInfo[] {
  return ds.columns.map((c) => c ?? HANDLE_COLUMN);
}

export function dataSourceOperator(ds: DataSource, ctx: ExecContext): Operator {
  const table = ctx.table(ds.table);
  const cols = scanColumns(ds);
  const filter = compileFilter(ds.conditions, layoutOf(ds.schema.map((c) => c.id)), ctx.outer);
  const hasFilter = ds.conditions.length > 0;
  const access = ds.access ?? { kind: 'table-scan' as const, ranges: [{ low: I64_MIN, high: I64_MAX }], full: true, desc: false };
  const lock = ds.lock === 'update';

  const emit = (b: RowBatch): Batch => {
    ctx.checkKilled();
    if (!hasFilter && !lock) return b.rows;
    const out: Batch = [];
    const locked: bigint[] = [];
    for (let i = 0; i < b.rows.length; i++) {
      const r = b.rows[i] as Value[];
      if (hasFilter && !filter(r, ctx.evalCtx)) continue;
      out.push(r);
      if (lock) locked.push(b.handles[i] as bigint);
    }
    if (lock && locked.length) table.lockRows(ctx.txn, locked);
    return out;
  };

  switch (access.kind) {
    case 'point-get':
      return async function* pointGet() {
        if (access.handles.length === 1) {
          const h = access.handles[0] as bigint;
          const row = await table.getRow(ctx.txn, h, cols);
          if (row) yield emit({ handles: [h], rows: [row] });
          return;
        }
        yield emit(await table.batchGetRows(ctx.txn, access.handles, cols));
      };
    case 'unique-get':
      return async function* uniqueGet() {
        const handles = (await table.batchGetByUniqueKeys(ctx.txn, access.index.id, access.keys)).filter((h): h is bigint => h !== undefined);
        if (!handles.length) return;
        yield emit(await table.batchGetRows(ctx.txn, handles, cols));
      };
    case 'table-scan': {
      const dag = ds.cop && ctx.cop && ctx.txn.isReadOnly && !access.desc ? copScanDag(ds, table, cols) : undefined;
      const cop = ctx.cop;
      if (dag && cop) {
        // The stores filtered already: the rows pass as they come.
        return replaying(() => copTableScan(ds, dag, cols, access.ranges, cop, ctx), ctx, (b) => {
          ctx.checkKilled();
          return b.rows;
        });
      }
      return replaying(async function* tableScan() {
        const ranges = access.desc ? [...access.ranges].reverse() : access.ranges;
        for (const r of ranges) yield* table.scanRows(ctx.txn, { low: r.low, high: r.high }, cols, { reverse: access.desc });
      }, ctx, emit);
    }
    case 'index-scan':
      return replaying(indexScan(ds, access, table, cols, ctx), ctx, emit);
  }
}

/** Rows kept per scan for replay; a bigger scan is read again each time. */
const REPLAY_MAX_ROWS = 100_000;

/**
 * A scan run again in the same statement (the inner side of a correlated subquery runs once per
 * outer row) replays the rows it read the first time instead of going back to the store: they
 * come from the statement's snapshot, which cannot change, as long as the transaction has
 * written nothing (its own writes would be read through its buffer). Filters still run per
 * replay, since they may read the outer row.
 */
function replaying(scan: () => AsyncGenerator<RowBatch>, ctx: ExecContext, emit: (b: RowBatch) => Batch): Operator {
  let kept: RowBatch[] | undefined;
  return async function* replayable() {
    if (kept && ctx.txn.isReadOnly) {
      for (const b of kept) {
        const out = emit(b);
        if (out.length) yield out;
      }
      return;
    }
    let collecting: RowBatch[] | undefined = ctx.txn.isReadOnly ? [] : undefined;
    let rows = 0;
    for await (const b of scan()) {
      if (collecting) {
        rows += b.rows.length;
        if (rows > REPLAY_MAX_ROWS) collecting = undefined;
        else collecting.push(b);
      }
      const out = emit(b);
      if (out.length) yield out;
    }
    // Only a scan read to the end (not stopped by a LIMIT or EXISTS above) can be replayed.
    if (collecting && ctx.txn.isReadOnly) kept = collecting;
  };
}

function indexScan(
  ds: DataSource,
  access: Extract<NonNullable<DataSource['access']>, { kind: 'index-scan' }>,
  table: Table,
  cols: readonly ColumnInfo[],
  ctx: ExecContext,
): () => AsyncGenerator<RowBatch> {
  const tindex = table.tableIndex(access.index.id);
  const types = tindex.types;
  const tableId = BigInt(ds.table.id);
  const indexId = BigInt(access.index.id);
  // Covering reads build rows from the entry: each wanted column is an index column, the
  // integer primary key (from the handle), or the handle itself.
  const handleCol = ds.table.pkIsHandle ? table.handleColumn : undefined;
  const sources = cols.map((c) => {
    if (c.id === EXTRA_HANDLE_ID) return { kind: 'handle' as const };
    if (handleCol && c.id === handleCol.id) return { kind: 'pk' as const };
    const pos = access.index.columns.findIndex((ic) => ic.columnId === c.id);
    return { kind: 'index' as const, pos };
  });
  const pkType = handleCol && isIntegerType(handleCol.type) ? handleCol.type : undefined;
  return async function* scan() {
    const ranges = access.desc ? [...access.ranges].reverse() : access.ranges;
    for (const r of ranges) {
      const kr = indexBoundsRange(tableId, indexId, types, r.low ? { values: r.low.values, inclusive: r.low.inclusive } : undefined, r.high ? { values: r.high.values, inclusive: r.high.inclusive } : undefined);
      for await (const b of table.scanIndex(ctx.txn, access.index.id, kr, { reverse: access.desc })) {
        if (access.lookup) {
          yield await table.batchGetRows(ctx.txn, b.handles, cols);
          continue;
        }
        const rows: Value[][] = b.values.map((vals, i) => {
          const h = b.handles[i] as bigint;
          return sources.map((s) => (s.kind === 'handle' ? h : s.kind === 'pk' ? (pkType ? pkFromHandle(h, pkType) : h) : (vals[s.pos] ?? null)));
        });
        yield { handles: b.handles, rows };
      }
    }
  };
}
