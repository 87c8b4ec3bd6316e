// Hash aggregation: rows grouped by the GROUP BY values (equal by type and collation), one
// accumulator per aggregate per group (sql/expr/aggregates). Without GROUP BY an empty input
// still gives one row (COUNT(*) = 0, SUM = NULL), as SQL requires. Groups come out in the order
// they were first seen.
import { compileExpr, layoutOf, type Accumulator, type OuterValues } from '../expr/index.js';
import type { Aggregate } from '../planner/plan.js';
import { collationOf, tupleHashKey, type Value } from '../types/index.js';
import { BATCH_SIZE, type Batch, type ExecContext } from './context.js';
import type { Operator } from './operator.js';

export function aggregateOperator(p: Aggregate, child: Operator, ctx: ExecContext, outer: OuterValues): Operator {
  const layout = layoutOf(p.child.schema.map((c) => c.id));
  const groupEvals = p.groupBy.map((e) => compileExpr(e, layout, outer));
  const collations = p.groupBy.map((e) => collationOf(e.type));
  const aggArgs = p.aggs.map((a) => a.args.map((e) => compileExpr(e, layout, outer)));
  return async function* aggregate() {
    const groups = new Map<string, { key: Value[]; accs: Accumulator[] }>();
    const newGroup = (key: Value[]): { key: Value[]; accs: Accumulator[] } => ({ key, accs: p.aggs.map((a) => a.agg.create(ctx.evalCtx)) });
    for await (const b of child()) {
      ctx.checkKilled();
      for (const r of b) {
        const key = groupEvals.map((f) => f(r, ctx.evalCtx));
        const k = groupEvals.length ? tupleHashKey(key, collations) : '';
        let g = groups.get(k);
        if (!g) {
          g = newGroup(key);
          groups.set(k, g);
        }
        for (let i = 0; i < aggArgs.length; i++) {
          const args = (aggArgs[i] as typeof aggArgs[number]).map((f) => f(r, ctx.evalCtx));
          (g.accs[i] as Accumulator).add(args);
        }
      }
    }
    if (groups.size === 0 && p.groupBy.length === 0) groups.set('', newGroup([]));
    yield* emitGroups(groups.values());
  };
}

/** One output row per group (its key, then each aggregate's result), in batches. */
export function* emitGroups(groups: Iterable<{ readonly key: Value[]; readonly accs: readonly Accumulator[] }>): Generator<Batch> {
  let out: Batch = [];
  for (const g of groups) {
    out.push([...g.key, ...g.accs.map((a) => a.result())]);
    if (out.length >= BATCH_SIZE) {
      yield out;
      out = [];
    }
  }
  if (out.length) yield out;
}
