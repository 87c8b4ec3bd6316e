// Reading a coprocessor answer (an Arrow IPC stream) back into plain column values on the client,
// for whoever merges partial results above (the SQL executor). The store writes the SQL type of
// each column into the Arrow field metadata (kv/coprocessor/arrow-writer.ts); the values come back
// in their physical form, as the DAG's constants are given:
//
//   Int64 / Uint64 → bigint (datetimes as their packed uint64, TIME as µs)   Float64 → number
//   Decimal256 → { coef, scale }   Utf8 / Binary → bytes   List → an array of those   NULL → null
import * as arrow from 'apache-arrow';
import type { CopDatum } from '../cop-types.js';

export type CopValue = CopDatum | CopValue[];

export interface CopColumn {
  readonly name: string;
  /** The SQL type kind the store stated (`strata.type`). */
  readonly kind: string;
  readonly unsigned: boolean;
  readonly values: CopValue[];
}

export interface CopColumns {
  readonly length: number;
  readonly columns: readonly CopColumn[];
}

const encoder = new TextEncoder();

function decimalOf(words: Uint32Array, scale: number): CopDatum {
  let x = 0n;
  for (let w = words.length - 1; w >= 0; w--) x = (x << 32n) | BigInt(words[w] as number);
  return { coef: BigInt.asIntN(words.length * 32, x), scale };
}

function valueOf(v: unknown, type: arrow.DataType): CopValue {
  if (v === null || v === undefined) return null;
  if (arrow.DataType.isDecimal(type)) return decimalOf(v as Uint32Array, type.scale);
  if (arrow.DataType.isUtf8(type)) return encoder.encode(v as string);
  if (arrow.DataType.isList(type)) {
    const child = (type.children[0] as arrow.Field).type;
    return [...(v as arrow.Vector)].map((x) => valueOf(x, child));
  }
  if (typeof v === 'bigint' || typeof v === 'number' || v instanceof Uint8Array) return v;
  return null;
}

/** The columns of an answer (all its record batches, in order). */
export function readCopAnswer(data: Uint8Array): CopColumns {
  if (data.length === 0) return { length: 0, columns: [] };
  const table = arrow.tableFromIPC(data);
  const columns = table.schema.fields.map((f, c) => {
    const vec = table.getChildAt(c);
    const values: CopValue[] = [];
    for (let r = 0; r < table.numRows; r++) values.push(valueOf(vec?.get(r), f.type));
    return { name: f.name, kind: f.metadata.get('strata.type') ?? '', unsigned: f.metadata.get('strata.unsigned') === 'true', values };
  });
  return { length: table.numRows, columns };
}
