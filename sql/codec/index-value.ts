// Index entries: the key and the value one row contributes to one index.
//
//   unique index, no NULL among the values   key  t{tid}_i{iid}{datums}          value  handle (int64 BE, 8 bytes)
//   non-unique index, or any value NULL      key  t{tid}_i{iid}{datums}{handle}  value  '0' (0x30, as TiDB)
//
// A unique entry's key holds the values only, so two rows with equal values collide on one key
// and the writer sees the duplicate (1062) with a single point read of `uniqueKey`. MySQL lets a
// UNIQUE index hold any number of rows with a NULL in it (NULL is not equal to NULL), so an entry
// with a NULL is written the non-unique way, handle appended: such entries never collide, and
// `uniqueKey` answers undefined for them (there is nothing to check). Readers tell the two forms
// apart by the key's length, never by the index's definition, which makes the decoding
// independent of how the entry came to be written.
//
// "Equal values" is the key's equality: strings under a case-insensitive collation ('a' = 'A'),
// decimals by numeric value (1.0 = 1.00), doubles with -0 = +0 — as MySQL's comparison says.
import type { SqlType, Value } from '../types/index.js';
import { encodeKeyDatums } from './datum-key.js';
import { BadValueError, CorruptDataError } from './errors.js';
import { checkHandle } from './handle.js';
import { decodeIndexKey, indexKey } from './table-key.js';

export interface IndexSpec {
  readonly tableId: bigint;
  readonly indexId: bigint;
  readonly unique: boolean;
  /** Types of the index's columns, in index order. */
  readonly types: readonly SqlType[];
  /** Column names, for error messages (JSON columns are refused by name). */
  readonly columns?: readonly string[];
}

export interface IndexEntry {
  readonly key: Buffer;
  readonly value: Buffer;
}

/** The value of a non-unique entry: TiDB's '0'. */
export const NON_UNIQUE_VALUE: Buffer = Buffer.from('0');

function checkArity(spec: IndexSpec, values: readonly Value[]): void {
  if (values.length !== spec.types.length) {
    throw new BadValueError(`index ${spec.indexId} has ${spec.types.length} columns, got ${values.length} values`);
  }
}

/** Whether a row with these values takes the unique form (unique index, no NULL). */
export function isDistinctEntry(spec: IndexSpec, values: readonly Value[]): boolean {
  return spec.unique && values.every((v) => v !== null);
}

/** The entry a row with `values` (the index's columns) and `handle` writes into the index. */
export function encodeIndexEntry(spec: IndexSpec, values: readonly Value[], handle: bigint): IndexEntry {
  checkArity(spec, values);
  const datums = encodeKeyDatums(values, spec.types, spec.columns);
  if (isDistinctEntry(spec, values)) {
    return { key: indexKey(spec.tableId, spec.indexId, datums), value: encodeInt64Raw(handle) };
  }
  return { key: indexKey(spec.tableId, spec.indexId, datums, handle), value: NON_UNIQUE_VALUE };
}

/** The key a unique index holds for these values (duplicate check, point get), or undefined when
 *  the index is not unique or a value is NULL (nothing can collide). */
export function uniqueKey(spec: IndexSpec, values: readonly Value[]): Buffer | undefined {
  checkArity(spec, values);
  if (!isDistinctEntry(spec, values)) return undefined;
  return indexKey(spec.tableId, spec.indexId, encodeKeyDatums(values, spec.types, spec.columns));
}

function encodeInt64Raw(handle: bigint): Buffer {
  const out = Buffer.allocUnsafe(8);
  out.writeBigInt64BE(checkHandle(handle), 0);
  return out;
}

/** The handle stored in a unique entry's value. */
export function decodeUniqueIndexValue(value: Uint8Array): bigint {
  if (value.length !== 8) throw new CorruptDataError(`unique index value must be 8 bytes, got ${value.length}`);
  return Buffer.from(value.buffer, value.byteOffset, 8).readBigInt64BE(0);
}

export interface DecodedIndexEntry {
  readonly values: Value[];
  readonly handle: bigint;
}

/** Values and handle of a stored entry (key and value as read from KV). */
export function decodeIndexEntry(spec: IndexSpec, key: Uint8Array, value: Uint8Array): DecodedIndexEntry {
  const k = decodeIndexKey(key, spec.types);
  if (k.tableId !== spec.tableId || k.indexId !== spec.indexId) {
    throw new CorruptDataError(`index key of t${k.tableId}_i${k.indexId} read as t${spec.tableId}_i${spec.indexId}`);
  }
  if (k.handle !== undefined) {
    if (value.length !== 1 || value[0] !== 0x30) throw new CorruptDataError(`bad non-unique index value (${value.length} bytes)`);
    return { values: k.values, handle: k.handle };
  }
  if (!spec.unique || k.values.some((v) => v === null)) {
    throw new CorruptDataError('index entry without a handle in its key for a non-unique index or a NULL value');
  }
  return { values: k.values, handle: decodeUniqueIndexValue(value) };
}

