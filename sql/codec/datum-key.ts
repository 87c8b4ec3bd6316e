// Index key datums: one SQL value of a known column type as a memcomparable key part, so that the
// byte order of index keys is the SQL order of the indexed values.
//
// Every datum starts with a one-byte flag (kv/codec's tuple flags, extended the way TiDB extends
// them), so NULL sorts before every value and a range scan can stop at MAX:
//
//   flag  type                                         body
//   00    NULL                                         —
//   01    BINARY/VARBINARY/BLOB; strings under the     kv/codec group-encoded bytes
//         `binary` or a NO PAD collation               (strings: UTF-8 of the collation weights)
//   02    strings under a PAD SPACE collation          string-key.ts token stream
//   03    signed integers, YEAR                        int64, sign bit flipped
//   04    unsigned integers, BIT, ENUM (1-based        uint64 big-endian
//         index), SET (bit mask), DATE/DATETIME/
//         TIMESTAMP (DateTime.packed(): y·13+m, d, h, m, s, µs bit fields)
//   05    FLOAT/DOUBLE                                 float64 ordered bits (-0 = +0; NaN refused)
//   06    DECIMAL                                      decimal-key.ts (1.0 and 1.00 are one key)
//   07    TIME                                         int64 microseconds, sign bit flipped
//   FA    MAX (range ends only)                        —
//
// JSON is not indexable: NotIndexableError (MySQL 3152). The flag is fixed per column type, so
// all values of one index column share it and only their bodies decide the order; decoding
// checks the flag against the type and throws CorruptDataError on any mismatch.
//
// TIMESTAMP: the codec stores the DateTime it is given. The executor converts TIMESTAMP values to
// UTC before encoding and back after decoding (sql/types' timestampToEpochMicros /
// timestampFromEpochMicros), so keys and rows of one table agree whatever the session zone.
import {
  DateTime,
  Duration,
  collationInfo,
  enumIndex,
  enumValueAt,
  setFromMask,
  setMask,
  type DateKind,
  type SqlType,
  type Value,
  Decimal,
} from '../types/index.js';
import {
  TupleFlag,
  decodeBytes,
  decodeFloat64,
  decodeInt64,
  decodeUint64,
  encodeBytes,
  encodeFloat64,
  encodeInt64,
  encodeUint64,
} from '../../kv/codec/index.js';
import { decodeDecimalKey, encodeDecimalKey } from './decimal-key.js';
import { decodeStringKey, encodeStringKey, isStringKeyExact } from './string-key.js';
import { BadValueError, CorruptDataError, NotIndexableError, decoding } from './errors.js';

export const KeyFlag = {
  Null: TupleFlag.Null,
  Bytes: TupleFlag.Bytes,
  PadString: 0x02,
  Int: TupleFlag.Int,
  Uint: TupleFlag.Uint,
  Float: TupleFlag.Float,
  Decimal: 0x06,
  Duration: 0x07,
  Max: TupleFlag.Max,
} as const;

const U64_MAX = 0xffffffffffffffffn;
const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

function bad(value: Value, type: SqlType, column: string | undefined): BadValueError {
  const shown = typeof value === 'bigint' ? `${value}n` : value instanceof Uint8Array ? `bytes(${value.length})` : String(value);
  return new BadValueError(`value ${shown} does not fit ${type.kind}${column !== undefined ? ` column '${column}'` : ''}`);
}

function isUnsignedKind(type: SqlType): boolean {
  return 'unsigned' in type && type.unsigned;
}

/** Packs a DateTime into the ordered integer of DateTime.packed(), refusing fields the bit
 *  layout cannot hold (so two different values never share a key). */
export function packDateTime(v: DateTime): bigint {
  const ok =
    Number.isInteger(v.year) && v.year >= 0 && v.year <= 9999 &&
    Number.isInteger(v.month) && v.month >= 0 && v.month <= 12 &&
    Number.isInteger(v.day) && v.day >= 0 && v.day <= 31 &&
    Number.isInteger(v.hour) && v.hour >= 0 && v.hour <= 23 &&
    Number.isInteger(v.minute) && v.minute >= 0 && v.minute <= 59 &&
    Number.isInteger(v.second) && v.second >= 0 && v.second <= 59 &&
    Number.isInteger(v.microsecond) && v.microsecond >= 0 && v.microsecond <= 999_999;
  if (!ok) throw new BadValueError(`datetime fields out of range: ${v.toString()}`);
  return v.packed();
}

/** The inverse of packDateTime; throws CorruptDataError for integers no DateTime packs to. */
export function unpackDateTime(p: bigint, type: DateKind, fsp: number): DateTime {
  const microsecond = Number(p & 0xffffffn);
  const hms = Number((p >> 24n) & 0x1ffffn);
  const ymdBig = p >> 41n;
  if (ymdBig > 0xffffffn) throw new CorruptDataError(`packed datetime out of range: ${p}`);
  const ymd = Number(ymdBig);
  const day = ymd % 32;
  const ym = Math.floor(ymd / 32);
  const month = ym % 13;
  const year = Math.floor(ym / 13);
  const second = hms % 64;
  const minute = Math.floor(hms / 64) % 64;
  const hour = Math.floor(hms / 4096);
  const v = DateTime.of(year, month, day, hour, minute, second, microsecond, 'datetime', 6);
  if (year > 9999 || hour > 23 || minute > 59 || second > 59 || microsecond > 999_999) {
    throw new CorruptDataError(`packed datetime out of range: ${p}`);
  }
  if (type === 'date' && (hour !== 0 || minute !== 0 || second !== 0 || microsecond !== 0)) {
    throw new CorruptDataError(`packed date has a time part: ${p}`);
  }
  return new DateTime(v.fields(), type, fsp);
}

function dateKindOf(type: SqlType): DateKind {
  return type.kind === 'date' ? 'date' : type.kind === 'timestamp' ? 'timestamp' : 'datetime';
}

/** Encodes one value of column type `type` as an index key datum. `column` names the column in
 *  errors. NULL is allowed for every type. */
export function encodeKeyDatum(value: Value, type: SqlType, column?: string): Buffer {
  if (value === null) return Buffer.of(KeyFlag.Null);
  const fail = (): BadValueError => bad(value, type, column);
  switch (type.kind) {
    case 'null':
      throw fail();
    case 'tinyint':
    case 'smallint':
    case 'mediumint':
    case 'int':
    case 'bigint':
    case 'year':
    case 'bit': {
      if (typeof value !== 'bigint') throw fail();
      if (type.kind === 'bit' || isUnsignedKind(type)) {
        if (value < 0n || value > U64_MAX) throw fail();
        return Buffer.concat([Buffer.of(KeyFlag.Uint), encodeUint64(value)]);
      }
      if (value < I64_MIN || value > I64_MAX) throw fail();
      return Buffer.concat([Buffer.of(KeyFlag.Int), encodeInt64(value)]);
    }
    case 'float':
    case 'double':
      if (typeof value !== 'number' || Number.isNaN(value)) throw fail();
      return Buffer.concat([Buffer.of(KeyFlag.Float), encodeFloat64(value)]);
    case 'decimal':
      if (!(value instanceof Decimal)) throw fail();
      return Buffer.concat([Buffer.of(KeyFlag.Decimal), encodeDecimalKey(value)]);
    case 'char':
    case 'varchar':
    case 'tinytext':
    case 'text':
    case 'mediumtext':
    case 'longtext': {
      if (typeof value !== 'string') throw fail();
      const info = collationInfo(type.collation);
      const flag = info.padSpace && !info.binary ? KeyFlag.PadString : KeyFlag.Bytes;
      return Buffer.concat([Buffer.of(flag), encodeStringKey(value, type.collation)]);
    }
    case 'binary':
    case 'varbinary':
    case 'tinyblob':
    case 'blob':
    case 'mediumblob':
    case 'longblob':
      if (!(value instanceof Uint8Array)) throw fail();
      return Buffer.concat([Buffer.of(KeyFlag.Bytes), encodeBytes(value)]);
    case 'date':
    case 'datetime':
    case 'timestamp':
      if (!(value instanceof DateTime)) throw fail();
      return Buffer.concat([Buffer.of(KeyFlag.Uint), encodeUint64(packDateTime(value))]);
    case 'time':
      if (!(value instanceof Duration) || !Number.isSafeInteger(value.micros)) throw fail();
      return Buffer.concat([Buffer.of(KeyFlag.Duration), encodeInt64(BigInt(value.micros))]);
    case 'enum': {
      if (typeof value !== 'string') throw fail();
      const i = enumIndex(type.elements, value);
      if (i === null) throw fail();
      return Buffer.concat([Buffer.of(KeyFlag.Uint), encodeUint64(BigInt(i))]);
    }
    case 'set': {
      if (typeof value !== 'string') throw fail();
      const m = setMask(type.elements, value);
      if (m === null) throw fail();
      return Buffer.concat([Buffer.of(KeyFlag.Uint), encodeUint64(m)]);
    }
    case 'json':
      throw new NotIndexableError(column ?? '?');
  }
}

/** The flag every non-NULL datum of this column type starts with. */
export function keyFlagOf(type: SqlType): number {
  switch (type.kind) {
    case 'null':
      return KeyFlag.Null;
    case 'tinyint':
    case 'smallint':
    case 'mediumint':
    case 'int':
    case 'bigint':
    case 'year':
      return isUnsignedKind(type) ? KeyFlag.Uint : KeyFlag.Int;
    case 'bit':
    case 'date':
    case 'datetime':
    case 'timestamp':
    case 'enum':
    case 'set':
      return KeyFlag.Uint;
    case 'float':
    case 'double':
      return KeyFlag.Float;
    case 'decimal':
      return KeyFlag.Decimal;
    case 'time':
      return KeyFlag.Duration;
    case 'char':
    case 'varchar':
    case 'tinytext':
    case 'text':
    case 'mediumtext':
    case 'longtext': {
      const info = collationInfo(type.collation);
      return info.padSpace && !info.binary ? KeyFlag.PadString : KeyFlag.Bytes;
    }
    case 'binary':
    case 'varbinary':
    case 'tinyblob':
    case 'blob':
    case 'mediumblob':
    case 'longblob':
      return KeyFlag.Bytes;
    case 'json':
      throw new NotIndexableError('?');
  }
}

/** Whether decodeKeyDatum gives back exactly the stored value for this type (false for strings
 *  under folding or PAD SPACE collations: a covering-index read must then read the row). */
export function isIndexKeyExact(type: SqlType): boolean {
  switch (type.kind) {
    case 'char':
    case 'varchar':
    case 'tinytext':
    case 'text':
    case 'mediumtext':
    case 'longtext':
      return isStringKeyExact(type.collation);
    case 'json':
      return false;
    default:
      return true;
  }
}

/** Decodes one datum at `offset` as a value of `type`; the value comes back in sql/types' runtime
 *  representation (DECIMAL rescaled to the column's scale, temporals with the column's kind and
 *  fsp). Throws CorruptDataError when the bytes are not a datum of this type. */
export function decodeKeyDatum(buf: Uint8Array, offset: number, type: SqlType): { value: Value; next: number } {
  return decoding('index key datum', () => decodeDatumUnchecked(buf, offset, type));
}

function decodeDatumUnchecked(buf: Uint8Array, offset: number, type: SqlType): { value: Value; next: number } {
  const flag = buf[offset];
  if (flag === undefined) throw new CorruptDataError(`truncated index key at offset ${offset}`);
  if (flag === KeyFlag.Null) return { value: null, next: offset + 1 };
  const want = keyFlagOf(type);
  if (flag !== want) {
    throw new CorruptDataError(`index key datum flag 0x${flag.toString(16)} at offset ${offset} does not match ${type.kind} (0x${want.toString(16)})`);
  }
  const at = offset + 1;
  switch (type.kind) {
    case 'null':
      throw new CorruptDataError(`non-NULL datum for a NULL-typed column at offset ${offset}`);
    case 'tinyint':
    case 'smallint':
    case 'mediumint':
    case 'int':
    case 'bigint':
    case 'year':
      return { value: flag === KeyFlag.Uint ? decodeUint64(buf, at) : decodeInt64(buf, at), next: at + 8 };
    case 'bit':
      return { value: decodeUint64(buf, at), next: at + 8 };
    case 'float':
    case 'double':
      return { value: decodeFloat64(buf, at), next: at + 8 };
    case 'decimal': {
      const { value, next } = decodeDecimalKey(buf, at);
      return { value: value.scale <= type.scale ? value.rescale(type.scale) : value, next };
    }
    case 'char':
    case 'varchar':
    case 'tinytext':
    case 'text':
    case 'mediumtext':
    case 'longtext':
      return decodeStringKey(buf, at, type.collation);
    case 'binary':
    case 'varbinary':
    case 'tinyblob':
    case 'blob':
    case 'mediumblob':
    case 'longblob': {
      const { value, next } = decodeBytes(buf, at);
      return { value: new Uint8Array(value), next };
    }
    case 'date':
    case 'datetime':
    case 'timestamp':
      return { value: unpackDateTime(decodeUint64(buf, at), dateKindOf(type), type.kind === 'date' ? 0 : type.fsp), next: at + 8 };
    case 'time': {
      const micros = decodeInt64(buf, at);
      if (micros < BigInt(Number.MIN_SAFE_INTEGER) || micros > BigInt(Number.MAX_SAFE_INTEGER)) {
        throw new CorruptDataError(`TIME out of range in index key at offset ${at}`);
      }
      return { value: new Duration(Number(micros), type.fsp), next: at + 8 };
    }
    case 'enum': {
      const i = decodeUint64(buf, at);
      const v = i <= BigInt(type.elements.length) ? enumValueAt(type.elements, Number(i)) : null;
      if (v === null) throw new CorruptDataError(`ENUM index ${i} out of range at offset ${at}`);
      return { value: v, next: at + 8 };
    }
    case 'set': {
      const m = decodeUint64(buf, at);
      if (type.elements.length < 64 && m >> BigInt(type.elements.length) !== 0n) {
        throw new CorruptDataError(`SET mask ${m} has bits past the elements at offset ${at}`);
      }
      return { value: setFromMask(type.elements, m), next: at + 8 };
    }
    case 'json':
      throw new NotIndexableError('?');
  }
}

/** Encodes a tuple of values (an index's columns, or a prefix of them). */
export function encodeKeyDatums(values: readonly Value[], types: readonly SqlType[], columns?: readonly string[]): Buffer {
  if (values.length > types.length) throw new BadValueError(`${values.length} values for ${types.length} index columns`);
  return Buffer.concat(values.map((v, i) => encodeKeyDatum(v, types[i] as SqlType, columns?.[i])));
}
