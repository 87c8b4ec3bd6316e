// Ranges: which keys a scan must read, derived from the conditions on a table.
//
// A range only ever over-approximates: every condition stays on the scan as a filter, so a
// range that reads a little more than needed costs time, never a wrong answer. That lets the
// derivation stay simple and safe — a constant is turned into a key bound only when its value
// converts exactly (or conservatively: `int_col > 1.5` reads from 1) to the column's type;
// anything else (string compared with an int column, a prefix index) gives no range.
//
// Per column the conditions are intersected into a set of disjoint intervals: `=` and IN give
// points, <, <=, >, >=, BETWEEN give intervals, IS NULL the NULL point (indexes only).
import { Decimal, DateTime, compareValues, isIntegerType, isTextType, integerRange, toDateTime, SILENT, type SqlType, type Value } from '../types/index.js';
import { compileExpr, isConstantExpr, type Expression } from '../expr/index.js';
import type { EvalContext } from '../expr/index.js';

/** One side of an interval; undefined = unbounded. NULL is a value here (sorts first). */
export interface Bound {
  readonly value: Value;
  readonly inclusive: boolean;
}

export interface Interval {
  readonly low?: Bound;
  readonly high?: Bound;
}

export type ColumnRanges = readonly Interval[];

/** The value of a constant expression as the column's type, or undefined when it does not
 *  convert exactly. `round` says which way an inexact number may move (for range ends). */
function asColumnValue(v: Value, t: SqlType, round: 'exact' | 'down' | 'up'): Value | undefined {
  if (v === null) return undefined;
  if (isIntegerType(t)) {
    const [min, max] = integerRange(t.kind, t.unsigned);
    let n: bigint;
    if (typeof v === 'bigint') n = v;
    else if (typeof v === 'number' && Number.isFinite(v)) {
      if (Number.isInteger(v)) n = BigInt(v);
      else if (round === 'exact') return undefined;
      else n = BigInt(round === 'down' ? Math.floor(v) : Math.ceil(v));
    } else if (v instanceof Decimal) {
      if (v.scale === 0 || v.rescale(0, 'truncate').sub(v).isZero()) n = v.rescale(0, 'truncate').coef;
      else if (round === 'exact') return undefined;
      else n = (round === 'down' ? v.floor() : v.ceil()).coef;
    } else return undefined;
    if (n < min) return round === 'exact' ? undefined : round === 'down' ? undefined : min;
    if (n > max) return round === 'exact' ? undefined : round === 'up' ? undefined : max;
    return n;
  }
  if (isTextType(t)) return typeof v === 'string' ? v : undefined;
  if (t.kind === 'double' || t.kind === 'float') {
    if (typeof v === 'number') return v;
    if (typeof v === 'bigint') return Number(v) === Number(BigInt.asIntN(64, v)) && BigInt(Number(v)) === v ? Number(v) : undefined;
    return undefined;
  }
  if (t.kind === 'decimal') {
    if (v instanceof Decimal) return v;
    if (typeof v === 'bigint') return Decimal.fromBigInt(v);
    return undefined;
  }
  if (t.kind === 'date' || t.kind === 'datetime' || t.kind === 'timestamp') {
    if (v instanceof DateTime || typeof v === 'string') {
      const d = toDateTime(v, SILENT, t.kind === 'date' ? 'date' : 'datetime', 6);
      if (!d) return undefined;
      if (t.kind === 'date' && (d.hour || d.minute || d.second || d.microsecond)) return round === 'exact' ? undefined : d.withType('date', 0, true);
      return d.withType(t.kind, 'fsp' in t ? t.fsp : 0, true);
    }
    return undefined;
  }
  return undefined;
}

function cmp(a: Value, b: Value, t: SqlType): number {
  if (a === null) return b === null ? 0 : -1;
  if (b === null) return 1;
  return compareValues(a, b, 'collation' in t ? t.collation : undefined);
}

function lowerOf(a: Bound | undefined, b: Bound | undefined, t: SqlType): Bound | undefined {
  if (!a) return b;
  if (!b) return a;
  const c = cmp(a.value, b.value, t);
  if (c !== 0) return c > 0 ? a : b;
  return a.inclusive ? b : a;
}

function upperOf(a: Bound | undefined, b: Bound | undefined, t: SqlType): Bound | undefined {
  if (!a) return b;
  if (!b) return a;
  const c = cmp(a.value, b.value, t);
  if (c !== 0) return c < 0 ? a : b;
  return a.inclusive ? b : a;
}

function isEmpty(iv: Interval, t: SqlType): boolean {
  if (!iv.low || !iv.high) return false;
  const c = cmp(iv.low.value, iv.high.value, t);
  return c > 0 || (c === 0 && !(iv.low.inclusive && iv.high.inclusive));
}

function intersect(a: ColumnRanges, b: ColumnRanges, t: SqlType): Interval[] {
  const out: Interval[] = [];
  for (const x of a)
    for (const y of b) {
      const low = lowerOf(x.low, y.low, t);
      const high = upperOf(x.high, y.high, t);
      const iv: Interval = { ...(low ? { low } : {}), ...(high ? { high } : {}) };
      if (!isEmpty(iv, t)) out.push(iv);
    }
  return sortRanges(out, t);
}

function sortRanges(rs: Interval[], t: SqlType): Interval[] {
  return rs.sort((a, b) => (a.low === undefined ? -1 : b.low === undefined ? 1 : cmp(a.low.value, b.low.value, t)));
}

/** The points of the ranges, when every range is a single value. */
export function pointsOf(rs: ColumnRanges, t: SqlType): Value[] | undefined {
  const out: Value[] = [];
  for (const r of rs) {
    if (!r.low || !r.high || !r.low.inclusive || !r.high.inclusive) return undefined;
    if (cmp(r.low.value, r.high.value, t) !== 0) return undefined;
    out.push(r.low.value);
  }
  return out;
}

const FLIP: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=' };

/** What one condition says about the column `id`; undefined when it says nothing usable. */
function rangesOfCondition(e: Expression, id: number, t: SqlType, ctx: EvalContext, allowNull: boolean): Interval[] | undefined {
  if (e.kind !== 'call') return undefined;
  const name = e.fn.name;
  const isCol = (x: Expression | undefined): boolean => x !== undefined && x.kind === 'column' && x.id === id;
  const constOf = (x: Expression | undefined): { v: Value } | undefined => {
    if (!x || !isConstantExpr(x)) return undefined;
    try {
      return { v: compileExpr(x, new Map())([], ctx) };
    } catch {
      return undefined;
    }
  };
  const point = (v: Value): Interval[] | undefined => {
    const c = asColumnValue(v, t, 'exact');
    if (c === undefined) return v === null ? [] : undefined;
    return [{ low: { value: c, inclusive: true }, high: { value: c, inclusive: true } }];
  };
  const cmpRange = (op: string, v: Value): Interval[] | undefined => {
    if (v === null) return [];
    const notNull: Bound | undefined = allowNull ? { value: null, inclusive: false } : undefined;
    switch (op) {
      case '=':
        return point(v);
      case '<':
      case '<=': {
        const c = asColumnValue(v, t, 'up');
        if (c === undefined) return undefined;
        return [{ ...(notNull ? { low: notNull } : {}), high: { value: c, inclusive: op === '<=' || c !== v } }];
      }
      case '>':
      case '>=': {
        const c = asColumnValue(v, t, 'down');
        if (c === undefined) return undefined;
        return [{ low: { value: c, inclusive: op === '>=' || c !== v } }];
      }
      default:
        return undefined;
    }
  };
  const [a, b, c] = e.args;
  switch (name) {
    case '=':
    case '<':
    case '<=':
    case '>':
    case '>=': {
      if (isCol(a)) {
        const k = constOf(b);
        return k ? cmpRange(name, k.v) : undefined;
      }
      if (isCol(b)) {
        const k = constOf(a);
        return k ? cmpRange(FLIP[name] as string, k.v) : undefined;
      }
      return undefined;
    }
    case '<=>':
      if (isCol(a)) {
        const k = constOf(b);
        if (!k) return undefined;
        if (k.v === null) return allowNull ? [{ low: { value: null, inclusive: true }, high: { value: null, inclusive: true } }] : [];
        return point(k.v);
      }
      return undefined;
    case 'in': {
      if (!isCol(a)) return undefined;
      const out: Interval[] = [];
      for (const x of e.args.slice(1)) {
        const k = constOf(x);
        if (!k) return undefined;
        if (k.v === null) continue;
        const p = point(k.v);
        if (p === undefined) return undefined;
        out.push(...p);
      }
      return dedupe(sortRanges(out, t), t);
    }
    case 'between': {
      if (!isCol(a)) return undefined;
      const lo = constOf(b);
      const hi = constOf(c);
      if (!lo || !hi) return undefined;
      const l = cmpRange('>=', lo.v);
      const h = cmpRange('<=', hi.v);
      if (!l || !h) return undefined;
      return intersect(l, h, t);
    }
    case 'is_null':
      if (!isCol(a)) return undefined;
      return allowNull ? [{ low: { value: null, inclusive: true }, high: { value: null, inclusive: true } }] : [];
    case 'or': {
      let all: Interval[] = [];
      for (const x of e.args) {
        const r = rangesOfCondition(x, id, t, ctx, allowNull);
        if (r === undefined) return undefined;
        all = all.concat(r);
      }
      return union(all, t);
    }
    case 'and': {
      let acc: Interval[] | undefined;
      for (const x of e.args) {
        const r = rangesOfCondition(x, id, t, ctx, allowNull);
        if (r === undefined) continue;
        acc = acc === undefined ? r : intersect(acc, r, t);
      }
      return acc;
    }
    default:
      return undefined;
  }
}

function dedupe(rs: Interval[], t: SqlType): Interval[] {
  const out: Interval[] = [];
  for (const r of rs) {
    const last = out[out.length - 1];
    if (last && last.low && r.low && cmp(last.low.value, r.low.value, t) === 0 && last.high && r.high && cmp(last.high.value, r.high.value, t) === 0) continue;
    out.push(r);
  }
  return out;
}

/** Merges overlapping intervals. */
function union(rs: Interval[], t: SqlType): Interval[] {
  const sorted = sortRanges([...rs], t);
  const out: Interval[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && (last.high === undefined || (r.low !== undefined && (cmp(r.low.value, last.high.value, t) < 0 || (cmp(r.low.value, last.high.value, t) === 0 && (r.low.inclusive || last.high.inclusive)))))) {
      out[out.length - 1] = { ...(last.low ? { low: last.low } : {}), ...(upperMax(last.high, r.high, t) ? { high: upperMax(last.high, r.high, t) as Bound } : {}) };
      continue;
    }
    out.push(r);
  }
  return out;
}

function upperMax(a: Bound | undefined, b: Bound | undefined, t: SqlType): Bound | undefined {
  if (!a || !b) return undefined;
  const c = cmp(a.value, b.value, t);
  if (c !== 0) return c > 0 ? a : b;
  return a.inclusive ? a : b;
}

/** The ranges all conditions together allow for column `id`; undefined = the whole column. */
export function columnRanges(conds: readonly Expression[], id: number, t: SqlType, ctx: EvalContext, allowNull: boolean): Interval[] | undefined {
  let acc: Interval[] | undefined;
  for (const e of conds) {
    const r = rangesOfCondition(e, id, t, ctx, allowNull);
    if (r === undefined) continue;
    acc = acc === undefined ? r : intersect(acc, r, t);
  }
  return acc;
}
