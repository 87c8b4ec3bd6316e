// Values of a coprocessor answer back as SQL values. A store answers in the physical form of each
// column (kv/cop-types.ts CopDatum, read from Arrow by kv/client's readCopAnswer): integers as
// bigints, decimals as coefficient + scale, strings as UTF-8 bytes, DATE/DATETIME/TIMESTAMP as
// the packed uint64 of the row format, TIME as microseconds, ENUM/SET as their text, JSON in its
// stored binary form. This turns one back into exactly what RowView.get returns for the same
// stored value (TIMESTAMP stays as stored, in UTC, like every row read; the executor converts).
import type { CopDatum } from '../../kv/cop-types.js';
import { DateTime, Decimal, Duration, type SqlType, type Value } from '../types/index.js';
import { unpackDateTime } from './datum-key.js';
import { CorruptDataError } from './errors.js';
import { decodeJsonBinary } from './json-binary.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

function bad(v: CopDatum, t: SqlType): CorruptDataError {
  return new CorruptDataError(`coprocessor value of type ${typeof v} does not fit ${t.kind}`);
}

export function copValueToSql(v: CopDatum, t: SqlType): Value {
  if (v === null) return null;
  switch (t.kind) {
    case 'null':
      throw bad(v, t);
    case 'decimal':
      if (typeof v !== 'object' || v instanceof Uint8Array) throw bad(v, t);
      return Decimal.of(v.coef, v.scale);
    case 'float':
    case 'double':
      if (typeof v !== 'number') throw bad(v, t);
      return v;
    case 'date':
    case 'datetime':
    case 'timestamp':
      if (typeof v !== 'bigint') throw bad(v, t);
      return unpackDateTime(v, t.kind, t.kind === 'date' ? 0 : t.fsp);
    case 'time':
      if (typeof v !== 'bigint') throw bad(v, t);
      return new Duration(Number(v), t.fsp);
    case 'binary':
    case 'varbinary':
    case 'tinyblob':
    case 'blob':
    case 'mediumblob':
    case 'longblob':
      if (!(v instanceof Uint8Array)) throw bad(v, t);
      return Uint8Array.prototype.slice.call(v);
    case 'json':
      if (!(v instanceof Uint8Array)) throw bad(v, t);
      return decodeJsonBinary(v);
    case 'char':
    case 'varchar':
    case 'tinytext':
    case 'text':
    case 'mediumtext':
    case 'longtext':
    case 'enum':
    case 'set':
      if (!(v instanceof Uint8Array)) throw bad(v, t);
      return utf8.decode(v);
    default:
      if (typeof v !== 'bigint') throw bad(v, t);
      return v;
  }
}

const encoder = new TextEncoder();

/** The physical form a store holds a stored value of `t` in (a column default sent with a scan),
 *  or undefined for values the coprocessor does not carry (JSON). */
export function sqlToCopValue(v: Value, t: SqlType): CopDatum | undefined {
  if (v === null) return null;
  if (typeof v === 'bigint' || typeof v === 'number') return v;
  if (v instanceof Decimal) return { coef: v.coef, scale: v.scale };
  if (typeof v === 'string') return encoder.encode(v);
  if (v instanceof Uint8Array) return v;
  if (v instanceof Duration) return BigInt(v.micros);
  if (v instanceof DateTime && (t.kind === 'date' || t.kind === 'datetime' || t.kind === 'timestamp')) return v.packed();
  return undefined;
}
