// Window functions: the input is materialized, split into partitions (PARTITION BY), each sorted
// (ORDER BY), and every function computed per row over its frame. Ranking functions (ROW_NUMBER,
// RANK, DENSE_RANK, PERCENT_RANK, CUME_DIST, NTILE) and offsets (LAG, LEAD, FIRST_VALUE,
// LAST_VALUE, NTH_VALUE) follow MySQL 8.0; an aggregate OVER a window uses the default frame
// (whole partition without ORDER BY; up to the current row's last peer with it) or the frame
// written (ROWS / RANGE with UNBOUNDED, CURRENT ROW, n PRECEDING / FOLLOWING on ROWS).
import { compileExpr, layoutOf, type OuterValues } from '../expr/index.js';
import type { Window, WindowCall, FrameBoundValue } from '../planner/plan.js';
import { collationOf, toInteger, tupleHashKey, type Value } from '../types/index.js';
import { notSupported } from '../errors.js';
import { BATCH_SIZE, type Batch, type ExecContext } from './context.js';
import { drain, type Operator } from './operator.js';
import { compileSortKeys } from './row-compare.js';

export function windowOperator(p: Window, child: Operator, ctx: ExecContext, outer: OuterValues): Operator {
  const layout = layoutOf(p.child.schema.map((c) => c.id));
  const partEvals = p.partitionBy.map((e) => compileExpr(e, layout, outer));
  const partCollations = p.partitionBy.map((e) => collationOf(e.type));
  const partKeys = compileSortKeys(p.partitionBy.map((e) => ({ expr: e, desc: false })), layout, outer);
  const order = compileSortKeys(p.orderBy, layout, outer);
  const funcs = p.funcs.map((f) => ({ f, args: f.args.map((a) => compileExpr(a, layout, outer)) }));
  return async function* windowed() {
    const rows = await drain(child);
    const parts = new Map<string, { pk: Value[]; rows: { r: Value[]; k: Value[]; i: number }[] }>();
    rows.forEach((r, i) => {
      const pv = partEvals.map((f) => f(r, ctx.evalCtx));
      const key = tupleHashKey(pv, partCollations);
      let part = parts.get(key);
      if (!part) {
        part = { pk: partKeys.keysOf(r, ctx.evalCtx), rows: [] };
        parts.set(key, part);
      }
      part.rows.push({ r, k: order.keysOf(r, ctx.evalCtx), i });
    });
    const sortedParts = [...parts.values()].sort((a, b) => partKeys.compare(a.pk, b.pk));
    let out: Batch = [];
    for (const part of sortedParts) {
      const items = part.rows.sort((a, b) => order.compare(a.k, b.k) || a.i - b.i);
      const n = items.length;
      const results: Value[][] = items.map(() => []);
      for (const { f, args } of funcs) {
        const argVals = items.map((it) => args.map((a) => a(it.r, ctx.evalCtx)));
        const peersEnd: number[] = new Array<number>(n);
        const peersStart: number[] = new Array<number>(n);
        for (let i = 0; i < n; i++) peersStart[i] = i > 0 && p.orderBy.length && order.compare((items[i - 1] as (typeof items)[number]).k, (items[i] as (typeof items)[number]).k) === 0 ? (peersStart[i - 1] as number) : i;
        for (let i = n - 1; i >= 0; i--) peersEnd[i] = i < n - 1 && p.orderBy.length && order.compare((items[i + 1] as (typeof items)[number]).k, (items[i] as (typeof items)[number]).k) === 0 ? (peersEnd[i + 1] as number) : i;
        if (!p.orderBy.length) for (let i = 0; i < n; i++) {
          peersStart[i] = 0;
          peersEnd[i] = n - 1;
        }
        const values = computeFunction(f, argVals, n, peersStart, peersEnd, p.orderBy.length > 0, ctx);
        values.forEach((v, i) => (results[i] as Value[]).push(v));
      }
      for (let i = 0; i < n; i++) {
        out.push([...(items[i] as (typeof items)[number]).r, ...(results[i] as Value[])]);
        if (out.length >= BATCH_SIZE) {
          yield out;
          out = [];
        }
      }
    }
    if (out.length) yield out;
  };
}

function computeFunction(f: WindowCall, args: Value[][], n: number, peersStart: number[], peersEnd: number[], ordered: boolean, ctx: ExecContext): Value[] {
  const out: Value[] = new Array<Value>(n);
  /** Row `i`'s argument `j` as an integer. */
  const intArg = (i: number, j: number, dflt: bigint): bigint => {
    const v = args[i]?.[j];
    if (v === undefined || v === null) return dflt;
    return toInteger(v, ctx.evalCtx) ?? dflt;
  };
  switch (f.agg ? 'aggregate' : f.name) {
    case 'row_number':
      for (let i = 0; i < n; i++) out[i] = BigInt(i + 1);
      return out;
    case 'rank':
      for (let i = 0; i < n; i++) out[i] = BigInt((peersStart[i] as number) + 1);
      return out;
    case 'dense_rank': {
      let rank = 0;
      for (let i = 0; i < n; i++) {
        if (i === 0 || peersStart[i] === i) rank++;
        out[i] = BigInt(rank);
      }
      return out;
    }
    case 'percent_rank':
      for (let i = 0; i < n; i++) out[i] = n > 1 ? (peersStart[i] as number) / (n - 1) : 0;
      return out;
    case 'cume_dist':
      for (let i = 0; i < n; i++) out[i] = ((peersEnd[i] as number) + 1) / n;
      return out;
    case 'ntile': {
      const buckets = Number(intArg(0, 0, 1n));
      if (buckets <= 0) throw notSupported('NTILE with a non-positive argument');
      const size = Math.floor(n / buckets);
      const extra = n % buckets;
      let i = 0;
      for (let b = 1; b <= buckets && i < n; b++) {
        const count = size + (b <= extra ? 1 : 0);
        for (let j = 0; j < count && i < n; j++) out[i++] = BigInt(b);
      }
      return out;
    }
    case 'lag':
    case 'lead': {
      const sign = f.name === 'lag' ? -1 : 1;
      for (let i = 0; i < n; i++) {
        const off = Number(intArg(i, 1, 1n));
        const j = i + sign * off;
        const v = j >= 0 && j < n ? ((args[j] as Value[])[0] ?? null) : ((args[i] as Value[])[2] ?? null);
        out[i] = v;
      }
      return out;
    }
    default:
      break;
  }
  // Frame-based: aggregates and FIRST_VALUE / LAST_VALUE / NTH_VALUE.
  for (let i = 0; i < n; i++) {
    const [lo, hi] = frameBounds(f, i, n, peersStart, peersEnd, ordered);
    if (f.agg) {
      const acc = f.agg.create(ctx.evalCtx);
      for (let j = lo; j <= hi; j++) acc.add(args[j] as Value[]);
      out[i] = acc.result();
      continue;
    }
    if (lo > hi) {
      out[i] = null;
      continue;
    }
    switch (f.name) {
      case 'first_value':
        out[i] = (args[lo] as Value[])[0] ?? null;
        break;
      case 'last_value':
        out[i] = (args[hi] as Value[])[0] ?? null;
        break;
      case 'nth_value': {
        const k = Number(intArg(i, 1, 1n));
        const j = lo + k - 1;
        out[i] = j <= hi ? ((args[j] as Value[])[0] ?? null) : null;
        break;
      }
      default:
        throw notSupported(`window function ${f.name}`);
    }
  }
  return out;
}

function frameBounds(f: WindowCall, i: number, n: number, peersStart: number[], peersEnd: number[], ordered: boolean): [number, number] {
  const fr = f.frame;
  if (!fr) return ordered ? [0, peersEnd[i] as number] : [0, n - 1];
  const pos = (b: FrameBoundValue, isStart: boolean): number => {
    switch (b.kind) {
      case 'unbounded-preceding':
        return 0;
      case 'unbounded-following':
        return n - 1;
      case 'current':
        return fr.unit === 'range' ? (isStart ? (peersStart[i] as number) : (peersEnd[i] as number)) : i;
      case 'preceding':
      case 'following': {
        if (fr.unit === 'range') throw notSupported('RANGE frames with an offset');
        const off = typeof b.offset === 'bigint' ? Number(b.offset) : Number(b.offset ?? 0);
        return b.kind === 'preceding' ? i - off : i + off;
      }
    }
  };
  const lo = Math.max(0, pos(fr.start, true));
  const hi = Math.min(n - 1, pos(fr.end, false));
  return [lo, hi];
}
