// Row values straight into column builders. kv/ may not import sql/codec, so this is the store's
// own reader of the row format DESIGN.md and sql/codec/row-value.ts define (TiDB's row format v2);
// a test encodes rows with sql/codec and decodes them here, so the two cannot drift apart
// unnoticed.
//
//   0       version 0x80
//   1       flags: bit 0 LARGE (ids u32, offsets u32; else ids u8, offsets u16)
//   2..5    n non-NULL columns, z NULL columns (u16 LE each)
//   ids     n non-NULL ids ascending, then z NULL ids ascending
//   offsets n end offsets into the data
//   data    compact values: ints 1/2/4/8-byte LE, doubles f64 LE, decimals (scale, sign, uvarint
//           length, magnitude BE), strings as bytes, temporals (kind·16+fsp, packed u64 LE), TIME
//           (fsp, compact int µs), ENUM index / SET mask as compact uints, JSON binary
//
// The wanted columns are sorted by id once per scan, so each row is one merge walk over its ids:
// no per-row allocation besides the values themselves, no binary search.
import { physicalKind, type CopColumnInfo, type CopDatum, type CopDecimal } from '../cop-types.js';
import { CorruptRowData } from './errors.js';
import { decimalScale, rescale, type Scalar, type VectorBuilder } from './vector.js';

const ROW_FORMAT_VERSION = 0x80;
const FLAG_LARGE = 0x01;
const EMPTY = new Uint8Array(0);
const encoder = new TextEncoder();

type ValueReader = (b: Uint8Array, start: number, end: number) => Scalar;

interface Wanted {
  readonly id: number;
  readonly index: number;
  readonly read: ValueReader;
  readonly fallback: Scalar;
}

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

function readInt(b: Uint8Array, start: number, end: number): bigint {
  const dv = view(b);
  switch (end - start) {
    case 1:
      return BigInt(dv.getInt8(start));
    case 2:
      return BigInt(dv.getInt16(start, true));
    case 4:
      return BigInt(dv.getInt32(start, true));
    case 8:
      return dv.getBigInt64(start, true);
    default:
      throw new CorruptRowData(`bad integer length ${end - start} in row value`);
  }
}

function readUint(b: Uint8Array, start: number, end: number): bigint {
  const dv = view(b);
  switch (end - start) {
    case 1:
      return BigInt(b[start] as number);
    case 2:
      return BigInt(dv.getUint16(start, true));
    case 4:
      return BigInt(dv.getUint32(start, true));
    case 8:
      return dv.getBigUint64(start, true);
    default:
      throw new CorruptRowData(`bad integer length ${end - start} in row value`);
  }
}

function readDecimal(b: Uint8Array, start: number, end: number): { coef: bigint; scale: number } {
  if (end - start < 3) throw new CorruptRowData('truncated decimal');
  const scale = b[start] as number;
  const sign = b[start + 1] as number;
  let pos = start + 2;
  let len = 0;
  let mul = 1;
  for (;;) {
    if (pos >= end) throw new CorruptRowData('truncated decimal length');
    const c = b[pos++] as number;
    len += (c & 0x7f) * mul;
    if (c < 0x80) break;
    mul *= 0x80;
    if (mul > 2 ** 28) throw new CorruptRowData('decimal length too large');
  }
  if (pos + len !== end || sign > 1) throw new CorruptRowData('bad decimal encoding');
  let m = 0n;
  for (let i = pos; i < end; i++) m = (m << 8n) | BigInt(b[i] as number);
  return { coef: sign === 1 ? -m : m, scale };
}

function readerFor(col: CopColumnInfo): ValueReader {
  const t = col.type;
  switch (t.kind) {
    case 'null':
      return () => {
        throw new CorruptRowData('non-NULL value stored for a NULL-typed column');
      };
    case 'enum': {
      const names = t.elements.map((e) => encoder.encode(e));
      return (b, s, e) => {
        const i = readUint(b, s, e);
        if (i === 0n) return EMPTY;
        const name = names[Number(i) - 1];
        if (name === undefined) throw new CorruptRowData(`ENUM index ${i} out of range`);
        return name;
      };
    }
    case 'set':
      return (b, s, e) => {
        const mask = readUint(b, s, e);
        const parts: string[] = [];
        t.elements.forEach((name, i) => {
          if ((mask >> BigInt(i)) & 1n) parts.push(name);
        });
        return encoder.encode(parts.join(','));
      };
    case 'date':
    case 'datetime':
    case 'timestamp':
      return (b, s, e) => {
        if (e - s !== 9) throw new CorruptRowData(`bad temporal length ${e - s}`);
        return view(b).getBigUint64(s + 1, true);
      };
    case 'time':
      return (b, s, e) => {
        if (e - s < 2 || (b[s] as number) > 6) throw new CorruptRowData('bad TIME value');
        return readInt(b, s + 1, e);
      };
    default:
      break;
  }
  switch (physicalKind(t)) {
    case 'int':
    case 'duration':
      return readInt;
    case 'uint':
    case 'time':
      return readUint;
    case 'real':
      return (b, s, e) => {
        if (e - s !== 8) throw new CorruptRowData(`bad double length ${e - s}`);
        return view(b).getFloat64(s, true);
      };
    case 'decimal': {
      const scale = decimalScale(t);
      return (b, s, e) => {
        const d = readDecimal(b, s, e);
        return rescale(d.coef, d.scale, scale);
      };
    }
    case 'string':
    case 'json':
      return (b, s, e) => b.subarray(s, e);
  }
}

/** A constant or default in the scalar form of its type's vectors. */
export function datumToScalar(d: CopDatum, col: { readonly type: CopColumnInfo['type'] }): Scalar {
  if (d === null || typeof d === 'bigint' || typeof d === 'number' || d instanceof Uint8Array) return d;
  const dec = d as CopDecimal;
  return rescale(dec.coef, dec.scale, decimalScale(col.type));
}

export class RowDecoder {
  private readonly wanted: Wanted[];

  /** `columns[i]` is decoded into `builders[i]` of each decode call; pk-handle columns are not the
   *  decoder's business. */
  constructor(columns: readonly CopColumnInfo[]) {
    this.wanted = columns
      .map((c, i) => ({ id: c.columnId, index: i, read: readerFor(c), fallback: datumToScalar(c.default, c), pk: c.pkHandle }))
      .filter((w) => !w.pk)
      .sort((a, b) => a.id - b.id);
  }

  /** Appends one row's values to the builders. */
  decode(row: Uint8Array, builders: readonly VectorBuilder[]): void {
    if (row.length < 6) throw new CorruptRowData(`row value too short (${row.length} bytes)`);
    if (row[0] !== ROW_FORMAT_VERSION) throw new CorruptRowData(`unknown row format version 0x${(row[0] as number).toString(16)}`);
    const large = ((row[1] as number) & FLAG_LARGE) !== 0;
    const n = (row[2] as number) | ((row[3] as number) << 8);
    const z = (row[4] as number) | ((row[5] as number) << 8);
    const idSize = large ? 4 : 1;
    const offSize = large ? 4 : 2;
    const idsAt = 6;
    const offsetsAt = idsAt + (n + z) * idSize;
    const dataAt = offsetsAt + n * offSize;
    if (dataAt > row.length) throw new CorruptRowData(`row header needs ${dataAt} bytes, value has ${row.length}`);
    const dv = large ? view(row) : undefined;
    const idAt = (k: number): number => (large ? (dv as DataView).getUint32(idsAt + k * 4, true) : (row[idsAt + k] as number));
    const endAt = (k: number): number =>
      large ? (dv as DataView).getUint32(offsetsAt + k * 4, true) : (row[offsetsAt + k * 2] as number) | ((row[offsetsAt + k * 2 + 1] as number) << 8);

    // Merge walk: non-NULL ids (0..n) and NULL ids (n..n+z) are each ascending.
    let i = 0;
    let j = n;
    for (const w of this.wanted) {
      const builder = builders[w.index] as VectorBuilder;
      while (i < n && idAt(i) < w.id) i++;
      if (i < n && idAt(i) === w.id) {
        const start = dataAt + (i === 0 ? 0 : endAt(i - 1));
        const end = dataAt + endAt(i);
        if (end > row.length || start > end) throw new CorruptRowData('row value offsets out of range');
        builder.append(w.read(row, start, end));
        continue;
      }
      while (j < n + z && idAt(j) < w.id) j++;
      if (j < n + z && idAt(j) === w.id) builder.appendNull();
      else builder.append(w.fallback);
    }
  }
}
