// Comparison kinds, the total order for sorting and hash keys that agree with it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { T, type SqlType } from '../../../sql/types/column-type.js';
import { compareTyped, compareValues, comparisonKind, hashKey, hashKeyTyped, tupleHashKey, type CompareKind } from '../../../sql/types/compare.js';
import { compareStrings, sortKey } from '../../../sql/types/collation.js';
import { Decimal } from '../../../sql/types/decimal.js';
import { DateTime } from '../../../sql/types/datetime.js';
import { Duration } from '../../../sql/types/duration.js';
import { JsonValue } from '../../../sql/types/json.js';
import type { Value } from '../../../sql/types/value.js';

describe('comparisonKind picks MySQL’s comparison', () => {
  it.each<[SqlType, SqlType, CompareKind]>([
    [T.int(), T.bigint({ unsigned: true }), 'int'],
    [T.int(), T.decimal(5, 2), 'decimal'],
    [T.int(), T.double(), 'double'],
    [T.int(), T.varchar(5), 'double'],
    [T.decimal(5, 2), T.varchar(5), 'double'],
    [T.varchar(5), T.char(5), 'string'],
    [T.varchar(5), T.varbinary(5), 'binary'],
    [T.date(), T.varchar(10), 'datetime'],
    [T.datetime(), T.int(), 'datetime'],
    [T.time(), T.varchar(8), 'time'],
    [T.time(), T.datetime(), 'datetime'],
    [T.json(), T.int(), 'json'],
    [T.enum(['a']), T.varchar(1), 'string'],
    [T.null(), T.varchar(1), 'string'],
    [T.year(), T.int(), 'int'],
  ])('%o vs %o compares as %s', (a, b, kind) => {
    expect(comparisonKind(a, b)).toBe(kind);
  });
});

describe('compareValues is a total order with NULL first', () => {
  it('orders numbers exactly across representations', () => {
    const sorted: Value[] = [null, -1.5, -1n, 0n, Decimal.fromString('0.5'), 1n, 1.5, 9223372036854775807n, 18446744073709551615n, 1e20];
    for (let i = 0; i + 1 < sorted.length; i++) expect(compareValues(sorted[i] ?? null, sorted[i + 1] ?? null)).toBeLessThan(0);
    expect(compareValues(1n, Decimal.fromString('1.000'))).toBe(0);
    expect(compareValues(0.1, Decimal.fromString('0.1'))).toBe(0);
    expect(compareValues(9007199254740993n, 9007199254740992)).toBe(1);
  });

  it('orders strings by collation, ignoring trailing spaces under PAD SPACE', () => {
    expect(compareValues('a', 'a   ')).toBe(0);
    expect(compareValues('a', 'B')).toBe(1);
    expect(compareValues('a', 'B', 'utf8mb4_general_ci')).toBe(-1);
    expect(compareValues('a\t', 'a')).toBe(-1);
    expect(compareValues('😀', '\uffff')).toBe(1);
  });

  it('orders temporals and JSON', () => {
    expect(compareValues(DateTime.date(2024, 1, 1), DateTime.of(2024, 1, 1, 0, 0, 1))).toBe(-1);
    expect(compareValues(new Duration(-1), new Duration(0))).toBe(-1);
    expect(compareValues(JsonValue.parse('[1]'), JsonValue.parse('[1.0]'))).toBe(0);
  });
});

describe('typed order', () => {
  it('sorts ENUM by index and SET by mask, strings by the column collation', () => {
    const e = T.enum(['small', 'medium', 'large']);
    expect(compareTyped('large', 'medium', e)).toBe(1);
    expect(compareTyped('a', 'B', T.varchar(1, { collation: 'utf8mb4_general_ci' }))).toBe(-1);
    expect(hashKeyTyped('a', T.varchar(1, { collation: 'utf8mb4_general_ci' }))).toBe(hashKeyTyped('A', T.varchar(1, { collation: 'utf8mb4_general_ci' })));
    expect(compareTyped('b,a', 'c', T.set(['a', 'b', 'c']))).toBe(-1);
  });
});

describe('hashKey agrees with compareValues', () => {
  it('groups equal numbers of every representation together', () => {
    expect(hashKey(1n)).toBe(hashKey(Decimal.fromString('1.00')));
    expect(hashKey(1n)).toBe(hashKey(1));
    expect(hashKey(0.5)).toBe(hashKey(Decimal.fromString('0.50')));
    expect(hashKey(-0)).toBe(hashKey(0n));
    expect(hashKey(1n)).not.toBe(hashKey('1'));
  });

  it('groups strings equal under the collation', () => {
    expect(hashKey('abc', 'utf8mb4_general_ci')).toBe(hashKey('ABC ', 'utf8mb4_general_ci'));
    expect(hashKey('abc')).not.toBe(hashKey('ABC'));
    expect(hashKey('a ')).toBe(hashKey('a'));
    expect(hashKey('a ', 'utf8mb4_0900_ai_ci')).not.toBe(hashKey('a', 'utf8mb4_0900_ai_ci'));
    expect(hashKey('Résumé', 'utf8mb4_0900_ai_ci')).toBe(hashKey('resume', 'utf8mb4_0900_ai_ci'));
  });

  it('separates tuples unambiguously', () => {
    expect(tupleHashKey(['a', 'bc'])).not.toBe(tupleHashKey(['ab', 'c']));
    expect(tupleHashKey([null, 1n])).not.toBe(tupleHashKey([1n, null]));
  });

  it('holds for random numbers: equal keys exactly when compareValues is 0', () => {
    const num = fc.oneof(
      fc.bigInt({ min: -1000n, max: 1000n }),
      fc.integer({ min: -1000, max: 1000 }).map((n) => n / 4),
      fc.tuple(fc.bigInt({ min: -100000n, max: 100000n }), fc.integer({ min: 0, max: 3 })).map(([c, s]) => Decimal.of(c, s)),
    );
    fc.assert(
      fc.property(num, num, (a, b) => {
        expect(hashKey(a) === hashKey(b)).toBe(compareValues(a, b) === 0);
      }),
      { numRuns: 500 },
    );
  });

  it('holds for random strings under each collation', () => {
    const str = fc.string({ unit: fc.constantFrom('a', 'A', 'á', 'b', ' ', 'ß', 's', '😀', '\t'), maxLength: 5 });
    for (const c of ['utf8mb4_bin', 'utf8mb4_general_ci', 'utf8mb4_0900_ai_ci', 'binary']) {
      fc.assert(
        fc.property(str, str, (a, b) => {
          expect(sortKey(a, c) === sortKey(b, c)).toBe(compareStrings(a, b, c) === 0);
        }),
        { numRuns: 300 },
      );
    }
  });
});
