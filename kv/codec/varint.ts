// Compact (not order-preserving) encodings for values: LEB128 unsigned varints, zigzag signed
// varints, and length-prefixed byte strings. Used by the lock and write records, raft messages
// and row values, where size matters and order does not. A BufferWriter grows as it is written;
// a BufferReader walks an input and throws CodecError on truncation instead of reading garbage.
import { CodecError } from './errors.js';

export class BufferWriter {
  private buf: Buffer;
  private pos = 0;

  constructor(initial = 64) {
    this.buf = Buffer.allocUnsafe(initial);
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  u8(v: number): this {
    this.ensure(1);
    this.buf[this.pos++] = v & 0xff;
    return this;
  }

  /** Unsigned varint of a number (up to 2^53). */
  uvarint(v: number): this {
    if (v < 0 || !Number.isSafeInteger(v)) throw new CodecError(`uvarint out of range: ${v}`);
    this.ensure(10);
    while (v >= 0x80) {
      this.buf[this.pos++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.pos++] = v;
    return this;
  }

  /** Unsigned varint of a bigint (up to 2^64-1). */
  uvarintBig(v: bigint): this {
    if (v < 0n || v > 0xffffffffffffffffn) throw new CodecError(`uvarint out of range: ${v}`);
    this.ensure(10);
    while (v >= 0x80n) {
      this.buf[this.pos++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buf[this.pos++] = Number(v);
    return this;
  }

  /** Zigzag signed varint of a bigint (int64 range). */
  varintBig(v: bigint): this {
    return this.uvarintBig(v >= 0n ? v << 1n : ((-v) << 1n) - 1n);
  }

  u64(v: bigint): this {
    this.ensure(8);
    this.buf.writeBigUInt64BE(v, this.pos);
    this.pos += 8;
    return this;
  }

  f64(v: number): this {
    this.ensure(8);
    this.buf.writeDoubleBE(v, this.pos);
    this.pos += 8;
    return this;
  }

  raw(b: Uint8Array): this {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
    return this;
  }

  /** Length-prefixed bytes. */
  bytes(b: Uint8Array): this {
    this.uvarint(b.length);
    return this.raw(b);
  }

  string(s: string): this {
    return this.bytes(Buffer.from(s, 'utf8'));
  }

  get length(): number {
    return this.pos;
  }

  finish(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}

export class BufferReader {
  pos: number;

  constructor(
    private readonly buf: Uint8Array,
    offset = 0,
  ) {
    this.pos = offset;
  }

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  private need(n: number, what: string): void {
    if (this.pos + n > this.buf.length) {
      throw new CodecError(`truncated ${what} at offset ${this.pos}: need ${n} bytes, have ${this.buf.length - this.pos}`);
    }
  }

  u8(): number {
    this.need(1, 'byte');
    return this.buf[this.pos++] as number;
  }

  uvarint(): number {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 8; i++) {
      const b = this.u8();
      result += (b & 0x7f) * mul;
      if (b < 0x80) {
        if (!Number.isSafeInteger(result)) throw new CodecError('uvarint exceeds 2^53');
        return result;
      }
      mul *= 0x80;
    }
    throw new CodecError(`uvarint too long at offset ${this.pos}`);
  }

  uvarintBig(): bigint {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      const b = this.u8();
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) {
        if (result > 0xffffffffffffffffn) throw new CodecError('uvarint exceeds 2^64');
        return result;
      }
      shift += 7n;
    }
    throw new CodecError(`uvarint too long at offset ${this.pos}`);
  }

  varintBig(): bigint {
    const u = this.uvarintBig();
    return u & 1n ? -((u + 1n) >> 1n) : u >> 1n;
  }

  u64(): bigint {
    this.need(8, 'uint64');
    const v = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength).getBigUint64(this.pos, false);
    this.pos += 8;
    return v;
  }

  f64(): number {
    this.need(8, 'float64');
    const v = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength).getFloat64(this.pos, false);
    this.pos += 8;
    return v;
  }

  raw(n: number): Uint8Array {
    this.need(n, 'bytes');
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  bytes(): Uint8Array {
    return this.raw(this.uvarint());
  }

  string(): string {
    const b = this.bytes();
    return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
  }

  rest(): Uint8Array {
    const out = this.buf.subarray(this.pos);
    this.pos = this.buf.length;
    return out;
  }
}
