// Memcomparable fixed-width numbers: the byte order of the encoding is the numeric order.
//
//   uint64   big-endian                          0 → 00..00, 2^64-1 → FF..FF
//   int64    big-endian with the sign bit flipped  -2^63 → 00..00, -1 → 7F..FF, 0 → 80..00
//   float64  IEEE bits; non-negative: sign bit set; negative: every bit inverted
//   …Desc    every byte inverted, so larger values sort first (MVCC timestamps: `^ts`)
//
// Float policy: -0 is encoded as +0 (they are equal values, so they get one encoding) and NaN is
// rejected (SQL has no NaN; a key that cannot be ordered must not be stored).
import { CodecError } from './errors.js';

const SIGN_BIT = 0x8000000000000000n;
const U64_MAX = 0xffffffffffffffffn;
const I64_MIN = -0x8000000000000000n;
const I64_MAX = 0x7fffffffffffffffn;

function checkU64(v: bigint): void {
  if (v < 0n || v > U64_MAX) throw new CodecError(`uint64 out of range: ${v}`);
}

function checkI64(v: bigint): void {
  if (v < I64_MIN || v > I64_MAX) throw new CodecError(`int64 out of range: ${v}`);
}

function need(buf: Uint8Array, offset: number, n: number, what: string): void {
  if (offset < 0 || offset + n > buf.length) {
    throw new CodecError(`truncated ${what}: need ${n} bytes at offset ${offset}, have ${buf.length - offset}`);
  }
}

function view(buf: Uint8Array): DataView {
  return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}

export function encodeUint64(v: bigint): Buffer {
  checkU64(v);
  const out = Buffer.allocUnsafe(8);
  out.writeBigUInt64BE(v, 0);
  return out;
}

export function decodeUint64(buf: Uint8Array, offset = 0): bigint {
  need(buf, offset, 8, 'uint64');
  return view(buf).getBigUint64(offset, false);
}

export function encodeUint64Desc(v: bigint): Buffer {
  checkU64(v);
  const out = Buffer.allocUnsafe(8);
  out.writeBigUInt64BE(U64_MAX - v, 0);
  return out;
}

export function decodeUint64Desc(buf: Uint8Array, offset = 0): bigint {
  return U64_MAX - decodeUint64(buf, offset);
}

export function encodeInt64(v: bigint): Buffer {
  checkI64(v);
  const out = Buffer.allocUnsafe(8);
  out.writeBigUInt64BE(BigInt.asUintN(64, v) ^ SIGN_BIT, 0);
  return out;
}

export function decodeInt64(buf: Uint8Array, offset = 0): bigint {
  return BigInt.asIntN(64, decodeUint64(buf, offset) ^ SIGN_BIT);
}

export function encodeInt64Desc(v: bigint): Buffer {
  const out = encodeInt64(v);
  for (let i = 0; i < 8; i++) out[i] = ~(out[i] as number) & 0xff;
  return out;
}

export function decodeInt64Desc(buf: Uint8Array, offset = 0): bigint {
  need(buf, offset, 8, 'int64');
  const tmp = Buffer.allocUnsafe(8);
  for (let i = 0; i < 8; i++) tmp[i] = ~(buf[offset + i] as number) & 0xff;
  return decodeInt64(tmp, 0);
}

const f64 = new Float64Array(1);
const f64bits = new BigUint64Array(f64.buffer);

function floatToOrderedBits(v: number): bigint {
  if (Number.isNaN(v)) throw new CodecError('NaN cannot be encoded in a key');
  f64[0] = v === 0 ? 0 : v; // -0 → +0
  const bits = f64bits[0] as bigint;
  return bits & SIGN_BIT ? ~bits & U64_MAX : bits | SIGN_BIT;
}

function orderedBitsToFloat(u: bigint): number {
  f64bits[0] = u & SIGN_BIT ? u & ~SIGN_BIT : ~u & U64_MAX;
  const v = f64[0] as number;
  if (Number.isNaN(v)) throw new CodecError('encoded float64 is NaN');
  return v;
}

export function encodeFloat64(v: number): Buffer {
  const out = Buffer.allocUnsafe(8);
  out.writeBigUInt64BE(floatToOrderedBits(v), 0);
  return out;
}

export function decodeFloat64(buf: Uint8Array, offset = 0): number {
  return orderedBitsToFloat(decodeUint64(buf, offset));
}

export function encodeFloat64Desc(v: number): Buffer {
  const out = Buffer.allocUnsafe(8);
  out.writeBigUInt64BE(U64_MAX - floatToOrderedBits(v), 0);
  return out;
}

export function decodeFloat64Desc(buf: Uint8Array, offset = 0): number {
  return orderedBitsToFloat(U64_MAX - decodeUint64(buf, offset));
}
