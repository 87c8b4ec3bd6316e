// DateTime: the runtime value of DATE, DATETIME and TIMESTAMP, plus the calendar they need.
//
// A DateTime is an immutable record of calendar fields (year … microsecond), the SQL type it
// belongs to ('date' | 'datetime' | 'timestamp') and its fractional-seconds precision (0..6), so
// it prints itself as MySQL would: '2024-01-02', '2024-01-02 03:04:05', '… 03:04:05.120' (fsp 3).
// Fields are not validated by construction: MySQL lets '0000-00-00' and, with
// ALLOW_INVALID_DATES, '2024-02-30' exist; `isValidDate`, `isZero` and `hasZeroInDate` let
// the conversion code apply sql_mode.
//
// Literal parsing follows MySQL's str_to_datetime / number_to_datetime:
//   '2024-01-02'  '2024-01-02 03:04:05.123'  '2024-01-02T03:04:05'  '2024/1/2 3:4:5'
//   '20240102'  '240102'  '20240102030405'  '240102030405'     (digits only: YYYYMMDD…)
//   20240102  240102  20240102030405  20240102030405.5        (numbers)
// Two-digit years map 70..99 → 1970..1999 and 00..69 → 2000..2069. Fractions longer than the
// target precision round half up (with carry into seconds, days …).
//
// Day numbers are MySQL's (TO_DAYS): '0000-01-01' is day 1, '0001-01-01' day 366, '1970-01-01'
// day 719528; MySQL treats year 0 as a common year and later years as proleptic Gregorian.
//
// Time zones: TIMESTAMP values are stored in UTC and shown in the session zone. A zone is
// '+hh:mm', 'UTC', 'SYSTEM' (the process's zone) or an IANA name (via Intl).

export type DateKind = 'date' | 'datetime' | 'timestamp';

export interface DateFields {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly microsecond: number;
}

export class DateTime implements DateFields {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly microsecond: number;
  readonly type: DateKind;
  readonly fsp: number;

  constructor(f: DateFields, type: DateKind = 'datetime', fsp = 0) {
    this.year = f.year;
    this.month = f.month;
    this.day = f.day;
    if (type === 'date') {
      this.hour = 0;
      this.minute = 0;
      this.second = 0;
      this.microsecond = 0;
    } else {
      this.hour = f.hour;
      this.minute = f.minute;
      this.second = f.second;
      this.microsecond = f.microsecond;
    }
    this.type = type;
    this.fsp = type === 'date' ? 0 : fsp;
  }

  static of(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, microsecond = 0, type: DateKind = 'datetime', fsp = 0): DateTime {
    return new DateTime({ year, month, day, hour, minute, second, microsecond }, type, fsp);
  }

  static date(year: number, month: number, day: number): DateTime {
    return DateTime.of(year, month, day, 0, 0, 0, 0, 'date', 0);
  }

  static zero(type: DateKind = 'datetime', fsp = 0): DateTime {
    return DateTime.of(0, 0, 0, 0, 0, 0, 0, type, fsp);
  }

  /** '0000-00-00 00:00:00'. */
  isZero(): boolean {
    return this.year === 0 && this.month === 0 && this.day === 0 && this.hour === 0 && this.minute === 0 && this.second === 0 && this.microsecond === 0;
  }

  /** Month or day is 0 (but not the whole date). NO_ZERO_IN_DATE rejects these. */
  hasZeroInDate(): boolean {
    return !this.isZeroDate() && (this.month === 0 || this.day === 0);
  }

  /** The date part is '0000-00-00'. */
  isZeroDate(): boolean {
    return this.year === 0 && this.month === 0 && this.day === 0;
  }

  /** A real calendar date (month 1..12, day within the month). */
  isValidDate(): boolean {
    return this.month >= 1 && this.month <= 12 && this.day >= 1 && this.day <= daysInMonth(this.year, this.month);
  }

  /** Same instant, another type / precision; the fraction is rounded half up to `fsp`
   *  (truncated with `truncate`), carrying into the seconds and beyond. */
  withType(type: DateKind, fsp = this.fsp, truncate = false): DateTime {
    if (type === 'date') return new DateTime(this.fields(), 'date', 0);
    const f = Math.min(Math.max(fsp, 0), 6);
    const unit = 10 ** (6 - f);
    const rem = this.microsecond % unit;
    if (rem === 0) return new DateTime(this.fields(), type, f);
    const down = new DateTime({ ...this.fields(), microsecond: this.microsecond - rem }, 'datetime', 6);
    if (truncate || rem * 2 < unit) return new DateTime(down.fields(), type, f);
    const up = down.isValidDate() ? down.addMicroseconds(unit) : null;
    return new DateTime((up ?? down).fields(), type, f);
  }

  fields(): DateFields {
    return { year: this.year, month: this.month, day: this.day, hour: this.hour, minute: this.minute, second: this.second, microsecond: this.microsecond };
  }

  /** The date part only, as a DATE. */
  toDate(): DateTime {
    return new DateTime(this.fields(), 'date', 0);
  }

  /** Comparison on the calendar fields (type and precision do not matter). */
  compare(o: DateFields): number {
    return (
      this.year - o.year ||
      this.month - o.month ||
      this.day - o.day ||
      this.hour - o.hour ||
      this.minute - o.minute ||
      this.second - o.second ||
      this.microsecond - o.microsecond
    );
  }

  equals(o: DateFields): boolean {
    return this.compare(o) === 0;
  }

  /** An integer that orders like `compare` (for hashing and sort keys). */
  packed(): bigint {
    const ymd = (this.year * 13 + this.month) * 32 + this.day;
    const hms = (this.hour * 64 + this.minute) * 64 + this.second;
    return (BigInt(ymd) << 41n) | (BigInt(hms) << 24n) | BigInt(this.microsecond);
  }

  /** MySQL's text form: fsp fraction digits for DATETIME/TIMESTAMP, none for DATE. */
  toString(): string {
    const date = `${pad(this.year, 4)}-${pad(this.month, 2)}-${pad(this.day, 2)}`;
    if (this.type === 'date') return date;
    return `${date} ${pad(this.hour, 2)}:${pad(this.minute, 2)}:${pad(this.second, 2)}${fraction(this.microsecond, this.fsp)}`;
  }

  /** The number form of a temporal in numeric context: 20240102 or 20240102030405[.ffffff]. */
  toNumberString(): string {
    const date = `${this.year}${pad(this.month, 2)}${pad(this.day, 2)}`;
    if (this.type === 'date') return String(Number(date));
    const s = String(BigInt(`${date}${pad(this.hour, 2)}${pad(this.minute, 2)}${pad(this.second, 2)}`));
    return this.fsp > 0 ? `${s}${fraction(this.microsecond, this.fsp)}` : s;
  }

  /** TO_DAYS. */
  dayNumber(): number {
    return dayNumber(this.year, this.month, this.day);
  }

  /** 0 = Monday … 6 = Sunday (WEEKDAY). */
  weekday(): number {
    return weekdayOf(this.dayNumber());
  }

  /** 1..366 (DAYOFYEAR). */
  dayOfYear(): number {
    return this.dayNumber() - dayNumber(this.year, 1, 1) + 1;
  }

  /** Microseconds since 0000-01-01 00:00:00 in MySQL's calendar: for interval arithmetic. */
  totalMicroseconds(): bigint {
    const days = BigInt(this.dayNumber());
    const secs = BigInt(this.hour * 3600 + this.minute * 60 + this.second);
    return (days * 86400n + secs) * 1_000_000n + BigInt(this.microsecond);
  }

  /** Adds microseconds; null when the result leaves years 0..9999. A DATE stays a DATE when
   *  whole days are added, and becomes a DATETIME otherwise. */
  addMicroseconds(delta: number | bigint): DateTime | null {
    const d = BigInt(delta);
    let type = this.type;
    if (type === 'date' && d % 86_400_000_000n !== 0n) type = 'datetime';
    return fromTotalMicroseconds(this.totalMicroseconds() + d, type, this.fsp);
  }
}

export function pad(n: number, width: number): string {
  const s = String(Math.abs(n));
  return (n < 0 ? '-' : '') + (s.length >= width ? s : '0'.repeat(width - s.length) + s);
}

/** '.123' for 123000 µs at fsp 3; '' at fsp 0. */
export function fraction(micro: number, fsp: number): string {
  if (fsp <= 0) return '';
  return '.' + pad(micro, 6).slice(0, fsp);
}

// ---- calendar ------------------------------------------------------------------------------------

export function isLeapYear(y: number): boolean {
  return (y & 3) === 0 && (y % 100 !== 0 || (y % 400 === 0 && y !== 0));
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(y: number, m: number): number {
  if (m === 2 && isLeapYear(y)) return 29;
  return MONTH_DAYS[m - 1] ?? 0;
}

export function daysInYear(y: number): number {
  return isLeapYear(y) ? 366 : 365;
}

/** MySQL's day number (TO_DAYS); 0 for '0000-00-00'. */
export function dayNumber(year: number, month: number, day: number): number {
  if (year === 0 && month === 0) return 0;
  let days = 365 * year + 31 * (month - 1) + day;
  let y = year;
  if (month <= 2) y--;
  else days -= Math.trunc((month * 4 + 23) / 10);
  const centuries = Math.trunc(((Math.trunc(y / 100) + 1) * 3) / 4);
  return days + Math.trunc(y / 4) - centuries;
}

/** Inverse of dayNumber (FROM_DAYS); day numbers below 366 fall in MySQL's year 0 (a common
 *  year), and ≤ 0 or past 9999-12-31 give the zero date. */
export function fromDayNumber(daynr: number): { year: number; month: number; day: number } {
  if (daynr <= 0 || daynr > 3652424) return { year: 0, month: 0, day: 0 };
  if (daynr < 366) {
    let rest = daynr;
    let month = 1;
    while (rest > daysInMonth(0, month)) {
      rest -= daysInMonth(0, month);
      month++;
    }
    return { year: 0, month, day: rest };
  }
  // Civil date from days since 1970-01-01 (proleptic Gregorian, eras of 400 years).
  const z = daynr - 719528 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** 0 = Monday … 6 = Sunday; with sundayFirst, 0 = Sunday … 6 = Saturday. */
export function weekdayOf(daynr: number, sundayFirst = false): number {
  return (daynr + 5 + (sundayFirst ? 1 : 0)) % 7;
}

const MONDAY_FIRST = 1;
const WEEK_YEAR = 2;
const FIRST_WEEKDAY = 4;

/** WEEK(date, mode) and YEARWEEK: the week number and the year it belongs to (modes 0..7). */
export function weekOfYear(year: number, month: number, day: number, mode: number): { week: number; year: number } {
  let behaviour = mode & 7;
  if (!(behaviour & MONDAY_FIRST)) behaviour ^= FIRST_WEEKDAY;
  return calcWeek(year, month, day, behaviour);
}

/** Week computation with MySQL's behaviour bits (what DATE_FORMAT's %U %u %V %v %X %x use). */
export function calcWeek(y: number, month: number, day: number, behaviour: number): { week: number; year: number } {
  const daynr = dayNumber(y, month, day);
  let firstDaynr = dayNumber(y, 1, 1);
  const mondayFirst = (behaviour & MONDAY_FIRST) !== 0;
  let weekYear = (behaviour & WEEK_YEAR) !== 0;
  const firstWeekday = (behaviour & FIRST_WEEKDAY) !== 0;
  let weekday = weekdayOf(firstDaynr, !mondayFirst);
  let year = y;
  if (month === 1 && day <= 7 - weekday) {
    if (!weekYear && ((firstWeekday && weekday !== 0) || (!firstWeekday && weekday >= 4))) return { week: 0, year };
    weekYear = true;
    year--;
    const d = daysInYear(year);
    firstDaynr -= d;
    weekday = (weekday + 53 * 7 - d) % 7;
  }
  let days: number;
  if ((firstWeekday && weekday !== 0) || (!firstWeekday && weekday >= 4)) days = daynr - (firstDaynr + (7 - weekday));
  else days = daynr - (firstDaynr - weekday);
  if (weekYear && days >= 52 * 7) {
    weekday = (weekday + daysInYear(year)) % 7;
    if ((!firstWeekday && weekday < 4) || (firstWeekday && weekday === 0)) return { week: 1, year: year + 1 };
  }
  return { week: Math.floor(days / 7) + 1, year };
}

/** Builds a DateTime from microseconds since day 0 (see totalMicroseconds); null outside 0..9999. */
export function fromTotalMicroseconds(total: bigint, type: DateKind = 'datetime', fsp = 0): DateTime | null {
  if (total < 0n) return null;
  const micro = Number(total % 1_000_000n);
  const secs = total / 1_000_000n;
  const daynr = Number(secs / 86400n);
  let rem = Number(secs % 86400n);
  if (daynr > 3652424) return null; // 9999-12-31
  const d = fromDayNumber(daynr);
  if (d.year === 0 && d.month === 0) return null;
  const hour = Math.floor(rem / 3600);
  rem -= hour * 3600;
  const minute = Math.floor(rem / 60);
  const second = rem - minute * 60;
  return DateTime.of(d.year, d.month, d.day, hour, minute, second, micro, type, fsp);
}

// ---- parsing -------------------------------------------------------------------------------------

export interface ParsedDateTime {
  /** The value; null when the text is not a date at all. */
  readonly value: DateTime | null;
  /** Some input was ignored or out of range: MySQL warns ("Truncated incorrect …"/"Incorrect …"). */
  readonly warning: boolean;
  /** The text had a time part (so a DATE target drops something). */
  readonly hasTime: boolean;
}

const INVALID: ParsedDateTime = { value: null, warning: true, hasTime: false };

function twoDigitYear(y: number): number {
  return y < 70 ? 2000 + y : 1900 + y;
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Rounds a fraction given as digit text to microseconds at `fsp`: returns [micros, carrySecond]. */
function roundFraction(digits: string, fsp: number, truncate: boolean): [number, boolean] {
  const keep = Math.min(fsp, 6);
  const head = (digits + '000000').slice(0, keep);
  let v = keep > 0 ? Number(head) : 0;
  const next = digits.charCodeAt(keep);
  if (!truncate && digits.length > keep && next >= 53 /* '5' */) v++;
  const limit = 10 ** keep;
  if (v >= limit) return [0, true];
  return [v * 10 ** (6 - keep), false];
}

/** Parses a MySQL date/datetime literal. `fsp` is the target precision used for rounding;
 *  the result has type 'date' when the text has no time part, else 'datetime'. */
export function parseDateTime(text: string, fsp = 6, truncateFraction = false): ParsedDateTime {
  const s = text.trim();
  if (s === '') return INVALID;
  // Digits only, possibly with a fraction: positional YYYYMMDD[hhmmss] forms.
  const m = /^(\d+)(?:\.(\d*))?$/.exec(s);
  if (m) {
    const digits = m[1] as string;
    return parseDigitRun(digits, m[2] ?? '', fsp, truncateFraction);
  }
  // Delimited form: groups of digits separated by punctuation; date/time separated by space or T.
  const groups: string[] = [];
  let frac = '';
  let i = 0;
  let warning = false;
  while (i < s.length) {
    const start = i;
    while (i < s.length && isDigitCode(s.charCodeAt(i))) i++;
    if (i === start) {
      warning = true;
      break;
    }
    groups.push(s.slice(start, i));
    if (i >= s.length) break;
    const c = s[i] as string;
    if (groups.length === 6) {
      if (c === '.') {
        const fs = i + 1;
        i = fs;
        while (i < s.length && isDigitCode(s.charCodeAt(i))) i++;
        frac = s.slice(fs, i);
      }
      if (i < s.length && s.slice(i).trim() !== '') warning = true;
      break;
    }
    if (groups.length === 3 && (c === ' ' || c === 'T' || c === 't')) {
      i++;
      while (i < s.length && s[i] === ' ') i++;
      continue;
    }
    if (c === ' ' || /[\p{P}\p{S}]/u.test(c)) {
      i++;
      continue;
    }
    warning = true;
    break;
  }
  if (groups.length < 3) return INVALID;
  const hasTime = groups.length > 3;
  const [ys, ms, ds, hs = '0', mis = '0', ss = '0'] = groups as [string, string, string, ...string[]];
  let year = Number(ys);
  if (ys.length <= 2) year = twoDigitYear(year);
  const month = Number(ms);
  const day = Number(ds);
  const hour = Number(hs);
  const minute = Number(mis);
  const second = Number(ss);
  if (ys.length > 4 || ms.length > 2 || ds.length > 2 || hs.length > 2 || mis.length > 2 || ss.length > 2) return INVALID;
  return build(year, month, day, hour, minute, second, frac, fsp, truncateFraction, warning, hasTime);
}

function parseDigitRun(digits: string, frac: string, fsp: number, truncate: boolean): ParsedDateTime {
  const n = digits.length;
  // Year width: 4 digits for YYYYMMDD and YYYYMMDDhhmmss (and longer), else 2.
  let yearLen: number;
  if (n === 8 || n >= 14) yearLen = 4;
  else if (n === 6 || n === 12 || n === 10) yearLen = 2;
  else if (n > 8) yearLen = 4;
  else if (n >= 5) yearLen = 2;
  else return INVALID;
  const parts: number[] = [];
  const yearText = digits.slice(0, yearLen);
  let pos = yearLen;
  while (pos < n && parts.length < 5) {
    parts.push(Number(digits.slice(pos, pos + 2)));
    pos += 2;
  }
  const warning = pos < n;
  let year = Number(yearText);
  if (yearLen === 2) year = twoDigitYear(year);
  const [month = 0, day = 0, hour = 0, minute = 0, second = 0] = parts;
  const hasTime = parts.length > 2;
  return build(year, month, day, hour, minute, second, hasTime ? frac : '', fsp, truncate, warning, hasTime);
}

function build(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  frac: string,
  fsp: number,
  truncate: boolean,
  warning: boolean,
  hasTime: boolean,
): ParsedDateTime {
  if (month > 12 || day > 31 || hour > 23 || minute > 59 || second > 59 || year > 9999) return INVALID;
  const [micro, carry] = roundFraction(frac, fsp, truncate);
  let v = DateTime.of(year, month, day, hour, minute, second, micro, hasTime ? 'datetime' : 'date', hasTime ? Math.min(fsp, 6) : 0);
  if (carry) {
    const next = v.isValidDate() ? v.addMicroseconds(1_000_000) : null;
    if (next) v = new DateTime(next.fields(), v.type, v.fsp);
  }
  return { value: v, warning, hasTime };
}

/** MySQL number_to_datetime: 20240102, 240102, 20240102030405 …; fraction → microseconds. */
export function dateTimeFromNumber(intPart: bigint, fracDigits = '', fsp = 6): ParsedDateTime {
  let nr = intPart;
  if (nr === 0n) return { value: DateTime.zero('datetime', 0), warning: false, hasTime: false };
  if (nr < 0n) return INVALID;
  let hasTime = true;
  if (nr < 10000101000000n) {
    if (nr < 101n) return INVALID;
    if (nr <= 691231n) {
      nr = (nr + 20000000n) * 1000000n;
      hasTime = false;
    } else if (nr < 700101n) {
      return INVALID;
    } else if (nr <= 991231n) {
      nr = (nr + 19000000n) * 1000000n;
      hasTime = false;
    } else if (nr < 10000101n) {
      return INVALID;
    } else if (nr <= 99991231n) {
      nr *= 1000000n;
      hasTime = false;
    } else if (nr < 101000000n) {
      return INVALID;
    } else if (nr <= 691231235959n) {
      nr += 20000000000000n;
    } else if (nr < 700101000000n) {
      return INVALID;
    } else if (nr <= 991231235959n) {
      nr += 19000000000000n;
    }
  }
  if (nr > 99991231235959n) return INVALID;
  const date = nr / 1000000n;
  const time = nr % 1000000n;
  const year = Number(date / 10000n);
  const month = Number((date / 100n) % 100n);
  const day = Number(date % 100n);
  const hour = Number(time / 10000n);
  const minute = Number((time / 100n) % 100n);
  const second = Number(time % 100n);
  return build(year, month, day, hour, minute, second, hasTime ? fracDigits : '', fsp, false, false, hasTime);
}

// ---- time zones ----------------------------------------------------------------------------------

const formatters = new Map<string, Intl.DateTimeFormat>();

function zoneFormatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Whether a time_zone value is understood. */
export function isValidTimeZone(zone: string): boolean {
  if (/^[+-]\d{1,2}:\d{2}$/.test(zone) || /^(utc|system)$/i.test(zone)) return true;
  try {
    zoneFormatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** Offset of `zone` from UTC in minutes at the instant `epochMs`. */
export function zoneOffsetMinutes(zone: string, epochMs: number): number {
  const fixed = /^([+-])(\d{1,2}):(\d{2})$/.exec(zone);
  if (fixed) {
    const mins = Number(fixed[2]) * 60 + Number(fixed[3]);
    return fixed[1] === '-' ? -mins : mins;
  }
  if (/^utc$/i.test(zone)) return 0;
  if (/^system$/i.test(zone)) return -new Date(epochMs).getTimezoneOffset();
  const parts = zoneFormatter(zone).formatToParts(new Date(epochMs));
  const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / 60000);
}

const EPOCH_DAYNR = 719528; // TO_DAYS('1970-01-01')

/** The local wall-clock DateTime of an instant (microseconds since the Unix epoch) in `zone`. */
export function fromEpochMicros(epochMicros: bigint, zone: string, type: DateKind = 'datetime', fsp = 6): DateTime | null {
  const ms = Number(epochMicros / 1000n);
  const offset = zoneOffsetMinutes(zone, ms);
  const local = epochMicros + BigInt(offset) * 60_000_000n + BigInt(EPOCH_DAYNR) * 86_400_000_000n;
  return fromTotalMicroseconds(local, type, fsp);
}

/** The instant (µs since the Unix epoch) of a wall-clock DateTime in `zone`. */
export function toEpochMicros(dt: DateTime, zone: string): bigint {
  const local = dt.totalMicroseconds() - BigInt(EPOCH_DAYNR) * 86_400_000_000n;
  // Two rounds find the offset in force at that local time (DST transitions aside).
  let guess = local;
  for (let i = 0; i < 2; i++) {
    const off = zoneOffsetMinutes(zone, Number(guess / 1000n));
    guess = local - BigInt(off) * 60_000_000n;
  }
  return guess;
}

// ---- names ---------------------------------------------------------------------------------------

export const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
