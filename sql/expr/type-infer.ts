// Result types of expressions, by MySQL's rules, and the conversion of a value to such a type.
//
// Arithmetic (Item_num_op): an operand is classed as
//   int      integer types, YEAR, BIT, DATE and fsp-0 DATETIME/TIMESTAMP/TIME (as 20240102…)
//   decimal  DECIMAL, and temporals with fractional seconds
//   double   FLOAT, DOUBLE, strings, JSON (strings are read as doubles)
// and the operation takes the highest class: any double → DOUBLE; else any decimal → DECIMAL
// with MySQL's precision/scale; else BIGINT (UNSIGNED when an operand is unsigned). `/` of
// exact values is DECIMAL with scale s1 + div_precision_increment.
//
// Merging (CASE, IF, IFNULL, COALESCE, GREATEST, UNION columns; MySQL's aggregate_type): NULL
// types are ignored; numbers merge upward (int → decimal → double); DATE with DATETIME is
// DATETIME; strings with anything non-string are VARCHAR long enough for both; JSON with JSON
// stays JSON. `coerceToType` converts a branch's value to the merged type.

import {
  T,
  columnDisplayLength,
  integerPrecision,
  isBinaryType,
  isDateType,
  isFloatType,
  isIntegerType,
  isStringType,
  isTextType,
  type IntKind,
  type SqlType,
} from '../types/column-type.js';
import { MAX_DECIMAL_PRECISION, MAX_DECIMAL_SCALE, Decimal } from '../types/decimal.js';
import { DateTime } from '../types/datetime.js';
import { Duration } from '../types/duration.js';
import { JsonValue } from '../types/json.js';
import {
  toDateTime,
  toDecimal,
  toDouble,
  toDuration,
  toInteger,
  toJsonNode,
  type ConvertContext,
} from '../types/convert.js';
import { valueToBytes, valueToString, type Value } from '../types/value.js';

export type NumClass = 'int' | 'decimal' | 'double';

/** How an operand of this type takes part in arithmetic. */
export function numClass(t: SqlType): NumClass {
  if (isIntegerType(t) || t.kind === 'year' || t.kind === 'bit' || t.kind === 'null') return 'int';
  if (t.kind === 'decimal') return 'decimal';
  if (t.kind === 'date' || t.kind === 'enum' || t.kind === 'set') return 'int';
  if (t.kind === 'datetime' || t.kind === 'timestamp' || t.kind === 'time') return t.fsp > 0 ? 'decimal' : 'int';
  return 'double';
}

export function isUnsignedType(t: SqlType): boolean {
  return (isIntegerType(t) || t.kind === 'decimal') && t.unsigned;
}

/** (precision, scale) of an operand seen as a decimal (MySQL decimal_precision/decimals). */
export function decimalShape(t: SqlType): { precision: number; scale: number } {
  if (t.kind === 'decimal') return { precision: t.precision, scale: t.scale };
  if (isIntegerType(t)) return { precision: t.displayWidth !== undefined && t.isBoolean ? 1 : integerPrecision(t.kind, t.unsigned), scale: 0 };
  if (t.kind === 'year') return { precision: 4, scale: 0 };
  if (t.kind === 'bit') return { precision: Math.ceil((t.width * 3) / 10) + 1, scale: 0 };
  if (t.kind === 'date') return { precision: 8, scale: 0 };
  if (t.kind === 'datetime' || t.kind === 'timestamp') return { precision: 14 + t.fsp, scale: t.fsp };
  if (t.kind === 'time') return { precision: 7 + t.fsp, scale: t.fsp };
  if (t.kind === 'null') return { precision: 1, scale: 0 };
  if (t.kind === 'enum') return { precision: 5, scale: 0 };
  if (t.kind === 'set') return { precision: 20, scale: 0 };
  if (isFloatType(t)) return { precision: 17, scale: t.scale ?? 6 };
  return { precision: MAX_DECIMAL_PRECISION, scale: 6 };
}

export type ArithOp = '+' | '-' | '*' | '/' | 'div' | '%';

/** Result type of a binary arithmetic operator. */
export function arithmeticType(op: ArithOp, a: SqlType, b: SqlType, divIncrement = 4): SqlType {
  const nullable = a.nullable || b.nullable || op === '/' || op === 'div' || op === '%';
  const ca = numClass(a);
  const cb = numClass(b);
  if (op === 'div') return T.bigint({ unsigned: isUnsignedType(a) || isUnsignedType(b), nullable });
  if (ca === 'double' || cb === 'double') return T.double({ nullable });
  const sa = decimalShape(a);
  const sb = decimalShape(b);
  if (op === '/') {
    const scale = Math.min(sa.scale + divIncrement, MAX_DECIMAL_SCALE);
    const precision = Math.min(sa.precision + sb.scale + divIncrement, MAX_DECIMAL_PRECISION);
    return T.decimal(Math.max(precision, scale), scale, { nullable });
  }
  if (ca === 'decimal' || cb === 'decimal') {
    let scale: number;
    let precision: number;
    switch (op) {
      case '+':
      case '-':
        scale = Math.max(sa.scale, sb.scale);
        precision = Math.max(sa.precision - sa.scale, sb.precision - sb.scale) + 1 + scale;
        break;
      case '*':
        scale = Math.min(sa.scale + sb.scale, MAX_DECIMAL_SCALE);
        precision = sa.precision + sb.precision;
        break;
      default: // %
        scale = Math.max(sa.scale, sb.scale);
        precision = Math.max(sa.precision - sa.scale, sb.precision - sb.scale) + scale;
    }
    return T.decimal(Math.min(Math.max(precision, scale, 1), MAX_DECIMAL_PRECISION), scale, { nullable });
  }
  const unsigned = isUnsignedType(a) || isUnsignedType(b);
  if (op === '%') return T.bigint({ unsigned: isUnsignedType(a), nullable });
  return T.bigint({ unsigned, nullable });
}

// ---- merging ---------------------------------------------------------------------------------------

const INT_ORDER: readonly IntKind[] = ['tinyint', 'smallint', 'mediumint', 'int', 'bigint'];

function stringLengthOf(t: SqlType): number {
  if (isTextType(t) || isBinaryType(t)) return t.length;
  if (t.kind === 'enum' || t.kind === 'set') return columnDisplayLength(t) / 4;
  return columnDisplayLength(t);
}

/** The type several alternatives (CASE branches, IFNULL args, UNION columns) merge to. */
export function mergeTypes(types: readonly SqlType[]): SqlType {
  const nullable = types.some((t) => t.nullable || t.kind === 'null');
  const real = types.filter((t) => t.kind !== 'null');
  if (real.length === 0) return T.null();
  const first = real[0] as SqlType;
  if (real.length === 1) return { ...first, nullable };
  if (real.every((t) => t.kind === 'json')) return T.json({ nullable });
  const allNumeric = real.every((t) => isIntegerType(t) || t.kind === 'decimal' || isFloatType(t) || t.kind === 'year' || t.kind === 'bit');
  if (allNumeric) {
    if (real.some((t) => isFloatType(t))) {
      return real.every((t) => t.kind === 'float') ? T.float({ nullable }) : T.double({ nullable });
    }
    if (real.some((t) => t.kind === 'decimal') || (real.some((t) => isUnsignedType(t) && isIntegerType(t) && t.kind === 'bigint') && real.some((t) => !isUnsignedType(t)))) {
      let intDigits = 0;
      let scale = 0;
      for (const t of real) {
        const s = decimalShape(t);
        intDigits = Math.max(intDigits, s.precision - s.scale);
        scale = Math.max(scale, s.scale);
      }
      return T.decimal(Math.min(intDigits + scale, MAX_DECIMAL_PRECISION), Math.min(scale, MAX_DECIMAL_SCALE), { nullable });
    }
    let widest = 0;
    for (const t of real) {
      const k: IntKind = isIntegerType(t) ? t.kind : t.kind === 'year' ? 'smallint' : 'bigint';
      widest = Math.max(widest, INT_ORDER.indexOf(k));
    }
    const allUnsigned = real.every((t) => isUnsignedType(t));
    const mixed = !allUnsigned && real.some((t) => isUnsignedType(t));
    let kind = INT_ORDER[widest] as IntKind;
    if (mixed && widest < 4) kind = INT_ORDER[widest + 1] as IntKind;
    const isBoolean = real.every((t) => isIntegerType(t) && t.isBoolean);
    const out = { kind, unsigned: allUnsigned, nullable } as const;
    return isBoolean ? T.bool(nullable) : out;
  }
  if (real.every((t) => isDateType(t) || t.kind === 'time')) {
    const kinds = new Set(real.map((t) => t.kind));
    const fsp = Math.max(...real.map((t) => (t.kind === 'date' ? 0 : 'fsp' in t ? t.fsp : 0)));
    if (kinds.size === 1) {
      if (first.kind === 'date') return T.date({ nullable });
      if (first.kind === 'time') return T.time(fsp, { nullable });
      if (first.kind === 'timestamp') return T.timestamp(fsp, { nullable });
      return T.datetime(fsp, { nullable });
    }
    return T.datetime(fsp, { nullable });
  }
  // Strings (or mixtures with strings): VARCHAR wide enough, binary when any is binary.
  const binary = real.some((t) => isBinaryType(t) || t.kind === 'bit');
  const length = Math.max(1, ...real.map(stringLengthOf));
  const anyBlob = real.some((t) => t.kind.endsWith('blob') || t.kind.endsWith('text') || t.kind === 'json');
  const collation = real.map((t) => ('collation' in t ? t.collation : undefined)).find((c) => c !== undefined && c !== 'utf8mb4_bin');
  if (binary) return anyBlob || length > 65535 ? T.longblob({ nullable }) : T.varbinary(length, { nullable });
  if (anyBlob || length > 16383) return T.longtext(collation ? { nullable, collation } : { nullable });
  return T.varchar(length, collation ? { nullable, collation } : { nullable });
}

/** Converts a value to `type` in expression context (no column errors; warnings as MySQL). */
export function coerceToType(v: Value, type: SqlType, cx: ConvertContext, from?: SqlType): Value {
  if (v === null) return null;
  if (isIntegerType(type) || type.kind === 'year' || type.kind === 'bit') {
    if (typeof v === 'bigint') return v;
    return toInteger(v, cx, { unsigned: isIntegerType(type) && type.unsigned });
  }
  switch (type.kind) {
    case 'null':
      return v;
    case 'decimal':
      return v instanceof Decimal ? v : toDecimal(v, cx);
    case 'float':
    case 'double':
      return typeof v === 'number' ? v : toDouble(v, cx);
    case 'date':
    case 'datetime':
    case 'timestamp':
      if (v instanceof DateTime) return type.kind === 'date' ? v.toDate() : v.withType(type.kind === 'timestamp' ? 'timestamp' : 'datetime', type.fsp);
      return toDateTime(v, cx, type.kind, type.kind === 'date' ? 0 : type.fsp);
    case 'time':
      return v instanceof Duration ? v : toDuration(v, cx, type.fsp);
    case 'json':
      return v instanceof JsonValue ? v : new JsonValue(toJsonNode(v, from));
  }
  if (isBinaryType(type)) return valueToBytes(v, from);
  if (isStringType(type)) return typeof v === 'string' ? v : valueToString(v, from);
  return v;
}
