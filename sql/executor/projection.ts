// Computes the output expressions of each row (select list, derived table columns).
import { compileExpr, layoutOf, type OuterValues } from '../expr/index.js';
import type { Projection } from '../planner/plan.js';
import type { Value } from '../types/index.js';
import type { ExecContext } from './context.js';
import type { Operator } from './operator.js';

export function projectionOperator(p: Projection, child: Operator, ctx: ExecContext, outer: OuterValues): Operator {
  const layout = layoutOf(p.child.schema.map((c) => c.id));
  // Plain column pass-throughs are copied by position, without a closure call.
  const positions = p.exprs.map((e) => (e.kind === 'column' ? layout.get(e.id) : undefined));
  const evals = p.exprs.map((e, i) => (positions[i] === undefined ? compileExpr(e, layout, outer) : undefined));
  return async function* projection() {
    for await (const b of child()) {
      const out: Value[][] = new Array<Value[]>(b.length);
      for (let r = 0; r < b.length; r++) {
        const row = b[r] as Value[];
        const o: Value[] = new Array<Value>(evals.length);
        for (let i = 0; i < evals.length; i++) {
          const pos = positions[i];
          o[i] = pos !== undefined ? (row[pos] as Value) : (evals[i] as NonNullable<(typeof evals)[number]>)(row, ctx.evalCtx);
        }
        out[r] = o;
      }
      yield out;
    }
  };
}
