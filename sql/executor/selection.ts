// Filters rows by conditions that could not be pushed into a table read (they use a join's both
// sides, an aggregate, a subquery's result…). NULL and FALSE both reject, as in WHERE.
import { compileFilter, layoutOf, type OuterValues } from '../expr/index.js';
import type { Selection } from '../planner/plan.js';
import type { Batch, ExecContext } from './context.js';
import type { Operator } from './operator.js';

export function selectionOperator(p: Selection, child: Operator, ctx: ExecContext, outer: OuterValues): Operator {
  const f = compileFilter(p.conditions, layoutOf(p.child.schema.map((c) => c.id)), outer);
  return async function* selection() {
    for await (const b of child()) {
      const out: Batch = [];
      for (const r of b) if (f(r, ctx.evalCtx)) out.push(r);
      if (out.length) yield out;
    }
  };
}
