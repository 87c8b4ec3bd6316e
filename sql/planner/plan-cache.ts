// The prepared-plan cache's pure half: whether a plan built for one execution of a prepared
// statement may serve the next ones, and turning it into the plan for new parameter values.
//
// A prepared statement's `?` values are bound as constants tagged with their marker
// (`ConstExpr.param`, sql/expr/expression.ts). A cached plan is the optimized plan of its first
// execution; for a later execution `instantiatePlan` copies the nodes whose expressions hold a
// `?` value, with the new values in place, and derives every access path over such conditions
// afresh (a point get's handle, a range's bounds are computed from the new values, as TiDB
// rebuilds ranges for a cached plan). Nodes without a `?` value are shared with the cached plan.
//
// The cache key (kept by sql/session) holds everything else a plan depends on: the schema
// version, the session's variables, the current database and each parameter's type. What is
// left are decisions taken from a parameter's value, and those make a plan uncacheable or send
// one execution back to the planner:
//   - the planner says so (`PlanContext.paramValueUsed`): LIMIT ?, a function specialised on a
//     constant argument that was a `?` (ROUND(x, ?), STR_TO_DATE(s, ?) …);
//   - the new access path has another shape than the cached one (a NULL or an out-of-range
//     value turns a point get into no key or a full scan; BETWEEN ? AND ? with low > high
//     reads no range): the joins, TopN and pushdown above were chosen for the old shape, so
//     this execution is planned afresh (`instantiatePlan` answers undefined);
//   - operators that keep state in the plan or read from outside it (CTEs fill their rows into
//     the plan, subqueries and window functions are not covered here) are never cached.
// Joins, cop pushdown and index-join choices that only change speed, not rows, may be taken for
// the first values and kept: every condition still runs as a filter over what a path reads.
import { hasParam, type Expression } from '../expr/index.js';
import { typeOfValue, type Value } from '../types/index.js';
import { chooseAccessPath } from './access-path.js';
import type { PlanContext } from './context.js';
import { toCopExpr } from './cop-expr.js';
import type { AccessPath, Plan, SortKey } from './plan.js';

/** Why a plan cannot be cached, or undefined when it can. */
export function uncacheableReason(plan: Plan): string | undefined {
  switch (plan.kind) {
    case 'Apply':
      return 'subqueries are not cached';
    case 'Window':
      return 'window functions are not cached';
    case 'CteScan':
      return 'common table expressions are not cached';
    case 'Aggregate':
      if (plan.cop && (plan.groupBy.some(hasParam) || plan.aggs.some((a) => a.args.some(hasParam)))) return 'a pushed-down aggregate over a parameter is not cached';
      return uncacheableReason(plan.child);
    case 'DataSource':
    case 'Dual':
      return undefined;
    case 'Join':
      return uncacheableReason(plan.left) ?? uncacheableReason(plan.right);
    case 'Union':
      for (const c of plan.children) {
        const r = uncacheableReason(c);
        if (r) return r;
      }
      return undefined;
    default:
      return uncacheableReason(plan.child);
  }
}

/** The types of the `?` values, as the binder types them: a cached plan's functions and result
 *  columns were bound for these types (a string's length, a decimal's scale included), so a
 *  value of another type gets a plan of its own. */
export function paramSignature(params: readonly Value[]): string {
  let s = '';
  for (const v of params) {
    if (v === null) s += 'n;';
    else if (typeof v === 'bigint') s += v > I64_MAX ? 'u;' : 'i;';
    else if (typeof v === 'number') s += 'f;';
    else s += `${JSON.stringify(typeOfValue(v))};`;
  }
  return s;
}

const I64_MAX = 2n ** 63n - 1n;

/** The cached plan with `params` in place of the values it was built with; undefined when an
 *  access path would take another shape for these values (plan afresh). */
export function instantiatePlan(plan: Plan, params: readonly Value[], ctx: PlanContext): Plan | undefined {
  try {
    return instantiate(plan, params, ctx);
  } catch (err) {
    if (err instanceof ShapeChanged) return undefined;
    throw err;
  }
}

class ShapeChanged extends Error {}

function substitute(e: Expression, params: readonly Value[]): Expression {
  if (e.kind === 'const') {
    if (e.param === undefined) return e;
    const v = params[e.param];
    if (v === undefined) throw new ShapeChanged();
    return { ...e, value: v };
  }
  if (e.kind !== 'call') return e;
  let changed = false;
  const args = e.args.map((a) => {
    const n = substitute(a, params);
    if (n !== a) changed = true;
    return n;
  });
  return changed ? { ...e, args } : e;
}

/** Substituted list, or the same array when nothing in it changed. */
function list(es: Expression[], params: readonly Value[]): Expression[] {
  let changed = false;
  const out = es.map((e) => {
    const n = substitute(e, params);
    if (n !== e) changed = true;
    return n;
  });
  return changed ? out : es;
}

function keys(ks: SortKey[], params: readonly Value[]): SortKey[] {
  let changed = false;
  const out = ks.map((k) => {
    const expr = substitute(k.expr, params);
    if (expr === k.expr) return k;
    changed = true;
    return { ...k, expr };
  });
  return changed ? out : ks;
}

/** What the operators above an access path were chosen for: its kind, index and how many
 *  points or ranges of which form it reads. */
function shape(a: AccessPath): string {
  switch (a.kind) {
    case 'point-get':
      return `point:${a.handles.length}`;
    case 'unique-get':
      return `unique:${a.index.id}:${a.keys.length}`;
    case 'table-scan':
      return `table:${a.full}:${a.ranges.length}`;
    case 'index-scan':
      return `index:${a.index.id}:${a.lookup}:${a.ranges.map((r) => `${r.low ? `${r.low.values.length}${r.low.inclusive}` : '-'}/${r.high ? `${r.high.values.length}${r.high.inclusive}` : '-'}`).join(',')}`;
  }
}

function instantiate(p: Plan, params: readonly Value[], ctx: PlanContext): Plan {
  switch (p.kind) {
    case 'DataSource': {
      const conditions = list(p.conditions, params);
      const copTopN = p.copTopN ? keys(p.copTopN.keys as SortKey[], params) : undefined;
      if (conditions === p.conditions && copTopN === p.copTopN?.keys) return p;
      const ds = { ...p, conditions, ...(p.copTopN && copTopN ? { copTopN: { ...p.copTopN, keys: copTopN } } : {}) };
      if (p.access) {
        const fresh = chooseAccessPath(ds, ctx);
        if (shape(fresh) !== shape(p.access)) throw new ShapeChanged();
        // The scan direction was set by the optimizer when it dropped a Sort the order satisfies.
        ds.access = (fresh.kind === 'table-scan' || fresh.kind === 'index-scan') && 'desc' in p.access ? { ...fresh, desc: p.access.desc } : fresh;
      }
      if (ds.cop) {
        const offsets = new Map(ds.schema.map((c, i) => [c.id, i]));
        if (!conditions.every((e) => toCopExpr(e, offsets) !== undefined)) throw new ShapeChanged();
        if (copTopN && !copTopN.every((k) => toCopExpr(k.expr, offsets) !== undefined)) throw new ShapeChanged();
      }
      return ds;
    }
    case 'Dual': {
      let changed = false;
      const rows = p.rows.map((r) => {
        const n = list(r as Expression[], params);
        if (n !== r) changed = true;
        return n;
      });
      return changed ? { ...p, rows } : p;
    }
    case 'Selection': {
      const child = instantiate(p.child, params, ctx);
      const conditions = list(p.conditions, params);
      return child === p.child && conditions === p.conditions ? p : { ...p, child, conditions };
    }
    case 'Projection': {
      const child = instantiate(p.child, params, ctx);
      const exprs = list(p.exprs, params);
      return child === p.child && exprs === p.exprs ? p : { ...p, child, exprs };
    }
    case 'Aggregate': {
      const child = instantiate(p.child, params, ctx);
      const groupBy = list(p.groupBy, params);
      let changed = child !== p.child || groupBy !== p.groupBy;
      const aggs = p.aggs.map((a) => {
        const args = list(a.args as Expression[], params);
        if (args === a.args) return a;
        changed = true;
        return { ...a, args };
      });
      return changed ? { ...p, child, groupBy, aggs } : p;
    }
    case 'Sort':
    case 'TopN': {
      const child = instantiate(p.child, params, ctx);
      const ks = keys(p.keys, params);
      return child === p.child && ks === p.keys ? p : { ...p, child, keys: ks };
    }
    case 'Limit':
    case 'Distinct': {
      const child = instantiate(p.child, params, ctx);
      return child === p.child ? p : { ...p, child };
    }
    case 'Join': {
      const left = instantiate(p.left, params, ctx);
      const right = instantiate(p.right, params, ctx);
      const other = list(p.other, params);
      let changed = left !== p.left || right !== p.right || other !== p.other;
      const eq = p.eq.map((x) => {
        const l = substitute(x.left, params);
        const r = substitute(x.right, params);
        if (l === x.left && r === x.right) return x;
        changed = true;
        return { ...x, left: l, right: r };
      });
      return changed ? { ...p, left, right, other, eq } : p;
    }
    case 'Union': {
      let changed = false;
      const children = p.children.map((c) => {
        const n = instantiate(c, params, ctx);
        if (n !== c) changed = true;
        return n;
      });
      return changed ? { ...p, children } : p;
    }
    case 'Apply':
    case 'Window':
    case 'CteScan':
      // uncacheableReason keeps these out of the cache.
      throw new ShapeChanged();
  }
}
