// How a raw-API value is stored: a flag byte, the expiry time when a TTL was given, then the
// value. Expired entries read as absent and are dropped on the next write or GC.
//
//   flag 0x00: value follows
//   flag 0x01: expire_at (u64 ms since epoch, big-endian) then value
import { CodecError } from '../codec/index.js';

export interface RawValue {
  readonly value: Uint8Array;
  /** Milliseconds since the epoch after which the entry is gone; 0 = never. */
  readonly expireAt: number;
}

export function encodeRawValue(value: Uint8Array, expireAt: number): Buffer {
  if (expireAt === 0) {
    const out = Buffer.allocUnsafe(value.length + 1);
    out[0] = 0;
    out.set(value, 1);
    return out;
  }
  const out = Buffer.allocUnsafe(value.length + 9);
  out[0] = 1;
  out.writeBigUInt64BE(BigInt(expireAt), 1);
  out.set(value, 9);
  return out;
}

export function decodeRawValue(buf: Uint8Array): RawValue {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.length < 1) throw new CodecError('empty raw value');
  if (b[0] === 0) return { value: b.subarray(1), expireAt: 0 };
  if (b[0] === 1) {
    if (b.length < 9) throw new CodecError('truncated raw value expiry');
    return { value: b.subarray(9), expireAt: Number(b.readBigUInt64BE(1)) };
  }
  throw new CodecError(`unknown raw value flag 0x${(b[0] as number).toString(16)}`);
}

export function isExpired(v: RawValue, nowMs: number): boolean {
  return v.expireAt !== 0 && v.expireAt <= nowMs;
}
