// Row handles: the int64 that names a row inside its table (the `{handle}` of `t{id}_r{handle}`).
//
//   table with an integer primary key   the handle IS the primary key value (clustered: a point
//                                       get by PK is one row-key read, no index)
//   any other table                     a hidden int64 the SQL server allocates (TiDB's
//                                       `_tidb_rowid`); the primary key, if any, is a unique index
//
// BIGINT UNSIGNED primary keys range over 0..2^64-1, which does not fit int64. The handle is then
// `u - 2^63` (the sign bit flipped): a bijection that preserves order, so a range scan over the
// PK is a range scan over handles, and 2^63 sorts above 2^63-1. (TiDB instead reinterprets the
// bits, which puts 2^63.. before 0 and needs special range handling; we do not.) The row key's
// bytes for u are then exactly uint64 big-endian of u. Smaller unsigned types fit int64 as they
// are and are used unchanged, so the mapping applies to BIGINT UNSIGNED only.
//
// Hidden handles are allocated in batches (the catalog's auto-id counter under a meta key hands a
// server a range; see meta-key.ts) and given out by HandleRange, which is pure and never repeats.
import type { IntType, SqlType } from '../types/index.js';
import { BadValueError } from './errors.js';

export const I64_MIN = -(2n ** 63n);
export const I64_MAX = 2n ** 63n - 1n;
const U64_MAX = 2n ** 64n - 1n;
const OFFSET = 2n ** 63n;

/** Name of the hidden handle column of a table without an integer primary key (TiDB's). */
export const HIDDEN_HANDLE_COLUMN = '_tidb_rowid';

/** Whether a primary key of this type can be the handle (any integer type, signed or not). */
export function isIntHandleType(type: SqlType): type is IntType {
  return type.kind === 'tinyint' || type.kind === 'smallint' || type.kind === 'mediumint' || type.kind === 'int' || type.kind === 'bigint';
}

function mapsUnsigned(type: IntType): boolean {
  return type.kind === 'bigint' && type.unsigned;
}

export function checkHandle(h: bigint): bigint {
  if (h < I64_MIN || h > I64_MAX) throw new BadValueError(`handle out of int64 range: ${h}`);
  return h;
}

/** The handle of a row whose integer primary key is `pk`. */
export function handleFromPk(pk: bigint, type: IntType): bigint {
  if (mapsUnsigned(type)) {
    if (pk < 0n || pk > U64_MAX) throw new BadValueError(`BIGINT UNSIGNED primary key out of range: ${pk}`);
    return pk - OFFSET;
  }
  return checkHandle(pk);
}

/** The primary key value of the row with this handle (the inverse of handleFromPk). */
export function pkFromHandle(handle: bigint, type: IntType): bigint {
  checkHandle(handle);
  return mapsUnsigned(type) ? handle + OFFSET : handle;
}

/** Hands out hidden handles from an allocated range [next, end): strictly increasing, never
 *  repeating. When it is exhausted the caller allocates a new range from the catalog. */
export class HandleRange {
  private nextHandle: bigint;

  constructor(
    start: bigint,
    readonly end: bigint,
  ) {
    checkHandle(start);
    if (end < start || end > I64_MAX + 1n) throw new BadValueError(`bad handle range [${start}, ${end})`);
    this.nextHandle = start;
  }

  get remaining(): bigint {
    return this.end - this.nextHandle;
  }

  /** The next handle, or undefined when the range is used up. */
  next(): bigint | undefined {
    if (this.nextHandle >= this.end) return undefined;
    return this.nextHandle++;
  }
}
