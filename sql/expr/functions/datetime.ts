// Date and time functions.
//
//   clock      NOW/CURRENT_TIMESTAMP/LOCALTIME[STAMP]([fsp]), SYSDATE, CURDATE/CURRENT_DATE,
//              CURTIME/CURRENT_TIME, UTC_TIMESTAMP/UTC_DATE/UTC_TIME, UNIX_TIMESTAMP([d])
//   arithmetic DATE_ADD/DATE_SUB/ADDDATE/SUBDATE (INTERVAL units in options.unit), DATEDIFF,
//              TIMESTAMPDIFF, TIMEDIFF, ADDTIME, SUBTIME
//   parts      EXTRACT(unit FROM d), YEAR, MONTH, DAY/DAYOFMONTH, HOUR, MINUTE, SECOND,
//              MICROSECOND, DAYOFWEEK, DAYOFYEAR, WEEKDAY, QUARTER, WEEK, WEEKOFYEAR, YEARWEEK,
//              MONTHNAME, DAYNAME, LAST_DAY, TO_DAYS, FROM_DAYS, TO_SECONDS, TIME_TO_SEC
//   building   DATE(), TIME(), TIMESTAMP(), MAKEDATE, MAKETIME, SEC_TO_TIME, FROM_UNIXTIME,
//              CONVERT_TZ
//   text       DATE_FORMAT (every MySQL specifier), TIME_FORMAT, STR_TO_DATE
//
// The clock is the statement's (EvalContext.nowMicros) in the session time zone, so NOW() is
// the same in every row. Invalid date arguments give NULL with warning 1292 ("Incorrect
// datetime value: '…'"); results past 9999-12-31 give NULL with warning 1441. DATE_ADD returns
// a DATE for a DATE argument and a date-only unit, a DATETIME for temporal arguments, and a
// string for string arguments — the same rules MySQL documents.

import { datetimeFunctionOverflow, incorrectTemporalValue, wrongValueForFunction } from '../../errors.js';
import { T, fspOf, isDateType, isTextType, type SqlType } from '../../types/column-type.js';
import { Decimal } from '../../types/decimal.js';
import {
  DAY_NAMES,
  MONTH_NAMES,
  DateTime,
  calcWeek,
  dayNumber,
  daysInMonth,
  fromDayNumber,
  fromEpochMicros,
  isValidTimeZone,
  pad,
  toEpochMicros,
  weekOfYear,
} from '../../types/datetime.js';
import { Duration, MAX_TIME_MICROS } from '../../types/duration.js';
import { addInterval, addIntervalToDuration, hasMicroseconds, isDateOnlyUnit, parseInterval, type IntervalUnit } from '../../types/interval.js';
import { toDateTime, toDateTimeKeepKind, toDecimal, toDuration, toInteger } from '../../types/convert.js';
import { bytesToString, valueToString, type Value } from '../../types/value.js';
import type { EvalContext } from '../context.js';
import { statementNow } from '../context.js';
import { defineFunction, type CallInfo } from '../registry.js';
import { anyNullable, warn } from './common.js';

// ---- helpers ---------------------------------------------------------------------------------------

function fspArg(v: Value | undefined, ctx: EvalContext): number {
  if (v === undefined || v === null) return 0;
  const n = toInteger(v, ctx);
  return n === null ? 0 : Math.max(0, Math.min(6, Number(n)));
}

function constFsp(call: { options: CallInfo['options'] }, i = 0): number {
  const v = call.options.constArgs?.[i];
  if (typeof v === 'bigint') return Math.max(0, Math.min(6, Number(v)));
  return 0;
}

/** A date argument, keeping whether a string held a date only. */
function dateArg(v: Value, ctx: EvalContext): DateTime | null {
  if (v === null) return null;
  if (v instanceof Duration) return toDateTime(v, ctx, 'datetime', 6);
  return toDateTimeKeepKind(v, ctx, 6);
}

/** A date argument that must be a real calendar date (weekday, week, …): zero parts → NULL. */
function realDateArg(v: Value, ctx: EvalContext): DateTime | null {
  const d = dateArg(v, ctx);
  if (d === null) return null;
  if (d.month === 0 || d.day === 0) {
    warn(ctx, incorrectTemporalValue('datetime', valueToString(v) ?? ''));
    return null;
  }
  return d;
}

function timeArg(v: Value, ctx: EvalContext): Duration | null {
  if (v === null) return null;
  return toDuration(v, ctx, 6);
}

/** Fractional digits an argument contributes: its type's fsp; for strings, the digits of a
 *  constant literal (MySQL inspects literals) or 6 when unknown. */
function argFsp(types: readonly SqlType[], o: CallInfo['options'], i: number): number {
  const t = types[i];
  if (!t) return 0;
  if (isTextType(t)) {
    const c = o.constArgs?.[i];
    if (typeof c === 'string') {
      const m = /\.(\d+)\s*$/.exec(c);
      return m ? Math.min((m[1] as string).length, 6) : 0;
    }
    return 6;
  }
  if (t.kind === 'decimal') return Math.min(t.scale, 6);
  return fspOf(t);
}

function nowIn(ctx: EvalContext, micros: bigint, zone: string, fsp: number): DateTime {
  return (fromEpochMicros(micros, zone, 'datetime', 6) ?? DateTime.zero()).withType('datetime', fsp, true);
}

const nonNull = { nullable: false };

// ---- clock -----------------------------------------------------------------------------------------

defineFunction({
  name: 'now',
  aliases: ['current_timestamp', 'localtime', 'localtimestamp'],
  minArgs: 0,
  maxArgs: 1,
  returnType: (_t, o) => T.datetime(constFsp({ options: o }), nonNull),
  eval: (args, ctx) => statementNow(ctx, fspArg(args[0], ctx)),
});

defineFunction({
  name: 'sysdate',
  minArgs: 0,
  maxArgs: 1,
  deterministic: false,
  returnType: (_t, o) => T.datetime(constFsp({ options: o }), nonNull),
  eval: (args, ctx) => nowIn(ctx, ctx.clock ? ctx.clock() : ctx.nowMicros, ctx.timeZone, fspArg(args[0], ctx)),
});

defineFunction({
  name: 'utc_timestamp',
  minArgs: 0,
  maxArgs: 1,
  returnType: (_t, o) => T.datetime(constFsp({ options: o }), nonNull),
  eval: (args, ctx) => nowIn(ctx, ctx.nowMicros, '+00:00', fspArg(args[0], ctx)),
});

defineFunction({
  name: 'curdate',
  aliases: ['current_date'],
  minArgs: 0,
  returnType: () => T.date(nonNull),
  eval: (_a, ctx) => statementNow(ctx).toDate(),
});

defineFunction({
  name: 'utc_date',
  minArgs: 0,
  returnType: () => T.date(nonNull),
  eval: (_a, ctx) => nowIn(ctx, ctx.nowMicros, '+00:00', 0).toDate(),
});

function timeOfDay(dt: DateTime, fsp: number): Duration {
  return Duration.of(dt.hour, dt.minute, dt.second, dt.microsecond, false, fsp);
}

defineFunction({
  name: 'curtime',
  aliases: ['current_time'],
  minArgs: 0,
  maxArgs: 1,
  returnType: (_t, o) => T.time(constFsp({ options: o }), nonNull),
  eval: (args, ctx) => {
    const fsp = fspArg(args[0], ctx);
    return timeOfDay(statementNow(ctx, fsp), fsp);
  },
});

defineFunction({
  name: 'utc_time',
  minArgs: 0,
  maxArgs: 1,
  returnType: (_t, o) => T.time(constFsp({ options: o }), nonNull),
  eval: (args, ctx) => {
    const fsp = fspArg(args[0], ctx);
    return timeOfDay(nowIn(ctx, ctx.nowMicros, '+00:00', fsp), fsp);
  },
});

// ---- UNIX_TIMESTAMP / FROM_UNIXTIME ----------------------------------------------------------------

const MAX_UNIX_SECONDS = 32536771199n; // 3001-01-18 23:59:59 UTC (MySQL 8.0.28+, 64-bit)

function unixFsp(types: readonly SqlType[], o: CallInfo['options']): number {
  const t = types[0];
  if (!t) return 0;
  if (t.kind === 'datetime' || t.kind === 'timestamp' || t.kind === 'time') return t.fsp;
  if (t.kind === 'decimal') return Math.min(t.scale, 6);
  if (t.kind === 'float' || t.kind === 'double') return 6;
  if (isTextType(t)) {
    const c = o.constArgs?.[0];
    if (typeof c === 'string') {
      const m = /\.(\d+)\s*$/.exec(c);
      return m ? Math.min((m[1] as string).length, 6) : 0;
    }
    return 6;
  }
  return 0;
}

defineFunction({
  name: 'unix_timestamp',
  minArgs: 0,
  maxArgs: 1,
  returnType: (types, o) => {
    if (types.length === 0) return T.bigint({ unsigned: true, nullable: false });
    const fsp = unixFsp(types, o);
    return fsp > 0 ? T.decimal(12 + fsp + 1, fsp, { nullable: true }) : T.bigint({ nullable: anyNullable(types) });
  },
  eval: (args, ctx, call) => {
    if (args.length === 0) return ctx.nowMicros / 1_000_000n;
    const a = args[0] ?? null;
    if (a === null) return null;
    const fsp = call.returnType.kind === 'decimal' ? call.returnType.scale : 0;
    const dt = toDateTime(a, ctx, 'datetime', 6);
    if (dt === null) return null;
    if (dt.isZero() || !dt.isValidDate()) return fsp > 0 ? Decimal.ZERO.rescale(fsp) : 0n;
    const epoch = toEpochMicros(dt, ctx.timeZone);
    if (epoch < 0n || epoch > MAX_UNIX_SECONDS * 1_000_000n + 999_999n) return fsp > 0 ? Decimal.ZERO.rescale(fsp) : 0n;
    if (fsp === 0) return epoch / 1_000_000n;
    return Decimal.of(epoch, 6).truncate(fsp);
  },
});

defineFunction({
  name: 'from_unixtime',
  minArgs: 1,
  maxArgs: 2,
  returnType: (types) => {
    if (types.length > 1) return T.varchar(255, { nullable: true });
    return T.datetime(unixFsp(types, {}), { nullable: true });
  },
  eval: (args, ctx, call) => {
    const a = args[0] ?? null;
    if (a === null) return null;
    const d = toDecimal(a, ctx);
    if (d === null || d.isNegative()) return null;
    const micros = d.rescale(6, 'truncate').coef;
    if (micros > MAX_UNIX_SECONDS * 1_000_000n + 999_999n) return null;
    const fsp = call.returnType.kind === 'datetime' ? call.returnType.fsp : 6;
    const dt = fromEpochMicros(micros, ctx.timeZone, 'datetime', 6)?.withType('datetime', fsp, true) ?? null;
    if (dt === null) return null;
    if (args.length > 1) {
      const f = args[1] ?? null;
      if (f === null) return null;
      return dateFormat(dt, textOf(f, call.argTypes[1]));
    }
    return dt;
  },
});

// ---- DATE_ADD and friends --------------------------------------------------------------------------

function addType(types: readonly SqlType[], unit: IntervalUnit): SqlType {
  const a = types[0] ?? T.null();
  const micro = hasMicroseconds(unit) || (unit === 'SECOND' && types[1] !== undefined && (types[1].kind === 'decimal' || types[1].kind === 'double' || types[1].kind === 'float'));
  const fsp = Math.max(fspOf(a), micro ? 6 : 0);
  if (a.kind === 'date') return isDateOnlyUnit(unit) ? T.date({ nullable: true }) : T.datetime(fsp, { nullable: true });
  if (a.kind === 'datetime' || a.kind === 'timestamp') return T.datetime(fsp, { nullable: true });
  if (a.kind === 'time') return T.time(fsp, { nullable: true });
  return T.varchar(29, { nullable: true });
}

function dateAdd(args: readonly Value[], ctx: EvalContext, call: CallInfo, sign: 1 | -1): Value {
  const unit = call.options.unit ?? 'DAY';
  const [a = null, n = null] = args;
  if (a === null || n === null) return null;
  const iv = parseInterval(n, unit, ctx);
  if (iv === null) return null;
  const rt = call.returnType;
  if (rt.kind === 'time') {
    const d = timeArg(a, ctx);
    if (d === null) return null;
    const r = addIntervalToDuration(d, iv, sign, rt.fsp);
    if (r === null) {
      warn(ctx, datetimeFunctionOverflow('time'));
      return null;
    }
    return r;
  }
  const dt = dateArg(a, ctx);
  if (dt === null) return null;
  if (!dt.isValidDate()) {
    warn(ctx, incorrectTemporalValue('datetime', valueToString(a) ?? ''));
    return null;
  }
  if (rt.kind === 'date' || rt.kind === 'datetime') {
    const r = addInterval(dt, iv, sign, rt.kind, rt.kind === 'datetime' ? rt.fsp : 0);
    if (r === null) warn(ctx, datetimeFunctionOverflow('datetime'));
    return r;
  }
  // String result: a date stays a date for date-only units; otherwise a datetime.
  const keepDate = dt.type === 'date' && isDateOnlyUnit(unit);
  const micro = hasMicroseconds(unit) || dt.microsecond !== 0 || iv.micros !== 0;
  const r = addInterval(dt, iv, sign, keepDate ? 'date' : 'datetime', micro ? 6 : 0);
  if (r === null) {
    warn(ctx, datetimeFunctionOverflow('datetime'));
    return null;
  }
  return r.toString();
}

for (const [name, sign] of [
  ['date_add', 1],
  ['adddate', 1],
  ['date_sub', -1],
  ['subdate', -1],
] as const) {
  defineFunction({
    name,
    minArgs: 2,
    returnType: (types, o) => addType(types, o.unit ?? 'DAY'),
    eval: (args, ctx, call) => dateAdd(args, ctx, call, sign),
  });
}

defineFunction({
  name: 'datediff',
  minArgs: 2,
  returnType: () => T.bigint({ nullable: true }),
  eval: ([a = null, b = null], ctx) => {
    const x = dateArg(a, ctx);
    const y = dateArg(b, ctx);
    if (x === null || y === null) return null;
    if (x.isZeroDate() || y.isZeroDate()) return null;
    return BigInt(x.dayNumber() - y.dayNumber());
  },
});

/** Whole months from a to b, counting a partial month only when complete (TIMESTAMPDIFF). */
function monthsBetween(a: DateTime, b: DateTime): bigint {
  const sign = b.compare(a) < 0 ? -1 : 1;
  const [lo, hi] = sign > 0 ? [a, b] : [b, a];
  let months = (hi.year - lo.year) * 12 + (hi.month - lo.month);
  const loRest = [lo.day, lo.hour, lo.minute, lo.second, lo.microsecond];
  const hiRest = [hi.day, hi.hour, hi.minute, hi.second, hi.microsecond];
  for (let i = 0; i < loRest.length; i++) {
    const x = hiRest[i] as number;
    const y = loRest[i] as number;
    if (x !== y) {
      if (x < y) months--;
      break;
    }
  }
  return BigInt(sign * months);
}

defineFunction({
  name: 'timestampdiff',
  minArgs: 2,
  returnType: () => T.bigint({ nullable: true }),
  eval: ([a = null, b = null], ctx, call) => {
    const unit = call.options.unit ?? 'SECOND';
    const x = toDateTime(a, ctx, 'datetime', 6);
    const y = toDateTime(b, ctx, 'datetime', 6);
    if (x === null || y === null) return null;
    switch (unit) {
      case 'MONTH':
        return monthsBetween(x, y);
      case 'QUARTER':
        return monthsBetween(x, y) / 3n;
      case 'YEAR':
        return monthsBetween(x, y) / 12n;
      default: {
        const diff = y.totalMicroseconds() - x.totalMicroseconds();
        const per: Record<string, bigint> = { MICROSECOND: 1n, SECOND: 1_000_000n, MINUTE: 60_000_000n, HOUR: 3_600_000_000n, DAY: 86_400_000_000n, WEEK: 604_800_000_000n };
        const u = per[unit];
        return u === undefined ? null : diff / u;
      }
    }
  },
});

defineFunction({
  name: 'timediff',
  minArgs: 2,
  returnType: (types, o) => T.time(Math.max(argFsp(types, o, 0), argFsp(types, o, 1)), { nullable: true }),
  eval: ([a = null, b = null], ctx, call) => {
    if (a === null || b === null) return null;
    const fsp = call.returnType.kind === 'time' ? call.returnType.fsp : 0;
    const aIsDate = a instanceof DateTime || (call.argTypes[0] !== undefined && isDateType(call.argTypes[0]));
    let micros: number;
    if (aIsDate || (typeof a === 'string' && /^\s*\d{2,4}-\d/.test(a))) {
      const x = toDateTime(a, ctx, 'datetime', 6);
      const y = toDateTime(b, ctx, 'datetime', 6);
      if (x === null || y === null) return null;
      micros = Number(x.totalMicroseconds() - y.totalMicroseconds());
    } else {
      const x = timeArg(a, ctx);
      const y = timeArg(b, ctx);
      if (x === null || y === null) return null;
      micros = x.micros - y.micros;
    }
    const clipped = Math.max(-MAX_TIME_MICROS, Math.min(MAX_TIME_MICROS, micros));
    return new Duration(clipped, fsp);
  },
});

for (const [name, sign] of [
  ['addtime', 1],
  ['subtime', -1],
] as const) {
  defineFunction({
    name,
    minArgs: 2,
    returnType: (types, o) => {
      const a = types[0] ?? T.null();
      const fsp = Math.max(argFsp(types, o, 0), argFsp(types, o, 1));
      if (isDateType(a)) return T.datetime(fsp, { nullable: true });
      if (a.kind === 'time') return T.time(fsp, { nullable: true });
      return T.varchar(29, { nullable: true });
    },
    eval: ([a = null, b = null], ctx, call) => {
      if (a === null || b === null) return null;
      const d = timeArg(b, ctx);
      if (d === null) return null;
      const delta = sign * d.micros;
      const rt = call.returnType;
      if (rt.kind === 'time') {
        const t = timeArg(a, ctx);
        if (t === null) return null;
        return new Duration(Math.max(-MAX_TIME_MICROS, Math.min(MAX_TIME_MICROS, t.micros + delta)), rt.fsp);
      }
      const looksDate = typeof a === 'string' ? /^\s*\d{2,4}-\d/.test(a) : true;
      if (rt.kind === 'datetime' || looksDate) {
        const dt = toDateTime(a, ctx, 'datetime', 6);
        if (dt === null) return null;
        const r = dt.addMicroseconds(delta);
        if (r === null) return null;
        return rt.kind === 'datetime' ? r.withType('datetime', rt.fsp) : r.withType('datetime', r.microsecond ? 6 : 0).toString();
      }
      const t = timeArg(a, ctx);
      if (t === null) return null;
      const r = new Duration(Math.max(-MAX_TIME_MICROS, Math.min(MAX_TIME_MICROS, t.micros + delta)), t.micros % 1e6 || delta % 1e6 ? 6 : 0);
      return r.toString();
    },
  });
}

// ---- parts -----------------------------------------------------------------------------------------

function intPart(name: string, f: (d: DateTime) => number, real = false, aliases: readonly string[] = []): void {
  defineFunction({
    name,
    aliases,
    minArgs: 1,
    returnType: () => T.int({ nullable: true }),
    eval: ([a = null], ctx) => {
      const d = real ? realDateArg(a, ctx) : dateArg(a, ctx);
      return d === null ? null : BigInt(f(d));
    },
  });
}

intPart('year', (d) => d.year);
intPart('month', (d) => d.month);
intPart('day', (d) => d.day, false, ['dayofmonth']);
intPart('quarter', (d) => Math.floor((d.month + 2) / 3));
intPart('dayofweek', (d) => ((d.dayNumber() + 6) % 7) + 1, true);
intPart('weekday', (d) => d.weekday(), true);
intPart('dayofyear', (d) => d.dayOfYear(), true);
intPart('to_days', (d) => d.dayNumber(), true);
intPart('weekofyear', (d) => weekOfYear(d.year, d.month, d.day, 3).week, true);

defineFunction({
  name: 'to_seconds',
  minArgs: 1,
  returnType: () => T.bigint({ nullable: true }),
  eval: ([a = null], ctx) => {
    const d = realDateArg(a, ctx);
    if (d === null) return null;
    return BigInt(d.dayNumber()) * 86400n + BigInt(d.hour * 3600 + d.minute * 60 + d.second);
  },
});

function timePart(name: string, f: (p: ReturnType<Duration['parts']>) => number): void {
  defineFunction({
    name,
    minArgs: 1,
    returnType: () => T.int({ nullable: true }),
    eval: ([a = null], ctx) => {
      if (a === null) return null;
      if (a instanceof DateTime) return BigInt(f(timeOfDay(a, 6).parts()));
      const d = timeArg(a, ctx);
      return d === null ? null : BigInt(f(d.parts()));
    },
  });
}

timePart('hour', (p) => p.hours);
timePart('minute', (p) => p.minutes);
timePart('second', (p) => p.seconds);
timePart('microsecond', (p) => p.microseconds);

defineFunction({
  name: 'week',
  minArgs: 1,
  maxArgs: 2,
  returnType: () => T.int({ nullable: true }),
  eval: (args, ctx) => {
    const d = realDateArg(args[0] ?? null, ctx);
    if (d === null) return null;
    const m = args.length > 1 ? toInteger(args[1] ?? null, ctx) : 0n;
    if (m === null) return null;
    return BigInt(weekOfYear(d.year, d.month, d.day, Number(m & 7n)).week);
  },
});

defineFunction({
  name: 'yearweek',
  minArgs: 1,
  maxArgs: 2,
  returnType: () => T.int({ nullable: true }),
  eval: (args, ctx) => {
    const d = realDateArg(args[0] ?? null, ctx);
    if (d === null) return null;
    const m = args.length > 1 ? toInteger(args[1] ?? null, ctx) : 0n;
    if (m === null) return null;
    // YEARWEEK always counts weeks in the week's own year (WEEK_YEAR bit set).
    let behaviour = Number(m & 7n);
    if (!(behaviour & 1)) behaviour ^= 4;
    const w = calcWeek(d.year, d.month, d.day, behaviour | 2);
    return BigInt(w.year * 100 + w.week);
  },
});

defineFunction({
  name: 'monthname',
  minArgs: 1,
  returnType: () => T.varchar(9, { nullable: true }),
  eval: ([a = null], ctx) => {
    const d = dateArg(a, ctx);
    if (d === null || d.month === 0) return null;
    return MONTH_NAMES[d.month - 1] ?? null;
  },
});

defineFunction({
  name: 'dayname',
  minArgs: 1,
  returnType: () => T.varchar(9, { nullable: true }),
  eval: ([a = null], ctx) => {
    const d = realDateArg(a, ctx);
    return d === null ? null : DAY_NAMES[d.weekday()] ?? null;
  },
});

defineFunction({
  name: 'last_day',
  minArgs: 1,
  returnType: () => T.date({ nullable: true }),
  eval: ([a = null], ctx) => {
    const d = realDateArg(a, ctx);
    if (d === null) return null;
    return DateTime.date(d.year, d.month, daysInMonth(d.year, d.month));
  },
});

defineFunction({
  name: 'from_days',
  minArgs: 1,
  returnType: () => T.date({ nullable: true }),
  eval: ([a = null], ctx) => {
    const n = toInteger(a, ctx);
    if (n === null) return null;
    const { year, month, day } = fromDayNumber(n > 4000000n ? 0 : n < 0n ? 0 : Number(n));
    return DateTime.date(year, month, day);
  },
});

defineFunction({
  name: 'makedate',
  minArgs: 2,
  returnType: () => T.date({ nullable: true }),
  eval: ([y = null, d = null], ctx) => {
    const yy = toInteger(y, ctx);
    const dd = toInteger(d, ctx);
    if (yy === null || dd === null || dd <= 0n || yy < 0n || yy > 9999n) return null;
    let year = Number(yy);
    if (year < 70) year += 2000;
    else if (year < 100) year += 1900;
    const daynr = dayNumber(year, 1, 1) + Number(dd) - 1;
    if (daynr > 3652424) return null;
    const r = fromDayNumber(daynr);
    return DateTime.date(r.year, r.month, r.day);
  },
});

defineFunction({
  name: 'maketime',
  minArgs: 3,
  returnType: (types) => T.time(fspOf(types[2] ?? T.null()) || (types[2]?.kind === 'decimal' ? Math.min(types[2].scale, 6) : 0), { nullable: true }),
  eval: ([h = null, m = null, s = null], ctx, call) => {
    const hh = toInteger(h, ctx);
    const mm = toInteger(m, ctx);
    const ss = toDecimal(s, ctx);
    if (hh === null || mm === null || ss === null) return null;
    if (mm < 0n || mm > 59n || ss.isNegative() || ss.compare(Decimal.of(60n)) >= 0) return null;
    const fsp = call.returnType.kind === 'time' ? call.returnType.fsp : 0;
    const neg = hh < 0n;
    const hours = neg ? -hh : hh;
    const micros = ss.rescale(6).coef;
    const total = (hours * 3600n + mm * 60n) * 1_000_000n + micros;
    const d = new Duration(Number(total > BigInt(MAX_TIME_MICROS) ? BigInt(MAX_TIME_MICROS) : total) * (neg ? -1 : 1), 6);
    return d.withFsp(fsp);
  },
});

defineFunction({
  name: 'sec_to_time',
  minArgs: 1,
  returnType: (types) => T.time(types[0]?.kind === 'decimal' ? Math.min(types[0].scale, 6) : types[0]?.kind === 'double' ? 6 : 0, { nullable: true }),
  eval: ([a = null], ctx, call) => {
    const d = toDecimal(a, ctx);
    if (d === null) return null;
    const fsp = call.returnType.kind === 'time' ? call.returnType.fsp : 0;
    const micros = d.rescale(6, 'truncate').coef;
    const clipped = micros > BigInt(MAX_TIME_MICROS) ? MAX_TIME_MICROS : micros < -BigInt(MAX_TIME_MICROS) ? -MAX_TIME_MICROS : Number(micros);
    return new Duration(clipped, 6).withFsp(fsp, true);
  },
});

defineFunction({
  name: 'time_to_sec',
  minArgs: 1,
  returnType: (types) => (fspOf(types[0] ?? T.null()) > 0 ? T.decimal(17, fspOf(types[0] ?? T.null()), { nullable: true }) : T.bigint({ nullable: true })),
  eval: ([a = null], ctx, call) => {
    const d = a instanceof DateTime ? timeOfDay(a, 6) : timeArg(a, ctx);
    if (d === null) return null;
    if (call.returnType.kind === 'decimal') return Decimal.of(BigInt(d.micros), 6).rescale(call.returnType.scale);
    return BigInt(Math.trunc(d.micros / 1_000_000));
  },
});

// ---- building: DATE(), TIME(), TIMESTAMP(), CONVERT_TZ ---------------------------------------------

defineFunction({
  name: 'date',
  minArgs: 1,
  returnType: () => T.date({ nullable: true }),
  eval: ([a = null], ctx) => {
    const d = dateArg(a, ctx);
    return d === null ? null : d.toDate();
  },
});

defineFunction({
  name: 'time',
  minArgs: 1,
  returnType: (types, o) => T.time(argFsp(types, o, 0), { nullable: true }),
  eval: ([a = null], ctx, call) => {
    if (a === null) return null;
    const fsp = call.returnType.kind === 'time' ? call.returnType.fsp : 0;
    if (a instanceof DateTime) return timeOfDay(a, fsp);
    const d = toDuration(a, ctx, 6);
    return d === null ? null : d.withFsp(fsp);
  },
});

defineFunction({
  name: 'timestamp',
  minArgs: 1,
  maxArgs: 2,
  returnType: (types, o) => T.datetime(Math.max(argFsp(types, o, 0), argFsp(types, o, 1)), { nullable: true }),
  eval: (args, ctx, call) => {
    const dt = toDateTime(args[0] ?? null, ctx, 'datetime', 6);
    if (dt === null) return null;
    let r: DateTime | null = dt;
    if (args.length > 1) {
      const t = timeArg(args[1] ?? null, ctx);
      if (t === null) return null;
      r = dt.addMicroseconds(t.micros);
    }
    const fsp = call.returnType.kind === 'datetime' ? call.returnType.fsp : 0;
    return r?.withType('datetime', fsp) ?? null;
  },
});

defineFunction({
  name: 'convert_tz',
  minArgs: 3,
  returnType: (types, o) => T.datetime(argFsp(types, o, 0), { nullable: true }),
  eval: ([a = null, f = null, t = null], ctx, call) => {
    const dt = toDateTime(a, ctx, 'datetime', 6);
    if (dt === null || f === null || t === null) return null;
    const from = textOf(f, call.argTypes[1]);
    const to = textOf(t, call.argTypes[2]);
    if (!isValidTimeZone(from) || !isValidTimeZone(to)) return null;
    const fsp = call.returnType.kind === 'datetime' ? call.returnType.fsp : 0;
    return fromEpochMicros(toEpochMicros(dt, from), to, 'datetime', 6)?.withType('datetime', fsp) ?? null;
  },
});

// ---- EXTRACT ---------------------------------------------------------------------------------------

/** EXTRACT(unit FROM d) on a datetime (or TIME for time units). */
export function extractUnit(unit: IntervalUnit, d: DateTime | null, t: Duration | null): bigint | null {
  const p = t ? t.parts() : d ? { hours: d.hour, minutes: d.minute, seconds: d.second, microseconds: d.microsecond, negative: false } : null;
  if (p === null) return null;
  const sign = p.negative ? -1n : 1n;
  const H = BigInt(p.hours);
  const M = BigInt(p.minutes);
  const S = BigInt(p.seconds);
  const U = BigInt(p.microseconds);
  const days = t ? H / 24n : d ? BigInt(d.day) : 0n;
  switch (unit) {
    case 'YEAR':
      return d ? BigInt(d.year) : 0n;
    case 'QUARTER':
      return d ? BigInt(Math.floor((d.month + 2) / 3)) : 0n;
    case 'MONTH':
      return d ? BigInt(d.month) : 0n;
    case 'WEEK':
      return d ? BigInt(weekOfYear(d.year, d.month, d.day, 0).week) : 0n;
    case 'DAY':
      return d ? BigInt(d.day) : days * sign;
    case 'HOUR':
      return (t ? H % 24n : H) * sign;
    case 'MINUTE':
      return M * sign;
    case 'SECOND':
      return S * sign;
    case 'MICROSECOND':
      return U * sign;
    case 'YEAR_MONTH':
      return d ? BigInt(d.year * 100 + d.month) : 0n;
    case 'DAY_HOUR':
      return (t ? H : days * 100n + H) * sign;
    case 'DAY_MINUTE':
      return ((t ? H : days * 100n + H) * 100n + M) * sign;
    case 'DAY_SECOND':
      return (((t ? H : days * 100n + H) * 100n + M) * 100n + S) * sign;
    case 'DAY_MICROSECOND':
      return ((((t ? H : days * 100n + H) * 100n + M) * 100n + S) * 1000000n + U) * sign;
    case 'HOUR_MINUTE':
      return (H * 100n + M) * sign;
    case 'HOUR_SECOND':
      return ((H * 100n + M) * 100n + S) * sign;
    case 'HOUR_MICROSECOND':
      return (((H * 100n + M) * 100n + S) * 1000000n + U) * sign;
    case 'MINUTE_SECOND':
      return (M * 100n + S) * sign;
    case 'MINUTE_MICROSECOND':
      return ((M * 100n + S) * 1000000n + U) * sign;
    case 'SECOND_MICROSECOND':
      return (S * 1000000n + U) * sign;
  }
}

defineFunction({
  name: 'extract',
  minArgs: 1,
  returnType: () => T.bigint({ nullable: true }),
  eval: ([a = null], ctx, call) => {
    if (a === null) return null;
    const unit = call.options.unit ?? 'DAY';
    const timeUnits = ['HOUR', 'MINUTE', 'SECOND', 'MICROSECOND', 'HOUR_MINUTE', 'HOUR_SECOND', 'HOUR_MICROSECOND', 'MINUTE_SECOND', 'MINUTE_MICROSECOND', 'SECOND_MICROSECOND'];
    const argIsTime = a instanceof Duration || call.argTypes[0]?.kind === 'time';
    if (argIsTime || (timeUnits.includes(unit) && !(a instanceof DateTime) && !(typeof a === 'string' && /^\s*\d{2,4}-\d/.test(a)))) {
      const t = timeArg(a, ctx);
      return extractUnit(unit, null, t);
    }
    const d = dateArg(a, ctx);
    return extractUnit(unit, d, null);
  },
});

// ---- DATE_FORMAT / TIME_FORMAT / STR_TO_DATE --------------------------------------------------------

function textOf(v: Value, t?: SqlType): string {
  if (v instanceof Uint8Array) return bytesToString(v);
  return valueToString(v, t) ?? '';
}

function ordinal(n: number): string {
  const t = n % 100;
  if (t >= 11 && t <= 13) return `${n}th`;
  switch (n % 10) {
    case 1:
      return `${n}st`;
    case 2:
      return `${n}nd`;
    case 3:
      return `${n}rd`;
    default:
      return `${n}th`;
  }
}

const WEEKDAY_SPECIFIERS = new Set(['a', 'W', 'w', 'U', 'u', 'V', 'v', 'X', 'x', 'j']);

/** DATE_FORMAT(d, fmt); null when a weekday/week specifier meets a zero date part. */
export function dateFormat(d: DateTime, fmt: string): string | null {
  let out = '';
  const h12 = d.hour % 12 === 0 ? 12 : d.hour % 12;
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i];
    if (c !== '%' || i + 1 >= fmt.length) {
      out += c;
      continue;
    }
    const s = fmt[++i] as string;
    if (WEEKDAY_SPECIFIERS.has(s) && (d.month === 0 || d.day === 0)) return null;
    switch (s) {
      case 'a':
        out += (DAY_NAMES[d.weekday()] as string).slice(0, 3);
        break;
      case 'b':
        out += d.month === 0 ? '' : (MONTH_NAMES[d.month - 1] as string).slice(0, 3);
        break;
      case 'c':
        out += String(d.month);
        break;
      case 'D':
        out += ordinal(d.day);
        break;
      case 'd':
        out += pad(d.day, 2);
        break;
      case 'e':
        out += String(d.day);
        break;
      case 'f':
        out += pad(d.microsecond, 6);
        break;
      case 'H':
        out += pad(d.hour, 2);
        break;
      case 'h':
      case 'I':
        out += pad(h12, 2);
        break;
      case 'i':
        out += pad(d.minute, 2);
        break;
      case 'j':
        out += pad(d.dayOfYear(), 3);
        break;
      case 'k':
        out += String(d.hour);
        break;
      case 'l':
        out += String(h12);
        break;
      case 'M':
        out += d.month === 0 ? '' : (MONTH_NAMES[d.month - 1] as string);
        break;
      case 'm':
        out += pad(d.month, 2);
        break;
      case 'p':
        out += d.hour < 12 ? 'AM' : 'PM';
        break;
      case 'r':
        out += `${pad(h12, 2)}:${pad(d.minute, 2)}:${pad(d.second, 2)} ${d.hour < 12 ? 'AM' : 'PM'}`;
        break;
      case 'S':
      case 's':
        out += pad(d.second, 2);
        break;
      case 'T':
        out += `${pad(d.hour, 2)}:${pad(d.minute, 2)}:${pad(d.second, 2)}`;
        break;
      case 'U':
        out += pad(calcWeek(d.year, d.month, d.day, 4).week, 2);
        break;
      case 'u':
        out += pad(calcWeek(d.year, d.month, d.day, 1).week, 2);
        break;
      case 'V':
        out += pad(calcWeek(d.year, d.month, d.day, 6).week, 2);
        break;
      case 'v':
        out += pad(calcWeek(d.year, d.month, d.day, 3).week, 2);
        break;
      case 'W':
        out += DAY_NAMES[d.weekday()] as string;
        break;
      case 'w':
        out += String((d.weekday() + 1) % 7);
        break;
      case 'X':
        out += pad(calcWeek(d.year, d.month, d.day, 6).year, 4);
        break;
      case 'x':
        out += pad(calcWeek(d.year, d.month, d.day, 3).year, 4);
        break;
      case 'Y':
        out += pad(d.year, 4);
        break;
      case 'y':
        out += pad(d.year % 100, 2);
        break;
      default:
        out += s; // %% → %, %Q → Q
    }
  }
  return out;
}

defineFunction({
  name: 'date_format',
  minArgs: 2,
  returnType: () => T.varchar(255, { nullable: true }),
  eval: ([a = null, f = null], ctx, call) => {
    if (a === null || f === null) return null;
    const d = a instanceof Duration ? toDateTime(a, ctx, 'datetime', 6) : dateArg(a, ctx);
    if (d === null) return null;
    return dateFormat(d, textOf(f, call.argTypes[1]));
  },
});

defineFunction({
  name: 'time_format',
  minArgs: 2,
  returnType: () => T.varchar(255, { nullable: true }),
  eval: ([a = null, f = null], ctx, call) => {
    if (a === null || f === null) return null;
    const t = a instanceof DateTime ? timeOfDay(a, 6) : timeArg(a, ctx);
    if (t === null) return null;
    const p = t.parts();
    const fmt = textOf(f, call.argTypes[1]);
    let out = p.negative ? '-' : '';
    const h12 = p.hours % 12 === 0 ? 12 : p.hours % 12;
    for (let i = 0; i < fmt.length; i++) {
      const c = fmt[i];
      if (c !== '%' || i + 1 >= fmt.length) {
        out += c;
        continue;
      }
      const s = fmt[++i] as string;
      switch (s) {
        case 'H':
          out += pad(p.hours, 2);
          break;
        case 'k':
          out += String(p.hours);
          break;
        case 'h':
        case 'I':
          out += pad(h12, 2);
          break;
        case 'l':
          out += String(h12);
          break;
        case 'i':
          out += pad(p.minutes, 2);
          break;
        case 'S':
        case 's':
          out += pad(p.seconds, 2);
          break;
        case 'f':
          out += pad(p.microseconds, 6);
          break;
        case 'p':
          out += p.hours % 24 < 12 ? 'AM' : 'PM';
          break;
        case 'T':
          out += `${pad(p.hours, 2)}:${pad(p.minutes, 2)}:${pad(p.seconds, 2)}`;
          break;
        case 'r':
          out += `${pad(h12, 2)}:${pad(p.minutes, 2)}:${pad(p.seconds, 2)} ${p.hours % 24 < 12 ? 'AM' : 'PM'}`;
          break;
        case '%':
          out += '%';
          break;
        default:
          if (/[aDbcdejMmUuVvWwXxYy]/.test(s)) return null;
          out += s;
      }
    }
    return out;
  },
});

interface StrToDateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  micro: number;
  pm: boolean | null;
  h12: boolean;
  dayOfYear: number | null;
}

function readNumber(s: string, pos: number, maxDigits: number): [number, number] | null {
  let i = pos;
  while (i < s.length && i - pos < maxDigits && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  if (i === pos) return null;
  return [Number(s.slice(pos, i)), i];
}

function readName(s: string, pos: number, names: readonly string[], abbrev: boolean): [number, number] | null {
  const rest = s.slice(pos).toLowerCase();
  for (let k = 0; k < names.length; k++) {
    const full = (names[k] as string).toLowerCase();
    const cand = abbrev ? full.slice(0, 3) : full;
    if (rest.startsWith(cand)) return [k, pos + cand.length];
  }
  return null;
}

/** STR_TO_DATE: parses `s` by `fmt`; null when it does not match. */
export function strToDate(s: string, fmt: string): { parts: StrToDateParts; hasDate: boolean; hasTime: boolean; hasFraction: boolean } | null {
  const p: StrToDateParts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, micro: 0, pm: null, h12: false, dayOfYear: null };
  let pos = 0;
  let hasDate = false;
  let hasTime = false;
  let hasFraction = false;
  const skipSpaces = (): void => {
    while (pos < s.length && /\s/.test(s[pos] as string)) pos++;
  };
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i] as string;
    if (/\s/.test(c)) {
      skipSpaces();
      continue;
    }
    if (c !== '%' || i + 1 >= fmt.length) {
      skipSpaces();
      if (s[pos] !== c) return null;
      pos++;
      continue;
    }
    const spec = fmt[++i] as string;
    skipSpaces();
    let r: [number, number] | null;
    switch (spec) {
      case 'Y':
        r = readNumber(s, pos, 4);
        if (!r) return null;
        p.year = r[1] - pos <= 2 ? (r[0] < 70 ? 2000 + r[0] : 1900 + r[0]) : r[0];
        hasDate = true;
        break;
      case 'y':
        r = readNumber(s, pos, 2);
        if (!r) return null;
        p.year = r[0] < 70 ? 2000 + r[0] : 1900 + r[0];
        hasDate = true;
        break;
      case 'm':
      case 'c':
        r = readNumber(s, pos, 2);
        if (!r) return null;
        p.month = r[0];
        hasDate = true;
        break;
      case 'M':
      case 'b':
        r = readName(s, pos, MONTH_NAMES, spec === 'b');
        if (!r) return null;
        p.month = r[0] + 1;
        hasDate = true;
        break;
      case 'd':
      case 'e':
        r = readNumber(s, pos, 2);
        if (!r) return null;
        p.day = r[0];
        hasDate = true;
        break;
      case 'D': {
        r = readNumber(s, pos, 2);
        if (!r) return null;
        p.day = r[0];
        hasDate = true;
        const suf = s.slice(r[1], r[1] + 2).toLowerCase();
        if (['st', 'nd', 'rd', 'th'].includes(suf)) r = [r[0], r[1] + 2];
        break;
      }
      case 'j':
        r = readNumber(s, pos, 3);
        if (!r) return null;
        p.dayOfYear = r[0];
        hasDate = true;
        break;
      case 'H':
      case 'k':
        r = readNumber(s, pos, 2);
        if (!r) return null;
        p.hour = r[0];
        hasTime = true;
        break;
      case 'h':
      case 'I':
      case 'l':
        r = readNumber(s, pos, 2);
        if (!r) return null;
        p.hour = r[0];
        p.h12 = true;
        hasTime = true;
        break;
      case 'i':
        r = readNumber(s, pos, 2);
        if (!r) return null;
        p.minute = r[0];
        hasTime = true;
        break;
      case 's':
      case 'S':
        r = readNumber(s, pos, 2);
        if (!r) return null;
        p.second = r[0];
        hasTime = true;
        break;
      case 'f': {
        r = readNumber(s, pos, 6);
        if (!r) return null;
        const digits = s.slice(pos, r[1]);
        p.micro = Number((digits + '000000').slice(0, 6));
        hasTime = true;
        hasFraction = true;
        break;
      }
      case 'p': {
        const t = s.slice(pos, pos + 2).toUpperCase();
        if (t !== 'AM' && t !== 'PM') return null;
        p.pm = t === 'PM';
        r = [0, pos + 2];
        break;
      }
      case 'W':
      case 'a':
        r = readName(s, pos, DAY_NAMES, spec === 'a');
        if (!r) return null;
        break;
      case 'T':
      case 'r': {
        const parts = /^(\d{1,2}):(\d{1,2}):(\d{1,2})/.exec(s.slice(pos));
        if (!parts) return null;
        p.hour = Number(parts[1]);
        p.minute = Number(parts[2]);
        p.second = Number(parts[3]);
        hasTime = true;
        r = [0, pos + parts[0].length];
        if (spec === 'r') {
          p.h12 = true;
          const rest = s.slice(r[1]).trimStart();
          const ap = rest.slice(0, 2).toUpperCase();
          if (ap === 'AM' || ap === 'PM') {
            p.pm = ap === 'PM';
            r = [0, s.length - rest.length + 2];
          }
        }
        break;
      }
      case '%':
        if (s[pos] !== '%') return null;
        r = [0, pos + 1];
        break;
      default:
        if (s[pos] !== spec) return null;
        r = [0, pos + 1];
    }
    pos = r[1];
  }
  if (p.h12) {
    if (p.hour < 1 || p.hour > 12) return null;
    if (p.pm === true && p.hour < 12) p.hour += 12;
    if (p.pm === false && p.hour === 12) p.hour = 0;
  }
  if (p.dayOfYear !== null) {
    if (p.dayOfYear < 1 || p.dayOfYear > 366) return null;
    const r = fromDayNumber(dayNumber(p.year, 1, 1) + p.dayOfYear - 1);
    p.month = r.month;
    p.day = r.day;
  }
  return { parts: p, hasDate, hasTime, hasFraction };
}

function strToDateType(o: CallInfo['options']): SqlType {
  const fmt = o.constArgs?.[1];
  if (typeof fmt === 'string') {
    const hasDate = /%[YymcMbdeDjaWUuVvXxw]/.test(fmt);
    const hasTime = /%[HkhIlisSfprT]/.test(fmt);
    const fsp = /%f/.test(fmt) ? 6 : 0;
    if (hasDate && !hasTime) return T.date({ nullable: true });
    if (hasTime && !hasDate) return T.time(fsp, { nullable: true });
    return T.datetime(fsp, { nullable: true });
  }
  return T.datetime(6, { nullable: true });
}

defineFunction({
  name: 'str_to_date',
  minArgs: 2,
  returnType: (_t, o) => strToDateType(o),
  eval: ([a = null, f = null], ctx, call) => {
    if (a === null || f === null) return null;
    const s = textOf(a, call.argTypes[0]);
    const r = strToDate(s, textOf(f, call.argTypes[1]));
    const rt = call.returnType;
    const bad = (): null => {
      warn(ctx, wrongValueForFunction(rt.kind === 'time' ? 'time' : rt.kind === 'date' ? 'date' : 'datetime', s, 'str_to_date'));
      return null;
    };
    if (r === null) return bad();
    const { year, month, day, hour, minute, second, micro } = r.parts;
    if (month > 12 || day > 31 || hour > 23 || minute > 59 || second > 59) return bad();
    if (rt.kind === 'time') return Duration.of(hour, minute, second, micro, false, rt.fsp);
    const dt = DateTime.of(year, month, day, hour, minute, second, micro, 'datetime', 6);
    if (month !== 0 && day !== 0 && !dt.isValidDate()) return bad();
    if ((month === 0 || day === 0) && (ctx.sqlMode.noZeroInDate || ctx.sqlMode.noZeroDate) && !dt.isZeroDate()) return bad();
    if (rt.kind === 'date') return dt.toDate();
    return dt.withType('datetime', rt.kind === 'datetime' ? rt.fsp : 6);
  },
});
