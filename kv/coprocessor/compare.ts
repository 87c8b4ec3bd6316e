// Ordering of values across vectors of one type, for TopN and MIN/MAX: NULL before every value
// (MySQL's ascending order), numbers by value (decimals at a common scale), times as their packed
// form (which orders like time), strings under their collation (collation.ts).
import { physicalKind, type CopFieldType } from '../cop-types.js';
import { storeCollation } from './collation.js';
import { bytesAt, isValid, rescale, type BytesVector, type DecimalVector, type Float64Vector, type IntLikeVector, type Vector } from './vector.js';

export type ValueComparator = (a: Vector, i: number, b: Vector, j: number) => number;

export function valueComparator(t: CopFieldType): ValueComparator {
  const nonNull = nonNullComparator(t);
  return (a, i, b, j) => {
    const va = isValid(a, i);
    const vb = isValid(b, j);
    if (!va || !vb) return va === vb ? 0 : va ? 1 : -1;
    return nonNull(a, i, b, j);
  };
}

/** Row i of `a` against row j of `b`, both non-null, by physical kind (shared with functions.ts). */
export const compareIntLike: ValueComparator = (a, i, b, j) => {
  const x = (a as IntLikeVector).values[i] as bigint;
  const y = (b as IntLikeVector).values[j] as bigint;
  return x < y ? -1 : x > y ? 1 : 0;
};

export const compareReal: ValueComparator = (a, i, b, j) => {
  const x = (a as Float64Vector).values[i] as number;
  const y = (b as Float64Vector).values[j] as number;
  return x < y ? -1 : x > y ? 1 : 0;
};

export const compareDecimal: ValueComparator = (a, i, b, j) => {
  const da = a as DecimalVector;
  const db = b as DecimalVector;
  const s = Math.max(da.scale, db.scale);
  const x = rescale(da.values[i] as bigint, da.scale, s);
  const y = rescale(db.values[j] as bigint, db.scale, s);
  return x < y ? -1 : x > y ? 1 : 0;
};

function nonNullComparator(t: CopFieldType): ValueComparator {
  switch (physicalKind(t)) {
    case 'int':
    case 'uint':
    case 'time':
    case 'duration':
      return compareIntLike;
    case 'real':
      return compareReal;
    case 'decimal':
      return compareDecimal;
    case 'string':
    case 'json': {
      const coll = storeCollation(t);
      return (a, i, b, j) => coll.compare(bytesAt(a as BytesVector, i), bytesAt(b as BytesVector, j));
    }
  }
}
