// Helpers shared by the built-in functions: argument texts for messages, warnings, the
// division-by-zero rule, and small type constructors.

import { divisionByZero, type SqlError } from '../../errors.js';
import { isStrict } from '../../types/sql-mode.js';
import { T, collationOf, isBinaryType, type SqlType } from '../../types/column-type.js';
import { DEFAULT_COLLATION } from '../../types/column-type.js';
import { valueForMessage, type Value } from '../../types/value.js';
import type { EvalContext } from '../context.js';
import type { CallInfo } from '../registry.js';

/** The SQL text of argument i: from the planner when given, else the value as a literal. */
export function argText(call: CallInfo, i: number, v: Value): string {
  const t = call.options.argTexts?.[i];
  if (t !== undefined) return t;
  if (typeof v === 'string') return `'${v}'`;
  return valueForMessage(v);
}

/** "(a + b)" as MySQL prints a binary operator in messages. */
export function binaryText(op: string, call: CallInfo, a: Value, b: Value): string {
  return `(${argText(call, 0, a)} ${op} ${argText(call, 1, b)})`;
}

/** "fn(a,b)" as MySQL prints a function call in messages. */
export function callText(fn: string, call: CallInfo, args: readonly Value[]): string {
  return `${fn}(${args.map((a, i) => argText(call, i, a)).join(',')})`;
}

export function warn(ctx: EvalContext, err: SqlError, level: 'Warning' | 'Note' = 'Warning'): void {
  ctx.warnings.warn(err.toWarning(level));
}

/** MySQL's division by zero: NULL, with warning 1365 under ERROR_FOR_DIVISION_BY_ZERO, and an
 *  error instead when a strict INSERT/UPDATE computes it. */
export function divisionByZeroResult(ctx: EvalContext): null {
  if (!ctx.sqlMode.errorForDivisionByZero) return null;
  const err = divisionByZero();
  if (ctx.dmlWrite && isStrict(ctx.sqlMode) && !ctx.ignore) throw err;
  warn(ctx, err);
  return null;
}

export function anyNullable(types: readonly SqlType[]): boolean {
  return types.some((t) => t.nullable || t.kind === 'null');
}

/** Collation of a string operation over these arguments (first non-default wins). */
export function collationOfArgs(types: readonly SqlType[]): string {
  let found: string | undefined;
  for (const t of types) {
    const c = collationOf(t);
    if (c === 'binary') return 'binary';
    if (c !== undefined && c !== DEFAULT_COLLATION && found === undefined) found = c;
  }
  return found ?? DEFAULT_COLLATION;
}

/** A VARCHAR (or VARBINARY when any argument is binary) result of `length` characters. */
export function stringResult(types: readonly SqlType[], length: number, nullable = anyNullable(types)): SqlType {
  const binary = types.some((t) => isBinaryType(t));
  const len = Math.max(0, Math.min(length, 4294967295));
  if (binary) return len > 65535 ? T.longblob({ nullable }) : T.varbinary(len, { nullable });
  const collation = collationOfArgs(types);
  const opts = collation === DEFAULT_COLLATION || collation === 'binary' ? { nullable } : { nullable, collation };
  return len > 16383 ? T.longtext(opts) : T.varchar(len, opts);
}

/** Characters of a type's values at most (for result lengths). */
export function charWidth(t: SqlType): number {
  switch (t.kind) {
    case 'char':
    case 'varchar':
    case 'binary':
    case 'varbinary':
    case 'tinytext':
    case 'text':
    case 'mediumtext':
    case 'longtext':
    case 'tinyblob':
    case 'blob':
    case 'mediumblob':
    case 'longblob':
      return t.length;
    case 'null':
      return 0;
    case 'tinyint':
      return 4;
    case 'smallint':
      return 6;
    case 'mediumint':
      return 9;
    case 'int':
      return 11;
    case 'bigint':
      return 20;
    case 'decimal':
      return t.precision + 2;
    case 'float':
      return 12;
    case 'double':
      return 22;
    case 'date':
      return 10;
    case 'datetime':
    case 'timestamp':
      return 19 + (t.fsp ? t.fsp + 1 : 0);
    case 'time':
      return 10 + (t.fsp ? t.fsp + 1 : 0);
    case 'year':
      return 4;
    case 'bit':
      return Math.ceil(t.width / 8);
    case 'enum':
    case 'set':
      return Math.max(1, ...t.elements.map((e) => e.length)) * (t.kind === 'set' ? t.elements.length : 1);
    case 'json':
      return 4294967295;
  }
}

/** Whether an integer argument type is unsigned. */
export function unsignedArg(call: CallInfo, i: number): boolean {
  const t = call.argTypes[i];
  return t !== undefined && 'unsigned' in t && t.unsigned === true && t.kind !== 'float' && t.kind !== 'double';
}
