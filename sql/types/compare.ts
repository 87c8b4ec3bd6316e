// Comparing values: MySQL's implicit casts for predicates, a total order for sorting, and hash
// keys for grouping that agree with that order.
//
// Predicates (`=`, `<`, IN, BETWEEN, CASE x WHEN …) first pick a comparison kind from the two
// operands' static types, as MySQL's Arg_comparator does:
//
//   either operand JSON                         → json      (the other becomes a JSON scalar)
//   both strings (any text/binary/enum/set)     → string    (collation; binary if either is)
//   both integers (incl. YEAR, BIT)             → int       (exact, signed/unsigned safe)
//   DATE/DATETIME/TIMESTAMP with a date, string,
//     number or TIME                            → datetime  (strings parsed as datetimes)
//   TIME with TIME, string or number            → time
//   DECIMAL with DECIMAL or integer             → decimal   (exact)
//   anything else (string vs number, FLOAT …)   → double    ('1x' warns, as MySQL does)
//
// Sorting and grouping (`compareValues`, `hashKey`) work on values of one column or expression,
// whose type is fixed; they give a total order: NULL first, numbers compared exactly across
// bigint / Decimal / double (a double equals a Decimal when its shortest decimal form is that
// Decimal), strings under the collation (trailing spaces ignored for PAD SPACE collations),
// temporals by calendar value, JSON by MySQL's JSON order. Values of different families never
// compare equal (numbers < strings < bytes < datetimes < times < JSON); MySQL groups by the
// expression's type, so the planner casts mixed-type expressions (CASE, UNION) to their result
// type first. Equal under compareValues ⇔ equal hashKey.

import { Decimal } from './decimal.js';
import { DateTime } from './datetime.js';
import { Duration } from './duration.js';
import { JsonValue, compareJson, jsonHashKey } from './json.js';
import { compareStrings, isCaseInsensitive, sortKey } from './collation.js';
import {
  DEFAULT_COLLATION,
  T,
  collationOf,
  isBinaryType,
  isDateType,
  isIntegerType,
  isStringType,
  type SqlType,
} from './column-type.js';
import { bytesToString, enumIndex, setMask, type Value } from './value.js';
import { toDateTime, toDecimal, toDouble, toDuration, toInteger, toJsonNode, toStringValue, type ConvertContext } from './convert.js';

export type CompareKind = 'int' | 'decimal' | 'double' | 'string' | 'binary' | 'datetime' | 'time' | 'json';

function isIntLike(t: SqlType): boolean {
  return isIntegerType(t) || t.kind === 'year' || t.kind === 'bit';
}

function isNumberLike(t: SqlType): boolean {
  return isIntLike(t) || t.kind === 'decimal' || t.kind === 'float' || t.kind === 'double';
}

/** An ENUM/SET value in numeric context: its 1-based index / bit mask (MySQL's rule). */
export function enumNumber(v: Value, t: SqlType | undefined): Value {
  if (t === undefined || (t.kind !== 'enum' && t.kind !== 'set') || typeof v !== 'string') return v;
  const ci = isCaseInsensitive(t.collation);
  if (t.kind === 'enum') return BigInt(enumIndex(t.elements, v, ci) ?? 0);
  return setMask(t.elements, v, ci) ?? 0n;
}

/** MySQL's choice of how to compare two operands of these types. */
export function comparisonKind(a: SqlType, b: SqlType): CompareKind {
  if (a.kind === 'null') return comparisonKind(b.kind === 'null' ? { kind: 'bigint', unsigned: false, nullable: true } : b, b.kind === 'null' ? { kind: 'bigint', unsigned: false, nullable: true } : b);
  if (b.kind === 'null') return comparisonKind(a, a);
  if (a.kind === 'json' || b.kind === 'json') return 'json';
  // ENUM/SET against a number compares the index (bit mask), as an integer.
  if ((a.kind === 'enum' || a.kind === 'set') && isNumberLike(b)) return comparisonKind(T.bigint({ unsigned: true }), b);
  if ((b.kind === 'enum' || b.kind === 'set') && isNumberLike(a)) return comparisonKind(a, T.bigint({ unsigned: true }));
  if (isStringType(a) && isStringType(b)) return isBinaryType(a) || isBinaryType(b) ? 'binary' : 'string';
  const aDate = isDateType(a);
  const bDate = isDateType(b);
  if (aDate || bDate) {
    // Dates against dates, TIMEs, strings and numbers all compare as DATETIME.
    return 'datetime';
  }
  if (a.kind === 'time' || b.kind === 'time') {
    return 'time';
  }
  if (isIntLike(a) && isIntLike(b)) return 'int';
  const aExact = isIntLike(a) || a.kind === 'decimal';
  const bExact = isIntLike(b) || b.kind === 'decimal';
  if (aExact && bExact) return 'decimal';
  return 'double';
}

/** The collation a string comparison of these operands uses: the first non-default one wins
 *  (a column's collation beats a literal's, which is the default). Binary beats everything. */
export function comparisonCollation(a: SqlType, b: SqlType): string {
  const ca = collationOf(a);
  const cb = collationOf(b);
  if (ca === 'binary' || cb === 'binary') return 'binary';
  if (ca !== undefined && ca !== DEFAULT_COLLATION) return ca;
  if (cb !== undefined && cb !== DEFAULT_COLLATION) return cb;
  return ca ?? cb ?? DEFAULT_COLLATION;
}

function cmp<T extends number | bigint>(x: T, y: T): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

function toBytes(v: Value, type?: SqlType): Buffer {
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  return Buffer.from(toStringValue(v, type) ?? '', 'utf8');
}

/** Compares two values the way a predicate with this kind does; null if either is NULL (or
 *  does not convert, e.g. an invalid date string in datetime comparison). */
export function compareAs(
  kind: CompareKind,
  a: Value,
  b: Value,
  cx: ConvertContext,
  collation: string = DEFAULT_COLLATION,
  types?: readonly [SqlType | undefined, SqlType | undefined],
): number | null {
  if (a === null || b === null) return null;
  if (kind === 'int' || kind === 'decimal' || kind === 'double') {
    a = enumNumber(a, types?.[0]);
    b = enumNumber(b, types?.[1]);
  }
  switch (kind) {
    case 'int': {
      const x = toInteger(a, cx, { unsigned: typeof a === 'bigint' && a > 0n });
      const y = toInteger(b, cx, { unsigned: typeof b === 'bigint' && b > 0n });
      if (x === null || y === null) return null;
      return cmp(x, y);
    }
    case 'decimal': {
      if (typeof a === 'bigint' && typeof b === 'bigint') return cmp(a, b);
      const x = toDecimal(a, cx);
      const y = toDecimal(b, cx);
      if (x === null || y === null) return null;
      return x.compare(y);
    }
    case 'double': {
      if (typeof a === 'bigint' && typeof b === 'bigint') return cmp(a, b);
      const x = toDouble(a, cx);
      const y = toDouble(b, cx);
      if (x === null || y === null) return null;
      return cmp(x, y);
    }
    case 'string': {
      const x = toStringValue(a, types?.[0]);
      const y = toStringValue(b, types?.[1]);
      if (x === null || y === null) return null;
      return compareStrings(x, y, collation);
    }
    case 'binary':
      return Math.sign(Buffer.compare(toBytes(a, types?.[0]), toBytes(b, types?.[1])));
    case 'datetime': {
      const x = toDateTime(a, cx, 'datetime', 6);
      const y = toDateTime(b, cx, 'datetime', 6);
      if (x === null || y === null) return null;
      return Math.sign(x.compare(y));
    }
    case 'time': {
      const x = toDuration(a, cx, 6);
      const y = toDuration(b, cx, 6);
      if (x === null || y === null) return null;
      return Math.sign(x.compare(y));
    }
    case 'json': {
      const x = a instanceof JsonValue ? a.node : toJsonNode(a, types?.[0]);
      const y = b instanceof JsonValue ? b.node : toJsonNode(b, types?.[1]);
      return compareJson(x, y);
    }
  }
}

// ---- total order -----------------------------------------------------------------------------------

function family(v: Value): number {
  if (v === null) return 0;
  switch (typeof v) {
    case 'bigint':
    case 'number':
      return 1;
    case 'string':
      return 2;
  }
  if (v instanceof Decimal) return 1;
  if (v instanceof Uint8Array) return 3;
  if (v instanceof DateTime) return 4;
  if (v instanceof Duration) return 5;
  return 6;
}

function asDecimal(v: bigint | number | Decimal): Decimal {
  if (typeof v === 'bigint') return Decimal.fromBigInt(v);
  if (typeof v === 'number') return Decimal.fromNumber(v);
  return v;
}

/** Exact numeric comparison across bigint, double and Decimal. */
export function compareNumeric(a: bigint | number | Decimal, b: bigint | number | Decimal): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return cmp(a, b);
  if (typeof a === 'number' && typeof b === 'number') return cmp(a, b);
  if (typeof a === 'number' && !Number.isFinite(a)) return a > 0 ? 1 : -1;
  if (typeof b === 'number' && !Number.isFinite(b)) return b > 0 ? -1 : 1;
  return asDecimal(a).compare(asDecimal(b));
}

/** Total order for ORDER BY, MIN/MAX and sort-based grouping (NULL first). */
export function compareValues(a: Value, b: Value, collation: string = DEFAULT_COLLATION): number {
  const fa = family(a);
  const fb = family(b);
  if (fa !== fb) return fa < fb ? -1 : 1;
  switch (fa) {
    case 0:
      return 0;
    case 1:
      return compareNumeric(a as bigint | number | Decimal, b as bigint | number | Decimal);
    case 2:
      return compareStrings(a as string, b as string, collation);
    case 3:
      return Math.sign(Buffer.compare(a as Uint8Array, b as Uint8Array));
    case 4:
      return Math.sign((a as DateTime).compare(b as DateTime));
    case 5:
      return Math.sign((a as Duration).compare(b as Duration));
    default:
      return compareJson((a as JsonValue).node, (b as JsonValue).node);
  }
}

/** Order of two values of one column or expression of type `t`: ENUM by index and SET by bit
 *  mask (as ORDER BY does in MySQL), strings under the type's collation, the rest as
 *  compareValues. */
export function compareTyped(a: Value, b: Value, t: SqlType): number {
  if (t.kind === 'enum' || t.kind === 'set') return compareValues(enumNumber(a, t), enumNumber(b, t));
  return compareValues(a, b, collationOf(t) ?? DEFAULT_COLLATION);
}

/** Hash key of a value of type `t` (collation-aware); equal ⇔ compareTyped(...) === 0. */
export function hashKeyTyped(v: Value, t: SqlType): string {
  if (t.kind === 'enum' || t.kind === 'set') return hashKey(enumNumber(v, t));
  return hashKey(v, collationOf(t) ?? DEFAULT_COLLATION);
}

/** Canonical text of a number, equal for numerically equal values. */
function numberKey(v: bigint | number | Decimal): string {
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') {
    if (Object.is(v, -0)) return '0';
    if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
    if (Number.isInteger(v)) return BigInt(v).toString();
    return Decimal.fromNumber(v).normalize().toString();
  }
  const n = v.normalize();
  return n.toString();
}

/** GROUP BY / DISTINCT / hash join key: equal keys ⇔ compareValues(...) === 0. */
export function hashKey(v: Value, collation: string = DEFAULT_COLLATION): string {
  if (v === null) return '\u0000N';
  switch (typeof v) {
    case 'bigint':
    case 'number':
      return 'n' + numberKey(v);
    case 'string':
      return 's' + sortKey(v, collation);
  }
  if (v instanceof Decimal) return 'n' + numberKey(v);
  if (v instanceof Uint8Array) return 'b' + Buffer.from(v).toString('latin1');
  if (v instanceof DateTime) return 'd' + v.packed().toString(36);
  if (v instanceof Duration) return 't' + v.micros.toString(36);
  return 'j' + jsonHashKey(v.node);
}

/** Hash key of a tuple (multi-column GROUP BY, COUNT(DISTINCT a, b)). */
export function tupleHashKey(values: readonly Value[], collations?: readonly (string | undefined)[]): string {
  let out = '';
  for (let i = 0; i < values.length; i++) {
    const k = hashKey(values[i] ?? null, collations?.[i] ?? DEFAULT_COLLATION);
    out += k.length.toString(36) + ':' + k;
  }
  return out;
}

/** Text of a value for messages that quote it (1062 duplicate entry 'a-b'). */
export function entryText(values: readonly Value[], types?: readonly (SqlType | undefined)[]): string {
  return values
    .map((v, i) => (v === null ? 'NULL' : v instanceof Uint8Array ? bytesToString(v) : toStringValue(v, types?.[i]) ?? 'NULL'))
    .join('-');
}
