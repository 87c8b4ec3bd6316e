// Aggregate state machines: results and types as MySQL gives them, NULL handling, DISTINCT,
// GROUP_CONCAT ordering and truncation, and partial states that merge to the same result.
import { describe, expect, it } from 'vitest';
import { T, columnTypeString, type SqlType } from '../../../sql/types/column-type.js';
import { Decimal } from '../../../sql/types/decimal.js';
import { bindAggregate, type AggregateOptions } from '../../../sql/expr/index.js';
import { valueToString, type Value } from '../../../sql/types/value.js';
import { ctxOf } from './helpers.js';

function agg(name: string, types: readonly SqlType[], rows: readonly (readonly Value[])[], options: AggregateOptions = {}, ctx = ctxOf()): string {
  const a = bindAggregate(name, types, options);
  const acc = a.create(ctx);
  for (const r of rows) acc.add(r);
  const v = acc.result();
  return v === null ? 'NULL' : valueToString(v, a.returnType) ?? 'NULL';
}

/** Splits rows over three "regions", aggregates each, and merges the partial states. */
function merged(name: string, types: readonly SqlType[], rows: readonly (readonly Value[])[], options: AggregateOptions = {}): string {
  const a = bindAggregate(name, types, options);
  const ctx = ctxOf();
  const parts = [0, 1, 2].map((k) => {
    const acc = a.create(ctx);
    rows.forEach((r, i) => {
      if (i % 3 === k) acc.add(r);
    });
    return acc.partial();
  });
  const final = a.create(ctx);
  for (const p of parts) final.merge(p);
  const v = final.result();
  return v === null ? 'NULL' : valueToString(v, a.returnType) ?? 'NULL';
}

const ints = [[1n], [2n], [null], [3n], [4n], [2n]] as const;
const dec = (s: string): Decimal => Decimal.fromString(s);

describe('aggregate results', () => {
  it.each<[string, SqlType[], (readonly Value[])[], AggregateOptions, string]>([
    ['count', [], [[], [], []], {}, '3'],
    ['count', [T.int()], [...ints], {}, '5'],
    ['count', [T.int()], [], {}, '0'],
    ['count', [T.int()], [...ints], { distinct: true }, '4'],
    ['count', [T.int(), T.varchar(1)], [[1n, 'a'], [1n, 'a'], [1n, null], [2n, 'a']], { distinct: true }, '2'],
    ['count', [T.varchar(5, { collation: 'utf8mb4_general_ci' })], [['a'], ['A'], ['a '], ['b']], { distinct: true }, '2'],
    ['sum', [T.int()], [...ints], {}, '12'],
    ['sum', [T.int()], [[null]], {}, 'NULL'],
    ['sum', [T.int()], [], {}, 'NULL'],
    ['sum', [T.int()], [...ints], { distinct: true }, '10'],
    ['sum', [T.bigint()], [[9223372036854775807n], [9223372036854775807n]], {}, '18446744073709551614'],
    ['sum', [T.decimal(5, 2)], [[dec('1.10')], [dec('2.25')]], {}, '3.35'],
    ['sum', [T.double()], [[0.1], [0.2]], {}, '0.30000000000000004'],
    ['sum', [T.varchar(5)], [['1'], ['2.5']], {}, '3.5'],
    ['avg', [T.int()], [[1n], [2n]], {}, '1.5000'],
    ['avg', [T.int()], [[1n], [2n], [2n]], {}, '1.6667'],
    ['avg', [T.decimal(5, 2)], [[dec('1.00')], [dec('2.00')], [dec('2.00')]], {}, '1.666667'],
    ['avg', [T.double()], [[1], [2]], {}, '1.5'],
    ['avg', [T.int()], [[null]], {}, 'NULL'],
    ['avg', [T.int()], [[1n], [1n], [4n]], { distinct: true }, '2.5000'],
    ['min', [T.int()], [...ints], {}, '1'],
    ['max', [T.int()], [...ints], {}, '4'],
    ['max', [T.varchar(5)], [['apple'], ['Banana'], ['cherry']], {}, 'cherry'],
    ['max', [T.varchar(5, { collation: 'utf8mb4_general_ci' })], [['apple'], ['Banana']], {}, 'Banana'],
    ['min', [T.int()], [[null]], {}, 'NULL'],
    ['bit_and', [T.int()], [[7n], [5n]], {}, '5'],
    ['bit_or', [T.int()], [[1n], [4n]], {}, '5'],
    ['bit_xor', [T.int()], [[3n], [5n]], {}, '6'],
    ['bit_and', [T.int()], [], {}, '18446744073709551615'],
    ['bit_or', [T.int()], [], {}, '0'],
    ['var_pop', [T.int()], [[1n], [2n], [3n], [4n]], {}, '1.25'],
    ['var_samp', [T.int()], [[1n], [2n], [3n], [4n]], {}, '1.6666666666666667'],
    ['std', [T.int()], [[2n], [4n], [4n], [4n], [5n], [5n], [7n], [9n]], {}, '2'],
    ['stddev_samp', [T.int()], [[1n]], {}, 'NULL'],
    ['any_value', [T.int()], [[null], [3n]], {}, 'NULL'],
    ['json_arrayagg', [T.int()], [[1n], [null], [3n]], {}, '[1, null, 3]'],
    ['json_objectagg', [T.varchar(1), T.int()], [['b', 1n], ['a', 2n]], {}, '{"a": 2, "b": 1}'],
  ])('%s over %o rows %o %o = %s', (name, types, rows, options, out) => {
    expect(agg(name, types, rows, options)).toBe(out);
    expect(merged(name, types, rows, options)).toBe(out);
  });

  it('types results as MySQL does', () => {
    const t = (name: string, types: SqlType[]): string => columnTypeString(bindAggregate(name, types).returnType);
    expect(t('count', [])).toBe('bigint');
    expect(t('sum', [T.int()])).toBe('decimal(32,0)');
    expect(t('sum', [T.decimal(10, 2)])).toBe('decimal(32,2)');
    expect(t('sum', [T.double()])).toBe('double');
    expect(t('avg', [T.int()])).toBe('decimal(14,4)');
    expect(t('avg', [T.decimal(10, 2)])).toBe('decimal(14,6)');
    expect(t('max', [T.varchar(20)])).toBe('varchar(20)');
    expect(t('group_concat', [T.varchar(20)])).toBe('text');
    expect(t('bit_or', [T.int()])).toBe('bigint unsigned');
  });

  it('exposes partial states: AVG as count and sum', () => {
    const a = bindAggregate('avg', [T.int()]);
    const acc = a.create(ctxOf());
    acc.add([1n]);
    acc.add([2n]);
    expect(acc.partial()).toEqual([2n, Decimal.fromBigInt(3n)]);
    expect(a.partialTypes.map(columnTypeString)).toEqual(['bigint', 'decimal(32,0)']);
  });
});

describe('GROUP_CONCAT', () => {
  const rows: Value[][] = [['b', 2n], ['a', 3n], [null, 9n], ['c', 1n], ['a', 4n]];
  const types = [T.varchar(5), T.int()];

  it('joins non-NULL values with commas in input order', () => {
    expect(agg('group_concat', [T.varchar(5)], rows.map((r) => [r[0] ?? null]))).toBe('b,a,c,a');
  });

  it('orders by the ORDER BY keys, with DISTINCT and a separator', () => {
    expect(agg('group_concat', types, rows, { orderBy: [{ desc: false }] })).toBe('c,b,a,a');
    expect(agg('group_concat', [T.varchar(5), T.varchar(5)], rows.map((r) => [r[0] ?? null, r[0] ?? null]), { orderBy: [{ desc: true }], distinct: true, separator: ' | ' })).toBe('c | b | a');
    expect(merged('group_concat', types, rows, { orderBy: [{ desc: false }] })).toBe('c,b,a,a');
  });

  it('concatenates several arguments per row', () => {
    expect(agg('group_concat', [T.varchar(5), T.int()], [['a', 1n], ['b', 2n]])).toBe('a1,b2');
    expect(agg('group_concat', [T.varchar(5), T.int()], [['a', null], ['b', 2n]])).toBe('b2');
  });

  it('cuts at group_concat_max_len with warning 1260', () => {
    const ctx = ctxOf({ groupConcatMaxLen: 5 });
    const out = agg('group_concat', [T.varchar(5)], [['abc'], ['def'], ['ghi']], {}, ctx);
    expect(out).toBe('abc,d');
    expect(ctx.collected).toEqual([{ level: 'Warning', code: 1260, message: 'Row 2 was cut by GROUP_CONCAT()' }]);
  });

  it('is NULL when every row is NULL', () => {
    expect(agg('group_concat', [T.varchar(5)], [[null]])).toBe('NULL');
  });
});
