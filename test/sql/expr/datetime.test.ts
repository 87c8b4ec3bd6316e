// Date and time functions against MySQL's documented results; the clock is fixed at
// 2024-05-06 07:08:09.123456 UTC.
import { describe, expect, it } from 'vitest';
import { T, columnTypeString, type SqlType } from '../../../sql/types/column-type.js';
import { Decimal } from '../../../sql/types/decimal.js';
import { DateTime } from '../../../sql/types/datetime.js';
import { Duration } from '../../../sql/types/duration.js';
import { bindFunction, type FunctionOptions } from '../../../sql/expr/index.js';
import type { IntervalUnit } from '../../../sql/types/interval.js';
import type { Value } from '../../../sql/types/value.js';
import { ctxOf, mode, run, show } from './helpers.js';

const date = (y: number, m: number, d: number): DateTime => DateTime.date(y, m, d);
const dt = (y: number, m: number, d: number, h: number, mi: number, s: number, us = 0, fsp = 0): DateTime =>
  DateTime.of(y, m, d, h, mi, s, us, 'datetime', fsp);

function add(fn: string, unit: IntervalUnit, args: readonly Value[], types?: readonly SqlType[]): string {
  return run(fn, args, { options: { unit }, ...(types ? { types } : {}) }).out;
}

describe('clock functions use the statement time', () => {
  it.each<[string, Value[], FunctionOptions, string]>([
    ['now', [], {}, '2024-05-06 07:08:09'],
    ['now', [3n], { constArgs: [3n] }, '2024-05-06 07:08:09.123'],
    ['current_timestamp', [6n], { constArgs: [6n] }, '2024-05-06 07:08:09.123456'],
    ['curdate', [], {}, '2024-05-06'],
    ['current_date', [], {}, '2024-05-06'],
    ['curtime', [], {}, '07:08:09'],
    ['utc_timestamp', [], {}, '2024-05-06 07:08:09'],
    ['unix_timestamp', [], {}, '1714979289'],
  ])('%s(%o) = %s', (fn, args, options, out) => {
    expect(run(fn, args, { options }).out).toBe(out);
  });

  it('follows the session time zone', () => {
    const ctx = ctxOf({ timeZone: '+08:00' });
    expect(run('now', [], { ctx }).out).toBe('2024-05-06 15:08:09');
    expect(run('curdate', [], { ctx }).out).toBe('2024-05-06');
    expect(run('utc_timestamp', [], { ctx }).out).toBe('2024-05-06 07:08:09');
    expect(run('unix_timestamp', ['2024-05-06 15:08:09'], { ctx, options: { constArgs: ['2024-05-06 15:08:09'] } }).out).toBe('1714979289');
  });

  it('uses the injected clock for SYSDATE', () => {
    const ctx = ctxOf({ clock: () => 1714979299000000n });
    expect(run('sysdate', [], { ctx }).out).toBe('2024-05-06 07:08:19');
  });
});

describe('DATE_ADD / DATE_SUB and friends', () => {
  it.each<[string, IntervalUnit, Value[], string]>([
    ['date_add', 'DAY', [date(2024, 2, 28), 1n], '2024-02-29'],
    ['date_add', 'DAY', [date(2023, 2, 28), 1n], '2023-03-01'],
    ['date_add', 'MONTH', [date(2024, 1, 31), 1n], '2024-02-29'],
    ['date_add', 'YEAR', [date(2024, 2, 29), 1n], '2025-02-28'],
    ['date_add', 'QUARTER', [date(2024, 1, 1), 1n], '2024-04-01'],
    ['date_add', 'WEEK', [date(2024, 1, 1), 2n], '2024-01-15'],
    ['date_add', 'HOUR', [date(2024, 1, 1), 1n], '2024-01-01 01:00:00'],
    ['date_add', 'SECOND', [dt(2024, 12, 31, 23, 59, 59), 1n], '2025-01-01 00:00:00'],
    ['date_add', 'DAY_SECOND', [dt(2024, 12, 31, 23, 59, 59), '1 1:1:1'], '2025-01-02 01:01:00'],
    ['date_add', 'MICROSECOND', [dt(2024, 1, 1, 0, 0, 0), 1n], '2024-01-01 00:00:00.000001'],
    ['date_sub', 'DAY', [date(2024, 3, 1), 1n], '2024-02-29'],
    ['date_sub', 'YEAR_MONTH', [date(2024, 3, 31), '1-1'], '2023-02-28'],
    ['date_add', 'DAY', [date(2024, 1, 1), -1n], '2023-12-31'],
    ['adddate', 'DAY', [date(2024, 1, 1), 31n], '2024-02-01'],
    ['subdate', 'DAY', [date(2024, 1, 1), 31n], '2023-12-01'],
    ['date_add', 'DAY', ['2024-01-31', 1n], '2024-02-01'],
    ['date_add', 'HOUR', ['2024-01-31', 1n], '2024-01-31 01:00:00'],
    ['date_add', 'DAY', ['2024-01-31 10:00:00', 1n], '2024-02-01 10:00:00'],
    ['date_add', 'DAY', [null, 1n], 'NULL'],
    ['date_add', 'DAY', [date(2024, 1, 1), null], 'NULL'],
    ['date_add', 'HOUR', [Duration.of(10, 0, 0), 2n], '12:00:00'],
  ])('%s(%o INTERVAL %s … %o) = %s', (fn, unit, args, out) => {
    expect(add(fn, unit, args)).toBe(out);
  });

  it('returns NULL with warning 1441 past 9999-12-31', () => {
    expect(run('date_add', [date(9999, 12, 31), 1n], { options: { unit: 'DAY' } })).toMatchObject({
      out: 'NULL',
      warnings: ['Warning 1441 Datetime function: datetime field overflow'],
    });
  });

  it('returns NULL with warning 1292 for an invalid date string', () => {
    expect(run('date_add', ['2023-02-30', 1n], { options: { unit: 'DAY' } })).toMatchObject({
      out: 'NULL',
      warnings: ["Warning 1292 Incorrect datetime value: '2023-02-30'"],
    });
  });

  it('types results as MySQL documents', () => {
    const t = (a: SqlType, unit: IntervalUnit): string => columnTypeString(bindFunction('date_add', [a, T.int()], { unit }).returnType);
    expect(t(T.date(), 'DAY')).toBe('date');
    expect(t(T.date(), 'HOUR')).toBe('datetime');
    expect(t(T.datetime(3), 'DAY')).toBe('datetime(3)');
    expect(t(T.date(), 'MICROSECOND')).toBe('datetime(6)');
    expect(t(T.varchar(10), 'DAY')).toBe('varchar(29)');
    expect(t(T.time(), 'HOUR')).toBe('time');
  });
});

describe('differences', () => {
  it.each<[string, Value[], FunctionOptions, string]>([
    ['datediff', ['2007-12-31 23:59:59', '2007-12-30'], {}, '1'],
    ['datediff', ['2010-11-30 23:59:59', '2010-12-31'], {}, '-31'],
    ['datediff', [date(2024, 3, 1), date(2024, 2, 1)], {}, '29'],
    ['timestampdiff', ['2003-02-01', '2003-05-01'], { unit: 'MONTH' }, '3'],
    ['timestampdiff', ['2002-05-01', '2001-01-01'], { unit: 'YEAR' }, '-1'],
    ['timestampdiff', ['2003-02-01', '2003-05-01 12:05:55'], { unit: 'MINUTE' }, '128885'],
    ['timestampdiff', ['2024-01-31', '2024-02-29'], { unit: 'MONTH' }, '0'],
    ['timestampdiff', ['2024-01-31', '2024-03-01'], { unit: 'MONTH' }, '1'],
    ['timediff', ['2000-01-01 00:00:00', '2000-01-01 00:00:00.000001'], { constArgs: ['2000-01-01 00:00:00', '2000-01-01 00:00:00.000001'] }, '-00:00:00.000001'],
    ['timediff', ['10:00:00', '09:00:00'], { constArgs: ['10:00:00', '09:00:00'] }, '01:00:00'],
    ['timediff', [Duration.of(10, 0, 0), Duration.of(1, 30, 0)], {}, '08:30:00'],
  ])('%s(%o) = %s', (fn, args, options, out) => {
    expect(run(fn, args, { options }).out).toBe(out);
  });
});

describe('parts of dates and times', () => {
  it.each<[string, Value[], string]>([
    ['year', ['1987-01-01'], '1987'],
    ['month', ['2008-02-03'], '2'],
    ['day', ['2008-02-03'], '3'],
    ['dayofmonth', ['2008-02-03'], '3'],
    ['hour', ['10:05:03'], '10'],
    ['hour', ['272:59:59'], '272'],
    ['hour', [dt(2024, 1, 2, 3, 4, 5)], '3'],
    ['minute', ['2008-02-03 10:05:03'], '5'],
    ['second', ['10:05:03'], '3'],
    ['microsecond', ['12:00:00.123456'], '123456'],
    ['dayofweek', ['2007-02-03'], '7'],
    ['weekday', ['2008-02-03 22:23:00'], '6'],
    ['dayofyear', ['2007-02-03'], '34'],
    ['dayofyear', ['2024-12-31'], '366'],
    ['quarter', ['2008-04-01'], '2'],
    ['week', ['2008-02-20'], '7'],
    ['week', ['2008-12-31', 1n], '53'],
    ['weekofyear', ['2008-02-20'], '8'],
    ['yearweek', ['1987-01-01'], '198652'],
    ['monthname', ['2008-02-03'], 'February'],
    ['dayname', ['2007-02-03'], 'Saturday'],
    ['last_day', ['2003-02-05'], '2003-02-28'],
    ['last_day', ['2004-02-05'], '2004-02-29'],
    ['last_day', ['2004-01-01 01:01:01'], '2004-01-31'],
    ['last_day', ['2003-03-32'], 'NULL'],
    ['to_days', [950501n], '728779'],
    ['to_days', ['2007-10-07'], '733321'],
    ['from_days', [730669n], '2000-07-03'],
    ['to_seconds', [950501n], '62966505600'],
    ['makedate', [2011n, 31n], '2011-01-31'],
    ['makedate', [2011n, 32n], '2011-02-01'],
    ['makedate', [2011n, 365n], '2011-12-31'],
    ['makedate', [2014n, 0n], 'NULL'],
    ['maketime', [12n, 15n, 30n], '12:15:30'],
    ['maketime', [12n, 60n, 30n], 'NULL'],
    ['sec_to_time', [2378n], '00:39:38'],
    ['sec_to_time', [-2378n], '-00:39:38'],
    ['time_to_sec', ['22:23:00'], '80580'],
    ['time_to_sec', ['00:39:38'], '2378'],
    ['date', ['2003-12-31 01:02:03'], '2003-12-31'],
    ['time', ['2003-12-31 01:02:03'], '01:02:03'],
    ['time', ['2003-12-31 01:02:03.000123'], '01:02:03.000123'],
    ['timestamp', ['2003-12-31'], '2003-12-31 00:00:00'],
    ['timestamp', ['2003-12-31 12:00:00', '12:00:00'], '2004-01-01 00:00:00'],
    ['addtime', ['2007-12-31 23:59:59.999999', '1 1:1:1.000002'], '2008-01-02 01:01:01.000001'],
    ['addtime', ['01:00:00.999999', '02:00:00.999998'], '03:00:01.999997'],
    ['subtime', ['2007-12-31 23:59:59.999999', '1 1:1:1.000002'], '2007-12-30 22:58:58.999997'],
    ['convert_tz', ['2004-01-01 12:00:00', '+00:00', '+10:00'], '2004-01-01 22:00:00'],
  ])('%s(%o) = %s', (fn, args, out) => {
    expect(show(fn, ...args)).toBe(out);
  });

  it('warns and returns NULL for weekday functions on zero dates', () => {
    expect(run('dayofweek', ['0000-00-00'])).toMatchObject({ out: 'NULL', warnings: ["Warning 1292 Incorrect datetime value: '0000-00-00'"] });
    expect(show('month', '0000-00-00')).toBe('0');
  });
});

describe('EXTRACT', () => {
  it.each<[IntervalUnit, Value, string]>([
    ['YEAR', '2019-07-02', '2019'],
    ['YEAR_MONTH', '2019-07-02 01:02:03', '201907'],
    ['DAY_MINUTE', '2019-07-02 01:02:03', '20102'],
    ['DAY_SECOND', '2019-07-02 01:02:03', '2010203'],
    ['MICROSECOND', '2003-01-02 10:30:00.000123', '123'],
    ['HOUR', '10:05:03', '10'],
    ['HOUR_SECOND', dt(2024, 1, 2, 3, 4, 5), '30405'],
    ['MINUTE', Duration.of(1, 2, 3, 0, true), '-2'],
    ['QUARTER', date(2024, 11, 1), '4'],
    ['WEEK', '2008-02-20', '7'],
  ])('EXTRACT(%s FROM %o) = %s', (unit, v, out) => {
    expect(run('extract', [v], { options: { unit } }).out).toBe(out);
  });
});

describe('UNIX_TIMESTAMP and FROM_UNIXTIME', () => {
  it.each<[string, Value[], FunctionOptions, string]>([
    ['unix_timestamp', ['2015-11-13 10:20:19'], { constArgs: ['2015-11-13 10:20:19'] }, '1447410019'],
    ['unix_timestamp', ['2015-11-13 10:20:19.012'], { constArgs: ['2015-11-13 10:20:19.012'] }, '1447410019.012'],
    ['unix_timestamp', [dt(1969, 12, 31, 0, 0, 0)], {}, '0'],
    ['unix_timestamp', [dt(2024, 1, 1, 0, 0, 0, 500000, 3)], {}, '1704067200.500'],
    ['from_unixtime', [1447430881n], {}, '2015-11-13 16:08:01'],
    ['from_unixtime', [Decimal.fromString('1447430881.5')], {}, '2015-11-13 16:08:01.5'],
    ['from_unixtime', [1447430881n, '%Y %D %M %h:%i:%s %x'], {}, '2015 13th November 04:08:01 2015'],
    ['from_unixtime', [-1n], {}, 'NULL'],
  ])('%s(%o) = %s', (fn, args, options, out) => {
    expect(run(fn, args, { options }).out).toBe(out);
  });
});

describe('DATE_FORMAT, TIME_FORMAT and STR_TO_DATE', () => {
  it.each<[Value, string, string]>([
    ['2009-10-04 22:23:00', '%W %M %Y', 'Sunday October 2009'],
    ['2007-10-04 22:23:00', '%H:%i:%s', '22:23:00'],
    ['1900-10-04 22:23:00', '%D %y %a %d %m %b %j', '4th 00 Thu 04 10 Oct 277'],
    ['1997-10-04 22:23:00', '%H %k %I %r %T %S %w', '22 22 10 10:23:00 PM 22:23:00 00 6'],
    ['1999-01-01', '%X %V', '1998 52'],
    ['2006-06-00', '%d', '00'],
    ['2006-06-00', '%D', '0th'],
    ['2024-01-01 00:00:00.000042', '%f', '000042'],
    ['2024-02-29', '%e %c %l %p %%', '29 2 12 AM %'],
    ['2024-01-01', '%U %u %V %v %X %x', '00 01 53 01 2023 2024'],
  ])('DATE_FORMAT(%o, %j) = %s', (v, fmt, out) => {
    expect(show('date_format', v, fmt)).toBe(out);
  });

  it('formats TIME values and refuses date specifiers', () => {
    expect(show('time_format', '100:00:00', '%H %k %h %I %l')).toBe('100 100 04 04 4');
    expect(show('time_format', '10:00:00', '%Y')).toBe('NULL');
  });

  it.each<[string, string, string]>([
    ['01,5,2013', '%d,%m,%Y', '2013-05-01'],
    ['May 1, 2013', '%M %d,%Y', '2013-05-01'],
    ['a09:30:17', 'a%h:%i:%s', '09:30:17'],
    ['09:30:17a', '%h:%i:%s', '09:30:17'],
    ['9', '%m', '0000-09-00'],
    ['2024-01-02 3:04:05 PM', '%Y-%m-%d %h:%i:%s %p', '2024-01-02 15:04:05'],
    ['2024 032', '%Y %j', '2024-02-01'],
  ])('STR_TO_DATE(%j, %j) = %s', (s, fmt, out) => {
    expect(run('str_to_date', [s, fmt], { options: { constArgs: [s, fmt] }, ctx: ctxOf(mode('')) }).out).toBe(out);
  });

  it('refuses zero date parts under NO_ZERO_IN_DATE (the default mode)', () => {
    expect(run('str_to_date', ['9', '%m'], { options: { constArgs: ['9', '%m'] } }).out).toBe('NULL');
  });

  it('returns NULL with warning 1411 when the text does not match', () => {
    expect(run('str_to_date', ['2024-02-30', '%Y-%m-%d'], { options: { constArgs: [undefined, '%Y-%m-%d'] } })).toMatchObject({
      out: 'NULL',
      warnings: ["Warning 1411 Incorrect date value: '2024-02-30' for function str_to_date"],
    });
    expect(run('str_to_date', ['abc', '%Y'], {}).warnings).toEqual(["Warning 1411 Incorrect datetime value: 'abc' for function str_to_date"]);
  });
});
