// Multi-column index keys: the byte order of whole index keys is the SQL order of the value tuples
// (column by column, NULL first), with the appended handle breaking ties; and index keys decode
// back to the tuple they came from.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal, T, compareStrings, type SqlType, type Value } from '../../../sql/types/index.js';
import { I64_MAX, I64_MIN, decodeIndexKey, encodeKeyDatums, indexKey } from '../../../sql/codec/index.js';

const ci = 'utf8mb4_general_ci';
const types: SqlType[] = [T.int(), T.varchar(20, { collation: ci }), T.decimal(12, 4)];

const tupleArb = fc.tuple(
  fc.option(fc.bigInt({ min: -3n, max: 3n }), { nil: null }),
  fc.option(fc.string({ unit: fc.constantFrom('a', 'A', 'b', ' ', '\t'), maxLength: 3 }), { nil: null }),
  fc.option(fc.integer({ min: -50, max: 50 }).map((n) => Decimal.of(BigInt(n), 1)), { nil: null }),
);

function cmpValue(a: Value, b: Value, i: number): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  if (i === 0) return a < b ? -1 : a > b ? 1 : 0;
  if (i === 1) return compareStrings(a as string, b as string, ci);
  return (a as Decimal).compare(b as Decimal);
}

function cmpTuple(a: readonly Value[], b: readonly Value[]): number {
  for (let i = 0; i < a.length; i++) {
    const c = cmpValue(a[i] as Value, b[i] as Value, i);
    if (c !== 0) return c;
  }
  return 0;
}

describe('multi-column index keys', () => {
  it('key order = tuple order (NULL first, collation-aware), then handle order', () => {
    fc.assert(
      fc.property(tupleArb, tupleArb, fc.bigInt({ min: I64_MIN, max: I64_MAX }), fc.bigInt({ min: I64_MIN, max: I64_MAX }), (a, b, ha, hb) => {
        const ka = indexKey(1n, 1n, encodeKeyDatums(a, types), ha);
        const kb = indexKey(1n, 1n, encodeKeyDatums(b, types), hb);
        const want = cmpTuple(a, b) || (ha < hb ? -1 : ha > hb ? 1 : 0);
        expect(Math.sign(Buffer.compare(ka, kb))).toBe(Math.sign(want));
      }),
      { numRuns: 1500 },
    );
  });

  it('index keys decode back to their tuple and handle', () => {
    fc.assert(
      fc.property(tupleArb, fc.bigInt({ min: I64_MIN, max: I64_MAX }), (t, h) => {
        const d = decodeIndexKey(indexKey(9n, 4n, encodeKeyDatums(t, types), h), types);
        expect(d.handle).toBe(h);
        expect(cmpTuple(d.values, t)).toBe(0);
        expect(d.values[0]).toBe(t[0]);
        if (t[2] !== null) expect((d.values[2] as Decimal).scale).toBe(4);
      }),
      { numRuns: 500 },
    );
  });
});
