// Table keys: where rows and index entries of a table live in the ordered KV space. TiDB's layout,
// byte for byte:
//
//   row           t{tableID}_r{handle}                  → row value (row-value.ts)
//   index entry   t{tableID}_i{indexID}{datums…}         → handle        (unique, no NULL in values)
//                 t{tableID}_i{indexID}{datums…}{handle} → 0x30 ('0')    (non-unique, or a NULL)
//
// IDs and handles are memcomparable int64 (big-endian, sign bit flipped), so `t{1}_r{1}` is
//
//   74 80 00 00 00 00 00 00 01 5f 72 80 00 00 00 00 00 00 01
//   t  └──── table id 1 ────┘  _  r  └──── handle 1 ──────┘
//
// and all rows of a table are one contiguous range ordered by handle, all entries of an index one
// contiguous range ordered by the indexed values (datum-key.ts), with `_i` (0x5f 0x69) before
// `_r` (0x5f 0x72): a table's indexes sort before its rows. The appended handle of a non-unique
// entry is an int datum (flag 03 + int64), as in TiDB. Ranges here are half-open [start, end).
import { decodeInt64, encodeInt64 } from '../../kv/codec/index.js';
import { nextKey, prefixEnd } from '../../util/bytes.js';
import type { SqlType, Value } from '../types/index.js';
import { decodeKeyDatum, encodeKeyDatums, KeyFlag } from './datum-key.js';
import { CorruptDataError, decoding } from './errors.js';
import { checkHandle } from './handle.js';

export interface KeyRange {
  readonly start: Buffer;
  /** Exclusive. */
  readonly end: Buffer;
}

const T = 0x74; // 't'
const SEP = 0x5f; // '_'
const R = 0x72; // 'r'
const I = 0x69; // 'i'
const ROW_KEY_LEN = 19;
const INDEX_PREFIX_LEN = 19;

/** `t{tableID}`: every key of the table (rows and indexes) starts with it. */
export function tablePrefix(tableId: bigint): Buffer {
  return Buffer.concat([Buffer.of(T), encodeInt64(tableId)]);
}

/** `t{tableID}_r`: every row key of the table starts with it. */
export function recordPrefix(tableId: bigint): Buffer {
  return Buffer.concat([Buffer.of(T), encodeInt64(tableId), Buffer.of(SEP, R)]);
}

/** `t{tableID}_r{handle}`. */
export function rowKey(tableId: bigint, handle: bigint): Buffer {
  return Buffer.concat([Buffer.of(T), encodeInt64(tableId), Buffer.of(SEP, R), encodeInt64(checkHandle(handle))]);
}

/** `t{tableID}_i{indexID}`: every entry of the index starts with it. */
export function indexPrefix(tableId: bigint, indexId: bigint): Buffer {
  return Buffer.concat([Buffer.of(T), encodeInt64(tableId), Buffer.of(SEP, I), encodeInt64(indexId)]);
}

/** `t{tableID}_i{indexID}{encoded datums}[handle]`: `datums` as datum-key.ts encodes them. */
export function indexKey(tableId: bigint, indexId: bigint, datums: Uint8Array, handle?: bigint): Buffer {
  const parts: Uint8Array[] = [indexPrefix(tableId, indexId), datums];
  if (handle !== undefined) parts.push(Buffer.of(KeyFlag.Int), encodeInt64(checkHandle(handle)));
  return Buffer.concat(parts);
}

function prefixRange(prefix: Buffer): KeyRange {
  const end = prefixEnd(prefix);
  if (end === undefined) throw new CorruptDataError('prefix has no end');
  return { start: prefix, end };
}

/** Every key of the table: rows and index entries. */
export function tableRange(tableId: bigint): KeyRange {
  return prefixRange(tablePrefix(tableId));
}

/** All rows of the table, in handle order. */
export function rowRange(tableId: bigint): KeyRange {
  return prefixRange(recordPrefix(tableId));
}

/** Rows with lo ≤ handle ≤ hi (both inclusive; pass I64_MIN / I64_MAX for open ends). */
export function handleRange(tableId: bigint, lo: bigint, hi: bigint): KeyRange {
  return { start: rowKey(tableId, lo), end: nextKey(rowKey(tableId, hi)) };
}

/** All entries of the index, in value order. */
export function indexRange(tableId: bigint, indexId: bigint): KeyRange {
  return prefixRange(indexPrefix(tableId, indexId));
}

/** Entries whose leading index columns equal `values` (a prefix of the index's columns, possibly
 *  all of them): an equality lookup, or the start of a range scan. */
export function indexValuesRange(tableId: bigint, indexId: bigint, values: readonly Value[], types: readonly SqlType[]): KeyRange {
  return prefixRange(indexKey(tableId, indexId, encodeKeyDatums(values, types)));
}

export interface IndexBound {
  /** Values of the leading index columns (a prefix of them). */
  readonly values: readonly Value[];
  readonly inclusive: boolean;
}

/** Entries between two bounds on the leading index columns (a range scan: `a > 5 AND a <= 9` is
 *  low {[5], false}, high {[9], true}). An absent bound is open. NULL sorts first, so a scan for
 *  `a < 9` that must skip NULLs passes low {[null], false}. */
export function indexBoundsRange(tableId: bigint, indexId: bigint, types: readonly SqlType[], low?: IndexBound, high?: IndexBound): KeyRange {
  const prefix = indexPrefix(tableId, indexId);
  const at = (b: IndexBound): Buffer => Buffer.concat([prefix, encodeKeyDatums(b.values, types)]);
  const after = (k: Buffer): Buffer => {
    const e = prefixEnd(k);
    if (e === undefined) throw new CorruptDataError('index bound has no end');
    return e;
  };
  const start = low === undefined ? prefix : low.inclusive ? at(low) : after(at(low));
  const end = high === undefined ? after(prefix) : high.inclusive ? after(at(high)) : at(high);
  return { start, end };
}

/** The smallest key strictly after `key` (key ‖ 00): turns an inclusive end into an exclusive one. */
export { nextKey, prefixEnd };

export function isRowKey(key: Uint8Array): boolean {
  return key.length === ROW_KEY_LEN && key[0] === T && key[9] === SEP && key[10] === R;
}

export function isIndexKey(key: Uint8Array): boolean {
  return key.length >= INDEX_PREFIX_LEN && key[0] === T && key[9] === SEP && key[10] === I;
}

/** The table id of any table key (row or index); throws for other keys. */
export function decodeTableId(key: Uint8Array): bigint {
  if (key.length < 9 || key[0] !== T) throw new CorruptDataError(`not a table key: ${Buffer.from(key).toString('hex')}`);
  return decoding('table key', () => decodeInt64(key, 1));
}

/** `t{tableID}_r{handle}` → (tableID, handle). */
export function decodeRowKey(key: Uint8Array): { tableId: bigint; handle: bigint } {
  if (!isRowKey(key)) throw new CorruptDataError(`not a row key: ${Buffer.from(key).toString('hex')}`);
  return { tableId: decodeInt64(key, 1), handle: decodeInt64(key, 11) };
}

export interface DecodedIndexKey {
  readonly tableId: bigint;
  readonly indexId: bigint;
  readonly values: Value[];
  /** Present when the key carries the handle (non-unique entries, and unique ones with a NULL). */
  readonly handle?: bigint;
}

/** `t{tableID}_i{indexID}{datums…}[handle]` → its parts, given the index's column types. See
 *  datum-key.ts `isIndexKeyExact` for which values come back exactly. */
export function decodeIndexKey(key: Uint8Array, types: readonly SqlType[]): DecodedIndexKey {
  if (!isIndexKey(key)) throw new CorruptDataError(`not an index key: ${Buffer.from(key).toString('hex')}`);
  const tableId = decodeInt64(key, 1);
  const indexId = decodeInt64(key, 11);
  let pos = INDEX_PREFIX_LEN;
  const values: Value[] = [];
  for (const type of types) {
    const { value, next } = decodeKeyDatum(key, pos, type);
    values.push(value);
    pos = next;
  }
  if (pos === key.length) return { tableId, indexId, values };
  if (key[pos] !== KeyFlag.Int || pos + 9 !== key.length) {
    throw new CorruptDataError(`index key has ${key.length - pos} unexpected bytes after its values at offset ${pos}`);
  }
  return { tableId, indexId, values, handle: decodeInt64(key, pos + 1) };
}
