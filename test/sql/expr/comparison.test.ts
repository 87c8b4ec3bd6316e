// Comparison and logic: implicit casts, three-valued logic, IN/BETWEEN, LIKE with collations.
import { describe, expect, it } from 'vitest';
import { T } from '../../../sql/types/column-type.js';
import { Decimal } from '../../../sql/types/decimal.js';
import { DateTime } from '../../../sql/types/datetime.js';
import { Duration } from '../../../sql/types/duration.js';
import { JsonValue } from '../../../sql/types/json.js';
import { bindFunction } from '../../../sql/expr/index.js';
import { likeMatch } from '../../../sql/expr/functions/comparison.js';
import { ctxOf, failure, run, show } from './helpers.js';

describe('comparison with implicit casts', () => {
  it.each([
    ['=', 1n, 1n, '1'],
    ['=', 1n, Decimal.fromString('1.0'), '1'],
    ['=', 1n, 1.0, '1'],
    ['=', '1', 1n, '1'],
    ['=', '1.0', 1n, '1'],
    ['=', ' 1', 1n, '1'],
    ['=', 'abc', 0n, '1'],
    ['<', '10', '9', '1'],
    ['<', '10', 9n, '0'],
    ['=', 'a', 'A', '0'],
    ['=', 'a', 'a  ', '1'],
    ['=', 9223372036854775807n, 9223372036854775806n, '0'],
    ['=', 18446744073709551615n, -1n, '0'],
    ['<', -1n, 18446744073709551615n, '1'],
    ['=', DateTime.date(2024, 1, 2), '2024-01-02', '1'],
    ['=', DateTime.date(2024, 1, 2), '2024-1-2', '1'],
    ['=', DateTime.date(2024, 1, 2), '20240102', '1'],
    ['=', DateTime.date(2024, 1, 2), 20240102n, '1'],
    ['<', DateTime.of(2024, 1, 2, 3, 0, 0), '2024-01-02 10:00:00', '1'],
    ['=', DateTime.date(2024, 1, 2), DateTime.of(2024, 1, 2), '1'],
    ['>', Duration.of(10, 0, 0), '9:00:00', '1'],
    ['<>', 1n, 2n, '1'],
    ['!=', 1n, 1n, '0'],
    ['>=', 2.5, Decimal.fromString('2.5'), '1'],
  ])('%s: %o vs %o is %s', (op, a, b, out) => {
    expect(show(op, a, b)).toBe(out);
  });

  it('compares strings under the column collation', () => {
    const ci = T.varchar(10, { collation: 'utf8mb4_general_ci' });
    expect(run('=', ['abc', 'ABC'], { types: [ci, T.varchar(3)] }).out).toBe('1');
    expect(run('=', ['straße', 'STRASSE'], { types: [T.varchar(10, { collation: 'utf8mb4_0900_ai_ci' }), T.varchar(10)] }).out).toBe('1');
    expect(run('=', ['café', 'cafe'], { types: [ci, T.varchar(4)] }).out).toBe('1');
    expect(run('=', ['a', 'a '], { types: [T.varchar(10, { collation: 'utf8mb4_0900_ai_ci' }), T.varchar(2)] }).out).toBe('0');
  });

  it("rejects an invalid constant compared with a DATE column as 1525, as MySQL 8.0 does", () => {
    expect(failure('=', [DateTime.date(2024, 1, 1), ''], { types: [T.date(), T.varchar(0)], options: { constArgs: [undefined, ''] } })).toBe(
      "1525 (HY000): Incorrect DATE value: ''",
    );
    expect(failure('in', [DateTime.of(2024, 1, 1), '2024-02-30'], { types: [T.datetime(), T.varchar(10)], options: { constArgs: [undefined, '2024-02-30'] } })).toBe(
      "1525 (HY000): Incorrect DATETIME value: '2024-02-30'",
    );
    expect(run('=', [DateTime.date(2024, 1, 1), '2024-01-01'], { types: [T.date(), T.varchar(10)], options: { constArgs: [undefined, '2024-01-01'] } }).out).toBe('1');
  });

  it('compares ENUM values with numbers by index and with strings by text', () => {
    const e = T.enum(['small', 'medium', 'large']);
    expect(run('=', ['medium', 2n], { types: [e, T.int()] }).out).toBe('1');
    expect(run('<', ['large', 'medium'], { types: [e, T.varchar(6)] }).out).toBe('1');
    expect(run('+', ['large', 0n], { types: [e, T.int()] }).out).toBe('3');
  });

  it('warns when a non-numeric string is compared with a number', () => {
    expect(run('=', ['1x', 1n])).toMatchObject({ out: '1', warnings: ["Warning 1292 Truncated incorrect DOUBLE value: '1x'"] });
  });

  it('compares JSON by JSON rules', () => {
    const j = (s: string): JsonValue => JsonValue.parse(s);
    expect(show('=', j('{"a":1,"b":2}'), j('{"b":2,"a":1}'))).toBe('1');
    expect(show('=', j('1'), 1n)).toBe('1');
    expect(show('=', j('"1"'), 1n)).toBe('0');
    expect(show('=', j('"abc"'), 'abc')).toBe('1');
    expect(show('<', j('[1,2]'), j('[1,3]'))).toBe('1');
  });

  it('returns NULL when either side is NULL, except for <=>', () => {
    for (const op of ['=', '<>', '<', '<=', '>', '>=']) expect(show(op, null, 1n)).toBe('NULL');
    expect(show('<=>', null, null)).toBe('1');
    expect(show('<=>', null, 1n)).toBe('0');
    expect(show('<=>', 1n, 1n)).toBe('1');
  });

  it('types results as boolean BIGINT (JSON true/false)', () => {
    expect(bindFunction('=', [T.int(), T.int()]).returnType).toMatchObject({ kind: 'bigint', isBoolean: true });
  });
});

describe('three-valued logic', () => {
  const cases: [string, (bigint | null)[], string][] = [
    ['and', [1n, 1n], '1'],
    ['and', [1n, 0n], '0'],
    ['and', [null, 0n], '0'],
    ['and', [null, 1n], 'NULL'],
    ['or', [null, 1n], '1'],
    ['or', [null, 0n], 'NULL'],
    ['or', [0n, 0n], '0'],
    ['xor', [1n, 1n], '0'],
    ['xor', [1n, 0n], '1'],
    ['xor', [1n, null], 'NULL'],
    ['not', [null], 'NULL'],
    ['not', [0n], '1'],
    ['not', [2n], '0'],
    ['is_null', [null], '1'],
    ['is_not_null', [null], '0'],
    ['is_true', [null], '0'],
    ['is_not_true', [null], '1'],
    ['is_false', [0n], '1'],
    ['is_not_false', [null], '1'],
  ];
  it.each(cases)('%s(%o) = %s', (op, args, out) => {
    expect(show(op, ...args)).toBe(out);
  });

  it('reads strings as numbers in boolean context', () => {
    expect(show('and', '1abc', 1n)).toBe('1');
    expect(show('and', '0.0', 1n)).toBe('0');
  });

  it('short-circuits AND/OR in lazy evaluation', () => {
    const and = bindFunction('and', [T.int(), T.int()]);
    let evaluated = false;
    const r = and.evalLazy([() => 0n, () => {
      evaluated = true;
      return 1n;
    }], ctxOf());
    expect(r).toBe(0n);
    expect(evaluated).toBe(false);
  });
});

describe('IN and BETWEEN', () => {
  it.each([
    [[1n, 1n, 2n], '1'],
    [[3n, 1n, 2n], '0'],
    [[3n, 1n, null], 'NULL'],
    [[1n, 1n, null], '1'],
    [[null, 1n], 'NULL'],
    [['1', 1n, 2n], '1'],
    [['a', 'A', 'b'], '0'],
  ])('in(%o) = %s', (args, out) => {
    expect(show('in', ...args)).toBe(out);
  });

  it('NOT IN with a NULL in the list is NULL when nothing matches', () => {
    expect(show('not_in', 3n, 1n, null)).toBe('NULL');
    expect(show('not_in', 1n, 1n, null)).toBe('0');
    expect(show('not_in', 3n, 1n, 2n)).toBe('1');
  });

  it.each([
    [[2n, 1n, 3n], '1'],
    [[1n, 1n, 3n], '1'],
    [[4n, 1n, 3n], '0'],
    [[2n, 3n, 1n], '0'],
    [[2n, null, 3n], 'NULL'],
    [[5n, null, 3n], '0'],
    [['b', 'a', 'c'], '1'],
    [[DateTime.date(2024, 2, 29), '2024-02-01', '2024-02-29'], '1'],
  ])('between(%o) = %s', (args, out) => {
    expect(show('between', ...args)).toBe(out);
  });
});

describe('LIKE', () => {
  it.each([
    ['abc', 'a%', true],
    ['abc', 'a_c', true],
    ['abc', 'a_', false],
    ['abc', '%', true],
    ['', '%', true],
    ['', '_', false],
    ['a%c', 'a\\%c', true],
    ['abc', 'a\\%c', false],
    ['abc', 'ABC', false],
    ['ab ', 'ab', false],
    ['😀x', '_x', true],
    ['aXbXc', '%X%X%', true],
    ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaab', '%a%a%a%a%a%a%a%a%b', true],
  ])('%j LIKE %j is %s under utf8mb4_bin', (s, p, expected) => {
    expect(likeMatch(s, p)).toBe(expected);
  });

  it('is case- and accent-insensitive under _ci collations', () => {
    expect(likeMatch('ABC', 'a%', '\\', 'utf8mb4_general_ci')).toBe(true);
    expect(likeMatch('Été', 'ete', '\\', 'utf8mb4_0900_ai_ci')).toBe(true);
    const ci = T.varchar(10, { collation: 'utf8mb4_general_ci' });
    expect(run('like', ['Hello', 'h%'], { types: [ci, T.varchar(2)] }).out).toBe('1');
  });

  it('supports a custom ESCAPE and rejects a long one', () => {
    expect(show('like', '10%', '10|%', '|')).toBe('1');
    expect(show('like', '100', '10|%', '|')).toBe('0');
    expect(failure('like', ['a', 'a', 'ab'])).toBe("1583 (42000): Incorrect parameters in the call to native function 'ESCAPE'");
  });

  it('converts numbers to strings and propagates NULL', () => {
    expect(show('like', 123n, '1%')).toBe('1');
    expect(show('like', null, '%')).toBe('NULL');
    expect(show('not_like', 'abc', 'x%')).toBe('1');
  });
});
