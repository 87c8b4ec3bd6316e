// Bound expressions as coprocessor expressions: the planner's test of "can this condition run on
// the stores?" and the translation that ships it (kv/cop-types.ts, sent through kv/client).
//
// An expression is pushable only when the store's vectorized implementation gives exactly the
// SQL layer's answer (test/kv/coprocessor/functions-vs-sql.test.ts checks each signature on random
// data), so the rules are strict:
//
//   columns     of the scan, of a type the store decodes and compares the SQL way: integers
//               (not YEAR/BIT), DECIMAL, FLOAT/DOUBLE, DATE/DATETIME, TIME, strings under a
//               binary-ordered collation (TIMESTAMP, ENUM, SET, JSON and _ci strings stay up)
//   constants   of those types
//   functions   comparisons, BETWEEN, IN, + - * (and / on doubles), unary minus, NOT, AND/OR/XOR, IS [NOT] NULL,
//               IFNULL, LIKE with a constant pattern — only when every argument is of the one
//               evaluation class the signature takes (the SQL layer's implicit casts between
//               classes are not mirrored on the store)
//
// Anything else answers undefined and the operator stays on the SQL server. The optimizer
// (optimize.ts) asks these questions to mark what the stores run; the executors
// (sql/executor/cop-*.ts) use the same functions to build the DAG, so the two cannot disagree.
//
// Aggregates (`toCopAgg`) are pushed in TiDB's partial form and merged above with the SQL
// accumulators' own `merge`, so the final result (and its type) is the one the SQL layer computes:
//
//   COUNT(*) / COUNT(x)       store count                 → merged by adding counts
//   SUM(x), AVG(x)            x integer or DECIMAL only   → exact partial sums (+ counts); DOUBLE
//                             sums are not pushed: adding per-region subtotals rounds differently
//                             from adding the rows in order, and answers must be identical
//   MIN(x), MAX(x)            any pushable x              → extreme of the extremes
//   ANY_VALUE / FIRST_ROW(x)  with GROUP BY only          → the first region's value (a region
//                             without rows still answers a NULL row when there is no GROUP BY)
//   COUNT/SUM/AVG(DISTINCT x) the store's distinct values → fed one by one into the accumulator,
//                             whose own set removes the duplicates across regions
import { copType, type CopAggFunc, type CopDatum, type CopExpr, type CopFieldType, type CopTypeKind } from '../../kv/cop-types.js';
import type { Expression } from '../expr/index.js';
import { DateTime, Decimal, Duration, type SqlType, type Value } from '../types/index.js';

type EvalClass = 'Int' | 'Real' | 'Decimal' | 'String' | 'Time' | 'Duration';

const encoder = new TextEncoder();

function isBinaryOrdered(collation: string): boolean {
  const c = collation.toLowerCase();
  return c === '' || c === 'binary' || c.endsWith('_bin') || c.endsWith('_as_cs');
}

/** Whether strings of this type compare with trailing spaces ignored (PAD SPACE). */
function padsSpace(t: SqlType): boolean {
  if (!('collation' in t) || t.kind === 'enum' || t.kind === 'set') return false;
  const c = t.collation.toLowerCase();
  return c.endsWith('_bin') && !c.endsWith('_0900_bin');
}

/** The store's evaluation class of a SQL type, or undefined when the store must not evaluate it. */
export function evalClassOf(t: SqlType): EvalClass | undefined {
  switch (t.kind) {
    case 'tinyint':
    case 'smallint':
    case 'mediumint':
    case 'int':
    case 'bigint':
      return 'Int';
    case 'decimal':
      return 'Decimal';
    case 'float':
    case 'double':
      return 'Real';
    case 'date':
    case 'datetime':
      return 'Time';
    case 'time':
      return 'Duration';
    case 'char':
    case 'varchar':
    case 'tinytext':
    case 'text':
    case 'mediumtext':
    case 'longtext':
      return isBinaryOrdered(t.collation) ? 'String' : undefined;
    case 'binary':
    case 'varbinary':
    case 'tinyblob':
    case 'blob':
    case 'mediumblob':
    case 'longblob':
      return 'String';
    default:
      return undefined;
  }
}

/** The coprocessor form of a SQL type (any type a scan may read, pushable or not). */
export function copFieldType(t: SqlType): CopFieldType {
  return copType(t.kind as CopTypeKind, {
    unsigned: 'unsigned' in t && t.unsigned === true && t.kind !== 'decimal' && t.kind !== 'float' && t.kind !== 'double',
    scale: t.kind === 'decimal' ? t.scale : 'fsp' in t ? t.fsp : 0,
    precision: t.kind === 'decimal' ? t.precision : 0,
    collation: 'collation' in t ? t.collation : '',
    elements: t.kind === 'enum' || t.kind === 'set' ? t.elements : [],
    notNull: !t.nullable,
  });
}

/** A constant in the physical form the store holds values of its class in. */
export function copDatum(v: Value, t: SqlType): CopDatum | undefined {
  if (v === null) return null;
  const cls = evalClassOf(t);
  if (cls === 'Int' && typeof v === 'bigint') return v;
  if (cls === 'Real' && typeof v === 'number') return v;
  if (cls === 'Decimal' && v instanceof Decimal) return { coef: v.coef, scale: v.scale };
  if (cls === 'String' && typeof v === 'string') return encoder.encode(v);
  if (cls === 'String' && v instanceof Uint8Array) return v;
  if (cls === 'Time' && v instanceof DateTime) return v.packed();
  if (cls === 'Duration' && v instanceof Duration) return BigInt(v.micros);
  return undefined;
}

const COMPARISONS: Record<string, string> = { '<': 'LT', '<=': 'LE', '>': 'GT', '>=': 'GE', '=': 'EQ', '<>': 'NE', '<=>': 'NullEQ' };
const ARITHMETIC: Record<string, string> = { '+': 'Plus', '-': 'Minus', '*': 'Multiply' };
const LOGIC: Record<string, string> = { and: 'LogicalAnd', or: 'LogicalOr', xor: 'LogicalXor' };

/** The signature that evaluates SQL function `name` over arguments of these classes, if any. */
function signature(name: string, classes: readonly EvalClass[], ret: SqlType): string | undefined {
  const [first] = classes;
  if (first === undefined) return undefined;
  const same = classes.every((c) => c === first);
  const numeric = (c: EvalClass): boolean => c === 'Int' || c === 'Real' || c === 'Decimal';
  if (COMPARISONS[name] && classes.length === 2 && same) return `${COMPARISONS[name]}${first}`;
  if (name === 'in' && same) return `In${first}`;
  if (name === 'is_null' && classes.length === 1) return `IsNull${first}`;
  if (name === 'ifnull' && same && evalClassOf(ret) === first) return `IfNull${first}`;
  if (ARITHMETIC[name] && same && numeric(first) && evalClassOf(ret) === first) return `${ARITHMETIC[name]}${first}`;
  if (name === '/' && same && first === 'Real') return 'DivideReal';
  if (name === 'neg' && numeric(first) && evalClassOf(ret) === first) return `UnaryMinus${first}`;
  if (name === 'not' && numeric(first)) return `UnaryNot${first}`;
  if (LOGIC[name] && classes.every(numeric)) return LOGIC[name];
  if (name === 'like' && classes.length === 2 && same && first === 'String') return 'LikeSig';
  return undefined;
}

/** The coprocessor form of `e` over a scan whose column `id` is at `offsets.get(id)`, or
 *  undefined when any part of it must stay on the SQL server. */
export function toCopExpr(e: Expression, offsets: ReadonlyMap<number, number>): CopExpr | undefined {
  const cls = evalClassOf(e.type);
  switch (e.kind) {
    case 'outer':
      return undefined;
    case 'column': {
      const offset = offsets.get(e.id);
      if (offset === undefined || cls === undefined) return undefined;
      return { kind: 'column', offset, type: copFieldType(e.type) };
    }
    case 'const': {
      if (cls === undefined) return undefined;
      const value = copDatum(e.value, e.type);
      return value === undefined ? undefined : { kind: 'constant', value, type: copFieldType(e.type) };
    }
    case 'call': {
      if (e.fn.name === 'between' && e.args.length === 3) return between(e.args as [Expression, Expression, Expression], e.type, offsets);
      if (e.fn.name === 'is_not_null' && e.args.length === 1) {
        // x IS NOT NULL is NOT (x IS NULL): never NULL itself, so the store's NOT gives it exactly.
        const [x] = e.args as [Expression];
        const xc = evalClassOf(x.type);
        const cx = toCopExpr(x, offsets);
        if (xc === undefined || cx === undefined) return undefined;
        const t = copFieldType(e.type);
        return { kind: 'func', sig: 'UnaryNotInt', args: [{ kind: 'func', sig: `IsNull${xc}`, args: [cx], type: t }], type: t };
      }
      const classes = e.args.map((a) => evalClassOf(a.type));
      if (classes.some((c) => c === undefined)) return undefined;
      if (evalClassOf(e.type) === undefined) return undefined;
      const sig = signature(e.fn.name, classes as EvalClass[], e.type);
      if (sig === undefined) return undefined;
      // Strings compare under the first column's collation on the store: every column argument
      // must pad (or not) the same way, or the SQL layer's choice could differ.
      const pads = new Set(e.args.filter((a) => a.kind !== 'const' && evalClassOf(a.type) === 'String').map((a) => padsSpace(a.type)));
      if (pads.size > 1) return undefined;
      if (sig === 'LikeSig' && e.args[1]?.kind !== 'const') return undefined;
      const args: CopExpr[] = [];
      for (const a of e.args) {
        const c = toCopExpr(a, offsets);
        if (c === undefined) return undefined;
        args.push(c);
      }
      return { kind: 'func', sig, args, type: copFieldType(e.type) };
    }
  }
}

/** x BETWEEN lo AND hi is x >= lo AND x <= hi, NULLs included (MySQL's definition). */
function between(args: readonly [Expression, Expression, Expression], type: SqlType, offsets: ReadonlyMap<number, number>): CopExpr | undefined {
  const [x, lo, hi] = args;
  const classes = args.map((a) => evalClassOf(a.type));
  if (classes[0] === undefined || classes.some((c) => c !== classes[0])) return undefined;
  const [cx, clo, chi] = args.map((a) => toCopExpr(a, offsets));
  if (cx === undefined || clo === undefined || chi === undefined) return undefined;
  if (classes[0] === 'String' && new Set([x, lo, hi].filter((a) => a.kind !== 'const').map((a) => padsSpace(a.type))).size > 1) return undefined;
  const t = copFieldType(type);
  return {
    kind: 'func',
    sig: 'LogicalAnd',
    args: [
      { kind: 'func', sig: `GE${classes[0]}`, args: [cx, clo], type: t },
      { kind: 'func', sig: `LE${classes[0]}`, args: [cx, chi], type: t },
    ],
    type: t,
  };
}

/** How the SQL side folds a pushed aggregate's partial columns into its accumulator. */
export type CopAggMerge = 'partial' | 'first-row' | 'values';

export interface CopAgg {
  readonly func: CopAggFunc;
  readonly merge: CopAggMerge;
  /** Columns the store answers for it (AVG: count and sum). */
  readonly width: number;
}

/** The store form of aggregate `name` (the bound aggregate's name) over `args`, or undefined when
 *  it must run on the SQL server (see the header for the rules). */
export function toCopAgg(name: string, args: readonly Expression[], distinct: boolean, grouped: boolean, offsets: ReadonlyMap<number, number>): CopAgg | undefined {
  const copArgs: CopExpr[] = [];
  for (const a of args) {
    const c = toCopExpr(a, offsets);
    if (c === undefined) return undefined;
    copArgs.push(c);
  }
  const [arg] = args;
  const exact = arg !== undefined && (evalClassOf(arg.type) === 'Int' || evalClassOf(arg.type) === 'Decimal');
  if (distinct && (name === 'count' || name === 'sum' || name === 'avg')) {
    if (args.length !== 1 || (name !== 'count' && !exact)) return undefined;
    return { func: { name: 'count', args: copArgs, distinct: true }, merge: 'values', width: 1 };
  }
  switch (name) {
    case 'count':
      if (args.length > 1) return undefined;
      return { func: { name: 'count', args: copArgs, distinct: false }, merge: 'partial', width: 1 };
    case 'sum':
    case 'avg':
      if (!exact) return undefined;
      return { func: { name, args: copArgs, distinct: false }, merge: 'partial', width: name === 'avg' ? 2 : 1 };
    case 'min':
    case 'max':
      if (args.length !== 1) return undefined;
      return { func: { name, args: copArgs, distinct: false }, merge: 'partial', width: 1 };
    case 'any_value':
    case 'first_row':
      if (args.length !== 1 || !grouped) return undefined;
      return { func: { name: 'first_row', args: copArgs, distinct: false }, merge: 'first-row', width: 1 };
    default:
      return undefined;
  }
}
