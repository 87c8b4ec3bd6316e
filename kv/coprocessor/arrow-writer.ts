// Batches → one Arrow IPC stream: the coprocessor's answer. Vectors already have Arrow's layout,
// so each column becomes Arrow Data over the same typed arrays (no copy), except decimals, whose
// bigint coefficients are packed into Decimal256 little-endian words here. Columns are named c0,
// c1, … and carry their SQL type in the field metadata (`strata.type`, plus `strata.unsigned`,
// `strata.scale`, `strata.collation`) so a reader knows how to turn them back into SQL values:
//
//   int → Int64   uint → Uint64   real → Float64   decimal → Decimal256(65, scale)
//   string → Utf8 (Binary for binary kinds)   json → Binary
//   time → Uint64 (packed datetime)   duration → Int64 (µs)   list → List<element>
import * as arrow from 'apache-arrow';
import { isBinaryStringKind, type CopFieldType } from '../cop-types.js';
import type { Batch, Vector } from './vector.js';

const DECIMAL_PRECISION = 65;
const DECIMAL_WORDS = 8; // 256 bits as uint32 words

function arrowType(v: Vector): arrow.DataType {
  switch (v.kind) {
    case 'int':
    case 'duration':
      return new arrow.Int64();
    case 'uint':
    case 'time':
      return new arrow.Uint64();
    case 'real':
      return new arrow.Float64();
    case 'decimal':
      return new arrow.Decimal(v.scale, DECIMAL_PRECISION, 256);
    case 'string':
      return isBinaryStringKind(v.type.kind) ? new arrow.Binary() : new arrow.Utf8();
    case 'json':
      return new arrow.Binary();
    case 'list':
      return new arrow.List(new arrow.Field('item', arrowType(v.child), true));
  }
}

function decimalWords(values: readonly bigint[]): Uint32Array {
  const out = new Uint32Array(values.length * DECIMAL_WORDS);
  values.forEach((coef, i) => {
    let x = BigInt.asUintN(256, coef);
    for (let w = 0; w < DECIMAL_WORDS; w++) {
      out[i * DECIMAL_WORDS + w] = Number(x & 0xffffffffn);
      x >>= 32n;
    }
  });
  return out;
}

function nulls(v: Vector): number {
  if (v.validity === null) return 0;
  let n = 0;
  for (let i = 0; i < v.length; i++) if (((v.validity[i >> 3] as number) & (1 << (i & 7))) === 0) n++;
  return n;
}

function arrowData(v: Vector): arrow.Data {
  const type = arrowType(v);
  const base = { length: v.length, nullCount: nulls(v), ...(v.validity ? { nullBitmap: v.validity } : {}) };
  switch (v.kind) {
    case 'decimal':
      return arrow.makeData({ ...base, type: type as arrow.Decimal, data: decimalWords(v.values) });
    case 'string':
    case 'json':
      return arrow.makeData({ ...base, type: type as arrow.Utf8, valueOffsets: v.offsets, data: v.data });
    case 'list':
      return arrow.makeData({ ...base, type: type as arrow.List, valueOffsets: v.offsets, child: arrowData(v.child) });
    default:
      return arrow.makeData({ ...base, type: type as arrow.Int64, data: v.values as BigInt64Array });
  }
}

function field(name: string, v: Vector | undefined, t: CopFieldType): arrow.Field {
  const meta = new Map<string, string>([['strata.type', t.kind]]);
  if (t.unsigned) meta.set('strata.unsigned', 'true');
  if (t.scale !== 0) meta.set('strata.scale', String(t.scale));
  if (t.collation !== '') meta.set('strata.collation', t.collation);
  if (t.elements.length > 0) meta.set('strata.elements', JSON.stringify(t.elements));
  const type = v ? arrowType(v) : placeholderType(t);
  return new arrow.Field(name, type, true, meta);
}

/** The Arrow type of an output column when no batch came out (so the schema is still exact). */
function placeholderType(t: CopFieldType): arrow.DataType {
  switch (t.kind) {
    case 'decimal':
      return new arrow.Decimal(t.scale, DECIMAL_PRECISION, 256);
    case 'float':
    case 'double':
      return new arrow.Float64();
    case 'date':
    case 'datetime':
    case 'timestamp':
      return new arrow.Uint64();
    case 'time':
      return new arrow.Int64();
    case 'json':
      return new arrow.Binary();
    default:
      if (isBinaryStringKind(t.kind)) return new arrow.Binary();
      if (['tinyint', 'smallint', 'mediumint', 'int', 'bigint', 'bit', 'year', 'null'].includes(t.kind)) {
        return t.unsigned || t.kind === 'bit' ? new arrow.Uint64() : new arrow.Int64();
      }
      return new arrow.Utf8();
  }
}

/** The Arrow IPC stream of the batches; `schema` gives the columns' SQL types. */
export function toArrowIpc(schema: readonly CopFieldType[], batches: readonly Batch[]): Uint8Array {
  const first = batches[0];
  const fields = schema.map((t, i) => field(`c${i}`, first?.columns[i], t));
  const arrowSchema = new arrow.Schema(fields);
  const records = batches.map((b) => {
    const data = arrow.makeData({ type: new arrow.Struct(fields), length: b.length, nullCount: 0, children: b.columns.map(arrowData) });
    return new arrow.RecordBatch(arrowSchema, data);
  });
  const writer = new arrow.RecordBatchStreamWriter();
  writer.reset(undefined, arrowSchema);
  for (const r of records) writer.write(r);
  writer.finish();
  return writer.toUint8Array(true);
}
