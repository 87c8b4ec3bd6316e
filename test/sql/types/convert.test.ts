// Expression-context conversions: string→number prefixes and warnings, truthiness, temporals.
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../sql/types/decimal.js';
import { DateTime } from '../../../sql/types/datetime.js';
import { Duration } from '../../../sql/types/duration.js';
import { JsonValue } from '../../../sql/types/json.js';
import {
  rint,
  toBoolean,
  toDateTime,
  toDecimal,
  toDouble,
  toDuration,
  toInteger,
  wrap64,
} from '../../../sql/types/convert.js';
import { valueToString, type Value } from '../../../sql/types/value.js';
import { T } from '../../../sql/types/column-type.js';
import { parseSqlMode, sqlModeToString, DEFAULT_SQL_MODE, isStrict, UnknownSqlModeError } from '../../../sql/types/sql-mode.js';
import { recording } from './helpers.js';

describe('string to number', () => {
  it.each<[string, number, string[]]>([
    ['12', 12, []],
    [' 12 ', 12, []],
    ['1.5e3', 1500, []],
    ['12abc', 12, ["Warning 1292 Truncated incorrect DOUBLE value: '12abc'"]],
    ['abc', 0, ["Warning 1292 Truncated incorrect DOUBLE value: 'abc'"]],
    ['', 0, ["Warning 1292 Truncated incorrect DOUBLE value: ''"]],
    ['-.5', -0.5, []],
  ])('toDouble(%j) = %d', (s, d, warnings) => {
    const cx = recording();
    expect(toDouble(s, cx)).toBe(d);
    expect(cx.recorded.map((w) => `${w.level} ${w.code} ${w.message}`)).toEqual(warnings);
  });

  it('reads integers with my_strtoll10 rules', () => {
    const cx = recording();
    expect(toInteger('2.5', cx)).toBe(2n);
    expect(toInteger('-1', cx, { unsigned: true })).toBe(18446744073709551615n);
    expect(toInteger(' 42', cx)).toBe(42n);
    expect(cx.recorded.map((w) => w.message)).toEqual(["Truncated incorrect INTEGER value: '2.5'"]);
  });

  it('reads decimals exactly', () => {
    const cx = recording();
    expect(toDecimal('0.1000000000000000000001', cx)?.toString()).toBe('0.1000000000000000000001');
    expect(toDecimal(0.1, cx)?.toString()).toBe('0.1');
    expect(toDecimal(DateTime.of(2024, 1, 2, 3, 4, 5, 500000, 'datetime', 1), cx)?.toString()).toBe('20240102030405.5');
  });
});

describe('numbers to integers', () => {
  it('rounds doubles half to even (rint) and decimals half away from zero', () => {
    expect(rint(2.5)).toBe(2);
    expect(rint(3.5)).toBe(4);
    expect(rint(-2.5)).toBe(-2);
    const cx = recording();
    expect(toInteger(2.5, cx)).toBe(2n);
    expect(toInteger(Decimal.fromString('2.5'), cx)).toBe(3n);
    expect(toInteger(Decimal.fromString('-2.5'), cx)).toBe(-3n);
    expect(toInteger(1e30, cx)).toBe(9223372036854775807n);
  });

  it('wraps 64-bit values between signed and unsigned', () => {
    expect(wrap64(-1n, true)).toBe(18446744073709551615n);
    expect(wrap64(18446744073709551615n, false)).toBe(-1n);
    expect(wrap64(9223372036854775808n, false)).toBe(-9223372036854775808n);
  });
});

describe('truthiness', () => {
  it.each<[Value, boolean | null]>([
    [null, null],
    [0n, false],
    [-1n, true],
    [0.0, false],
    [0.1, true],
    [Decimal.fromString('0.00'), false],
    ['0', false],
    ['1abc', true],
    ['abc', false],
    [DateTime.zero(), false],
    [DateTime.date(2024, 1, 1), true],
    [new Duration(0), false],
    [JsonValue.parse('true'), true],
    [JsonValue.parse('0'), false],
  ])('%o is %s', (v, b) => {
    expect(toBoolean(v, recording())).toBe(b);
  });
});

describe('temporal conversions', () => {
  it('parses strings and numbers as datetimes, warning on invalid ones', () => {
    const cx = recording();
    expect(toDateTime('2024-02-29 12:00:00', cx)?.toString()).toBe('2024-02-29 12:00:00.000000');
    expect(toDateTime(20240229n, cx, 'date')?.toString()).toBe('2024-02-29');
    expect(toDateTime('2023-02-29', cx)).toBeNull();
    expect(toDateTime('nope', cx)).toBeNull();
    expect(cx.recorded.map((w) => `${w.code} ${w.message}`)).toEqual([
      "1292 Incorrect datetime value: '2023-02-29'",
      "1292 Incorrect datetime value: 'nope'",
    ]);
  });

  it('turns a TIME into a datetime on the current date', () => {
    const cx = recording();
    expect(toDateTime(Duration.of(25, 0, 0), cx, 'datetime', 0)?.toString()).toBe('2024-05-07 01:00:00');
  });

  it('takes the time part of a datetime as TIME', () => {
    const cx = recording();
    expect(toDuration('2024-01-02 03:04:05', cx, 0)?.toString()).toBe('03:04:05');
    expect(toDuration(DateTime.of(2024, 1, 2, 3, 4, 5), cx, 0)?.toString()).toBe('03:04:05');
  });
});

describe('printing values by type', () => {
  it.each<[Value, Parameters<typeof valueToString>[1], string]>([
    [Decimal.fromString('1.5'), T.decimal(5, 2), '1.50'],
    [Decimal.fromString('1.005'), T.decimal(5, 2), '1.01'],
    [Decimal.fromString('1.5'), T.decimal(5, 2, { zerofill: true }), '001.50'],
    [5n, T.int({ displayWidth: 4, zerofill: true }), '0005'],
    [Math.fround(0.1), T.float(), '0.1'],
    [1.005, T.double({ precision: 5, scale: 2 }), '1.00'],
    [1e20, T.double(), '1e20'],
    [5n, T.year(), '0005'],
    [DateTime.of(2024, 1, 2, 3, 4, 5, 120000, 'datetime', 6), T.datetime(3), '2024-01-02 03:04:05.120'],
    [Buffer.from('hi'), T.varbinary(2), 'hi'],
  ])('%o as %o prints %s', (v, t, s) => {
    expect(valueToString(v, t)).toBe(s);
  });
});

describe('sql_mode', () => {
  it('parses, expands combinations and prints', () => {
    expect(isStrict(DEFAULT_SQL_MODE)).toBe(true);
    const m = parseSqlMode('traditional');
    expect(m.strictAllTables && m.noZeroDate && m.errorForDivisionByZero).toBe(true);
    expect(sqlModeToString(parseSqlMode('ansi_quotes, strict_trans_tables'))).toBe('ANSI_QUOTES,STRICT_TRANS_TABLES');
    expect(() => parseSqlMode('NO_SUCH_MODE')).toThrow(UnknownSqlModeError);
    expect(() => parseSqlMode('NO_SUCH_MODE')).toThrow("Variable 'sql_mode' can't be set to the value of 'NO_SUCH_MODE'");
  });
});
