// The values that cross the wire, and their two encodings.
//
// WireValue is the wire layer's own small union, independent of sql/types (which wire/ may not
// import): the session layer maps its runtime values onto it —
//
//   sql/types Value          WireValue
//   null                     null
//   bigint                   bigint
//   number (FLOAT, DOUBLE)   number
//   Decimal                  string (its text, e.g. "12.50")
//   string                   string
//   Uint8Array               Uint8Array
//   DateTime                 WireDateTime {kind 'date'|'datetime', year … microsecond}
//   Duration                 WireTime {kind 'time', negative, days, hours … microseconds}
//   JsonValue                string (its text)
//
// Text protocol: every value is a length-encoded string (NULL is the single byte 0xFB).
// Binary protocol: the form is chosen by the column type: integers by width (1/2/4/8 bytes),
// FLOAT 4 bytes, DOUBLE 8 bytes, DATE/DATETIME/TIMESTAMP as a length byte (0, 4, 7 or 11) and
// year(2) month day hour minute second microsecond(4), TIME as a length byte (0, 8 or 12) and
// negative(1) days(4) hours minutes seconds microseconds(4); everything else (DECIMAL, strings,
// blobs, BIT, ENUM, SET, JSON, GEOMETRY) a length-encoded string.

import { ColumnType } from './constants.js';
import { MalformedPacketError } from './errors.js';
import type { PayloadWriter } from './packet-writer.js';
import type { PayloadReader } from './payload-reader.js';

export interface WireDateTime {
  readonly kind: 'date' | 'datetime';
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly microsecond: number;
}

export interface WireTime {
  readonly kind: 'time';
  readonly negative: boolean;
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
  readonly microseconds: number;
}

export type WireValue = null | bigint | number | string | Uint8Array | WireDateTime | WireTime;

export function isDateTime(v: WireValue): v is WireDateTime {
  return typeof v === 'object' && v !== null && !(v instanceof Uint8Array) && v.kind !== 'time';
}

export function isTime(v: WireValue): v is WireTime {
  return typeof v === 'object' && v !== null && !(v instanceof Uint8Array) && v.kind === 'time';
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

function fraction(micro: number, decimals: number): string {
  const d = Math.min(Math.max(decimals, 0), 6);
  if (d === 0) return '';
  return '.' + pad(micro, 6).slice(0, d);
}

/** MySQL's text form of a date/datetime; `decimals` = fractional digits shown (0–6). */
export function formatDateTime(v: WireDateTime, decimals = 0): string {
  const date = `${pad(v.year, 4)}-${pad(v.month, 2)}-${pad(v.day, 2)}`;
  if (v.kind === 'date') return date;
  return `${date} ${pad(v.hour, 2)}:${pad(v.minute, 2)}:${pad(v.second, 2)}${fraction(v.microsecond, decimals)}`;
}

/** MySQL's text form of a TIME: [-]HHH:MM:SS[.ffffff], hours including the days. */
export function formatTime(v: WireTime, decimals = 0): string {
  const hours = v.days * 24 + v.hours;
  return `${v.negative ? '-' : ''}${pad(hours, 2)}:${pad(v.minutes, 2)}:${pad(v.seconds, 2)}${fraction(v.microseconds, decimals)}`;
}

const DATETIME_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,6}))?)?$/;
const TIME_RE = /^(-)?(\d+):(\d{1,2}):(\d{1,2})(?:\.(\d{1,6}))?$/;

/** Parse 'YYYY-MM-DD[ HH:MM:SS[.ffffff]]'; undefined when the text is not in that form. */
export function parseDateTime(text: string): WireDateTime | undefined {
  const m = DATETIME_RE.exec(text.trim());
  if (!m) return undefined;
  const n = (i: number): number => Number(m[i] ?? 0);
  return {
    kind: m[4] === undefined ? 'date' : 'datetime',
    year: n(1),
    month: n(2),
    day: n(3),
    hour: n(4),
    minute: n(5),
    second: n(6),
    microsecond: m[7] === undefined ? 0 : Number(m[7].padEnd(6, '0')),
  };
}

/** Parse '[-]H:MM:SS[.ffffff]' (hours may exceed 24); undefined when not in that form. */
export function parseTime(text: string): WireTime | undefined {
  const m = TIME_RE.exec(text.trim());
  if (!m) return undefined;
  const totalHours = Number(m[2]);
  return {
    kind: 'time',
    negative: m[1] === '-',
    days: Math.floor(totalHours / 24),
    hours: totalHours % 24,
    minutes: Number(m[3]),
    seconds: Number(m[4]),
    microseconds: m[5] === undefined ? 0 : Number(m[5].padEnd(6, '0')),
  };
}

/** The text-protocol form of a value (null stays null). `decimals` applies to temporals. */
export function valueToText(v: WireValue, decimals = 0): string | Uint8Array | null {
  if (v === null) return null;
  if (typeof v === 'string' || v instanceof Uint8Array) return v;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null; // MySQL has no NaN/Infinity
  if (v.kind === 'time') return formatTime(v, decimals);
  return formatDateTime(v, decimals);
}

function toBigInt(v: WireValue, what: string): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new MalformedPacketError(`${what}: not a finite number`);
    return BigInt(Math.trunc(v));
  }
  const text = typeof v === 'string' ? v : v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : undefined;
  if (text !== undefined && /^\s*[-+]?\d+\s*$/.test(text)) return BigInt(text.trim());
  throw new MalformedPacketError(`${what}: value is not an integer`);
}

function toNumber(v: WireValue, what: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  const text = typeof v === 'string' ? v : v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : undefined;
  const n = text === undefined ? NaN : Number(text);
  if (Number.isNaN(n)) throw new MalformedPacketError(`${what}: value is not a number`);
  return n;
}

function toDateTime(v: WireValue, what: string): WireDateTime {
  if (isDateTime(v)) return v;
  if (typeof v === 'string') {
    const d = parseDateTime(v);
    if (d) return d;
  }
  throw new MalformedPacketError(`${what}: value is not a date/datetime`);
}

function toTime(v: WireValue, what: string): WireTime {
  if (isTime(v)) return v;
  if (typeof v === 'string') {
    const t = parseTime(v);
    if (t) return t;
  }
  throw new MalformedPacketError(`${what}: value is not a time`);
}

/** Binary DATE/DATETIME/TIMESTAMP: the shortest of the 0/4/7/11-byte forms that holds the value. */
export function writeBinaryDateTime(w: PayloadWriter, d: WireDateTime): void {
  const hasTime = d.kind === 'datetime' && (d.hour !== 0 || d.minute !== 0 || d.second !== 0);
  const hasMicro = d.kind === 'datetime' && d.microsecond !== 0;
  if (!hasTime && !hasMicro && d.year === 0 && d.month === 0 && d.day === 0) {
    w.int1(0);
    return;
  }
  const len = hasMicro ? 11 : hasTime ? 7 : 4;
  w.int1(len).int2(d.year).int1(d.month).int1(d.day);
  if (len >= 7) w.int1(d.hour).int1(d.minute).int1(d.second);
  if (len === 11) w.int4(d.microsecond);
}

/** Binary TIME: the shortest of the 0/8/12-byte forms that holds the value. */
export function writeBinaryTime(w: PayloadWriter, t: WireTime): void {
  if (t.days === 0 && t.hours === 0 && t.minutes === 0 && t.seconds === 0 && t.microseconds === 0) {
    w.int1(0);
    return;
  }
  const len = t.microseconds !== 0 ? 12 : 8;
  w.int1(len).int1(t.negative ? 1 : 0).int4(t.days).int1(t.hours).int1(t.minutes).int1(t.seconds);
  if (len === 12) w.int4(t.microseconds);
}

/** Write a non-NULL value in the binary protocol form of `type`. */
export function writeBinaryValue(w: PayloadWriter, type: number, v: WireValue): void {
  const what = `binary value of type 0x${type.toString(16)}`;
  switch (type) {
    case ColumnType.TINY:
      w.int1(Number(BigInt.asUintN(8, toBigInt(v, what))));
      return;
    case ColumnType.SHORT:
    case ColumnType.YEAR:
      w.int2(Number(BigInt.asUintN(16, toBigInt(v, what))));
      return;
    case ColumnType.LONG:
    case ColumnType.INT24:
      w.int4(Number(BigInt.asUintN(32, toBigInt(v, what))));
      return;
    case ColumnType.LONGLONG:
      w.int8(BigInt.asUintN(64, toBigInt(v, what)));
      return;
    case ColumnType.FLOAT:
      w.float4(toNumber(v, what));
      return;
    case ColumnType.DOUBLE:
      w.float8(toNumber(v, what));
      return;
    case ColumnType.DATE:
    case ColumnType.DATETIME:
    case ColumnType.TIMESTAMP:
    case ColumnType.NEWDATE:
      writeBinaryDateTime(w, toDateTime(v, what));
      return;
    case ColumnType.TIME:
      writeBinaryTime(w, toTime(v, what));
      return;
    default: {
      const text = valueToText(v, 6);
      w.lenencString(text ?? '');
    }
  }
}

/** Read a binary DATE/DATETIME/TIMESTAMP (0/4/7/11 bytes after the length byte). */
export function readBinaryDateTime(r: PayloadReader, kind: 'date' | 'datetime'): WireDateTime {
  const len = r.int1('datetime length');
  if (len !== 0 && len !== 4 && len !== 7 && len !== 11) throw new MalformedPacketError(`datetime: invalid length ${len}`);
  const year = len >= 4 ? r.int2('year') : 0;
  const month = len >= 4 ? r.int1('month') : 0;
  const day = len >= 4 ? r.int1('day') : 0;
  const hour = len >= 7 ? r.int1('hour') : 0;
  const minute = len >= 7 ? r.int1('minute') : 0;
  const second = len >= 7 ? r.int1('second') : 0;
  const microsecond = len === 11 ? r.int4('microsecond') : 0;
  return { kind, year, month, day, hour, minute, second, microsecond };
}

/** Read a binary TIME (0/8/12 bytes after the length byte). */
export function readBinaryTime(r: PayloadReader): WireTime {
  const len = r.int1('time length');
  if (len !== 0 && len !== 8 && len !== 12) throw new MalformedPacketError(`time: invalid length ${len}`);
  if (len === 0) return { kind: 'time', negative: false, days: 0, hours: 0, minutes: 0, seconds: 0, microseconds: 0 };
  const negative = r.int1('time sign') === 1;
  const days = r.int4('days');
  const hours = r.int1('hours');
  const minutes = r.int1('minutes');
  const seconds = r.int1('seconds');
  const microseconds = len === 12 ? r.int4('microseconds') : 0;
  return { kind: 'time', negative, days, hours, minutes, seconds, microseconds };
}

/** Column types whose binary and parameter form is raw bytes (not text). */
export function isBinaryStringType(type: number): boolean {
  return (
    type === ColumnType.TINY_BLOB ||
    type === ColumnType.MEDIUM_BLOB ||
    type === ColumnType.LONG_BLOB ||
    type === ColumnType.BLOB ||
    type === ColumnType.GEOMETRY ||
    type === ColumnType.BIT
  );
}

/** Read one binary-protocol value of `type` (a parameter of COM_STMT_EXECUTE, or a binary row cell). */
export function readBinaryValue(r: PayloadReader, type: number, unsigned: boolean): WireValue {
  switch (type) {
    case ColumnType.NULL:
      return null;
    case ColumnType.TINY:
      return BigInt(unsigned ? r.int1('tiny') : r.sint1('tiny'));
    case ColumnType.SHORT:
    case ColumnType.YEAR:
      return BigInt(unsigned ? r.int2('short') : r.sint2('short'));
    case ColumnType.LONG:
    case ColumnType.INT24:
      return BigInt(unsigned ? r.int4('long') : r.sint4('long'));
    case ColumnType.LONGLONG:
      return unsigned ? r.int8('longlong') : r.sint8('longlong');
    case ColumnType.FLOAT:
      return r.float4('float');
    case ColumnType.DOUBLE:
      return r.float8('double');
    case ColumnType.DATE:
    case ColumnType.NEWDATE:
      return readBinaryDateTime(r, 'date');
    case ColumnType.DATETIME:
    case ColumnType.TIMESTAMP:
      return readBinaryDateTime(r, 'datetime');
    case ColumnType.TIME:
      return readBinaryTime(r);
    case ColumnType.DECIMAL:
    case ColumnType.NEWDECIMAL:
    case ColumnType.VARCHAR:
    case ColumnType.VAR_STRING:
    case ColumnType.STRING:
    case ColumnType.ENUM:
    case ColumnType.SET:
    case ColumnType.JSON:
      return r.lenencString('string value');
    case ColumnType.TINY_BLOB:
    case ColumnType.MEDIUM_BLOB:
    case ColumnType.LONG_BLOB:
    case ColumnType.BLOB:
    case ColumnType.GEOMETRY:
    case ColumnType.BIT:
      return Uint8Array.from(r.lenencBytes('bytes value'));
    default:
      throw new MalformedPacketError(`unknown parameter type 0x${type.toString(16)}`);
  }
}
