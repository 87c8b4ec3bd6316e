// sql/table: the table access layer (TiDB's table/tables) — how the executor reads and writes
// rows and index entries of one table inside a kv/client transaction.
//
//   table.ts          Table: one schema version of a table plus every read and write below
//   table-schema.ts   which columns a write carries, where the handle comes from, row encoding
//   table-index.ts    one index: KV spec, row offsets, prefix cuts, which states write/delete it
//   row-decoder.ts    stored row → Value[] for the wanted columns (pk from the handle, defaults)
//   origin-default.ts what a column added later reads as in older rows
//   row-reader.ts     getRow, batchGetRows (one round trip), scanRows (handle ranges, batches)
//   index-reader.ts   scanIndex (handles + key values, both directions), unique point gets
//   record.ts         addRecord(s), removeRecord, updateRecord, lockRows
//   duplicate.ts      duplicate keys: findDuplicates, 1062 texts, commit errors → 1062
//   auto-id.ts        AUTO_INCREMENT / hidden row ids, reserved in ranges per SQL server
//
// Conventions:
//   - A row is a Value[] aligned to a column list. Writes take the table's `writableColumns`
//     (public + write-only + write-reorg, in table order; delete-only columns are not written),
//     values already converted for their columns (convertForColumn) — this layer only encodes.
//     Reads take any column list and return values in its order.
//   - The handle is a separate bigint: the integer primary key (pkIsHandle; `table.handleOf(row)`,
//     BIGINT UNSIGNED mapped in order) or a hidden row id the caller allocates from the table's
//     AutoIdAllocator. The pseudo column EXTRA_HANDLE_ID reads as the handle.
//   - Schema states: inserts and updates write entries of write-only / write-reorg / public
//     indexes (and check the unique ones); deletes remove entries of every index.
//   - Errors: duplicates are SqlError 1062 "Duplicate entry 'x' for key 't.idx'" at the
//     statement. Keys that must be absent are written with txn.insert, so a concurrent
//     transaction inserting the same key makes one commit fail; duplicateFromCommitError turns
//     that AlreadyExist / WriteConflict back into the 1062 (anything else: undefined, keep it).
//   - Statement atomicity is the session's: it takes txn.savepoint() before each statement and
//     rollbackTo() on error; nothing here undoes partial writes.
//   - TIMESTAMP values are stored as given (the executor converts to UTC, sql/codec says how).
export { Table, type IndexRef } from './table.js';
export { TableSchema, EXTRA_HANDLE_ID, type TableOptions } from './table-schema.js';
export { TableIndex } from './table-index.js';
export { RowDecoder } from './row-decoder.js';
export { originDefault, implicitDefault } from './origin-default.js';
export { DEFAULT_BATCH_SIZE, type RowBatch, type HandleBounds, type ScanRowsOptions } from './row-reader.js';
export type { IndexBatch, ScanIndexOptions } from './index-reader.js';
export type { NewRecord, WriteOptions } from './record.js';
export {
  duplicateError,
  duplicateFromCommitError,
  type CommitErrorContext,
  type Duplicate,
} from './duplicate.js';
export {
  AutoIdAllocator,
  AutoIdAllocators,
  DEFAULT_AUTO_ID_STEP,
  autoIdMax,
  autoIncrementReadFailed,
  type AutoIdOptions,
  type AutoIdTxnSource,
} from './auto-id.js';
export type { TableReader, TableTxn } from './table-txn.js';
