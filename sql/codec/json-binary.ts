// JSON values in row values: a compact tagged binary form of sql/types' JsonNode tree that gives
// back exactly the node it was given — INTEGER vs UNSIGNED INTEGER vs DOUBLE (1.0 stays a double),
// DECIMAL with its scale, temporals with their kind and precision, opaque binary with its field
// type. (Printing and re-parsing the text would lose all of those.) Not order-preserving: JSON is
// never part of a key.
//
//   00 null   01 false   02 true
//   03 int64 (8 BE)   04 uint64 (8 BE, values > 2^63-1)   05 double (8 BE)
//   06 decimal: scale u8, sign u8, magnitude (uvarint length + BE bytes)
//   07 string: uvarint length + UTF-8
//   08 date/datetime/timestamp: kind·16+fsp u8, packed fields (8 BE)
//   09 time: fsp u8, int64 microseconds (8 BE)
//   0A opaque: uvarint field type, uvarint length + bytes
//   0B array: uvarint count, elements       0C object: uvarint count, (key string, value)…
import { BufferReader, BufferWriter } from '../../kv/codec/index.js';
import { Decimal, DateTime, Duration, JsonObject, JsonOpaque, JsonValue, type JsonNode } from '../types/index.js';
import { decodeTemporalHeader, readDecimal, temporalHeader, writeDecimal } from './compact.js';
import { packDateTime, unpackDateTime } from './datum-key.js';
import { BadValueError, CorruptDataError, decoding } from './errors.js';

const MAX_DEPTH = 256;
const I64_MAX = 2n ** 63n - 1n;
const I64_MIN = -(2n ** 63n);
const U64_MAX = 2n ** 64n - 1n;

function writeNode(w: BufferWriter, n: JsonNode, depth: number): void {
  if (depth > MAX_DEPTH) throw new BadValueError('JSON document nested too deeply');
  if (n === null) {
    w.u8(0x00);
    return;
  }
  switch (typeof n) {
    case 'boolean':
      w.u8(n ? 0x02 : 0x01);
      return;
    case 'bigint':
      if (n >= I64_MIN && n <= I64_MAX) w.u8(0x03).u64(BigInt.asUintN(64, n));
      else if (n > I64_MAX && n <= U64_MAX) w.u8(0x04).u64(n);
      else throw new BadValueError(`JSON integer out of range: ${n}`);
      return;
    case 'number':
      w.u8(0x05).f64(n);
      return;
    case 'string':
      w.u8(0x07).string(n);
      return;
  }
  if (n instanceof Decimal) {
    writeDecimal(w.u8(0x06), n);
  } else if (n instanceof DateTime) {
    w.u8(0x08).u8(temporalHeader(n)).u64(packDateTime(n));
  } else if (n instanceof Duration) {
    w.u8(0x09).u8(n.fsp).u64(BigInt.asUintN(64, BigInt(n.micros)));
  } else if (n instanceof JsonOpaque) {
    w.u8(0x0a).uvarint(n.fieldType).bytes(n.bytes);
  } else if (n instanceof JsonObject) {
    w.u8(0x0c).uvarint(n.size);
    for (const [k, v] of n.entries) {
      w.string(k);
      writeNode(w, v, depth + 1);
    }
  } else {
    w.u8(0x0b).uvarint(n.length);
    for (const e of n) writeNode(w, e, depth + 1);
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function readString(r: BufferReader): string {
  try {
    return strictUtf8.decode(r.bytes());
  } catch (err: unknown) {
    if (err instanceof TypeError) throw new CorruptDataError('bad UTF-8 in JSON string');
    throw err;
  }
}

function readNode(r: BufferReader, depth: number): JsonNode {
  if (depth > MAX_DEPTH) throw new CorruptDataError('JSON document nested too deeply');
  const tag = r.u8();
  switch (tag) {
    case 0x00:
      return null;
    case 0x01:
      return false;
    case 0x02:
      return true;
    case 0x03:
      return BigInt.asIntN(64, r.u64());
    case 0x04: {
      const v = r.u64();
      if (v <= I64_MAX) throw new CorruptDataError('non-canonical JSON unsigned integer');
      return v;
    }
    case 0x05:
      return r.f64();
    case 0x06:
      return readDecimal(r);
    case 0x07:
      return readString(r);
    case 0x08: {
      const { kind, fsp } = decodeTemporalHeader(r.u8());
      return unpackDateTime(r.u64(), kind, fsp);
    }
    case 0x09: {
      const fsp = r.u8();
      if (fsp > 6) throw new CorruptDataError(`bad TIME precision ${fsp} in JSON`);
      const micros = BigInt.asIntN(64, r.u64());
      if (micros < BigInt(Number.MIN_SAFE_INTEGER) || micros > BigInt(Number.MAX_SAFE_INTEGER)) throw new CorruptDataError('JSON TIME out of range');
      return new Duration(Number(micros), fsp);
    }
    case 0x0a: {
      const fieldType = r.uvarint();
      return new JsonOpaque(fieldType, new Uint8Array(r.bytes()));
    }
    case 0x0b: {
      const n = r.uvarint();
      if (n > r.remaining) throw new CorruptDataError(`JSON array count ${n} exceeds the data`);
      const out: JsonNode[] = [];
      for (let i = 0; i < n; i++) out.push(readNode(r, depth + 1));
      return out;
    }
    case 0x0c: {
      const n = r.uvarint();
      if (n > r.remaining) throw new CorruptDataError(`JSON object count ${n} exceeds the data`);
      const entries: [string, JsonNode][] = [];
      for (let i = 0; i < n; i++) {
        const k = readString(r);
        entries.push([k, readNode(r, depth + 1)]);
      }
      const obj = JsonObject.from(entries);
      if (obj.size !== n) throw new CorruptDataError('duplicate key in stored JSON object');
      return obj;
    }
    default:
      throw new CorruptDataError(`bad JSON tag 0x${tag.toString(16)}`);
  }
}

export function encodeJsonBinary(v: JsonValue): Buffer {
  const w = new BufferWriter();
  writeNode(w, v.node, 0);
  return w.finish();
}

export function decodeJsonBinary(buf: Uint8Array): JsonValue {
  return decoding('JSON value', () => {
    const r = new BufferReader(buf);
    const node = readNode(r, 0);
    if (!r.done) throw new CorruptDataError(`${r.remaining} trailing bytes after JSON value`);
    return new JsonValue(node);
  });
}
