// Reading rows: a point get, a batch get (one round trip: index lookups, batch point get), and
// range scans over handles in either direction, in batches.
//
// Every read goes through the transaction, so a statement sees its own transaction's writes
// (the write buffer) over the snapshot at start_ts. Rows come back decoded for the columns the
// caller asks for (RowDecoder) together with their handles.
import { I64_MAX, I64_MIN, decodeRowKey, handleRange, rowRange } from '../codec/index.js';
import type { Value } from '../types/index.js';
import type { RowDecoder } from './row-decoder.js';
import type { TableSchema } from './table-schema.js';
import type { TableReader } from './table-txn.js';

/** Rows with their handles, aligned. */
export interface RowBatch {
  readonly handles: bigint[];
  readonly rows: Value[][];
}

/** Handles lo ≤ h ≤ hi (both inclusive; either end may be left open). */
export interface HandleBounds {
  readonly low?: bigint;
  readonly high?: bigint;
}

export interface ScanRowsOptions {
  /** Descending handle order. */
  readonly reverse?: boolean;
  /** Rows per batch (default 1024). Also the KV scan's page size. */
  readonly batchSize?: number;
}

export const DEFAULT_BATCH_SIZE = 1024;

export async function getRow(txn: TableReader, table: TableSchema, decoder: RowDecoder, handle: bigint): Promise<Value[] | undefined> {
  const v = await txn.get(table.rowKey(handle));
  return v === undefined ? undefined : decoder.decode(handle, v);
}

/** The rows that exist among `handles`, in the order asked (a handle asked twice comes once). */
export async function batchGetRows(txn: TableReader, table: TableSchema, decoder: RowDecoder, handles: readonly bigint[]): Promise<RowBatch> {
  const out: RowBatch = { handles: [], rows: [] };
  if (handles.length === 0) return out;
  const pairs = await txn.batchGet(handles.map((h) => table.rowKey(h)));
  for (const p of pairs) {
    const h = decodeRowKey(p.key).handle;
    out.handles.push(h);
    out.rows.push(decoder.decode(h, p.value));
  }
  return out;
}

/** Rows with handles within `bounds` (all rows when undefined), in handle order, in batches. */
export async function* scanRows(
  txn: TableReader,
  table: TableSchema,
  decoder: RowDecoder,
  bounds: HandleBounds | undefined,
  options: ScanRowsOptions = {},
): AsyncGenerator<RowBatch> {
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  let range;
  if (bounds === undefined || (bounds.low === undefined && bounds.high === undefined)) range = rowRange(table.id);
  else {
    const lo = bounds.low ?? I64_MIN;
    const hi = bounds.high ?? I64_MAX;
    if (lo > hi) return;
    range = handleRange(table.id, lo, hi);
  }
  let batch: RowBatch = { handles: [], rows: [] };
  // Only the handle (or the pk it is) wanted: the keys alone answer (COUNT(*), SELECT id).
  const keyOnly = !decoder.needsValue;
  for await (const p of txn.iterate(range.start, range.end, { reverse: options.reverse ?? false, batchSize, keyOnly })) {
    const h = decodeRowKey(p.key).handle;
    batch.handles.push(h);
    batch.rows.push(decoder.decode(h, p.value));
    if (batch.handles.length >= batchSize) {
      yield batch;
      batch = { handles: [], rows: [] };
    }
  }
  if (batch.handles.length > 0) yield batch;
}
