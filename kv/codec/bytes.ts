// Memcomparable byte strings (the layout TiKV and TiDB use for keys).
//
// The input is cut into groups of 8 bytes; each group is written as its 8 bytes (the last one
// padded with 0x00) followed by a marker byte 0xFF - (number of pad bytes):
//
//   ""          → 00 00 00 00 00 00 00 00 F7
//   "abc"       → 61 62 63 00 00 00 00 00 FA
//   "abcdefgh"  → 61 62 63 64 65 66 67 68 FF  00 00 00 00 00 00 00 00 F7
//
// The encoding is prefix-free and its byte order equals the order of the raw strings, so encoded
// keys can be followed by more components (a timestamp, the next column) without breaking order.
// The descending form inverts every byte.
import { CodecError } from './errors.js';

const GROUP = 8;
const MARKER = 0xff;
const PAD = 0x00;

export function encodedBytesLength(rawLength: number): number {
  return (Math.floor(rawLength / GROUP) + 1) * (GROUP + 1);
}

/** Writes the encoding of `raw` into `out` at `offset`; returns the offset after it. */
export function writeEncodedBytes(out: Uint8Array, offset: number, raw: Uint8Array): number {
  let pos = offset;
  for (let i = 0; i <= raw.length; i += GROUP) {
    const remain = raw.length - i;
    if (remain >= GROUP) {
      out.set(raw.subarray(i, i + GROUP), pos);
      out[pos + GROUP] = MARKER;
    } else {
      out.set(raw.subarray(i), pos);
      out.fill(PAD, pos + remain, pos + GROUP);
      out[pos + GROUP] = MARKER - (GROUP - remain);
    }
    pos += GROUP + 1;
  }
  return pos;
}

export function encodeBytes(raw: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(encodedBytesLength(raw.length));
  writeEncodedBytes(out, 0, raw);
  return out;
}

export interface Decoded<T> {
  readonly value: T;
  /** Offset just past the decoded component. */
  readonly next: number;
}

function decodeGroups(buf: Uint8Array, offset: number, invert: boolean): Decoded<Buffer> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let pos = offset;
  const flip = invert ? 0xff : 0x00;
  for (;;) {
    if (pos + GROUP + 1 > buf.length) throw new CodecError(`truncated memcomparable bytes at offset ${pos}`);
    const marker = (buf[pos + GROUP] as number) ^ flip;
    const padCount = MARKER - marker;
    if (padCount > GROUP) throw new CodecError(`invalid memcomparable marker 0x${marker.toString(16)} at offset ${pos + GROUP}`);
    const realLen = GROUP - padCount;
    for (let i = realLen; i < GROUP; i++) {
      if (((buf[pos + i] as number) ^ flip) !== PAD) throw new CodecError(`invalid memcomparable padding at offset ${pos + i}`);
    }
    let group = buf.subarray(pos, pos + realLen);
    if (invert) group = Uint8Array.from(group, (b) => ~b & 0xff);
    chunks.push(group);
    total += realLen;
    pos += GROUP + 1;
    if (padCount !== 0) break;
  }
  return { value: Buffer.concat(chunks, total), next: pos };
}

/** Decodes one memcomparable byte string starting at `offset`. */
export function decodeBytes(buf: Uint8Array, offset = 0): Decoded<Buffer> {
  return decodeGroups(buf, offset, false);
}

export function encodeBytesDesc(raw: Uint8Array): Buffer {
  const out = encodeBytes(raw);
  for (let i = 0; i < out.length; i++) out[i] = ~(out[i] as number) & 0xff;
  return out;
}

export function decodeBytesDesc(buf: Uint8Array, offset = 0): Decoded<Buffer> {
  return decodeGroups(buf, offset, true);
}
