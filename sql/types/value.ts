// Value: what one SQL datum is at run time, and its text form as MySQL prints it.
//
//   NULL                          null
//   integers (all widths, YEAR,   bigint        full signed/unsigned 64-bit range, exact
//     BIT, BOOLEAN)
//   FLOAT, DOUBLE                 number
//   DECIMAL                       Decimal       exact, carries its scale
//   CHAR/VARCHAR/TEXT, ENUM, SET  string        (ENUM/SET as their text; see enum helpers)
//   BINARY/VARBINARY/BLOB         Uint8Array    (Buffers are Uint8Arrays)
//   DATE, DATETIME, TIMESTAMP     DateTime      (knows its kind and fsp)
//   TIME                          Duration
//   JSON                          JsonValue
//
// The static type of an expression (SqlType) travels beside the value, in the plan; a value
// alone does not say whether 5n is an INT or a BIGINT UNSIGNED. `typeOfValue` gives the
// narrowest type a lone value implies (used for literals and in tests).

import { encodeEscapedUtf8 } from '../../util/escaped-utf8.js';
import { Decimal } from './decimal.js';
import { DateTime } from './datetime.js';
import { Duration } from './duration.js';
import { JsonValue } from './json.js';
import { formatDouble, formatDoubleFixed, formatFloat } from './number-format.js';
import { T, type SqlType } from './column-type.js';
import { charLength } from './collation.js';

export type Value = null | bigint | number | Decimal | string | Uint8Array | DateTime | Duration | JsonValue;

export function isNull(v: Value): v is null {
  return v === null;
}

export function isBytes(v: Value): v is Uint8Array {
  return v instanceof Uint8Array;
}

export function isNumberValue(v: Value): v is bigint | number | Decimal {
  return typeof v === 'bigint' || typeof v === 'number' || v instanceof Decimal;
}

const I64_MAX = 2n ** 63n - 1n;

/** The type a lone value implies: 1n → BIGINT, 1.5 → DOUBLE, Decimal 1.50 → DECIMAL(3,2) … */
export function typeOfValue(v: Value): SqlType {
  if (v === null) return T.null();
  switch (typeof v) {
    case 'bigint': {
      const t = T.bigint({ unsigned: v > I64_MAX, nullable: false });
      return t;
    }
    case 'number':
      return T.double({ nullable: false });
    case 'string':
      return T.varchar(Math.max(charLength(v), 1), { nullable: false });
  }
  if (v instanceof Decimal) return T.decimal(Math.max(v.precision(), v.scale, 1), v.scale, { nullable: false });
  if (v instanceof DateTime) {
    if (v.type === 'date') return T.date({ nullable: false });
    return v.type === 'timestamp' ? T.timestamp(v.fsp, { nullable: false }) : T.datetime(v.fsp, { nullable: false });
  }
  if (v instanceof Duration) return T.time(v.fsp, { nullable: false });
  if (v instanceof JsonValue) return T.json({ nullable: false });
  return T.varbinary(Math.max(v.length, 1), { nullable: false });
}

const utf8Decoder = new TextDecoder('utf-8');

/** Bytes as text (invalid UTF-8 becomes U+FFFD). */
export function bytesToString(b: Uint8Array): string {
  return utf8Decoder.decode(b);
}

/** Whether bytes are valid UTF-8 (inserting binary into a utf8mb4 column needs it). */
export function isValidUtf8(b: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}

/** The text MySQL shows for a value (result sets, CAST AS CHAR, CONCAT). With `type`, numbers
 *  and temporals are shown as that type shows them: DECIMAL(10,2) → 2 digits, FLOAT → 6
 *  significant digits, DATETIME(3) → 3 fraction digits. NULL gives null. */
export function valueToString(v: Value, type?: SqlType): string | null {
  if (v === null) return null;
  switch (typeof v) {
    case 'bigint':
      if (type && type.kind === 'year') return v === 0n ? '0000' : v.toString().padStart(4, '0');
      if (type && 'zerofill' in type && type.zerofill && 'displayWidth' in type && type.displayWidth !== undefined) {
        return v.toString().padStart(type.displayWidth, '0');
      }
      return v.toString();
    case 'number':
      if (type && (type.kind === 'float' || type.kind === 'double') && type.scale !== undefined) return formatDoubleFixed(v, type.scale);
      if (type && type.kind === 'float') return formatFloat(v);
      return formatDouble(v);
    case 'string':
      return v;
  }
  if (v instanceof Decimal) {
    if (type && type.kind === 'decimal') {
      const s = v.toFixed(type.scale);
      if (type.zerofill) {
        const width = type.precision + (type.scale > 0 ? 1 : 0);
        return s.padStart(width, '0');
      }
      return s;
    }
    return v.toString();
  }
  if (v instanceof DateTime) {
    if (type && (type.kind === 'datetime' || type.kind === 'timestamp')) return v.withType(type.kind, type.fsp).toString();
    if (type && type.kind === 'date') return v.toDate().toString();
    return v.toString();
  }
  if (v instanceof Duration) {
    if (type && type.kind === 'time') return v.withFsp(type.fsp).toString();
    return v.toString();
  }
  if (v instanceof JsonValue) return v.toString();
  return bytesToString(v);
}

/** Bytes of a value as a binary string (BINARY/VARBINARY/BLOB context). */
export function valueToBytes(v: Value, type?: SqlType): Uint8Array | null {
  if (v === null) return null;
  if (v instanceof Uint8Array) return v;
  return encodeEscapedUtf8(valueToString(v, type) ?? '');
}

/** A printable form for error messages: strings as-is, bytes as text when printable. */
export function valueForMessage(v: Value, type?: SqlType): string {
  if (v === null) return 'NULL';
  if (v instanceof Uint8Array) {
    const s = bytesToString(v);
    return /^[\x20-\x7e]*$/.test(s) ? s : '0x' + Buffer.from(v).toString('hex').toUpperCase();
  }
  return valueToString(v, type) ?? 'NULL';
}

// ---- ENUM and SET helpers --------------------------------------------------------------------------

/** 1-based index of an ENUM value (0 for the '' error value, null when not an element). */
export function enumIndex(elements: readonly string[], value: string, caseInsensitive = true): number | null {
  if (value === '') return elements.indexOf('') >= 0 ? elements.indexOf('') + 1 : 0;
  const v = value.replace(/ +$/, '');
  for (let i = 0; i < elements.length; i++) {
    const e = (elements[i] as string).replace(/ +$/, '');
    if (caseInsensitive ? e.toLowerCase() === v.toLowerCase() : e === v) return i + 1;
  }
  return null;
}

/** The element at a 1-based index ('' for 0, null when out of range). */
export function enumValueAt(elements: readonly string[], index: number): string | null {
  if (index === 0) return '';
  return elements[index - 1] ?? null;
}

/** Bit mask of a SET value ('a,c' → 0b101), or null if some member is not an element. */
export function setMask(elements: readonly string[], value: string, caseInsensitive = true): bigint | null {
  if (value === '') return 0n;
  let mask = 0n;
  for (const part of value.split(',')) {
    const i = enumIndex(elements, part, caseInsensitive);
    if (i === null || i === 0) return null;
    mask |= 1n << BigInt(i - 1);
  }
  return mask;
}

/** The canonical text of a SET mask: members in definition order, comma-separated. */
export function setFromMask(elements: readonly string[], mask: bigint): string {
  const out: string[] = [];
  elements.forEach((e, i) => {
    if (mask & (1n << BigInt(i))) out.push(e);
  });
  return out.join(',');
}
