// Common table expressions that are materialized: WITH RECURSIVE. The seed runs once; then the
// recursive part runs against the rows of the previous iteration until it yields none (UNION
// DISTINCT also stops when only already-seen rows come back). More iterations than
// @@cte_max_recursion_depth is MySQL's error 3636.
import type { CteScan } from '../planner/plan.js';
import { collationOf, tupleHashKey, type Value } from '../types/index.js';
import { cteMaxRecursion } from '../planner/errors.js';
import { BATCH_SIZE, type ExecContext } from './context.js';
import { drain, type Operator } from './operator.js';

export function cteOperator(p: CteScan, seed: Operator, recursive: Operator | undefined, ctx: ExecContext): Operator {
  const def = p.cte;
  if (p.iteration) {
    return async function* iteration() {
      const rows = def.iteration ?? [];
      for (let i = 0; i < rows.length; i += BATCH_SIZE) yield rows.slice(i, i + BATCH_SIZE);
    };
  }
  const collations = def.schema.map((c) => collationOf(c.type));
  return async function* cte() {
    const seen = new Set<string>();
    const all: Value[][] = [];
    const add = (rows: Value[][]): Value[][] => {
      if (!def.distinct) {
        all.push(...rows);
        return rows;
      }
      const fresh: Value[][] = [];
      for (const r of rows) {
        const k = tupleHashKey(r, collations);
        if (seen.has(k)) continue;
        seen.add(k);
        fresh.push(r);
      }
      all.push(...fresh);
      return fresh;
    };
    let last = add(await drain(seed));
    if (recursive) {
      let depth = 0;
      while (last.length) {
        ctx.checkKilled();
        if (++depth > ctx.cteMaxRecursion) throw cteMaxRecursion(ctx.cteMaxRecursion);
        def.iteration = last;
        last = add(await drain(recursive));
      }
      def.iteration = [];
    }
    for (let i = 0; i < all.length; i += BATCH_SIZE) yield all.slice(i, i + BATCH_SIZE);
  };
}
