// Key tuples: several typed values in one memcomparable key, each prefixed by a one-byte flag so
// that values of different kinds still order deterministically and NULL sorts before everything
// (flags follow TiDB's datum codec: NULL 0x00 < bytes 0x01 < int 0x03 < uint 0x04 < float 0x05 …
// < MAX 0xFA). sql/codec builds index keys from these; an index range scan ends at a MAX datum.
import { decodeBytes, encodeBytes } from './bytes.js';
import { CodecError } from './errors.js';
import { decodeFloat64, decodeInt64, decodeUint64, encodeFloat64, encodeInt64, encodeUint64 } from './number.js';

export const enum TupleFlag {
  Null = 0x00,
  Bytes = 0x01,
  Int = 0x03,
  Uint = 0x04,
  Float = 0x05,
  Max = 0xfa,
}

export type KeyDatum =
  | { readonly kind: 'null' }
  | { readonly kind: 'bytes'; readonly value: Uint8Array }
  | { readonly kind: 'int'; readonly value: bigint }
  | { readonly kind: 'uint'; readonly value: bigint }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'max' };

export const NULL_DATUM: KeyDatum = { kind: 'null' };
export const MAX_DATUM: KeyDatum = { kind: 'max' };

export function encodeDatum(d: KeyDatum): Buffer {
  switch (d.kind) {
    case 'null':
      return Buffer.of(TupleFlag.Null);
    case 'max':
      return Buffer.of(TupleFlag.Max);
    case 'bytes':
      return Buffer.concat([Buffer.of(TupleFlag.Bytes), encodeBytes(d.value)]);
    case 'int':
      return Buffer.concat([Buffer.of(TupleFlag.Int), encodeInt64(d.value)]);
    case 'uint':
      return Buffer.concat([Buffer.of(TupleFlag.Uint), encodeUint64(d.value)]);
    case 'float':
      return Buffer.concat([Buffer.of(TupleFlag.Float), encodeFloat64(d.value)]);
  }
}

export function encodeTuple(datums: readonly KeyDatum[]): Buffer {
  return Buffer.concat(datums.map(encodeDatum));
}

/** Decodes one datum at `offset`; returns it and the offset after it. */
export function decodeDatum(buf: Uint8Array, offset: number): { datum: KeyDatum; next: number } {
  if (offset >= buf.length) throw new CodecError(`truncated tuple at offset ${offset}`);
  const flag = buf[offset] as number;
  const at = offset + 1;
  switch (flag) {
    case TupleFlag.Null:
      return { datum: NULL_DATUM, next: at };
    case TupleFlag.Max:
      return { datum: MAX_DATUM, next: at };
    case TupleFlag.Bytes: {
      const { value, next } = decodeBytes(buf, at);
      return { datum: { kind: 'bytes', value }, next };
    }
    case TupleFlag.Int:
      return { datum: { kind: 'int', value: decodeInt64(buf, at) }, next: at + 8 };
    case TupleFlag.Uint:
      return { datum: { kind: 'uint', value: decodeUint64(buf, at) }, next: at + 8 };
    case TupleFlag.Float:
      return { datum: { kind: 'float', value: decodeFloat64(buf, at) }, next: at + 8 };
    default:
      throw new CodecError(`unknown tuple flag 0x${flag.toString(16)} at offset ${offset}`);
  }
}

export function decodeTuple(buf: Uint8Array, offset = 0): KeyDatum[] {
  const out: KeyDatum[] = [];
  let pos = offset;
  while (pos < buf.length) {
    const { datum, next } = decodeDatum(buf, pos);
    out.push(datum);
    pos = next;
  }
  return out;
}
