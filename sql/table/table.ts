// Table: the access layer's face to the executor — a TableSchema (one schema version of a
// table) with the reads and writes of rows and index entries inside a kv/client transaction.
// Each method is a thin call into the file that owns the concept (row-reader, index-reader,
// record, duplicate); this class adds only the per-table caches (row decoders per column list).
import type { ColumnInfo, IndexInfo, TableInfo } from '../catalog/index.js';
import type { KeyRange } from '../codec/index.js';
import type { SqlError } from '../errors.js';
import type { Value } from '../types/index.js';
import { duplicateForKey, findDuplicates, type Duplicate } from './duplicate.js';
import { batchGetByUniqueKeys, getByUniqueKey, scanIndex, type IndexBatch, type ScanIndexOptions } from './index-reader.js';
import { addRecord, addRecords, lockRows, removeRecord, updateRecord, type NewRecord, type WriteOptions } from './record.js';
import { RowDecoder } from './row-decoder.js';
import { batchGetRows, getRow, scanRows, type HandleBounds, type RowBatch, type ScanRowsOptions } from './row-reader.js';
import type { TableIndex } from './table-index.js';
import { TableSchema } from './table-schema.js';
import type { TableReader, TableTxn } from './table-txn.js';

/** An index named by its TableIndex, its IndexInfo, or its id. */
export type IndexRef = TableIndex | IndexInfo | number;

const byInfo = new WeakMap<TableInfo, Table>();

export class Table extends TableSchema {
  private readonly decoders = new WeakMap<readonly ColumnInfo[], RowDecoder>();

  /** The Table of a TableInfo, built once per info object (one per table per schema version in
   *  an InfoSchema), so its decoders are reused across statements. */
  static of(info: TableInfo): Table {
    let t = byInfo.get(info);
    if (!t) {
      t = new Table(info);
      byInfo.set(info, t);
    }
    return t;
  }

  /** The decoder of rows into `cols` (cached per array: keep the array to reuse it). */
  decoder(cols: readonly ColumnInfo[]): RowDecoder {
    let d = this.decoders.get(cols);
    if (!d) {
      d = new RowDecoder(this, cols);
      this.decoders.set(cols, d);
    }
    return d;
  }

  /** The TableIndex of a reference (throws for an index the table does not have). */
  tableIndex(ref: IndexRef): TableIndex {
    const id = typeof ref === 'number' ? ref : ref.id;
    const idx = this.index(id);
    if (!idx) throw new RangeError(`table ${this.name} has no index with id ${id}${typeof ref === 'number' ? '' : ` (${ref.name})`}`);
    return idx;
  }

  // ---------------------------------------------------------------- rows

  /** The row with this handle, as `cols`, or undefined. */
  getRow(txn: TableReader, handle: bigint, cols: readonly ColumnInfo[]): Promise<Value[] | undefined> {
    return getRow(txn, this, this.decoder(cols), handle);
  }

  /** The rows that exist among `handles`, in the order asked, in one round trip. */
  batchGetRows(txn: TableReader, handles: readonly bigint[], cols: readonly ColumnInfo[]): Promise<RowBatch> {
    return batchGetRows(txn, this, this.decoder(cols), handles);
  }

  /** Rows with handles in `bounds` (inclusive; undefined: the whole table), in batches. */
  scanRows(txn: TableReader, bounds: HandleBounds | undefined, cols: readonly ColumnInfo[], options: ScanRowsOptions = {}): AsyncGenerator<RowBatch> {
    return scanRows(txn, this, this.decoder(cols), bounds, options);
  }

  // ---------------------------------------------------------------- indexes

  /** Entries of an index in `range` (sql/codec index*Range), in batches of handles + values. */
  scanIndex(txn: TableReader, index: IndexRef, range: KeyRange, options: ScanIndexOptions = {}): AsyncGenerator<IndexBatch> {
    return scanIndex(txn, this.tableIndex(index), range, options);
  }

  /** The handle of the row with these values (all columns, index order) in a unique index. */
  getByUniqueKey(txn: TableReader, index: IndexRef, values: readonly Value[]): Promise<bigint | undefined> {
    return getByUniqueKey(txn, this.tableIndex(index), values);
  }

  /** getByUniqueKey for many keys in one round trip, aligned with `keys`. */
  batchGetByUniqueKeys(txn: TableReader, index: IndexRef, keys: readonly (readonly Value[])[]): Promise<(bigint | undefined)[]> {
    return batchGetByUniqueKeys(txn, this.tableIndex(index), keys);
  }

  // ---------------------------------------------------------------- writes

  /** Adds a row (writable columns) under `handle`; 1062 on a duplicate key (see WriteOptions). */
  addRecord(txn: TableTxn, handle: bigint, row: readonly Value[], options: WriteOptions = {}): Promise<Duplicate | undefined> {
    return addRecord(txn, this, handle, row, options);
  }

  /** Adds many rows with one duplicate-check round trip; aligned result (see record.ts). */
  addRecords(txn: TableTxn, records: readonly NewRecord[], options: WriteOptions = {}): Promise<(Duplicate | undefined)[]> {
    return addRecords(txn, this, records, options);
  }

  /** Existing rows a new row would collide with (ON DUPLICATE KEY UPDATE, REPLACE). */
  findDuplicates(txn: TableReader, handle: bigint, row: readonly Value[]): Promise<Duplicate[]> {
    return findDuplicates(txn, this, handle, row);
  }

  /** Deletes a row (its current writable row) and all its index entries. */
  removeRecord(txn: TableTxn, handle: bigint, row: readonly Value[]): void {
    removeRecord(txn, this, handle, row);
  }

  /** Rewrites a row and the index entries whose values changed. */
  updateRecord(txn: TableTxn, handle: bigint, oldRow: readonly Value[], newRow: readonly Value[], options: WriteOptions = {}): Promise<Duplicate | undefined> {
    return updateRecord(txn, this, handle, oldRow, newRow, options);
  }

  /** SELECT … FOR UPDATE of one row. */
  lockRow(txn: TableTxn, handle: bigint): void {
    lockRows(txn, this, [handle]);
  }

  lockRows(txn: TableTxn, handles: readonly bigint[]): void {
    lockRows(txn, this, handles);
  }

  /** The 1062 for a key of this table found to exist (AlreadyExist's key), or undefined. */
  duplicateForKey(key: Uint8Array): SqlError | undefined {
    return duplicateForKey(this, key);
  }
}
