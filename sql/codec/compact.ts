// Compact value encodings for row values (row-value.ts) and stored JSON (json-binary.ts): small,
// exact, not order-preserving. The row format stores each value's length in its offsets array,
// so integers use the fewest of 1, 2, 4 or 8 little-endian bytes, as TiDB's row format v2 does.
//
//   signed int      1/2/4/8 bytes LE two's complement, the shortest that holds the value
//   unsigned int    1/2/4/8 bytes LE
//   decimal         scale u8, sign u8 (0 ≥ 0, 1 < 0), uvarint length + magnitude BE (no leading 0)
//   temporal head   kind·16 + fsp: kind 0 date, 1 datetime, 2 timestamp; fsp 0..6
import type { BufferReader, BufferWriter } from '../../kv/codec/index.js';
import { Decimal, type DateKind, type DateTime } from '../types/index.js';
import { BadValueError, CorruptDataError } from './errors.js';

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;
const U64_MAX = 2n ** 64n - 1n;

export function encodeCompactInt(v: bigint): Buffer {
  if (v < I64_MIN || v > I64_MAX) throw new BadValueError(`int64 out of range: ${v}`);
  if (v >= -128n && v <= 127n) return Buffer.of(Number(v) & 0xff);
  if (v >= -32768n && v <= 32767n) {
    const b = Buffer.allocUnsafe(2);
    b.writeInt16LE(Number(v), 0);
    return b;
  }
  if (v >= -(2n ** 31n) && v < 2n ** 31n) {
    const b = Buffer.allocUnsafe(4);
    b.writeInt32LE(Number(v), 0);
    return b;
  }
  const b = Buffer.allocUnsafe(8);
  b.writeBigInt64LE(v, 0);
  return b;
}

export function encodeCompactUint(v: bigint): Buffer {
  if (v < 0n || v > U64_MAX) throw new BadValueError(`uint64 out of range: ${v}`);
  if (v <= 0xffn) return Buffer.of(Number(v));
  if (v <= 0xffffn) {
    const b = Buffer.allocUnsafe(2);
    b.writeUInt16LE(Number(v), 0);
    return b;
  }
  if (v <= 0xffffffffn) {
    const b = Buffer.allocUnsafe(4);
    b.writeUInt32LE(Number(v), 0);
    return b;
  }
  const b = Buffer.allocUnsafe(8);
  b.writeBigUInt64LE(v, 0);
  return b;
}

function asBuf(b: Uint8Array): Buffer {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

export function decodeCompactInt(b: Uint8Array): bigint {
  const buf = asBuf(b);
  switch (b.length) {
    case 1:
      return BigInt(buf.readInt8(0));
    case 2:
      return BigInt(buf.readInt16LE(0));
    case 4:
      return BigInt(buf.readInt32LE(0));
    case 8:
      return buf.readBigInt64LE(0);
    default:
      throw new CorruptDataError(`bad integer length ${b.length} in row value`);
  }
}

export function decodeCompactUint(b: Uint8Array): bigint {
  const buf = asBuf(b);
  switch (b.length) {
    case 1:
      return BigInt(buf.readUInt8(0));
    case 2:
      return BigInt(buf.readUInt16LE(0));
    case 4:
      return BigInt(buf.readUInt32LE(0));
    case 8:
      return buf.readBigUInt64LE(0);
    default:
      throw new CorruptDataError(`bad integer length ${b.length} in row value`);
  }
}

function magnitudeBytes(m: bigint): Buffer {
  if (m === 0n) return Buffer.alloc(0);
  let hex = m.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  return Buffer.from(hex, 'hex');
}

export function writeDecimal(w: BufferWriter, d: Decimal): void {
  if (!Number.isInteger(d.scale) || d.scale < 0 || d.scale > 255) throw new BadValueError(`decimal scale out of range: ${d.scale}`);
  const neg = d.coef < 0n;
  w.u8(d.scale).u8(neg ? 1 : 0).bytes(magnitudeBytes(neg ? -d.coef : d.coef));
}

export function readDecimal(r: BufferReader): Decimal {
  const scale = r.u8();
  const sign = r.u8();
  const mag = r.bytes();
  if (sign > 1) throw new CorruptDataError(`bad decimal sign byte ${sign}`);
  if (mag.length > 0 && mag[0] === 0) throw new CorruptDataError('non-canonical decimal magnitude');
  if (sign === 1 && mag.length === 0) throw new CorruptDataError('negative zero decimal');
  const m = mag.length === 0 ? 0n : BigInt('0x' + asBuf(mag).toString('hex'));
  return Decimal.of(sign === 1 ? -m : m, scale);
}

const KINDS: readonly DateKind[] = ['date', 'datetime', 'timestamp'];

export function temporalHeader(v: DateTime): number {
  const k = KINDS.indexOf(v.type);
  if (k < 0 || !Number.isInteger(v.fsp) || v.fsp < 0 || v.fsp > 6) throw new BadValueError(`bad temporal kind/precision ${v.type}(${v.fsp})`);
  return k * 16 + v.fsp;
}

export function decodeTemporalHeader(b: number): { kind: DateKind; fsp: number } {
  const kind = KINDS[b >> 4];
  const fsp = b & 0x0f;
  if (kind === undefined || fsp > 6 || (kind === 'date' && fsp !== 0)) throw new CorruptDataError(`bad temporal header 0x${b.toString(16)}`);
  return { kind, fsp };
}
