// Writing rows: add, remove, update — the row key and the entry of every index whose schema
// state needs it (table-index.ts), with MySQL's duplicate-key checks (duplicate.ts).
//
//   add      row key: insert (pk handle) or set (hidden handle, fresh from the allocator);
//            entries of writable indexes: insert (unique, no NULL) or set (the others)
//   remove   row key and the entries of every index, delete-only ones included
//   update   row value rewritten; only entries whose values changed are deleted and re-added
//            (delete-only indexes lose the old entry and get no new one); a changed pk handle
//            is remove + add
//
// Duplicate checks read through the transaction in one batch before writing, so a statement's
// own earlier rows count, and report 1062. With `ignoreDuplicates` (INSERT IGNORE, UPDATE
// IGNORE) a colliding row is not written and its Duplicate returned, for the executor's warning.
// Rows of one addRecords call are checked against each other too. Nothing here undoes partial
// writes of a failing statement: the session's statement savepoint does (kv/client).
import { AlreadyExist } from '../../kv/client/index.js';
import { isDistinctEntry } from '../codec/index.js';
import type { Value } from '../types/index.js';
import { duplicateError, duplicateOf, handleEntryText, keyChecks, type Duplicate, type KeyCheck } from './duplicate.js';
import type { TableIndex } from './table-index.js';
import type { TableSchema } from './table-schema.js';
import type { TableTxn } from './table-txn.js';

/** A row to add: its handle and its values for the table's writable columns. */
export interface NewRecord {
  readonly handle: bigint;
  readonly row: readonly Value[];
}

export interface WriteOptions {
  /** Return the duplicate (row not written) instead of throwing 1062 (INSERT/UPDATE IGNORE). */
  readonly ignoreDuplicates?: boolean;
  /** Do not read for duplicates (the caller checked, e.g. with findDuplicates, or a bulk load
   *  accepts finding out at commit): keys are still written with insert, so a duplicate still
   *  fails, at commit (duplicateFromCommitError maps it to 1062). */
  readonly skipDuplicateCheck?: boolean;
}

const keyOf = (k: Buffer): string => k.toString('latin1');

/** Adds rows; the result is aligned with `records`: undefined where the row was written, the
 *  Duplicate where it was not (only with ignoreDuplicates; otherwise the first one throws 1062). */
export async function addRecords(txn: TableTxn, table: TableSchema, records: readonly NewRecord[], options: WriteOptions = {}): Promise<(Duplicate | undefined)[]> {
  const result: (Duplicate | undefined)[] = new Array<Duplicate | undefined>(records.length).fill(undefined);
  if (!options.skipDuplicateCheck) {
    const checks = records.map((r) => keyChecks(table, r.handle, r.row));
    const found = new Map<string, Uint8Array>();
    const all = checks.flat().map((c) => c.key);
    if (all.length > 0) for (const p of await txn.batchGet(all)) found.set(keyOf(Buffer.from(p.key)), p.value);
    const claimed = new Map<string, bigint>(); // keys taken by earlier rows of this call
    for (let i = 0; i < records.length; i++) {
      const rec = records[i] as NewRecord;
      let dup: Duplicate | undefined;
      for (const c of checks[i] as KeyCheck[]) {
        const k = keyOf(c.key);
        const existing = found.get(k);
        if (existing !== undefined) dup = duplicateOf(table, c, existing, rec.handle);
        else {
          const earlier = claimed.get(k);
          if (earlier !== undefined) dup = { ...duplicateOf(table, c, handleValue(earlier), rec.handle), handle: earlier };
        }
        if (dup) break;
      }
      if (dup && !options.ignoreDuplicates) throw duplicateError(dup);
      result[i] = dup;
      if (!dup) for (const c of checks[i] as KeyCheck[]) claimed.set(keyOf(c.key), rec.handle);
    }
  }
  for (let i = 0; i < records.length; i++) {
    if (result[i] !== undefined) continue;
    const rec = records[i] as NewRecord;
    writeRecord(txn, table, rec.handle, rec.row);
  }
  return result;
}

/** Adds one row (see addRecords): undefined when written. */
export async function addRecord(txn: TableTxn, table: TableSchema, handle: bigint, row: readonly Value[], options: WriteOptions = {}): Promise<Duplicate | undefined> {
  return (await addRecords(txn, table, [{ handle, row }], options))[0];
}

function handleValue(h: bigint): Buffer {
  const b = Buffer.allocUnsafe(8);
  b.writeBigInt64BE(h, 0);
  return b;
}

/** Writes the row key and the entries of `indexes` (default: every writable index). A key this
 *  transaction already gave a value (found only without the read check) throws 1062 at once. */
function writeRecord(txn: TableTxn, table: TableSchema, handle: bigint, row: readonly Value[], indexes: readonly TableIndex[] = table.writableIndexes): void {
  const value = table.encodeRow(row);
  const rk = table.rowKey(handle);
  if (table.handleColumn) {
    try {
      txn.insert(rk, value);
    } catch (err) {
      if (err instanceof AlreadyExist) throw duplicateError({ entry: handleEntryText(table, handle), keyName: table.primaryKeyName });
      throw err;
    }
  } else txn.set(rk, value);
  for (const idx of indexes) writeEntry(txn, idx, idx.values(row), handle);
}

function writeEntry(txn: TableTxn, idx: TableIndex, values: readonly Value[], handle: bigint): void {
  const e = idx.entry(values, handle);
  if (!isDistinctEntry(idx.spec, values)) {
    txn.set(e.key, e.value);
    return;
  }
  try {
    txn.insert(e.key, e.value);
  } catch (err) {
    if (err instanceof AlreadyExist) throw duplicateError({ entry: idx.entryText(values), keyName: idx.keyName });
    throw err;
  }
}

/** Deletes the row key and the entries of every index (any state) of a writable row. An index
 *  over a column no longer in writable rows (a column being dropped) is skipped. */
export function removeRecord(txn: TableTxn, table: TableSchema, handle: bigint, row: readonly Value[]): void {
  txn.delete(table.rowKey(handle));
  for (const idx of table.indexes) {
    if (!idx.coveredByRow) continue;
    txn.delete(idx.entry(idx.values(row), handle).key);
  }
}

/** Replaces the row `handle` (whose current writable row is `oldRow`) by `newRow`. When the pk
 *  handle changes, it is remove + add (checked on the new handle). Undefined when written; the
 *  Duplicate (nothing written) with ignoreDuplicates. */
export async function updateRecord(
  txn: TableTxn,
  table: TableSchema,
  handle: bigint,
  oldRow: readonly Value[],
  newRow: readonly Value[],
  options: WriteOptions = {},
): Promise<Duplicate | undefined> {
  if (table.handleColumn) {
    const newHandle = table.handleOf(newRow);
    if (newHandle !== handle) {
      if (!options.skipDuplicateCheck) {
        // Check before removing, so an ignored duplicate leaves the old row in place.
        const dup = await firstDuplicate(txn, table, keyChecks(table, newHandle, newRow), newHandle, handle);
        if (dup) {
          if (!options.ignoreDuplicates) throw duplicateError(dup);
          return dup;
        }
      }
      removeRecord(txn, table, handle, oldRow);
      writeRecord(txn, table, newHandle, newRow);
      return undefined;
    }
  }
  const changed: { idx: TableIndex; oldValues: Value[]; newValues: Value[] }[] = [];
  for (const idx of table.indexes) {
    if (!idx.coveredByRow) continue;
    const oldValues = idx.values(oldRow);
    const newValues = idx.values(newRow);
    if (!idx.sameValues(oldValues, newValues)) changed.push({ idx, oldValues, newValues });
  }
  if (!options.skipDuplicateCheck) {
    const writable = changed.filter((c) => c.idx.writable).map((c) => c.idx);
    const dup = await firstDuplicate(txn, table, keyChecks(table, handle, newRow, writable, false), handle, handle);
    if (dup) {
      if (!options.ignoreDuplicates) throw duplicateError(dup);
      return dup;
    }
  }
  for (const c of changed) txn.delete(c.idx.entry(c.oldValues, handle).key);
  for (const c of changed) if (c.idx.writable) writeEntry(txn, c.idx, c.newValues, handle);
  txn.set(table.rowKey(handle), table.encodeRow(newRow));
  return undefined;
}

/** The first existing key among `checks`, ignoring entries that belong to `self` (the row being
 *  updated: under a case-insensitive collation 'a' → 'A' keeps its own key). */
async function firstDuplicate(txn: TableTxn, table: TableSchema, checks: readonly KeyCheck[], handle: bigint, self: bigint): Promise<Duplicate | undefined> {
  if (checks.length === 0) return undefined;
  const found = new Map<string, Uint8Array>();
  for (const p of await txn.batchGet(checks.map((c) => c.key))) found.set(keyOf(Buffer.from(p.key)), p.value);
  for (const c of checks) {
    const v = found.get(keyOf(c.key));
    if (v === undefined) continue;
    const d = duplicateOf(table, c, v, handle);
    if (c.index !== undefined && d.handle === self) continue;
    return d;
  }
  return undefined;
}

/** SELECT … FOR UPDATE: the rows are locked at commit; a concurrent writer of any of them makes
 *  one of the two transactions fail (WriteConflict). */
export function lockRows(txn: TableTxn, table: TableSchema, handles: readonly bigint[]): void {
  for (const h of handles) txn.lockKeys(table.rowKey(h));
}
