// INTERVAL values: `INTERVAL expr unit` of DATE_ADD/DATE_SUB/ADDDATE/SUBDATE, `date + INTERVAL …`,
// EXTRACT and TIMESTAMPDIFF units.
//
// Simple units take a number (rounded to an integer, except SECOND, which keeps a fraction as
// microseconds). Compound units take a string of integer fields separated by any non-digit,
// right-aligned when fields are missing ('1:30' DAY_SECOND is 1 minute 30 seconds), with a
// leading '-' for a negative interval; a *_MICROSECOND field's digits are a fraction of a second
// ('1.5' SECOND_MICROSECOND is 1.5 s).
//
// Adding months clips the day to the end of the month (2024-01-31 + 1 MONTH = 2024-02-29).
// A result outside 0001-01-01 … 9999-12-31 is NULL (the caller warns 1441, datetime field
// overflow).

import { Decimal } from './decimal.js';
import { DateTime, daysInMonth } from './datetime.js';
import { Duration } from './duration.js';
import { valueToString, type Value } from './value.js';
import { toDecimal, toInteger, type ConvertContext } from './convert.js';

export type IntervalUnit =
  | 'MICROSECOND'
  | 'SECOND'
  | 'MINUTE'
  | 'HOUR'
  | 'DAY'
  | 'WEEK'
  | 'MONTH'
  | 'QUARTER'
  | 'YEAR'
  | 'SECOND_MICROSECOND'
  | 'MINUTE_MICROSECOND'
  | 'MINUTE_SECOND'
  | 'HOUR_MICROSECOND'
  | 'HOUR_SECOND'
  | 'HOUR_MINUTE'
  | 'DAY_MICROSECOND'
  | 'DAY_SECOND'
  | 'DAY_MINUTE'
  | 'DAY_HOUR'
  | 'YEAR_MONTH';

export const INTERVAL_UNITS: readonly IntervalUnit[] = [
  'MICROSECOND',
  'SECOND',
  'MINUTE',
  'HOUR',
  'DAY',
  'WEEK',
  'MONTH',
  'QUARTER',
  'YEAR',
  'SECOND_MICROSECOND',
  'MINUTE_MICROSECOND',
  'MINUTE_SECOND',
  'HOUR_MICROSECOND',
  'HOUR_SECOND',
  'HOUR_MINUTE',
  'DAY_MICROSECOND',
  'DAY_SECOND',
  'DAY_MINUTE',
  'DAY_HOUR',
  'YEAR_MONTH',
];

export function parseIntervalUnit(text: string): IntervalUnit | null {
  const u = text.trim().toUpperCase() as IntervalUnit;
  return INTERVAL_UNITS.includes(u) ? u : null;
}

export interface Interval {
  readonly negative: boolean;
  readonly years: number;
  readonly months: number;
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
  readonly micros: number;
}

/** Fields of a compound unit, most significant first. */
const FIELDS: Readonly<Record<IntervalUnit, readonly (keyof Omit<Interval, 'negative'>)[]>> = {
  MICROSECOND: ['micros'],
  SECOND: ['seconds'],
  MINUTE: ['minutes'],
  HOUR: ['hours'],
  DAY: ['days'],
  WEEK: ['days'],
  MONTH: ['months'],
  QUARTER: ['months'],
  YEAR: ['years'],
  SECOND_MICROSECOND: ['seconds', 'micros'],
  MINUTE_MICROSECOND: ['minutes', 'seconds', 'micros'],
  MINUTE_SECOND: ['minutes', 'seconds'],
  HOUR_MICROSECOND: ['hours', 'minutes', 'seconds', 'micros'],
  HOUR_SECOND: ['hours', 'minutes', 'seconds'],
  HOUR_MINUTE: ['hours', 'minutes'],
  DAY_MICROSECOND: ['days', 'hours', 'minutes', 'seconds', 'micros'],
  DAY_SECOND: ['days', 'hours', 'minutes', 'seconds'],
  DAY_MINUTE: ['days', 'hours', 'minutes'],
  DAY_HOUR: ['days', 'hours'],
  YEAR_MONTH: ['years', 'months'],
};

/** Units whose intervals move only the date (a DATE plus one stays a DATE). */
export function isDateOnlyUnit(u: IntervalUnit): boolean {
  return u === 'DAY' || u === 'WEEK' || u === 'MONTH' || u === 'QUARTER' || u === 'YEAR' || u === 'YEAR_MONTH';
}

/** Units with a microsecond part (the result gets fsp 6). */
export function hasMicroseconds(u: IntervalUnit): boolean {
  return u.endsWith('MICROSECOND');
}

const ZERO: Omit<Interval, 'negative'> = { years: 0, months: 0, days: 0, hours: 0, minutes: 0, seconds: 0, micros: 0 };

/** The interval `INTERVAL v unit`; null when v is NULL or not parseable. */
export function parseInterval(v: Value, unit: IntervalUnit, cx: ConvertContext): Interval | null {
  if (v === null) return null;
  const fields = FIELDS[unit];
  if (fields.length === 1) {
    const field = fields[0] as keyof Omit<Interval, 'negative'>;
    if (unit === 'SECOND') {
      const d = toDecimal(v, cx);
      if (d === null) return null;
      const a = d.abs();
      const whole = a.truncate(0);
      const micros = a.sub(whole).rescale(6).coef;
      return { ...ZERO, negative: d.isNegative(), seconds: Number(whole.toBigInt()), micros: Number(micros) };
    }
    let n: bigint | null;
    if (typeof v === 'string' || v instanceof Uint8Array) {
      // Strings are read as integers (rounded), as MySQL's val_int of a string does.
      const d = toDecimal(v, cx);
      n = d === null ? null : d.toBigInt();
    } else if (v instanceof Decimal || typeof v === 'number') {
      n = toInteger(v, cx);
    } else {
      n = toInteger(v, cx);
    }
    if (n === null) return null;
    const negative = n < 0n;
    let amount = Number(negative ? -n : n);
    if (unit === 'WEEK') amount *= 7;
    if (unit === 'QUARTER') amount *= 3;
    return { ...ZERO, negative, [field]: amount };
  }
  const text = (valueToString(v) ?? '').trim();
  let negative = false;
  let body = text;
  if (body.startsWith('-')) {
    negative = true;
    body = body.slice(1);
  }
  const parts = body.split(/[^0-9]+/).filter((p) => p !== '');
  if (parts.length === 0) return { ...ZERO, negative };
  if (parts.length > fields.length) return null;
  const out: Record<string, number> = { ...ZERO };
  const offset = fields.length - parts.length;
  parts.forEach((p, i) => {
    const f = fields[offset + i] as string;
    if (f === 'micros') out[f] = Number((p + '000000').slice(0, 6));
    else out[f] = Number(p);
  });
  return { ...(out as unknown as Omit<Interval, 'negative'>), negative };
}

function intervalMicros(iv: Interval): bigint {
  const secs = ((BigInt(iv.days) * 24n + BigInt(iv.hours)) * 60n + BigInt(iv.minutes)) * 60n + BigInt(iv.seconds);
  return secs * 1_000_000n + BigInt(iv.micros);
}

/** dt + sign × interval; null when the result leaves the supported range. */
export function addInterval(dt: DateTime, iv: Interval, sign: 1 | -1, resultType: 'date' | 'datetime' | 'timestamp', fsp: number): DateTime | null {
  const neg = (iv.negative ? -1 : 1) * sign < 0;
  let base = dt;
  if (iv.years !== 0 || iv.months !== 0) {
    const delta = (iv.years * 12 + iv.months) * (neg ? -1 : 1);
    const total = dt.year * 12 + (dt.month - 1) + delta;
    if (total < 0 || total >= 10000 * 12) return null;
    const year = Math.floor(total / 12);
    const month = (total % 12) + 1;
    const day = Math.min(dt.day, daysInMonth(year, month));
    base = new DateTime({ ...dt.fields(), year, month, day }, dt.type, dt.fsp);
  }
  const micros = intervalMicros(iv);
  let r: DateTime | null = base;
  if (micros !== 0n) {
    r = base.withType('datetime', 6).addMicroseconds(neg ? -micros : micros);
  }
  if (r === null || r.year < 1 || r.year > 9999) return null;
  return new DateTime(r.fields(), resultType, resultType === 'date' ? 0 : fsp);
}

/** TIME ± interval (DATE_ADD on a TIME, 8.0.28+); null on overflow of the TIME range. */
export function addIntervalToDuration(d: Duration, iv: Interval, sign: 1 | -1, fsp: number): Duration | null {
  if (iv.years !== 0 || iv.months !== 0) return null;
  const neg = (iv.negative ? -1 : 1) * sign < 0;
  const micros = Number(intervalMicros(iv));
  const r = new Duration(d.micros + (neg ? -micros : micros), fsp);
  return r.clip().clipped ? null : r;
}

/** The value of one unit of an interval for TIMESTAMPDIFF / EXTRACT purposes, in microseconds
 *  (only fixed-length units; MONTH/QUARTER/YEAR are calendar-based). */
export function unitMicros(u: IntervalUnit): bigint | null {
  switch (u) {
    case 'MICROSECOND':
      return 1n;
    case 'SECOND':
      return 1_000_000n;
    case 'MINUTE':
      return 60_000_000n;
    case 'HOUR':
      return 3_600_000_000n;
    case 'DAY':
      return 86_400_000_000n;
    case 'WEEK':
      return 604_800_000_000n;
    default:
      return null;
  }
}
