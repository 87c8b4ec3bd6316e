// DateTime and Duration: MySQL literal formats, calendar arithmetic, printing with fsp.
import { describe, expect, it } from 'vitest';
import {
  DateTime,
  dateTimeFromNumber,
  dayNumber,
  fromDayNumber,
  fromEpochMicros,
  parseDateTime,
  toEpochMicros,
  weekOfYear,
} from '../../../sql/types/datetime.js';
import { Duration, durationFromNumber, parseDuration } from '../../../sql/types/duration.js';
import { addInterval, parseInterval, type IntervalUnit } from '../../../sql/types/interval.js';
import { recording } from './helpers.js';

describe('parseDateTime reads MySQL literals', () => {
  it.each([
    ['2024-01-02', '2024-01-02'],
    ['2024-01-02 03:04:05', '2024-01-02 03:04:05'],
    ['2024-01-02 03:04:05.123', '2024-01-02 03:04:05.123000'],
    ['2024-01-02T03:04:05', '2024-01-02 03:04:05'],
    ['2024/1/2 3:4:5', '2024-01-02 03:04:05'],
    ['20240102', '2024-01-02'],
    ['240102', '2024-01-02'],
    ['991231', '1999-12-31'],
    ['20240102030405', '2024-01-02 03:04:05'],
    ['240102030405', '2024-01-02 03:04:05'],
    ['24-01-02', '2024-01-02'],
    ['70-01-01', '1970-01-01'],
    ['0000-00-00', '0000-00-00'],
    ['0000-00-00 00:00:00', '0000-00-00 00:00:00'],
    ['2024-02-29', '2024-02-29'],
  ])('%s → %s', (text, printed) => {
    const r = parseDateTime(text, text.includes('.') || printed.includes('.') ? 6 : 0);
    expect(r.value?.toString()).toBe(printed);
    expect(r.warning).toBe(false);
  });

  it.each(['abc', '2024-13-01', '2024-01-32', '2024-01-01 24:00:00', '12', ''])('rejects %j', (text) => {
    expect(parseDateTime(text).value).toBeNull();
  });

  it('rounds the fraction to the target precision with carry', () => {
    expect(parseDateTime('2024-12-31 23:59:59.9999995', 6).value?.toString()).toBe('2025-01-01 00:00:00.000000');
    expect(parseDateTime('2024-01-02 03:04:05.5', 0).value?.toString()).toBe('2024-01-02 03:04:06');
    expect(parseDateTime('2024-01-02 03:04:05.126', 2).value?.toString()).toBe('2024-01-02 03:04:05.13');
  });

  it('flags trailing garbage as a warning but keeps the value', () => {
    const r = parseDateTime('2024-01-02 03:04:05 junk');
    expect(r.value?.toString()).toBe('2024-01-02 03:04:05.000000');
    expect(r.warning).toBe(true);
  });

  it('keeps an invalid day for the caller to judge (Feb 30)', () => {
    const r = parseDateTime('2023-02-30');
    expect(r.value?.isValidDate()).toBe(false);
  });
});

describe('numbers as datetimes (number_to_datetime)', () => {
  it.each([
    [20240102n, '2024-01-02'],
    [240102n, '2024-01-02'],
    [700101n, '1970-01-01'],
    [20240102030405n, '2024-01-02 03:04:05'],
    [101n, '2000-01-01'],
  ])('%s → %s', (n, printed) => {
    expect(dateTimeFromNumber(n, '', 0).value?.toString()).toBe(printed);
  });

  it.each([100n, 691232n, 99999999999999999n])('rejects %s', (n) => {
    expect(dateTimeFromNumber(n).value).toBeNull();
  });
});

describe('calendar', () => {
  it('uses MySQL day numbers (TO_DAYS)', () => {
    expect(dayNumber(1970, 1, 1)).toBe(719528);
    expect(dayNumber(2007, 10, 7)).toBe(733321);
    expect(dayNumber(0, 1, 1)).toBe(1);
    expect(dayNumber(1, 1, 1)).toBe(366);
    expect(fromDayNumber(733321)).toEqual({ year: 2007, month: 10, day: 7 });
    expect(fromDayNumber(366)).toEqual({ year: 1, month: 1, day: 1 });
    expect(fromDayNumber(60)).toEqual({ year: 0, month: 3, day: 1 });
  });

  it('round-trips every day number of 2024 (a leap year)', () => {
    const start = dayNumber(2024, 1, 1);
    for (let i = 0; i < 366; i++) {
      const { year, month, day } = fromDayNumber(start + i);
      expect(dayNumber(year, month, day)).toBe(start + i);
    }
    expect(fromDayNumber(start + 59)).toEqual({ year: 2024, month: 2, day: 29 });
  });

  it('computes weekday and day of year', () => {
    expect(DateTime.date(2024, 1, 1).weekday()).toBe(0); // Monday
    expect(DateTime.date(2024, 12, 31).dayOfYear()).toBe(366);
  });

  it.each([
    [2008, 2, 20, 0, 7],
    [2008, 2, 20, 1, 8],
    [2008, 12, 31, 1, 53],
    [2000, 1, 1, 0, 0],
    [2000, 1, 1, 3, 52],
    [2021, 1, 3, 3, 53],
    [2024, 12, 30, 3, 1],
  ])('WEEK(%d-%d-%d, %d) = %d', (y, m, d, mode, week) => {
    expect(weekOfYear(y, m, d, mode).week).toBe(week);
  });

  it('converts between wall clock and UTC instants in a zone', () => {
    const dt = DateTime.of(2024, 1, 2, 3, 4, 5);
    const utc = toEpochMicros(dt, '+08:00');
    expect(fromEpochMicros(utc, '+00:00', 'datetime', 0)?.toString()).toBe('2024-01-01 19:04:05');
    expect(fromEpochMicros(0n, 'UTC', 'datetime', 0)?.toString()).toBe('1970-01-01 00:00:00');
    expect(fromEpochMicros(utc, 'Asia/Shanghai', 'datetime', 0)?.toString()).toBe('2024-01-02 03:04:05');
  });
});

describe('Duration (TIME)', () => {
  it.each([
    ['12:34:56', '12:34:56'],
    ['-12:34:56', '-12:34:56'],
    ['12:34', '12:34:00'],
    ['3 12:00:00', '84:00:00'],
    ['123456', '12:34:56'],
    ['56', '00:00:56'],
    ['838:59:59', '838:59:59'],
    ['12:34:56.789', '12:34:56.789000'],
  ])('parses %s as %s', (text, printed) => {
    expect(parseDuration(text, text.includes('.') ? 6 : 0).value?.toString()).toBe(printed);
  });

  it('clips past ±838:59:59 with a warning', () => {
    const r = parseDuration('900:00:00');
    expect(r.value?.toString()).toBe('838:59:59.000000');
    expect(r.clipped).toBe(true);
    expect(parseDuration('-900:00:00').value?.toString()).toBe('-838:59:59.000000');
  });

  it('reads numbers as hhmmss', () => {
    expect(durationFromNumber(123456n, '', 0).value?.toString()).toBe('12:34:56');
    expect(durationFromNumber(-10000n, '5', 1).value?.toString()).toBe('-01:00:00.5');
  });

  it('rounds fractions to fsp', () => {
    expect(new Duration(1_500_000, 6).withFsp(0).toString()).toBe('00:00:02');
    expect(new Duration(-1_500_000, 6).withFsp(0).toString()).toBe('-00:00:02');
  });
});

describe('intervals', () => {
  const cx = recording();
  const add = (dt: DateTime, v: string | bigint, unit: IntervalUnit): string | undefined => {
    const iv = parseInterval(v, unit, cx);
    return iv ? addInterval(dt, iv, 1, 'datetime', 6)?.toString() : undefined;
  };
  it('clips the day when adding months', () => {
    expect(add(DateTime.date(2024, 1, 31), 1n, 'MONTH')).toBe('2024-02-29 00:00:00.000000');
    expect(add(DateTime.date(2023, 1, 31), 1n, 'MONTH')).toBe('2023-02-28 00:00:00.000000');
    expect(add(DateTime.date(2024, 2, 29), 1n, 'YEAR')).toBe('2025-02-28 00:00:00.000000');
  });
  it('reads compound units right-aligned', () => {
    expect(add(DateTime.of(2024, 1, 1), '1:30', 'DAY_SECOND')).toBe('2024-01-01 00:01:30.000000');
    expect(add(DateTime.of(2024, 1, 1), '1 2:3:4', 'DAY_SECOND')).toBe('2024-01-02 02:03:04.000000');
    expect(add(DateTime.of(2024, 1, 1), '-1 1', 'DAY_HOUR')).toBe('2023-12-30 23:00:00.000000');
    expect(add(DateTime.of(2024, 1, 1), '1.5', 'SECOND_MICROSECOND')).toBe('2024-01-01 00:00:01.500000');
    expect(add(DateTime.of(2024, 1, 1), '2-3', 'YEAR_MONTH')).toBe('2026-04-01 00:00:00.000000');
  });
  it('returns null past year 9999', () => {
    expect(add(DateTime.date(9999, 12, 31), 1n, 'DAY')).toBeUndefined();
  });
});
