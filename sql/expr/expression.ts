// Bound expressions: what the planner makes of the parser's `Expr` once names are resolved and
// functions are bound, and what the executors evaluate per row.
//
// A column is referenced by a statement-unique `id`, not by position: plan rewrites (predicate
// push-down, column pruning, join reordering) move expressions between operators freely, and
// each executor resolves ids to positions in its input once, when it is built (`compileExpr`).
// Subqueries never appear here: the planner turns them into plan operators (Apply, semi joins)
// whose output is an ordinary column, so evaluation stays synchronous and cheap.
//
// `outer` references a column of an enclosing query (a correlated subquery): the Apply executor
// sets its value for each outer row in the `OuterValues` the inner plan was compiled with.
import type { SqlType } from '../types/index.js';
import type { Value } from '../types/index.js';
import { toBoolean } from '../types/index.js';
import type { EvalContext } from './context.js';
import type { BoundFunction } from './registry.js';

export interface ColumnExpr {
  readonly kind: 'column';
  readonly id: number;
  readonly type: SqlType;
  /** For EXPLAIN and messages: `db.table.column` or the alias. */
  readonly name: string;
}

export interface OuterExpr {
  readonly kind: 'outer';
  readonly id: number;
  readonly type: SqlType;
  readonly name: string;
}

export interface ConstExpr {
  readonly kind: 'const';
  readonly value: Value;
  readonly type: SqlType;
  /** The text for EXPLAIN / messages, when it differs from the value's default rendering. */
  readonly text?: string;
  /** Set on the value of a `?` marker (0-based index): a prepared statement's cached plan puts
   *  each execution's value in its place (sql/planner/plan-cache.ts), so nothing may specialise
   *  the plan on this value without telling the planner (PlanContext.paramValueUsed). */
  readonly param?: number;
}

export interface CallExpr {
  readonly kind: 'call';
  readonly fn: BoundFunction;
  readonly args: readonly Expression[];
  readonly type: SqlType;
}

export type Expression = ColumnExpr | OuterExpr | ConstExpr | CallExpr;

export type Row = Value[];

/** Evaluates an expression over one input row. */
export type Evaluator = (row: readonly Value[], ctx: EvalContext) => Value;

/** The current outer row's values, by column id (set by the Apply executor). */
export class OuterValues {
  readonly values = new Map<number, Value>();
}

export function col(id: number, type: SqlType, name: string): ColumnExpr {
  return { kind: 'column', id, type, name };
}

export function constant(value: Value, type: SqlType, text?: string): ConstExpr {
  return text === undefined ? { kind: 'const', value, type } : { kind: 'const', value, type, text };
}

/** The value of the `?` marker `index` for one execution. */
export function paramConstant(index: number, value: Value, type: SqlType): ConstExpr {
  return { kind: 'const', value, type, param: index };
}

/** Whether a `?` marker's value is part of the expression. */
export function hasParam(e: Expression): boolean {
  if (e.kind === 'const') return e.param !== undefined;
  if (e.kind === 'call') return e.args.some(hasParam);
  return false;
}

export function call(fn: BoundFunction, args: readonly Expression[]): CallExpr {
  return { kind: 'call', fn, args, type: fn.returnType };
}

/** Ids of the columns an expression reads (outer references excluded). */
export function columnIds(e: Expression, into: Set<number> = new Set()): Set<number> {
  switch (e.kind) {
    case 'column':
      into.add(e.id);
      break;
    case 'call':
      for (const a of e.args) columnIds(a, into);
      break;
    default:
      break;
  }
  return into;
}

/** Whether the expression reads any outer column. */
export function hasOuter(e: Expression): boolean {
  if (e.kind === 'outer') return true;
  if (e.kind === 'call') return e.args.some(hasOuter);
  return false;
}

/** No column references and deterministic: can be folded at plan time. */
export function isConstantExpr(e: Expression): boolean {
  if (e.kind === 'const') return true;
  if (e.kind === 'call') return e.fn.def.deterministic && e.args.every(isConstantExpr);
  return false;
}

/** Splits `a AND b AND c` into its conjuncts. */
export function conjuncts(e: Expression): Expression[] {
  if (e.kind === 'call' && e.fn.name === 'and') return e.args.flatMap(conjuncts);
  return [e];
}

/** Replaces column references (by id) with other expressions. */
export function substitute(e: Expression, map: ReadonlyMap<number, Expression>): Expression {
  switch (e.kind) {
    case 'column':
      return map.get(e.id) ?? e;
    case 'call': {
      let changed = false;
      const args = e.args.map((a) => {
        const n = substitute(a, map);
        if (n !== a) changed = true;
        return n;
      });
      return changed ? { ...e, args } : e;
    }
    default:
      return e;
  }
}

/** Column id → position in the input row. */
export type Layout = ReadonlyMap<number, number>;

export class UnresolvedColumn extends Error {
  constructor(
    readonly id: number,
    readonly column: string,
  ) {
    super(`column ${column} (#${id}) is not in the operator's input`);
  }
}

/** Compiles an expression into a closure over the input layout. */
export function compileExpr(e: Expression, layout: Layout, outer?: OuterValues): Evaluator {
  switch (e.kind) {
    case 'column': {
      const i = layout.get(e.id);
      if (i === undefined) throw new UnresolvedColumn(e.id, e.name);
      return (row) => row[i] as Value;
    }
    case 'outer': {
      const id = e.id;
      const o = outer;
      if (!o) throw new UnresolvedColumn(e.id, e.name);
      return () => o.values.get(id) ?? null;
    }
    case 'const': {
      const v = e.value;
      return () => v;
    }
    case 'call': {
      const args = e.args.map((a) => compileExpr(a, layout, outer));
      const fn = e.fn;
      if (fn.def.evalLazy) {
        return (row, ctx) => fn.evalLazy(args.map((a) => () => a(row, ctx)), ctx);
      }
      switch (args.length) {
        case 0:
          return (_row, ctx) => fn.eval([], ctx);
        case 1: {
          const [a] = args as [Evaluator];
          return (row, ctx) => fn.eval([a(row, ctx)], ctx);
        }
        case 2: {
          const [a, b] = args as [Evaluator, Evaluator];
          return (row, ctx) => fn.eval([a(row, ctx), b(row, ctx)], ctx);
        }
        default:
          return (row, ctx) => fn.eval(args.map((a) => a(row, ctx)), ctx);
      }
    }
  }
}

/** Compiles a conjunction of conditions into a row predicate (NULL and false both reject). */
export function compileFilter(conds: readonly Expression[], layout: Layout, outer?: OuterValues): (row: readonly Value[], ctx: EvalContext) => boolean {
  const fs = conds.map((c) => compileExpr(c, layout, outer));
  if (fs.length === 0) return () => true;
  return (row, ctx) => {
    for (const f of fs) {
      if (toBoolean(f(row, ctx), ctx) !== true) return false;
    }
    return true;
  };
}

/** Layout for a list of column ids in order. */
export function layoutOf(ids: readonly number[]): Map<number, number> {
  const m = new Map<number, number>();
  ids.forEach((id, i) => m.set(id, i));
  return m;
}
