// Conversions between runtime values in expression context, with MySQL's warnings.
//
// Every SQL operator asks for its operands as one representation — a double for `'1x' + 1`, an
// integer for `CAST(... AS SIGNED)`, a DATETIME for `DATE_ADD('2024-01-31', …)` — and MySQL
// converts with a fixed set of rules and warnings, never an error in a SELECT:
//
//   string → DOUBLE    longest numeric prefix; the rest ignored with 1292 "Truncated incorrect
//                      DOUBLE value: '1x'"; no digits → 0 with the same warning
//   string → INTEGER   decimal digits only (my_strtoll10: '2.5' → 2, '1e3' → 1, with warning)
//   string → DECIMAL   exact prefix, same warning with 'DECIMAL'
//   DOUBLE → INTEGER   round half to even (rint), clipped to the 64-bit range
//   DECIMAL → INTEGER  round half away from zero
//   temporal → number  20240102, 20240102030405[.ffffff], 123456 for TIME 12:34:56
//   string → DATETIME  literal parsing (datetime.ts); invalid → NULL + "Incorrect datetime value"
//
// The casts of `CAST(x AS …)` are here too (`castValue`), since they are these conversions plus
// the target's range and length. Storing into a column is stricter and lives in store.ts.

import {
  incorrectTemporalValue,
  invalidJsonTextInParam,
  outOfRangeForColumn,
  truncatedWrongValue,
  type WarningSink,
} from '../errors.js';
import { encodeEscapedUtf8 } from '../../util/escaped-utf8.js';
import { MAX_DECIMAL_PRECISION, Decimal } from './decimal.js';
import { DateTime, dateTimeFromNumber, daysInMonth, parseDateTime, type DateKind } from './datetime.js';
import { Duration, durationFromNumber, parseDuration } from './duration.js';
import { JsonObject, JsonOpaque, JsonValue, parseJson, type JsonNode } from './json.js';
import { onlySpacesFrom, parseDoublePrefix, parseIntegerPrefix } from './number-format.js';
import { DEFAULT_SQL_MODE, type SqlMode } from './sql-mode.js';
import { MysqlType, T, isBinaryType, protocolType, type SqlType } from './column-type.js';
import { bytesToString, valueForMessage, valueToString, type Value } from './value.js';
import { charLength } from './collation.js';

/** What conversions need from the session: the mode, where warnings go, the current date. */
export interface ConvertContext {
  readonly sqlMode: SqlMode;
  readonly warnings: WarningSink;
  /** Today in the session time zone, for TIME → DATETIME. */
  readonly currentDate?: () => DateTime;
}

/** A context that drops warnings (for places that convert without reporting). */
export const SILENT: ConvertContext = { sqlMode: DEFAULT_SQL_MODE, warnings: { warn: () => undefined } };

export const I64_MIN = -(2n ** 63n);
export const I64_MAX = 2n ** 63n - 1n;
export const U64_MAX = 2n ** 64n - 1n;
const TWO_64 = 2n ** 64n;

function warn(cx: ConvertContext, err: { toWarning(): { level: 'Note' | 'Warning' | 'Error'; code: number; message: string } }): void {
  cx.warnings.warn(err.toWarning());
}

function textOf(v: string | Uint8Array): string {
  return typeof v === 'string' ? v : bytesToString(v);
}

// ---- to DOUBLE -------------------------------------------------------------------------------------

/** A string read as a double, warning on trailing garbage. */
export function stringToDouble(s: string, cx: ConvertContext): number {
  const p = parseDoublePrefix(s);
  if (p.bad || !onlySpacesFrom(s, p.end) || p.overflow) warn(cx, truncatedWrongValue('DOUBLE', s));
  return p.value;
}

export function toDouble(v: Value, cx: ConvertContext): number | null {
  if (v === null) return null;
  switch (typeof v) {
    case 'number':
      return v;
    case 'bigint':
      return Number(v);
    case 'string':
      return stringToDouble(v, cx);
  }
  if (v instanceof Decimal) return v.toNumber();
  if (v instanceof Uint8Array) return stringToDouble(textOf(v), cx);
  if (v instanceof DateTime || v instanceof Duration) return Number(v.toNumberString());
  return jsonToDouble(v.node, cx);
}

function jsonToDouble(n: JsonNode, cx: ConvertContext): number {
  if (typeof n === 'number') return n;
  if (typeof n === 'bigint') return Number(n);
  if (typeof n === 'boolean') return n ? 1 : 0;
  if (n instanceof Decimal) return n.toNumber();
  if (typeof n === 'string') return stringToDouble(n, cx);
  if (n instanceof DateTime || n instanceof Duration) return Number(n.toNumberString());
  warn(cx, truncatedWrongValue('DOUBLE', new JsonValue(n).toString()));
  return 0;
}

// ---- to INTEGER ------------------------------------------------------------------------------------

/** Round half to even, as C's rint() does for DOUBLE → integer. */
export function rint(x: number): number {
  const r = Math.round(x);
  if (Math.abs(x % 1) === 0.5 && r % 2 !== 0) return r - 1;
  return r;
}

/** A double rounded to an integer and clipped to [lo, hi] (clipped: true if it did not fit). */
export function doubleToInteger(x: number, unsigned: boolean): { value: bigint; clipped: boolean } {
  const lo = unsigned ? 0n : I64_MIN;
  const hi = unsigned ? U64_MAX : I64_MAX;
  if (Number.isNaN(x)) return { value: 0n, clipped: true };
  const r = rint(x);
  if (r <= Number(lo)) return { value: lo, clipped: r < Number(lo) };
  if (r >= Number(hi)) return { value: hi, clipped: r > Number(hi) || r === 2 ** 64 || r === 2 ** 63 };
  return { value: BigInt(r), clipped: false };
}

/** Wraps a bigint into the signed or unsigned 64-bit range (two's complement). */
export function wrap64(v: bigint, unsigned: boolean): bigint {
  let x = v % TWO_64;
  if (x < 0n) x += TWO_64;
  if (!unsigned && x > I64_MAX) x -= TWO_64;
  return x;
}

export interface ToIntegerOptions {
  readonly unsigned?: boolean;
}

/** val_int semantics: the integer MySQL uses for a value in integer context (CAST AS SIGNED). */
export function toInteger(v: Value, cx: ConvertContext, o: ToIntegerOptions = {}): bigint | null {
  const unsigned = o.unsigned ?? false;
  if (v === null) return null;
  switch (typeof v) {
    case 'bigint':
      return wrap64(v, unsigned);
    case 'number': {
      if (unsigned && v < 0) return wrap64(doubleToInteger(v, false).value, true);
      return doubleToInteger(v, unsigned).value;
    }
    case 'string':
      return stringToInteger(v, cx, unsigned);
  }
  if (v instanceof Decimal) return decimalToInteger(v, unsigned).value;
  if (v instanceof Uint8Array) return stringToInteger(textOf(v), cx, unsigned);
  if (v instanceof DateTime || v instanceof Duration) {
    return Decimal.parse(v.toNumberString()).value.toBigInt();
  }
  const n = v.node;
  if (typeof n === 'bigint') return wrap64(n, unsigned);
  if (typeof n === 'boolean') return n ? 1n : 0n;
  if (typeof n === 'number') return doubleToInteger(n, unsigned).value;
  if (n instanceof Decimal) return decimalToInteger(n, unsigned).value;
  if (typeof n === 'string') return stringToInteger(n, cx, unsigned);
  if (n instanceof DateTime || n instanceof Duration) return Decimal.parse(n.toNumberString()).value.toBigInt();
  warn(cx, truncatedWrongValue('INTEGER', v.toString()));
  return 0n;
}

export function decimalToInteger(d: Decimal, unsigned: boolean): { value: bigint; clipped: boolean } {
  const r = d.toBigInt();
  if (unsigned) {
    if (r < 0n) return { value: 0n, clipped: true };
    if (r > U64_MAX) return { value: U64_MAX, clipped: true };
  } else {
    if (r < I64_MIN) return { value: I64_MIN, clipped: true };
    if (r > I64_MAX) return { value: I64_MAX, clipped: true };
  }
  return { value: r, clipped: false };
}

/** my_strtoll10 on a string, with the "Truncated incorrect INTEGER value" warning. */
export function stringToInteger(s: string, cx: ConvertContext, unsigned: boolean): bigint {
  const p = parseIntegerPrefix(s, true);
  if (p.bad || p.overflow || !onlySpacesFrom(s, p.end)) warn(cx, truncatedWrongValue('INTEGER', s));
  let v = p.value;
  if (v < 0n && unsigned) v = wrap64(v, true);
  else if (!unsigned && v > I64_MAX) v = wrap64(v, false);
  return v;
}

// ---- to DECIMAL ------------------------------------------------------------------------------------

export function stringToDecimal(s: string, cx: ConvertContext): Decimal {
  const p = Decimal.parse(s);
  if (p.bad || p.overflow || !onlySpacesFrom(s, p.end)) warn(cx, truncatedWrongValue('DECIMAL', s));
  return p.value;
}

export function toDecimal(v: Value, cx: ConvertContext): Decimal | null {
  if (v === null) return null;
  switch (typeof v) {
    case 'bigint':
      return Decimal.fromBigInt(v);
    case 'number':
      return Number.isFinite(v) ? Decimal.fromNumber(v) : Decimal.ZERO;
    case 'string':
      return stringToDecimal(v, cx);
  }
  if (v instanceof Decimal) return v;
  if (v instanceof Uint8Array) return stringToDecimal(textOf(v), cx);
  if (v instanceof DateTime || v instanceof Duration) return Decimal.parse(v.toNumberString()).value;
  const n = v.node;
  if (typeof n === 'bigint') return Decimal.fromBigInt(n);
  if (typeof n === 'number') return Decimal.fromNumber(n);
  if (typeof n === 'boolean') return n ? Decimal.ONE : Decimal.ZERO;
  if (n instanceof Decimal) return n;
  if (typeof n === 'string') return stringToDecimal(n, cx);
  if (n instanceof DateTime || n instanceof Duration) return Decimal.parse(n.toNumberString()).value;
  warn(cx, truncatedWrongValue('DECIMAL', v.toString()));
  return Decimal.ZERO;
}

// ---- to temporal -----------------------------------------------------------------------------------

/** Whether a parsed date is acceptable in expression context (real date, or zero parts). */
export function isAcceptableDate(d: DateTime, mode: SqlMode): boolean {
  if (d.isZeroDate()) return true;
  if (d.month === 0 || d.day === 0) return true; // fuzzy dates are allowed in expressions
  if (mode.allowInvalidDates) return d.month <= 12 && d.day <= 31;
  return d.day <= daysInMonth(d.year, d.month);
}

function splitNumber(v: bigint | number | Decimal): { int: bigint; frac: string; negative: boolean } {
  if (typeof v === 'bigint') return { int: v, frac: '', negative: v < 0n };
  const d = typeof v === 'number' ? Decimal.fromNumber(v) : v;
  const s = d.toString();
  const neg = s.startsWith('-');
  const body = neg ? s.slice(1) : s;
  const dot = body.indexOf('.');
  const intText = dot < 0 ? body : body.slice(0, dot);
  const frac = dot < 0 ? '' : body.slice(dot + 1);
  return { int: neg ? -BigInt(intText) : BigInt(intText), frac, negative: neg };
}

/** A value as DATE/DATETIME/TIMESTAMP; invalid input gives null and a 1292 warning. */
export function toDateTime(v: Value, cx: ConvertContext, kind: DateKind = 'datetime', fsp = 6): DateTime | null {
  if (v === null) return null;
  const f = kind === 'date' ? 0 : fsp;
  const trunc = cx.sqlMode.timeTruncateFractional;
  if (v instanceof DateTime) return v.withType(kind, f, trunc);
  if (v instanceof Duration) {
    const today = cx.currentDate ? cx.currentDate() : DateTime.date(1970, 1, 1);
    const r = today.withType('datetime', 6).addMicroseconds(v.micros);
    return r ? r.withType(kind, f, trunc) : null;
  }
  if (typeof v === 'string' || v instanceof Uint8Array) return stringToDateTime(textOf(v), cx, kind, f);
  if (typeof v === 'bigint' || typeof v === 'number' || v instanceof Decimal) {
    const { int, frac } = splitNumber(v);
    const r = dateTimeFromNumber(int, frac, f);
    if (!r.value || !isAcceptableDate(r.value, cx.sqlMode)) {
      warn(cx, incorrectTemporalValue('datetime', valueForMessage(v)));
      return null;
    }
    return r.value.withType(kind, f);
  }
  const n = v.node;
  if (n instanceof DateTime) return n.withType(kind, f, trunc);
  if (typeof n === 'string') return stringToDateTime(n, cx, kind, f);
  warn(cx, incorrectTemporalValue('datetime', v.toString()));
  return null;
}

export function stringToDateTime(s: string, cx: ConvertContext, kind: DateKind, fsp: number): DateTime | null {
  const r = parseDateTime(s, fsp, cx.sqlMode.timeTruncateFractional);
  if (!r.value || !isAcceptableDate(r.value, cx.sqlMode)) {
    warn(cx, incorrectTemporalValue('datetime', s));
    return null;
  }
  if (r.warning) warn(cx, truncatedWrongValue(r.hasTime ? 'datetime' : 'date', s));
  return r.value.withType(kind, fsp);
}

/** Keeps the parsed kind: a date-only literal stays a DATE (for functions that return strings). */
export function toDateTimeKeepKind(v: Value, cx: ConvertContext, fsp = 6): DateTime | null {
  if (typeof v === 'string' || v instanceof Uint8Array) {
    const s = textOf(v);
    const r = parseDateTime(s, fsp, cx.sqlMode.timeTruncateFractional);
    if (!r.value || !isAcceptableDate(r.value, cx.sqlMode)) {
      warn(cx, incorrectTemporalValue('datetime', s));
      return null;
    }
    if (r.warning) warn(cx, truncatedWrongValue(r.hasTime ? 'datetime' : 'date', s));
    return r.value;
  }
  if (typeof v === 'bigint' || typeof v === 'number' || v instanceof Decimal) {
    const { int, frac } = splitNumber(v);
    const r = dateTimeFromNumber(int, frac, fsp);
    if (!r.value || !isAcceptableDate(r.value, cx.sqlMode)) {
      warn(cx, incorrectTemporalValue('datetime', valueForMessage(v)));
      return null;
    }
    return r.value;
  }
  if (v instanceof DateTime) return v;
  return toDateTime(v, cx, 'datetime', fsp);
}

/** A value as TIME; invalid input gives null and a 1292 warning. */
export function toDuration(v: Value, cx: ConvertContext, fsp = 6): Duration | null {
  if (v === null) return null;
  const trunc = cx.sqlMode.timeTruncateFractional;
  if (v instanceof Duration) return v.withFsp(fsp, trunc);
  if (v instanceof DateTime) {
    return Duration.of(v.hour, v.minute, v.second, v.microsecond, false, 6).withFsp(fsp, trunc);
  }
  if (typeof v === 'string' || v instanceof Uint8Array) {
    const s = textOf(v);
    const r = parseDuration(s, fsp, trunc);
    if (!r.value) {
      warn(cx, truncatedWrongValue('time', s));
      return null;
    }
    if (r.warning) warn(cx, truncatedWrongValue('time', s));
    return r.value;
  }
  if (typeof v === 'bigint' || typeof v === 'number' || v instanceof Decimal) {
    const { int, frac, negative } = splitNumber(v);
    const r = durationFromNumber(int, frac, fsp);
    if (!r.value) {
      warn(cx, truncatedWrongValue('time', valueForMessage(v)));
      return null;
    }
    if (r.warning) warn(cx, truncatedWrongValue('time', valueForMessage(v)));
    return negative && int === 0n && r.value.micros > 0 ? r.value.neg() : r.value;
  }
  const n = v.node;
  if (n instanceof Duration) return n.withFsp(fsp, trunc);
  if (n instanceof DateTime) return toDuration(n, cx, fsp);
  if (typeof n === 'string') return toDuration(n, cx, fsp);
  warn(cx, truncatedWrongValue('time', v.toString()));
  return null;
}

// ---- to string and JSON ----------------------------------------------------------------------------

/** A value in string context (CONCAT, LIKE, string comparison). */
export function toStringValue(v: Value, type?: SqlType): string | null {
  return valueToString(v, type);
}

/** A SQL value as a JSON node (JSON_ARRAY, JSON_OBJECT arguments, comparisons with JSON). */
export function toJsonNode(v: Value, type?: SqlType): JsonNode {
  if (v === null) return null;
  switch (typeof v) {
    case 'bigint':
      if (type && 'isBoolean' in type && type.isBoolean) return v !== 0n;
      return v;
    case 'number':
      return v;
    case 'string':
      return v;
  }
  if (v instanceof Decimal || v instanceof DateTime || v instanceof Duration) return v;
  if (v instanceof JsonValue) return v.node;
  const code = type && isBinaryType(type) ? protocolType(type) : type && type.kind === 'bit' ? MysqlType.BIT : MysqlType.VAR_STRING;
  return new JsonOpaque(code === MysqlType.VAR_STRING ? 15 : code, v);
}

/** CAST(x AS JSON): strings are parsed as JSON text (error 3141 when invalid). */
export function castToJson(v: Value, type?: SqlType, fnName = 'cast_as_json', argNo = 1): JsonValue | null {
  if (v === null) return null;
  if (v instanceof JsonValue) return v;
  if (typeof v === 'string') {
    const r = parseJson(v);
    if (!r.ok) throw invalidJsonTextInParam(argNo, fnName, r.message, r.position);
    return new JsonValue(r.node);
  }
  return new JsonValue(toJsonNode(v, type));
}

/** Builds a JSON object from key/value pairs of SQL values. */
export function jsonObjectOf(pairs: readonly (readonly [string, Value, SqlType | undefined])[]): JsonValue {
  return new JsonValue(JsonObject.from(pairs.map(([k, v, t]) => [k, toJsonNode(v, t)] as const)));
}

// ---- truthiness ------------------------------------------------------------------------------------

/** A value in boolean context (WHERE, IF, AND/OR): true, false, or null for NULL. */
export function toBoolean(v: Value, cx: ConvertContext): boolean | null {
  if (v === null) return null;
  switch (typeof v) {
    case 'bigint':
      return v !== 0n;
    case 'number':
      return v !== 0;
    case 'string':
      return stringToDouble(v, cx) !== 0;
  }
  if (v instanceof Decimal) return !v.isZero();
  if (v instanceof Uint8Array) return stringToDouble(textOf(v), cx) !== 0;
  if (v instanceof DateTime) return !v.isZero();
  if (v instanceof Duration) return v.micros !== 0;
  const n = v.node;
  if (typeof n === 'boolean') return n;
  if (n === null) return false;
  if (typeof n === 'bigint') return n !== 0n;
  if (typeof n === 'number') return n !== 0;
  if (n instanceof Decimal) return !n.isZero();
  if (typeof n === 'string') return stringToDouble(n, cx) !== 0;
  return true;
}

// ---- CAST ------------------------------------------------------------------------------------------

export type CastTarget =
  | { readonly kind: 'signed' }
  | { readonly kind: 'unsigned' }
  | { readonly kind: 'decimal'; readonly precision?: number; readonly scale?: number }
  | { readonly kind: 'double' }
  | { readonly kind: 'float' }
  | { readonly kind: 'char'; readonly length?: number; readonly charset?: string }
  | { readonly kind: 'binary'; readonly length?: number }
  | { readonly kind: 'date' }
  | { readonly kind: 'datetime'; readonly fsp?: number }
  | { readonly kind: 'time'; readonly fsp?: number }
  | { readonly kind: 'year' }
  | { readonly kind: 'json' };

/** The result type of CAST(x AS target), given the operand's type. */
export function castResultType(target: CastTarget, argType?: SqlType): SqlType {
  const nullable = true;
  switch (target.kind) {
    case 'signed':
      return T.bigint({ nullable });
    case 'unsigned':
      return T.bigint({ unsigned: true, nullable });
    case 'decimal':
      return T.decimal(target.precision ?? 10, target.scale ?? 0, { nullable });
    case 'double':
      return T.double({ nullable });
    case 'float':
      return T.float({ nullable });
    case 'char': {
      const len = target.length ?? (argType ? Math.max(1, castLengthOf(argType)) : 255);
      if (target.charset !== undefined && target.charset.toLowerCase() === 'binary') return T.varbinary(len, { nullable });
      const opts = target.charset !== undefined && target.charset.toLowerCase() !== 'utf8mb4' ? { nullable, charset: target.charset.toLowerCase() === 'utf8' ? 'utf8mb3' : target.charset.toLowerCase() } : { nullable };
      return len > 65535 ? T.longtext(opts) : T.varchar(len, opts);
    }
    case 'binary': {
      const len = target.length ?? (argType ? Math.max(1, castLengthOf(argType)) : 255);
      return T.varbinary(len, { nullable });
    }
    case 'date':
      return T.date({ nullable });
    case 'datetime':
      return T.datetime(target.fsp ?? 0, { nullable });
    case 'time':
      return T.time(target.fsp ?? 0, { nullable });
    case 'year':
      return T.year({ nullable });
    case 'json':
      return T.json({ nullable });
  }
}

function castLengthOf(t: SqlType): number {
  switch (t.kind) {
    case 'char':
    case 'varchar':
    case 'binary':
    case 'varbinary':
      return t.length;
    case 'decimal':
      return t.precision + 2;
    case 'datetime':
    case 'timestamp':
      return 19 + (t.fsp ? t.fsp + 1 : 0);
    case 'date':
      return 10;
    case 'time':
      return 10 + (t.fsp ? t.fsp + 1 : 0);
    case 'float':
      return 12;
    case 'double':
      return 22;
    case 'tinyint':
    case 'smallint':
    case 'mediumint':
    case 'int':
    case 'bigint':
      return 20;
    default:
      return 65535;
  }
}

export interface CastOptions {
  /** The operand's static type (unsigned integers, boolean JSON, column display forms). */
  readonly argType?: SqlType;
  /** The expression text for 1264 warnings ("Out of range value for column 'cast(…)'"). */
  readonly exprText?: string;
}

/** CAST(v AS target) / CONVERT(v, target) with MySQL's results and warnings. */
export function castValue(v: Value, target: CastTarget, cx: ConvertContext, o: CastOptions = {}): Value {
  if (v === null) return null;
  switch (target.kind) {
    case 'signed':
      if (typeof v === 'bigint' && o.argType && 'unsigned' in o.argType && o.argType.unsigned) return wrap64(v, false);
      return toInteger(v, cx, { unsigned: false });
    case 'unsigned':
      return toInteger(v, cx, { unsigned: true });
    case 'decimal': {
      const p = Math.min(target.precision ?? 10, MAX_DECIMAL_PRECISION);
      const s = target.scale ?? 0;
      const d = toDecimal(v, cx);
      if (d === null) return null;
      const r = d.round(s);
      if (!r.fits(p, s)) {
        warn(cx, outOfRangeForColumn(o.exprText ?? 'cast_as_decimal', 1));
        const max = Decimal.maxOf(p, s);
        return r.isNegative() ? max.neg() : max;
      }
      return r;
    }
    case 'double':
      return toDouble(v, cx);
    case 'float': {
      const d = toDouble(v, cx);
      return d === null ? null : Math.fround(d);
    }
    case 'char': {
      if (target.charset !== undefined && target.charset.toLowerCase() === 'binary') {
        return castValue(v, target.length !== undefined ? { kind: 'binary', length: target.length } : { kind: 'binary' }, cx, o);
      }
      const s = v instanceof Uint8Array ? bytesToString(v) : valueToString(v, o.argType);
      if (s === null) return null;
      if (target.length !== undefined && charLength(s) > target.length) {
        warn(cx, truncatedWrongValue(`CHAR(${target.length})`, s));
        return [...s].slice(0, target.length).join('');
      }
      return s;
    }
    case 'binary': {
      const b = v instanceof Uint8Array ? v : encodeEscapedUtf8(valueToString(v, o.argType) ?? '');
      if (target.length !== undefined) {
        if (b.length > target.length) {
          warn(cx, truncatedWrongValue(`BINARY(${target.length})`, valueForMessage(v)));
          return b.slice(0, target.length);
        }
        if (b.length < target.length) {
          const out = new Uint8Array(target.length);
          out.set(b);
          return out;
        }
      }
      return b;
    }
    case 'date':
      return toDateTime(v, cx, 'date', 0);
    case 'datetime':
      return toDateTime(v, cx, 'datetime', target.fsp ?? 0);
    case 'time':
      return toDuration(v, cx, target.fsp ?? 0);
    case 'year':
      return castToYear(v, cx);
    case 'json':
      return castToJson(v, o.argType);
  }
}

/** CAST(x AS YEAR): 1..69 → 2001..2069, 70..99 → 1970..1999, 1901..2155, else NULL + warning. */
export function castToYear(v: Value, cx: ConvertContext): bigint | null {
  if (v === null) return null;
  if (v instanceof DateTime) return BigInt(v.year);
  if (typeof v === 'string' || v instanceof Uint8Array) {
    const s = textOf(v).trim();
    const p = parseIntegerPrefix(s, false);
    if (p.bad) {
      warn(cx, truncatedWrongValue('INTEGER', s));
      return null;
    }
    const y = p.value;
    if (y === 0n && /^0+$/.test(s) && s.length <= 2) return 2000n; // '0' and '00' mean 2000
    return yearFromInteger(y, cx, s);
  }
  const n = toInteger(v, cx);
  if (n === null) return null;
  return yearFromInteger(n, cx, valueForMessage(v));
}

function yearFromInteger(y: bigint, cx: ConvertContext, text: string): bigint | null {
  if (y === 0n) return 0n;
  if (y >= 1n && y <= 69n) return 2000n + y;
  if (y >= 70n && y <= 99n) return 1900n + y;
  if (y >= 1901n && y <= 2155n) return y;
  warn(cx, truncatedWrongValue('YEAR', text));
  return null;
}
