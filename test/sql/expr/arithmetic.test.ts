// Arithmetic operators: result types, exactness, overflow errors and division by zero.
import { describe, expect, it } from 'vitest';
import { T, columnTypeString } from '../../../sql/types/column-type.js';
import { Decimal } from '../../../sql/types/decimal.js';
import { DateTime } from '../../../sql/types/datetime.js';
import { bindFunction } from '../../../sql/expr/index.js';
import { ctxOf, failure, mode, run, show } from './helpers.js';

const dec = (s: string): Decimal => Decimal.fromString(s);

describe('result types follow MySQL', () => {
  it.each([
    ['+', T.int(), T.int(), 'bigint'],
    ['+', T.int({ unsigned: true }), T.int(), 'bigint unsigned'],
    ['+', T.int(), T.decimal(5, 2), 'decimal(13,2)'],
    ['*', T.decimal(5, 2), T.decimal(4, 3), 'decimal(9,5)'],
    ['+', T.int(), T.double(), 'double'],
    ['+', T.int(), T.varchar(10), 'double'],
    ['/', T.int(), T.int(), 'decimal(14,4)'],
    ['/', T.decimal(5, 2), T.int(), 'decimal(9,6)'],
    ['/', T.double(), T.int(), 'double'],
    ['div', T.decimal(5, 2), T.int(), 'bigint'],
    ['%', T.int(), T.int(), 'bigint'],
    ['+', T.date(), T.int(), 'bigint'],
    ['+', T.datetime(3), T.int(), 'decimal(18,3)'],
  ])('%s of %o and %o is %s', (op, a, b, expected) => {
    expect(columnTypeString(bindFunction(op, [a, b]).returnType)).toBe(expected);
  });
});

describe('integer arithmetic is exact over 64 bits', () => {
  it.each([
    ['+', 1n, 2n, '3'],
    ['-', 1n, 2n, '-1'],
    ['*', 3037000499n, 3037000499n, '9223372030926249001'],
    ['+', 9223372036854775806n, 1n, '9223372036854775807'],
    ['%', 7n, -3n, '1'],
    ['%', -7n, 3n, '-1'],
    ['div', 7n, 2n, '3'],
    ['div', -7n, 2n, '-3'],
    ['+', 18446744073709551614n, 1n, '18446744073709551615'],
  ])('%s %s %s = %s', (op, a, b, out) => {
    expect(show(op, a, b)).toBe(out);
  });

  it('reports BIGINT overflow as 1690 quoting the expression', () => {
    expect(failure('+', [9223372036854775807n, 1n])).toBe("1690 (22003): BIGINT value is out of range in '(9223372036854775807 + 1)'");
    expect(failure('*', [-9223372036854775808n, -1n])).toBe("1690 (22003): BIGINT value is out of range in '(-9223372036854775808 * -1)'");
    expect(failure('-', [-9223372036854775808n, 1n], { options: { argTexts: ['`t`.`a`', '1'] } })).toBe("1690 (22003): BIGINT value is out of range in '(`t`.`a` - 1)'");
  });

  it('reports unsigned underflow as BIGINT UNSIGNED out of range', () => {
    const types = [T.bigint({ unsigned: true }), T.int()];
    expect(failure('-', [0n, 1n], { types, options: { argTexts: ['cast(0 as unsigned)', '1'] } })).toBe(
      "1690 (22003): BIGINT UNSIGNED value is out of range in '(cast(0 as unsigned) - 1)'",
    );
    expect(failure('+', [18446744073709551615n, 1n])).toBe("1690 (22003): BIGINT UNSIGNED value is out of range in '(18446744073709551615 + 1)'");
  });

  it('allows negative unsigned differences under NO_UNSIGNED_SUBTRACTION', () => {
    const ctx = ctxOf(mode('NO_UNSIGNED_SUBTRACTION'));
    expect(run('-', [0n, 1n], { types: [T.bigint({ unsigned: true }), T.int()], ctx }).out).toBe('-1');
  });

  it('negates with overflow checking', () => {
    expect(show('neg', 5n)).toBe('-5');
    expect(failure('neg', [-9223372036854775808n], { types: [T.bigint()] })).toBe("1690 (22003): BIGINT value is out of range in '-(-9223372036854775808)'");
    expect(show('neg', dec('1.50'))).toBe('-1.50');
    expect(show('neg', '2')).toBe('-2');
  });
});

describe('decimal arithmetic', () => {
  it.each([
    ['+', dec('0.1'), dec('0.2'), '0.3'],
    ['*', dec('1.10'), dec('1.1'), '1.210'],
    ['-', 1n, dec('0.001'), '0.999'],
    ['/', 1n, 3n, '0.3333'],
    ['/', 2n, 3n, '0.6667'],
    ['/', dec('1.0'), 3n, '0.33333'],
    ['/', 10n, 4n, '2.5000'],
    ['/', dec('-7'), 2n, '-3.5000'],
    ['%', dec('7.5'), 2n, '1.5'],
    ['div', dec('7.9'), 2n, '3'],
  ])('%s %s %s = %s', (op, a, b, out) => {
    expect(show(op, a, b)).toBe(out);
  });

  it('keeps division precision through later operations (1/3*3 = 1.0000)', () => {
    const ctx = ctxOf();
    const third = bindFunction('/', [T.int(), T.int()]).eval([1n, 3n], ctx);
    const times = bindFunction('*', [T.decimal(5, 4), T.int()]);
    expect(run('*', [third, 3n], { types: [T.decimal(5, 4), T.int()] }).out).toBe('1.0000');
    expect(times.returnType).toMatchObject({ kind: 'decimal', scale: 4 });
  });

  it('handles DECIMAL(65,30) extremes', () => {
    const max = Decimal.maxOf(65, 30);
    expect(run('+', [max, dec('0')], { types: [T.decimal(65, 30), T.int()] }).out).toBe('99999999999999999999999999999999999.999999999999999999999999999999');
  });
});

describe('double arithmetic', () => {
  it.each([
    ['+', 0.1, 0.2, '0.30000000000000004'],
    ['*', 1e10, 1e10, '1e20'],
    ['+', '1', 1n, '2'],
    ['/', 1, 3n, '0.3333333333333333'],
    ['%', 5.5, 2n, '1.5'],
  ])('%s %s %s = %s', (op, a, b, out) => {
    expect(show(op, a, b)).toBe(out);
  });

  it('warns when a string operand has trailing junk', () => {
    expect(run('+', ['1x', 1n])).toMatchObject({ out: '2', warnings: ["Warning 1292 Truncated incorrect DOUBLE value: '1x'"] });
    expect(run('+', ['abc', 1n])).toMatchObject({ out: '1', warnings: ["Warning 1292 Truncated incorrect DOUBLE value: 'abc'"] });
  });

  it('reports DOUBLE overflow as 1690', () => {
    expect(failure('*', [1e300, 1e300])).toBe("1690 (22003): DOUBLE value is out of range in '(1e300 * 1e300)'");
  });
});

describe('division by zero', () => {
  it('is NULL with warning 1365 in SELECT', () => {
    expect(run('/', [1n, 0n])).toMatchObject({ out: 'NULL', warnings: ['Warning 1365 Division by 0'] });
    expect(run('%', [1n, 0n])).toMatchObject({ out: 'NULL', warnings: ['Warning 1365 Division by 0'] });
    expect(run('div', [1n, 0n])).toMatchObject({ out: 'NULL', warnings: ['Warning 1365 Division by 0'] });
    expect(run('/', [1.5, 0])).toMatchObject({ out: 'NULL', warnings: ['Warning 1365 Division by 0'] });
  });

  it('is silent without ERROR_FOR_DIVISION_BY_ZERO', () => {
    expect(run('/', [1n, 0n], { ctx: ctxOf(mode('')) })).toMatchObject({ out: 'NULL', warnings: [] });
  });

  it('is error 1365 in a strict INSERT/UPDATE, a warning with IGNORE', () => {
    expect(failure('/', [1n, 0n], { ctx: ctxOf({ dmlWrite: true }) })).toBe('1365 (22012): Division by 0');
    expect(run('/', [1n, 0n], { ctx: ctxOf({ dmlWrite: true, ignore: true }) }).warnings).toEqual(['Warning 1365 Division by 0']);
  });
});

describe('NULL and temporal operands', () => {
  it('propagates NULL', () => {
    for (const op of ['+', '-', '*', '/', 'div', '%']) expect(show(op, null, 1n)).toBe('NULL');
  });

  it('uses the numeric form of dates', () => {
    expect(show('+', DateTime.date(2024, 1, 2), 1n)).toBe('20240103');
    expect(run('+', [DateTime.of(2024, 1, 2, 3, 4, 5, 500000, 'datetime', 1), 0n]).out).toBe('20240102030405.5');
  });
});
