// Storing a value into a column: `convertForColumn(value, columnType, cx)`.
//
// This is where sql_mode bites. INSERT and UPDATE pass every new value through here; the value
// comes back converted to the column's representation (an INT column gets a bigint in range, a
// DECIMAL(5,2) a Decimal of scale 2, a CHAR a string without trailing spaces …), or:
//
//   condition                         strict mode (not IGNORE)         otherwise
//   integer/decimal/double too big    error 1264 Out of range value    clipped + warning 1264
//   string too long                   error 1406 Data too long         truncated + warning 1265
//   …but only trailing spaces cut     note 1265                        note 1265
//   'abc' into a number               error 1366 Incorrect … value     0 + warning 1366
//   '12abc' into a number             error 1265 Data truncated        12 + warning 1265
//   DECIMAL fraction rounded          note 1265                        note 1265
//   bad date/time                     error 1292 Incorrect … value     zero value + warning 1265
//   zero date with NO_ZERO_DATE       error 1292                       zero + warning 1264
//   bad ENUM/SET member               error 1265                       '' + warning 1265
//   invalid JSON text                 error 3140                       error 3140
//
// NULL passes through: whether the column accepts it (1048 in strict single-row INSERT, 1263
// and the implicit default otherwise) depends on the statement, so the caller decides.
// TIMESTAMP values are returned as the session's wall-clock time (type 'timestamp'); moving
// them to UTC for storage is the row codec's job (`timestampToEpochMicros`).

import {
  dataTooLong,
  dataTruncated,
  incorrectTemporalForColumn,
  incorrectValueForColumn,
  invalidJsonCharset,
  invalidJsonText,
  outOfRangeForColumn,
  type SqlError,
} from '../errors.js';
import { encodeEscapedUtf8 } from '../../util/escaped-utf8.js';
import { Decimal } from './decimal.js';
import { DateTime, dateTimeFromNumber, daysInMonth, parseDateTime, toEpochMicros, fromEpochMicros, type DateKind } from './datetime.js';
import { Duration, MAX_TIME_MICROS, durationFromNumber, parseDuration } from './duration.js';
import { JsonValue, parseJson } from './json.js';
import { parseDoublePrefix, onlySpacesFrom } from './number-format.js';
import { isStrict } from './sql-mode.js';
import {
  TEXT_LIMITS,
  integerRange,
  isBinaryType,
  isIntegerType,
  isTextType,
  type BinaryType,
  type DecimalType,
  type EnumType,
  type FloatType,
  type IntType,
  type SqlType,
  type TextType,
} from './column-type.js';
import { isCaseInsensitive, charLength } from './collation.js';
import { bytesToString, enumIndex, isValidUtf8, setFromMask, valueForMessage, valueToString, type Value } from './value.js';

type Datum = Exclude<Value, null>;
import { castToJson, doubleToInteger, rint, type ConvertContext } from './convert.js';

export interface StoreContext extends ConvertContext {
  /** Column name for messages. */
  readonly column: string;
  /** 1-based row number of the statement, for messages. */
  readonly row: number;
  /** INSERT IGNORE / UPDATE IGNORE: errors become warnings even in strict mode. */
  readonly ignore?: boolean;
  /** Session time zone, for the TIMESTAMP range check (default UTC). */
  readonly timeZone?: string;
  /** The static type of the incoming value, when known (e.g. a BOOLEAN expression into JSON). */
  readonly sourceType?: SqlType;
}

class Store {
  readonly strict: boolean;
  constructor(readonly cx: StoreContext) {
    this.strict = isStrict(cx.sqlMode) && !cx.ignore;
  }

  /** Strict: throw. Otherwise: record as a warning. */
  fail(err: SqlError): void {
    if (this.strict) throw err;
    this.cx.warnings.warn(err.toWarning('Warning'));
  }

  note(err: SqlError): void {
    this.cx.warnings.warn(err.toWarning('Note'));
  }

  warnAlways(err: SqlError): void {
    this.cx.warnings.warn(err.toWarning('Warning'));
  }

  outOfRange(): SqlError {
    return outOfRangeForColumn(this.cx.column, this.cx.row);
  }

  truncated(): SqlError {
    return dataTruncated(this.cx.column, this.cx.row);
  }

  incorrect(word: string, v: Value): SqlError {
    return incorrectValueForColumn(word, valueForMessage(v), this.cx.column, this.cx.row);
  }

  incorrectTemporal(word: string, v: Value): SqlError {
    return incorrectTemporalForColumn(word, valueForMessage(v), this.cx.column, this.cx.row);
  }
}

/** Converts `value` for storage in a column of `type` (see the header for errors/warnings). */
export function convertForColumn(value: Value, type: SqlType, cx: StoreContext): Value {
  if (value === null) return null;
  const st = new Store(cx);
  if (isIntegerType(type)) return storeInteger(value, type, st);
  switch (type.kind) {
    case 'decimal':
      return storeDecimal(value, type, st);
    case 'float':
    case 'double':
      return storeFloat(value, type, st);
    case 'bit':
      return storeBit(value, type.width, st);
    case 'year':
      return storeYear(value, st);
    case 'date':
    case 'datetime':
    case 'timestamp':
      return storeDateTime(value, type.kind, type.kind === 'date' ? 0 : type.fsp, st);
    case 'time':
      return storeTime(value, type.fsp, st);
    case 'enum':
      return storeEnum(value, type, st);
    case 'set':
      return storeSet(value, type, st);
    case 'json':
      return storeJson(value, st);
    case 'null':
      return null;
  }
  if (isTextType(type)) return storeText(value, type, st);
  if (isBinaryType(type)) return storeBinary(value, type, st);
  return value;
}

// ---- numbers ---------------------------------------------------------------------------------------

/** A string read as a number for storage: strntoull10rnd-like (decimal point and exponent
 *  allowed, rounding). Reports 1366 when there are no digits, 1265 for trailing junk. */
function storeParseDecimal(s: string, word: string, st: Store, original: Value): Decimal {
  const p = Decimal.parse(s);
  if (p.bad) {
    st.fail(st.incorrect(word, original));
    return Decimal.ZERO;
  }
  if (!onlySpacesFrom(s, p.end)) st.fail(st.truncated());
  return p.value;
}

function numericOf(v: Datum, word: string, st: Store): Decimal | number | bigint {
  if (typeof v === 'bigint' || typeof v === 'number' || v instanceof Decimal) return v;
  if (typeof v === 'string') return storeParseDecimal(v, word, st, v);
  if (v instanceof Uint8Array) return storeParseDecimal(bytesToString(v), word, st, v);
  if (v instanceof DateTime || v instanceof Duration) return Decimal.parse(v.toNumberString()).value;
  const n = v.node;
  if (typeof n === 'bigint' || typeof n === 'number' || n instanceof Decimal) return n;
  if (typeof n === 'boolean') return n ? 1n : 0n;
  if (typeof n === 'string') return storeParseDecimal(n, word, st, v);
  st.fail(st.incorrect(word, v));
  return 0n;
}

function storeInteger(v: Datum, type: IntType, st: Store): bigint {
  const [min, max] = integerRange(type.kind, type.unsigned);
  const n = numericOf(v, 'integer', st);
  let r: bigint;
  if (typeof n === 'bigint') r = n;
  else if (typeof n === 'number') r = Number.isFinite(n) ? BigInt(rint(n)) : n > 0 ? max + 1n : min - 1n;
  else r = n.toBigInt();
  if (r < min) {
    st.fail(st.outOfRange());
    return min;
  }
  if (r > max) {
    st.fail(st.outOfRange());
    return max;
  }
  return r;
}

function storeDecimal(v: Datum, type: DecimalType, st: Store): Decimal {
  const n = numericOf(v, 'decimal', st);
  let d: Decimal;
  if (typeof n === 'bigint') d = Decimal.fromBigInt(n);
  else if (typeof n === 'number') {
    if (!Number.isFinite(n)) {
      st.fail(st.outOfRange());
      return n < 0 && !type.unsigned ? Decimal.maxOf(type.precision, type.scale).neg() : Decimal.maxOf(type.precision, type.scale);
    }
    d = Decimal.fromNumber(n);
  } else d = n;
  const max = Decimal.maxOf(type.precision, type.scale);
  if (type.unsigned && d.isNegative()) {
    st.fail(st.outOfRange());
    return Decimal.ZERO.rescale(type.scale);
  }
  const r = d.rescale(type.scale);
  if (r.abs().compare(max) > 0) {
    st.fail(st.outOfRange());
    return r.isNegative() ? max.neg() : max;
  }
  if (!r.equals(d)) st.note(st.truncated());
  return r;
}

const FLT_MAX = 3.4028234663852886e38;

function storeFloat(v: Datum, type: FloatType, st: Store): number {
  let x: number;
  if (typeof v === 'string' || v instanceof Uint8Array) {
    const s = typeof v === 'string' ? v : bytesToString(v);
    const p = parseDoublePrefix(s);
    if (p.bad) {
      st.fail(st.incorrect(type.kind, v));
      x = 0;
    } else {
      if (!onlySpacesFrom(s, p.end)) st.fail(st.truncated());
      if (p.overflow) st.fail(st.outOfRange());
      x = p.value;
    }
  } else {
    const n = numericOf(v, type.kind, st);
    x = typeof n === 'number' ? n : typeof n === 'bigint' ? Number(n) : n.toNumber();
  }
  if (type.unsigned && x < 0) {
    st.fail(st.outOfRange());
    return 0;
  }
  if (type.precision !== undefined && type.scale !== undefined) {
    const factor = 10 ** type.scale;
    const rounded = Math.round(x * factor) / factor;
    const limit = 10 ** (type.precision - type.scale) - 1 / factor;
    if (Math.abs(rounded) > limit) {
      st.fail(st.outOfRange());
      return rounded < 0 ? -limit : limit;
    }
    x = rounded;
  }
  if (type.kind === 'float') {
    if (Math.abs(x) > FLT_MAX) {
      st.fail(st.outOfRange());
      return x < 0 ? -FLT_MAX : FLT_MAX;
    }
    return Math.fround(x);
  }
  if (!Number.isFinite(x)) {
    st.fail(st.outOfRange());
    return x < 0 ? -Number.MAX_VALUE : Number.MAX_VALUE;
  }
  return x;
}

function storeBit(v: Datum, width: number, st: Store): bigint {
  const max = (1n << BigInt(width)) - 1n;
  let n: bigint;
  if (typeof v === 'string' || v instanceof Uint8Array) {
    const b = typeof v === 'string' ? encodeEscapedUtf8(v) : v;
    n = 0n;
    for (const byte of b) n = (n << 8n) | BigInt(byte);
  } else {
    const x = numericOf(v, 'integer', st);
    n = typeof x === 'bigint' ? x : typeof x === 'number' ? doubleToInteger(x, false).value : x.toBigInt();
  }
  if (n < 0n) n = n & ((1n << 64n) - 1n);
  if (n > max) {
    st.fail(dataTooLong(st.cx.column, st.cx.row));
    return max;
  }
  return n;
}

function storeYear(v: Datum, st: Store): bigint {
  if (v instanceof DateTime) return BigInt(v.year);
  let n: bigint;
  if (typeof v === 'string' || v instanceof Uint8Array) {
    const s = (typeof v === 'string' ? v : bytesToString(v)).trim();
    const d = storeParseDecimal(s, 'integer', st, v);
    n = d.toBigInt();
    if (n === 0n && /^0{1,2}$/.test(s)) return 2000n;
  } else {
    const x = numericOf(v, 'integer', st);
    n = typeof x === 'bigint' ? x : typeof x === 'number' ? doubleToInteger(x, false).value : x.toBigInt();
  }
  if (n === 0n) return 0n;
  if (n >= 1n && n <= 69n) return 2000n + n;
  if (n >= 70n && n <= 99n) return 1900n + n;
  if (n >= 1901n && n <= 2155n) return n;
  st.fail(st.outOfRange());
  return 0n;
}

// ---- strings ---------------------------------------------------------------------------------------

function textForStore(v: Datum, st: Store): string {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) {
    if (!isValidUtf8(v)) {
      const hex = [...v.slice(0, 8)].map((b) => '\\x' + b.toString(16).toUpperCase().padStart(2, '0')).join('');
      st.fail(incorrectValueForColumn('string', hex, st.cx.column, st.cx.row));
    }
    return bytesToString(v);
  }
  return valueToString(v, st.cx.sourceType) ?? '';
}

function cutChars(s: string, n: number): string {
  let count = 0;
  let i = 0;
  while (i < s.length && count < n) {
    const c = s.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
    count++;
  }
  return s.slice(0, i);
}

function cutBytes(s: string, maxBytes: number): string {
  let bytes = 0;
  let out = '';
  for (const ch of s) {
    const b = Buffer.byteLength(ch, 'utf8');
    if (bytes + b > maxBytes) break;
    bytes += b;
    out += ch;
  }
  return out;
}

function storeText(v: Datum, type: TextType, st: Store): string {
  let s = textForStore(v, st);
  const byBytes = type.kind in TEXT_LIMITS;
  const tooLong = byBytes ? Buffer.byteLength(s, 'utf8') > type.length : charLength(s) > type.length;
  if (tooLong) {
    const cut = byBytes ? cutBytes(s, type.length) : cutChars(s, type.length);
    const rest = s.slice(cut.length);
    if (/^ *$/.test(rest)) {
      if (type.kind !== 'char') st.note(st.truncated());
    } else if (st.strict) {
      throw dataTooLong(st.cx.column, st.cx.row);
    } else {
      st.warnAlways(st.truncated());
    }
    s = cut;
  }
  if (type.kind === 'char') s = s.replace(/ +$/, '');
  return s;
}

function storeBinary(v: Datum, type: BinaryType, st: Store): Uint8Array {
  let b: Uint8Array = v instanceof Uint8Array ? v : encodeEscapedUtf8(valueToString(v, st.cx.sourceType) ?? '');
  if (b.length > type.length) {
    const rest = b.subarray(type.length);
    if (!rest.every((x) => x === 0)) {
      if (st.strict) throw dataTooLong(st.cx.column, st.cx.row);
      st.warnAlways(st.truncated());
    }
    b = b.slice(0, type.length);
  }
  if (type.kind === 'binary' && b.length < type.length) {
    const out = new Uint8Array(type.length);
    out.set(b);
    return out;
  }
  return b;
}

function storeEnum(v: Datum, type: EnumType, st: Store): string {
  const ci = isCaseInsensitive(type.collation);
  if (typeof v === 'string' || v instanceof Uint8Array) {
    const s = typeof v === 'string' ? v : bytesToString(v);
    const i = enumIndex(type.elements, s, ci);
    if (i !== null && (i > 0 || s === '')) {
      if (i === 0) {
        st.fail(st.truncated());
        return '';
      }
      return type.elements[i - 1] as string;
    }
    // A numeric string is an index.
    if (/^\s*\d+\s*$/.test(s)) return storeEnum(BigInt(s.trim()), type, st);
    st.fail(st.truncated());
    return '';
  }
  const x = numericOf(v, 'integer', st);
  const n = typeof x === 'bigint' ? x : typeof x === 'number' ? doubleToInteger(x, false).value : x.toBigInt();
  if (n >= 1n && n <= BigInt(type.elements.length)) return type.elements[Number(n) - 1] as string;
  st.fail(st.truncated());
  return '';
}

function storeSet(v: Datum, type: EnumType, st: Store): string {
  const ci = isCaseInsensitive(type.collation);
  if (typeof v === 'string' || v instanceof Uint8Array) {
    const s = typeof v === 'string' ? v : bytesToString(v);
    if (s === '') return '';
    let mask = 0n;
    let bad = false;
    for (const part of s.split(',')) {
      const i = enumIndex(type.elements, part, ci);
      if (i === null || i === 0) bad = true;
      else mask |= 1n << BigInt(i - 1);
    }
    if (bad) {
      if (/^\s*\d+\s*$/.test(s)) return storeSet(BigInt(s.trim()), type, st);
      st.fail(st.truncated());
    }
    return setFromMask(type.elements, mask);
  }
  const x = numericOf(v, 'integer', st);
  const n = typeof x === 'bigint' ? x : typeof x === 'number' ? doubleToInteger(x, false).value : x.toBigInt();
  const all = (1n << BigInt(type.elements.length)) - 1n;
  if (n < 0n || (n & ~all) !== 0n) {
    st.fail(st.truncated());
    return setFromMask(type.elements, n < 0n ? 0n : n & all);
  }
  return setFromMask(type.elements, n);
}

function storeJson(v: Datum, st: Store): JsonValue {
  if (v instanceof JsonValue) return v;
  if (typeof v === 'string') {
    const r = parseJson(v);
    if (!r.ok) throw invalidJsonText(r.message, r.position, st.cx.column);
    return new JsonValue(r.node);
  }
  if (v instanceof Uint8Array) throw invalidJsonCharset('binary');
  if (st.cx.sourceType && 'isBoolean' in st.cx.sourceType && st.cx.sourceType.isBoolean) {
    return castToJson(v, st.cx.sourceType) as JsonValue;
  }
  throw invalidJsonText('not a JSON text, may need CAST', 0, st.cx.column);
}

// ---- temporal --------------------------------------------------------------------------------------

const TS_MIN = 1_000_000n; // 1970-01-01 00:00:01 UTC
const TS_MAX = 2147483647_999999n; // 2038-01-19 03:14:07.999999 UTC

function storeDateTime(v: Datum, kind: DateKind, fsp: number, st: Store): DateTime {
  const word = kind === 'date' ? 'date' : 'datetime';
  const zero = DateTime.zero(kind, fsp);
  let d: DateTime | null;
  let hasTime = false;
  if (v instanceof DateTime) {
    d = v;
    hasTime = v.type !== 'date';
  } else if (v instanceof Duration) {
    const today = st.cx.currentDate ? st.cx.currentDate() : DateTime.date(1970, 1, 1);
    d = today.withType('datetime', 6).addMicroseconds(v.micros);
    hasTime = true;
  } else if (typeof v === 'string' || v instanceof Uint8Array) {
    const s = typeof v === 'string' ? v : bytesToString(v);
    const r = parseDateTime(s, fsp, st.cx.sqlMode.timeTruncateFractional);
    if (!r.value) {
      if (st.strict) throw st.incorrectTemporal(word, v);
      st.warnAlways(st.truncated());
      return zero;
    }
    if (r.warning) {
      if (st.strict) throw st.incorrectTemporal(word, v);
      st.warnAlways(st.truncated());
    }
    d = r.value;
    hasTime = r.hasTime;
  } else if (typeof v === 'bigint' || typeof v === 'number' || v instanceof Decimal) {
    const text = typeof v === 'number' ? Decimal.fromNumber(v).toString() : v.toString();
    const neg = text.startsWith('-');
    const dot = text.indexOf('.');
    const intPart = BigInt(dot < 0 ? text : text.slice(0, dot));
    const r = neg ? { value: null, warning: true, hasTime: false } : dateTimeFromNumber(intPart, dot < 0 ? '' : text.slice(dot + 1), fsp);
    if (!r.value) {
      if (st.strict) throw st.incorrectTemporal(word, v);
      st.warnAlways(st.outOfRange());
      return zero;
    }
    d = r.value;
    hasTime = r.hasTime;
  } else {
    const n = v.node;
    if (n instanceof DateTime) d = n;
    else if (typeof n === 'string') return storeDateTime(n, kind, fsp, st);
    else {
      if (st.strict) throw st.incorrectTemporal(word, v);
      st.warnAlways(st.truncated());
      return zero;
    }
  }
  if (d === null) {
    st.fail(st.incorrectTemporal(word, v));
    return zero;
  }
  // sql_mode checks on the calendar value.
  const mode = st.cx.sqlMode;
  if (d.isZeroDate()) {
    if (mode.noZeroDate) {
      if (st.strict) throw st.incorrectTemporal(word, v);
      st.warnAlways(st.outOfRange());
    }
  } else if (d.month === 0 || d.day === 0) {
    if (mode.noZeroInDate) {
      if (st.strict) throw st.incorrectTemporal(word, v);
      st.warnAlways(st.outOfRange());
      return zero;
    }
  } else if (d.day > daysInMonth(d.year, d.month) && !mode.allowInvalidDates) {
    if (st.strict) throw st.incorrectTemporal(word, v);
    st.warnAlways(st.outOfRange());
    return zero;
  }
  let out = d.withType(kind, fsp, mode.timeTruncateFractional);
  if (kind === 'date' && hasTime && (d.hour || d.minute || d.second || d.microsecond)) st.note(st.truncated());
  if (kind === 'timestamp' && !out.isZero()) {
    const zone = st.cx.timeZone ?? '+00:00';
    const epoch = out.isValidDate() ? toEpochMicros(out, zone) : -1n;
    if (epoch < TS_MIN || epoch > TS_MAX) {
      if (st.strict) throw st.incorrectTemporal('datetime', v);
      st.warnAlways(st.outOfRange());
      out = DateTime.zero('timestamp', fsp);
    }
  }
  return out;
}

function storeTime(v: Datum, fsp: number, st: Store): Duration {
  const trunc = st.cx.sqlMode.timeTruncateFractional;
  if (v instanceof Duration) {
    const c = v.withFsp(fsp, trunc).clip();
    if (c.clipped) st.fail(st.outOfRange());
    return c.value;
  }
  if (v instanceof DateTime) return Duration.of(v.hour, v.minute, v.second, v.microsecond, false, 6).withFsp(fsp, trunc);
  let r: { value: Duration | null; warning: boolean; clipped: boolean };
  if (typeof v === 'string' || v instanceof Uint8Array) {
    r = parseDuration(typeof v === 'string' ? v : bytesToString(v), fsp, trunc);
  } else if (typeof v === 'bigint' || typeof v === 'number' || v instanceof Decimal) {
    const text = typeof v === 'number' ? Decimal.fromNumber(v).toString() : v.toString();
    const neg = text.startsWith('-');
    const body = neg ? text.slice(1) : text;
    const dot = body.indexOf('.');
    const intPart = BigInt(dot < 0 ? body : body.slice(0, dot));
    const p = durationFromNumber(intPart, dot < 0 ? '' : body.slice(dot + 1), fsp);
    r = { ...p, value: p.value && neg ? p.value.neg() : p.value };
  } else {
    const n = v.node;
    if (n instanceof Duration || n instanceof DateTime || typeof n === 'string') return storeTime(n, fsp, st);
    r = { value: null, warning: true, clipped: false };
  }
  if (!r.value) {
    if (st.strict) throw st.incorrectTemporal('time', v);
    st.warnAlways(st.truncated());
    return new Duration(0, fsp);
  }
  if (r.clipped) {
    if (st.strict) throw st.incorrectTemporal('time', v);
    st.warnAlways(st.outOfRange());
  } else if (r.warning) {
    st.fail(st.truncated());
  }
  return r.value;
}

/** The UTC instant of a TIMESTAMP wall-clock value in `zone` (for the row codec). */
export function timestampToEpochMicros(v: DateTime, zone: string): bigint {
  return v.isZero() ? 0n : toEpochMicros(v, zone);
}

/** The TIMESTAMP wall-clock value in `zone` of a stored UTC instant. */
export function timestampFromEpochMicros(epochMicros: bigint, zone: string, fsp: number): DateTime {
  if (epochMicros === 0n) return DateTime.zero('timestamp', fsp);
  return (fromEpochMicros(epochMicros, zone, 'timestamp', fsp) ?? DateTime.zero('timestamp', fsp)).withType('timestamp', fsp);
}

export { MAX_TIME_MICROS };
