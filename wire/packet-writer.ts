// Building outgoing packets: a PayloadWriter assembles one payload with the protocol's basic
// types, and a PacketBatch frames payloads into packets (header + payload, split into 0xFFFFFF
// fragments when the payload is 16 MiB or more) in one contiguous buffer, so a whole result set
// goes to the socket in one write (the server sets noDelay; one write avoids Nagle-style stalls
// and a syscall per row).
//
// Basic types (all integers little-endian):
//   int<1|2|3|4|6|8>       fixed width
//   int<lenenc>            < 0xFB: 1 byte; < 2^16: 0xFC + 2 bytes; < 2^24: 0xFD + 3 bytes;
//                          else 0xFE + 8 bytes (u64, passed as bigint beyond 2^53)
//   string<lenenc>         int<lenenc> length + bytes
//   string<NUL>            bytes + 0x00
//   string<EOF>            bytes to the end of the payload

import { MAX_PACKET_PAYLOAD, PACKET_HEADER_SIZE } from './constants.js';

const U64_MAX = 0xffff_ffff_ffff_ffffn;

/** Bytes of a length-encoded integer. */
export function lenencIntSize(n: number | bigint): number {
  const v = typeof n === 'bigint' ? n : BigInt(n);
  if (v < 0xfbn) return 1;
  if (v < 0x1_0000n) return 3;
  if (v < 0x100_0000n) return 4;
  return 9;
}

/** A growable buffer that writes the protocol's basic types. */
export class PayloadWriter {
  private buf: Buffer;
  private pos = 0;

  constructor(initialSize = 256) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  get length(): number {
    return this.pos;
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  int1(v: number): this {
    this.ensure(1);
    this.buf[this.pos++] = v & 0xff;
    return this;
  }

  int2(v: number): this {
    this.ensure(2);
    this.buf.writeUInt16LE(v & 0xffff, this.pos);
    this.pos += 2;
    return this;
  }

  int3(v: number): this {
    this.ensure(3);
    this.buf.writeUIntLE(v & 0xff_ffff, this.pos, 3);
    this.pos += 3;
    return this;
  }

  int4(v: number): this {
    this.ensure(4);
    this.buf.writeUInt32LE(v >>> 0, this.pos);
    this.pos += 4;
    return this;
  }

  /** Signed 4-byte integer. */
  sint4(v: number): this {
    this.ensure(4);
    this.buf.writeInt32LE(v, this.pos);
    this.pos += 4;
    return this;
  }

  /** 8-byte integer; negative values are written as two's complement. */
  int8(v: number | bigint): this {
    this.ensure(8);
    const b = BigInt.asUintN(64, typeof v === 'bigint' ? v : BigInt(v));
    this.buf.writeBigUInt64LE(b, this.pos);
    this.pos += 8;
    return this;
  }

  float4(v: number): this {
    this.ensure(4);
    this.buf.writeFloatLE(v, this.pos);
    this.pos += 4;
    return this;
  }

  float8(v: number): this {
    this.ensure(8);
    this.buf.writeDoubleLE(v, this.pos);
    this.pos += 8;
    return this;
  }

  /** Length-encoded integer (0 ≤ v < 2^64). */
  lenencInt(v: number | bigint): this {
    const n = typeof v === 'bigint' ? v : BigInt(v);
    if (n < 0n || n > U64_MAX) throw new RangeError(`length-encoded integer out of range: ${n}`);
    if (n < 0xfbn) return this.int1(Number(n));
    if (n < 0x1_0000n) return this.int1(0xfc).int2(Number(n));
    if (n < 0x100_0000n) return this.int1(0xfd).int3(Number(n));
    return this.int1(0xfe).int8(n);
  }

  /** Raw bytes (string<fix> / string<EOF>). A string is written as UTF-8. */
  bytes(v: Uint8Array | string): this {
    if (typeof v === 'string') {
      const len = Buffer.byteLength(v, 'utf8');
      this.ensure(len);
      this.buf.write(v, this.pos, len, 'utf8');
      this.pos += len;
      return this;
    }
    this.ensure(v.length);
    this.buf.set(v, this.pos);
    this.pos += v.length;
    return this;
  }

  /** Length-encoded string. */
  lenencString(v: Uint8Array | string): this {
    const len = typeof v === 'string' ? Buffer.byteLength(v, 'utf8') : v.length;
    this.lenencInt(len);
    return this.bytes(v);
  }

  /** NUL-terminated string. */
  nulString(v: Uint8Array | string): this {
    return this.bytes(v).int1(0);
  }

  zeros(n: number): this {
    this.ensure(n);
    this.buf.fill(0, this.pos, this.pos + n);
    this.pos += n;
    return this;
  }

  /** Overwrite one byte already written (null bitmaps). */
  setByte(offset: number, v: number): void {
    this.buf[offset] = v & 0xff;
  }

  byteAt(offset: number): number {
    return this.buf[offset] ?? 0;
  }

  /** The payload written so far (a view; do not keep the writer writing after handing it out). */
  finish(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}

/** Frame one payload as packets starting at `sequenceId`; returns the bytes and the next sequence id. */
export function framePacket(payload: Uint8Array, sequenceId: number): { bytes: Buffer; nextSequenceId: number } {
  const batch = new PacketBatch(sequenceId);
  batch.add(payload);
  return { bytes: batch.toBuffer(), nextSequenceId: batch.nextSequenceId };
}

/**
 * Several packets, framed with consecutive sequence ids, flushed as one buffer. A payload of
 * 0xFFFFFF bytes or more is split into 0xFFFFFF-byte fragments and a final shorter one (empty when
 * the length is an exact multiple), each taking a sequence id.
 */
export class PacketBatch {
  private parts: Buffer[] = [];
  private size = 0;
  private seq: number;
  private count = 0;

  constructor(firstSequenceId = 0) {
    this.seq = firstSequenceId & 0xff;
  }

  /** The sequence id the next packet will take. */
  get nextSequenceId(): number {
    return this.seq;
  }

  /** Bytes buffered so far (headers included). */
  get byteLength(): number {
    return this.size;
  }

  /** Number of packets (fragments) framed. */
  get packetCount(): number {
    return this.count;
  }

  add(payload: Uint8Array | PayloadWriter): this {
    const body = payload instanceof PayloadWriter ? payload.finish() : payload;
    let off = 0;
    for (;;) {
      const len = Math.min(MAX_PACKET_PAYLOAD, body.length - off);
      const header = Buffer.allocUnsafe(PACKET_HEADER_SIZE);
      header.writeUIntLE(len, 0, 3);
      header[3] = this.seq;
      this.seq = (this.seq + 1) & 0xff;
      this.count++;
      this.parts.push(header, Buffer.from(body.buffer, body.byteOffset + off, len));
      this.size += PACKET_HEADER_SIZE + len;
      off += len;
      if (len < MAX_PACKET_PAYLOAD) break;
    }
    return this;
  }

  /** One buffer with every packet, in order; the batch is emptied (its sequence id carries on). */
  toBuffer(): Buffer {
    const out = Buffer.concat(this.parts, this.size);
    this.parts = [];
    this.size = 0;
    return out;
  }
}
