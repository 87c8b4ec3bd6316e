// Index backfill: the write-reorg step of ADD INDEX, which gives every row that existed before
// the index was writable its entry. It walks the table's rows in handle order in batches; each
// batch is one transaction that
//
//   1. scans up to `batchSize` rows from the cursor at the transaction's snapshot,
//   2. builds each row's index entry (sql/codec's encoding; prefix columns cut to their length),
//   3. for a unique index, reads the entries' keys: one that holds another row's handle — or two
//      rows of the batch with the same key — is a duplicate, and the DDL fails with 1062,
//   4. writes the entries and locks the rows' keys, and records the cursor in the job,
//
// then commits. Locking the row keys (TiDB does the same) makes a batch conflict with any
// concurrent write to one of its rows: since the index is already write-only, that writer has
// maintained the entry itself, and the batch is re-run from a fresh snapshot so it never puts back
// an entry for a value the row no longer has. Rows inserted after the batch's snapshot carry their
// own entries (the index was write-only before backfill began). Writing an entry that a writer
// already wrote is harmless: same key, same value.
import type { StrataClient, Transaction } from '../../kv/client/index.js';
import type { ColumnInfo, IndexInfo, TableInfo } from '../catalog/index.js';
import {
  decodeRowKey,
  decodeUniqueIndexValue,
  encodeIndexEntry,
  pkFromHandle,
  rowKey,
  rowRange,
  RowView,
  uniqueKey,
  type IndexSpec,
} from '../codec/index.js';
import { isIntHandleType } from '../codec/index.js';
import { duplicateEntry } from '../errors.js';
import { valueForMessage, type Value } from '../types/index.js';
import { originDefaultValue } from './column-default.js';
import { withRetry } from './ddl-job.js';
import { invalidUseOfNull } from './errors.js';

export const DEFAULT_BACKFILL_BATCH = 256;

/** sql/codec's description of an index of a table. */
export function indexSpecOf(table: TableInfo, index: IndexInfo): IndexSpec {
  const cols = index.columns.map((p) => columnById(table, p.columnId));
  return {
    tableId: BigInt(table.id),
    indexId: BigInt(index.id),
    unique: index.unique,
    types: cols.map((c) => c.type),
    columns: cols.map((c) => c.name),
  };
}

function columnById(table: TableInfo, id: number): ColumnInfo {
  const c = table.columns.find((x) => x.id === id);
  if (!c) throw new Error(`table ${table.name} has no column id ${id}`);
  return c;
}

/** A prefix key part keeps the first `n` characters of a string, bytes of a binary string. */
export function cutPrefix(v: Value, n: number | undefined): Value {
  if (n === undefined || v === null) return v;
  if (typeof v === 'string') {
    const chars = [...v];
    return chars.length > n ? chars.slice(0, n).join('') : v;
  }
  if (v instanceof Uint8Array) return v.length > n ? v.subarray(0, n) : v;
  return v;
}

/** The values a row gives an index (in index order, prefixes cut), from the row's column values
 *  by column id. */
export function indexValuesOf(index: IndexInfo, row: ReadonlyMap<number, Value>): Value[] {
  return index.columns.map((p) => cutPrefix(row.get(p.columnId) ?? null, p.prefixLength));
}

/** The values of `columns` in a stored row: the handle column from the key, the others from the
 *  value (a column the row does not hold reads as its origin default). */
export function readRow(table: TableInfo, columns: readonly ColumnInfo[], handle: bigint, value: Uint8Array): Map<number, Value> {
  const view = new RowView(value);
  const handleCol = table.pkIsHandle ? table.indexes.find((i) => i.primary)?.columns[0]?.columnId : undefined;
  const out = new Map<number, Value>();
  for (const c of columns) {
    if (c.id === handleCol && isIntHandleType(c.type)) out.set(c.id, pkFromHandle(handle, c.type));
    else out.set(c.id, view.get({ id: c.id, type: c.type, default: originDefaultValue(c) }));
  }
  return out;
}

export interface BackfillOptions {
  readonly batchSize?: number | undefined;
  /** Resume after this row key (a job taken over mid-way). */
  readonly after?: Buffer | undefined;
  /** Called inside each batch's transaction with the batch's last row key (to record progress). */
  readonly persist?: ((txn: Transaction, lastKey: Buffer) => void) | undefined;
}

function entryText(values: readonly Value[], spec: IndexSpec): string {
  return values.map((v, i) => valueForMessage(v, spec.types[i])).join('-');
}

/** Writes the entries of every existing row into `index` (write-reorg). Returns the number of
 *  rows seen. Throws 1062 on a duplicate in a unique index, 1138 on a NULL in a PRIMARY KEY. */
export async function backfillIndex(client: StrataClient, table: TableInfo, index: IndexInfo, o: BackfillOptions = {}): Promise<number> {
  const batch = o.batchSize ?? DEFAULT_BACKFILL_BATCH;
  const spec = indexSpecOf(table, index);
  const cols = index.columns.map((p) => columnById(table, p.columnId));
  const range = rowRange(BigInt(table.id));
  const keyName = `${table.name}.${index.name}`;
  let cursor = o.after ? Buffer.concat([o.after, Buffer.of(0)]) : range.start;
  let rows = 0;
  while (true) {
    const from = cursor;
    const { n, last } = await withRetry(client, async (txn) => {
      const pairs = await txn.scan(from, range.end, batch);
      const seen = new Map<string, bigint>();
      const checks: { key: Buffer; handle: bigint; values: Value[] }[] = [];
      for (const p of pairs) {
        const { handle } = decodeRowKey(p.key);
        const values = indexValuesOf(index, readRow(table, cols, handle, p.value));
        if (index.primary && values.some((v) => v === null)) throw invalidUseOfNull();
        const entry = encodeIndexEntry(spec, values, handle);
        const uk = uniqueKey(spec, values);
        if (uk) {
          const k = uk.toString('latin1');
          const other = seen.get(k);
          if (other !== undefined && other !== handle) throw duplicateEntry(entryText(values, spec), keyName);
          seen.set(k, handle);
          checks.push({ key: uk, handle, values });
        }
        txn.set(entry.key, entry.value);
        txn.lockKeys(rowKey(BigInt(table.id), handle));
      }
      if (checks.length > 0) {
        // Our own sets are in the buffer; read the snapshot's version of each key.
        const existing = await txn.snapshot.batchGet(checks.map((c) => c.key));
        const byKey = new Map(existing.map((p) => [Buffer.from(p.key).toString('latin1'), p.value]));
        for (const c of checks) {
          const v = byKey.get(c.key.toString('latin1'));
          if (v !== undefined && decodeUniqueIndexValue(v) !== c.handle) throw duplicateEntry(entryText(c.values, spec), keyName);
        }
      }
      const lastPair = pairs[pairs.length - 1];
      const lastKey = lastPair ? Buffer.from(lastPair.key) : undefined;
      if (lastKey && o.persist) o.persist(txn, lastKey);
      return { n: pairs.length, last: lastKey };
    });
    rows += n;
    if (last) cursor = Buffer.concat([last, Buffer.of(0)]);
    if (n < batch) return rows;
  }
}
