// PayloadReader: a cursor over one payload that reads the protocol's basic types (fixed and
// length-encoded integers, length-encoded / NUL-terminated / rest-of-packet strings). Every read
// past the end, every malformed length and every NULL where none may stand throws
// MalformedPacketError, so a decoder built on it never throws an untyped exception on garbage.

import { MalformedPacketError } from './errors.js';

export class PayloadReader {
  private pos: number;

  constructor(
    private readonly buf: Buffer,
    offset = 0,
  ) {
    this.pos = offset;
  }

  get offset(): number {
    return this.pos;
  }

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  atEnd(): boolean {
    return this.pos >= this.buf.length;
  }

  private need(n: number, what: string): void {
    if (n < 0 || this.pos + n > this.buf.length) {
      throw new MalformedPacketError(`${what}: needs ${n} bytes at offset ${this.pos}, payload has ${this.buf.length}`);
    }
  }

  peek(): number | undefined {
    return this.buf[this.pos];
  }

  int1(what = 'int<1>'): number {
    this.need(1, what);
    return this.buf[this.pos++] as number;
  }

  int2(what = 'int<2>'): number {
    this.need(2, what);
    const v = this.buf.readUInt16LE(this.pos);
    this.pos += 2;
    return v;
  }

  int3(what = 'int<3>'): number {
    this.need(3, what);
    const v = this.buf.readUIntLE(this.pos, 3);
    this.pos += 3;
    return v;
  }

  int4(what = 'int<4>'): number {
    this.need(4, what);
    const v = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }

  int8(what = 'int<8>'): bigint {
    this.need(8, what);
    const v = this.buf.readBigUInt64LE(this.pos);
    this.pos += 8;
    return v;
  }

  sint1(what = 'int<1>'): number {
    this.need(1, what);
    return this.buf.readInt8(this.pos++);
  }

  sint2(what = 'int<2>'): number {
    this.need(2, what);
    const v = this.buf.readInt16LE(this.pos);
    this.pos += 2;
    return v;
  }

  sint4(what = 'int<4>'): number {
    this.need(4, what);
    const v = this.buf.readInt32LE(this.pos);
    this.pos += 4;
    return v;
  }

  sint8(what = 'int<8>'): bigint {
    this.need(8, what);
    const v = this.buf.readBigInt64LE(this.pos);
    this.pos += 8;
    return v;
  }

  float4(what = 'float'): number {
    this.need(4, what);
    const v = this.buf.readFloatLE(this.pos);
    this.pos += 4;
    return v;
  }

  float8(what = 'double'): number {
    this.need(8, what);
    const v = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }

  /** Length-encoded integer as a bigint (0xFB, the NULL marker, and 0xFF are rejected). */
  lenencBig(what = 'int<lenenc>'): bigint {
    const first = this.int1(what);
    if (first < 0xfb) return BigInt(first);
    if (first === 0xfc) return BigInt(this.int2(what));
    if (first === 0xfd) return BigInt(this.int3(what));
    if (first === 0xfe) return this.int8(what);
    throw new MalformedPacketError(`${what}: invalid length-encoded integer prefix 0x${first.toString(16)}`);
  }

  /** Length-encoded integer as a number; values beyond 2^53 are malformed here (lengths, counts). */
  lenenc(what = 'int<lenenc>'): number {
    const v = this.lenencBig(what);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new MalformedPacketError(`${what}: length ${v} too large`);
    return Number(v);
  }

  bytes(n: number, what = 'string<fix>'): Buffer {
    this.need(n, what);
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  lenencBytes(what = 'string<lenenc>'): Buffer {
    const n = this.lenenc(what);
    return this.bytes(n, what);
  }

  lenencString(what = 'string<lenenc>'): string {
    return this.lenencBytes(what).toString('utf8');
  }

  nulBytes(what = 'string<NUL>'): Buffer {
    const end = this.buf.indexOf(0, this.pos);
    if (end < 0) throw new MalformedPacketError(`${what}: missing NUL terminator`);
    const v = this.buf.subarray(this.pos, end);
    this.pos = end + 1;
    return v;
  }

  nulString(what = 'string<NUL>'): string {
    return this.nulBytes(what).toString('utf8');
  }

  restBytes(): Buffer {
    const v = this.buf.subarray(this.pos);
    this.pos = this.buf.length;
    return v;
  }

  restString(): string {
    return this.restBytes().toString('utf8');
  }

  skip(n: number, what = 'filler'): void {
    this.need(n, what);
    this.pos += n;
  }
}
