// Rows of constants: SELECT without FROM (one empty row), VALUES lists.
import { compileExpr, type OuterValues } from '../expr/index.js';
import type { Dual } from '../planner/plan.js';
import type { ExecContext } from './context.js';
import type { Operator } from './operator.js';

export function dualOperator(p: Dual, ctx: ExecContext, outer: OuterValues): Operator {
  const rows = p.rows.map((r) => r.map((e) => compileExpr(e, new Map(), outer)));
  return async function* dual() {
    yield rows.map((r) => r.map((f) => f([], ctx.evalCtx)));
  };
}
