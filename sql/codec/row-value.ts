// Row values: the value stored under a row key, keyed by column ID rather than position, so ADD
// COLUMN and DROP COLUMN rewrite no rows — a reader asks for the columns it knows, a column the
// row does not hold reads as the column's default, and a stored column no one asks for is skipped.
// The layout follows TiDB's row format v2:
//
//   0       version 0x80
//   1       flags: bit 0 LARGE (column ids are u32 and offsets u32; else ids u8, offsets u16)
//   2..3    n  = number of non-NULL columns (u16 LE)
//   4..5    z  = number of NULL columns (u16 LE)
//   ids     the n non-NULL column ids ascending, then the z NULL column ids ascending
//   offsets n end offsets into the data (u16/u32 LE): value i is data[offsets[i-1] .. offsets[i])
//   data    the non-NULL values, concatenated, each in its compact encoding (compact.ts):
//
//     integers, YEAR           1/2/4/8-byte LE (signed, or unsigned for UNSIGNED and BIT)
//     FLOAT/DOUBLE             float64 LE (exact, -0 kept)
//     DECIMAL                  scale, sign, magnitude (the value's own scale is kept)
//     strings                  UTF-8 bytes (the empty string is a present, empty value)
//     binary strings           the bytes
//     DATE/DATETIME/TIMESTAMP  kind·16+fsp, packed fields (uint64 LE)
//     TIME                     fsp, signed microseconds (1/2/4/8-byte LE)
//     ENUM / SET               1-based index / bit mask (unsigned)
//     JSON                     json-binary.ts
//
// Finding one column is a binary search over the ids, so `decodeRowColumn` reads a single value
// without decoding the rest (the coprocessor's filter on one column, a point get of one field).
// Decoding checks every length and the id order and throws CorruptDataError on bad bytes.
// TIMESTAMP values are stored as given (the executor stores UTC; see datum-key.ts). The handle is
// not part of the row value: an integer primary key column is the key's handle, and the reader
// fills it in from the key.
import {
  DateTime,
  Decimal,
  Duration,
  JsonValue,
  enumIndex,
  enumValueAt,
  setFromMask,
  setMask,
  type SqlType,
  type Value,
} from '../types/index.js';
import { BufferReader, BufferWriter } from '../../kv/codec/index.js';
import {
  decodeCompactInt,
  decodeCompactUint,
  decodeTemporalHeader,
  encodeCompactInt,
  encodeCompactUint,
  readDecimal,
  temporalHeader,
  writeDecimal,
} from './compact.js';
import { packDateTime, unpackDateTime } from './datum-key.js';
import { BadValueError, CorruptDataError, decoding } from './errors.js';
import { decodeJsonBinary, encodeJsonBinary } from './json-binary.js';

export const ROW_FORMAT_VERSION = 0x80;
const FLAG_LARGE = 0x01;
const MAX_COLUMN_ID = 0xffffffff;

export interface RowColumn {
  readonly id: number;
  readonly type: SqlType;
  readonly value: Value;
}

export interface WantedColumn {
  readonly id: number;
  readonly type: SqlType;
  /** What a row written before the column existed reads as (the column's default at ADD COLUMN). */
  readonly default: Value;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const LONE_SURROGATE = /\p{Cs}/u;

function bad(value: Value, type: SqlType): BadValueError {
  const shown = typeof value === 'bigint' ? `${value}n` : value instanceof Uint8Array ? `bytes(${value.length})` : String(value);
  return new BadValueError(`value ${shown} does not fit ${type.kind}`);
}

function isUnsigned(type: SqlType): boolean {
  return type.kind === 'bit' || ('unsigned' in type && type.unsigned && type.kind !== 'decimal' && type.kind !== 'float' && type.kind !== 'double');
}

/** The compact encoding of one non-NULL value of `type`. */
export function encodeColumnValue(value: Value, type: SqlType): Buffer {
  if (value === null) throw new BadValueError('NULL has no column value encoding (it is in the null id list)');
  switch (type.kind) {
    case 'null':
      throw bad(value, type);
    case 'tinyint':
    case 'smallint':
    case 'mediumint':
    case 'int':
    case 'bigint':
    case 'year':
    case 'bit':
      if (typeof value !== 'bigint') throw bad(value, type);
      return isUnsigned(type) ? encodeCompactUint(value) : encodeCompactInt(value);
    case 'float':
    case 'double': {
      if (typeof value !== 'number') throw bad(value, type);
      const b = Buffer.allocUnsafe(8);
      b.writeDoubleLE(value, 0);
      return b;
    }
    case 'decimal': {
      if (!(value instanceof Decimal)) throw bad(value, type);
      const w = new BufferWriter(16);
      writeDecimal(w, value);
      return w.finish();
    }
    case 'char':
    case 'varchar':
    case 'tinytext':
    case 'text':
    case 'mediumtext':
    case 'longtext':
      if (typeof value !== 'string' || LONE_SURROGATE.test(value)) throw bad(value, type);
      return Buffer.from(value, 'utf8');
    case 'binary':
    case 'varbinary':
    case 'tinyblob':
    case 'blob':
    case 'mediumblob':
    case 'longblob':
      if (!(value instanceof Uint8Array)) throw bad(value, type);
      return Buffer.from(value);
    case 'date':
    case 'datetime':
    case 'timestamp': {
      if (!(value instanceof DateTime)) throw bad(value, type);
      const b = Buffer.allocUnsafe(9);
      b[0] = temporalHeader(value);
      b.writeBigUInt64LE(packDateTime(value), 1);
      return b;
    }
    case 'time':
      if (!(value instanceof Duration) || !Number.isSafeInteger(value.micros)) throw bad(value, type);
      return Buffer.concat([Buffer.of(value.fsp), encodeCompactInt(BigInt(value.micros))]);
    case 'enum': {
      if (typeof value !== 'string') throw bad(value, type);
      const i = enumIndex(type.elements, value);
      if (i === null) throw bad(value, type);
      return encodeCompactUint(BigInt(i));
    }
    case 'set': {
      if (typeof value !== 'string') throw bad(value, type);
      const m = setMask(type.elements, value);
      if (m === null) throw bad(value, type);
      return encodeCompactUint(m);
    }
    case 'json':
      if (!(value instanceof JsonValue)) throw bad(value, type);
      return encodeJsonBinary(value);
  }
}

/** Decodes the compact encoding of one non-NULL value of `type`. */
export function decodeColumnValue(b: Uint8Array, type: SqlType): Value {
  return decoding('row column value', () => decodeColumnValueUnchecked(b, type));
}

function decodeColumnValueUnchecked(b: Uint8Array, type: SqlType): Value {
  switch (type.kind) {
    case 'null':
      throw new CorruptDataError('non-NULL value stored for a NULL-typed column');
    case 'tinyint':
    case 'smallint':
    case 'mediumint':
    case 'int':
    case 'bigint':
    case 'year':
    case 'bit':
      return isUnsigned(type) ? decodeCompactUint(b) : decodeCompactInt(b);
    case 'float':
    case 'double':
      if (b.length !== 8) throw new CorruptDataError(`bad double length ${b.length}`);
      return Buffer.from(b.buffer, b.byteOffset, 8).readDoubleLE(0);
    case 'decimal': {
      const r = new BufferReader(b);
      const d = readDecimal(r);
      if (!r.done) throw new CorruptDataError('trailing bytes after decimal');
      return d;
    }
    case 'char':
    case 'varchar':
    case 'tinytext':
    case 'text':
    case 'mediumtext':
    case 'longtext':
      try {
        return strictUtf8.decode(b);
      } catch {
        throw new CorruptDataError('bad UTF-8 in string column');
      }
    case 'binary':
    case 'varbinary':
    case 'tinyblob':
    case 'blob':
    case 'mediumblob':
    case 'longblob':
      return Uint8Array.prototype.slice.call(b);
    case 'date':
    case 'datetime':
    case 'timestamp': {
      if (b.length !== 9) throw new CorruptDataError(`bad temporal length ${b.length}`);
      const { kind, fsp } = decodeTemporalHeader(b[0] as number);
      return unpackDateTime(Buffer.from(b.buffer, b.byteOffset, 9).readBigUInt64LE(1), kind, fsp);
    }
    case 'time': {
      const fsp = b[0];
      if (fsp === undefined || fsp > 6) throw new CorruptDataError('bad TIME value');
      const micros = decodeCompactInt(b.subarray(1));
      if (micros < BigInt(Number.MIN_SAFE_INTEGER) || micros > BigInt(Number.MAX_SAFE_INTEGER)) throw new CorruptDataError('TIME out of range');
      return new Duration(Number(micros), fsp);
    }
    case 'enum': {
      const i = decodeCompactUint(b);
      const v = i <= BigInt(type.elements.length) ? enumValueAt(type.elements, Number(i)) : null;
      if (v === null) throw new CorruptDataError(`ENUM index ${i} out of range`);
      return v;
    }
    case 'set': {
      const m = decodeCompactUint(b);
      if (type.elements.length < 64 && m >> BigInt(type.elements.length) !== 0n) throw new CorruptDataError(`SET mask ${m} out of range`);
      return setFromMask(type.elements, m);
    }
    case 'json':
      return decodeJsonBinary(b);
  }
}

/** Encodes a row: any subset of the table's columns, in any order (ids must be distinct). */
export function encodeRow(cols: readonly RowColumn[]): Buffer {
  const notNull: { id: number; data: Buffer }[] = [];
  const nulls: number[] = [];
  const seen = new Set<number>();
  for (const c of cols) {
    if (!Number.isInteger(c.id) || c.id < 0 || c.id > MAX_COLUMN_ID) throw new BadValueError(`bad column id ${c.id}`);
    if (seen.has(c.id)) throw new BadValueError(`column id ${c.id} given twice`);
    seen.add(c.id);
    if (c.value === null) nulls.push(c.id);
    else notNull.push({ id: c.id, data: encodeColumnValue(c.value, c.type) });
  }
  return encodeRawRow(notNull, nulls, seen);
}

/** A row with column `col` set (added or replaced) and every other stored column kept byte for
 *  byte — including columns the caller knows nothing about (MODIFY COLUMN's backfill rewrites
 *  rows that another DDL may be adding a column to). */
export function withRowColumn(buf: Uint8Array, col: RowColumn): Buffer {
  const view = new RowView(buf);
  const notNull: { id: number; data: Buffer }[] = [];
  const nulls: number[] = [];
  const seen = new Set<number>([col.id]);
  for (const id of view.columnIds()) {
    if (id === col.id) continue;
    seen.add(id);
    const raw = view.raw(id);
    if (raw === null) nulls.push(id);
    else if (raw !== undefined) notNull.push({ id, data: Buffer.from(raw) });
  }
  if (col.value === null) nulls.push(col.id);
  else notNull.push({ id: col.id, data: encodeColumnValue(col.value, col.type) });
  return encodeRawRow(notNull, nulls, seen);
}

function encodeRawRow(notNull: { id: number; data: Buffer }[], nulls: number[], seen: ReadonlySet<number>): Buffer {
  if (notNull.length > 0xffff || nulls.length > 0xffff) throw new BadValueError('too many columns in a row');
  notNull.sort((a, b) => a.id - b.id);
  nulls.sort((a, b) => a - b);
  const dataLen = notNull.reduce((s, c) => s + c.data.length, 0);
  const maxId = Math.max(0, ...seen);
  const large = maxId > 0xff || dataLen > 0xffff;
  if (dataLen > 0xffffffff) throw new BadValueError('row value too large');
  const idSize = large ? 4 : 1;
  const offSize = large ? 4 : 2;
  const headLen = 6 + (notNull.length + nulls.length) * idSize + notNull.length * offSize;
  const out = Buffer.allocUnsafe(headLen + dataLen);
  out[0] = ROW_FORMAT_VERSION;
  out[1] = large ? FLAG_LARGE : 0;
  out.writeUInt16LE(notNull.length, 2);
  out.writeUInt16LE(nulls.length, 4);
  let pos = 6;
  const writeId = (id: number): void => {
    if (large) out.writeUInt32LE(id, pos);
    else out[pos] = id;
    pos += idSize;
  };
  for (const c of notNull) writeId(c.id);
  for (const id of nulls) writeId(id);
  let end = 0;
  for (const c of notNull) {
    end += c.data.length;
    if (large) out.writeUInt32LE(end, pos);
    else out.writeUInt16LE(end, pos);
    pos += offSize;
  }
  for (const c of notNull) {
    c.data.copy(out, pos);
    pos += c.data.length;
  }
  return out;
}

/** A parsed row header: where each stored column's bytes are. Parse once, read many columns. */
export class RowView {
  private readonly ids: Uint32Array;
  private readonly nullIds: Uint32Array;
  private readonly ends: Uint32Array;
  private readonly dataStart: number;

  constructor(private readonly buf: Uint8Array) {
    if (buf.length < 6) throw new CorruptDataError(`row value too short (${buf.length} bytes)`);
    if (buf[0] !== ROW_FORMAT_VERSION) throw new CorruptDataError(`unknown row format version 0x${(buf[0] as number).toString(16)}`);
    const flags = buf[1] as number;
    if (flags & ~FLAG_LARGE) throw new CorruptDataError(`unknown row flags 0x${flags.toString(16)}`);
    const large = (flags & FLAG_LARGE) !== 0;
    const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
    const n = b.readUInt16LE(2);
    const z = b.readUInt16LE(4);
    const idSize = large ? 4 : 1;
    const offSize = large ? 4 : 2;
    const headLen = 6 + (n + z) * idSize + n * offSize;
    if (headLen > buf.length) throw new CorruptDataError(`row header needs ${headLen} bytes, value has ${buf.length}`);
    let pos = 6;
    const readIds = (count: number): Uint32Array => {
      const ids = new Uint32Array(count);
      for (let i = 0; i < count; i++) {
        ids[i] = large ? b.readUInt32LE(pos) : (b[pos] as number);
        pos += idSize;
        if (i > 0 && (ids[i] as number) <= (ids[i - 1] as number)) throw new CorruptDataError('row column ids out of order');
      }
      return ids;
    };
    this.ids = readIds(n);
    this.nullIds = readIds(z);
    this.ends = new Uint32Array(n);
    let prev = 0;
    for (let i = 0; i < n; i++) {
      const e = large ? b.readUInt32LE(pos) : b.readUInt16LE(pos);
      pos += offSize;
      if (e < prev) throw new CorruptDataError('row value offsets out of order');
      this.ends[i] = e;
      prev = e;
    }
    this.dataStart = headLen;
    if (headLen + prev !== buf.length) throw new CorruptDataError(`row data is ${buf.length - headLen} bytes, offsets say ${prev}`);
    for (const id of this.nullIds) {
      if (search(this.ids, id) >= 0) throw new CorruptDataError(`column ${id} is both NULL and not NULL`);
    }
  }

  /** Ids of the columns the row stores (NULL or not), ascending. */
  columnIds(): number[] {
    return [...this.ids, ...this.nullIds].sort((a, b) => a - b);
  }

  has(id: number): boolean {
    return search(this.ids, id) >= 0 || search(this.nullIds, id) >= 0;
  }

  /** The stored bytes of column `id`: null for a NULL, undefined when the row does not hold it. */
  raw(id: number): Uint8Array | null | undefined {
    const i = search(this.ids, id);
    if (i >= 0) return this.buf.subarray(this.dataStart + (i === 0 ? 0 : (this.ends[i - 1] as number)), this.dataStart + (this.ends[i] as number));
    return search(this.nullIds, id) >= 0 ? null : undefined;
  }

  /** The value of column `col.id`: decoded, NULL, or the default when the row does not hold it. */
  get(col: WantedColumn): Value {
    const i = search(this.ids, col.id);
    if (i >= 0) {
      const start = this.dataStart + (i === 0 ? 0 : (this.ends[i - 1] as number));
      const end = this.dataStart + (this.ends[i] as number);
      return decodeColumnValue(this.buf.subarray(start, end), col.type);
    }
    if (search(this.nullIds, col.id) >= 0) return null;
    return col.default;
  }
}

function search(ids: Uint32Array, id: number): number {
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = ids[mid] as number;
    if (v === id) return mid;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The values of the wanted columns, in the order asked. */
export function decodeRow(buf: Uint8Array, wanted: readonly WantedColumn[]): Value[] {
  const view = new RowView(buf);
  return wanted.map((c) => view.get(c));
}

/** The value of one column, without decoding the others. */
export function decodeRowColumn(buf: Uint8Array, col: WantedColumn): Value {
  return new RowView(buf).get(col);
}
