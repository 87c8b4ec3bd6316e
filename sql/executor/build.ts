// Plan → operators. One operator per plan node; under EXPLAIN ANALYZE each is wrapped to count
// its rows, batches and loops and the time spent in it.
import type { Plan } from '../planner/plan.js';
import { aggregateOperator } from './aggregate.js';
import { applyOperator } from './apply.js';
import { copAggregateOperator } from './cop-aggregate.js';
import type { ExecContext } from './context.js';
import { cteOperator } from './cte.js';
import { dataSourceOperator } from './data-source.js';
import { distinctRows } from './distinct.js';
import { dualOperator } from './dual.js';
import { indexJoinOperator } from './index-join.js';
import { joinOperator } from './join.js';
import { limitOperator } from './limit.js';
import type { Operator } from './operator.js';
import { projectionOperator } from './projection.js';
import { selectionOperator } from './selection.js';
import { sortOperator, topNOperator } from './sort.js';
import { unionOperator } from './union.js';
import { windowOperator } from './window.js';

export function buildOperator(p: Plan, ctx: ExecContext): Operator {
  const op = buildNode(p, ctx);
  return ctx.stats ? instrument(p.id, op, ctx) : op;
}

function buildNode(p: Plan, ctx: ExecContext): Operator {
  const outer = ctx.outer;
  switch (p.kind) {
    case 'DataSource':
      return dataSourceOperator(p, ctx);
    case 'Dual':
      return dualOperator(p, ctx, outer);
    case 'Selection':
      return selectionOperator(p, buildOperator(p.child, ctx), ctx, outer);
    case 'Projection':
      return projectionOperator(p, buildOperator(p.child, ctx), ctx, outer);
    case 'Aggregate':
      if (p.cop && p.child.kind === 'DataSource' && ctx.cop) {
        const ds = p.child;
        return copAggregateOperator(p, ds, () => buildOperator(ds, ctx), ctx, outer);
      }
      return aggregateOperator(p, buildOperator(p.child, ctx), ctx, outer);
    case 'Sort':
      return sortOperator(p, buildOperator(p.child, ctx), ctx, outer);
    case 'TopN':
      return topNOperator(p, buildOperator(p.child, ctx), ctx, outer);
    case 'Limit':
      return limitOperator(p, buildOperator(p.child, ctx));
    case 'Join':
      if (p.algorithm === 'index-lookup' && p.lookup && p.right.kind === 'DataSource') return indexJoinOperator(p, buildOperator(p.left, ctx), ctx, outer);
      return joinOperator(p, buildOperator(p.left, ctx), buildOperator(p.right, ctx), ctx, outer);
    case 'Apply':
      return applyOperator(p, buildOperator(p.outer, ctx), buildOperator(p.inner, ctx), ctx, outer);
    case 'Union':
      return unionOperator(p, p.children.map((c) => buildOperator(c, ctx)), ctx);
    case 'Distinct':
      return distinctRows(p.schema, buildOperator(p.child, ctx));
    case 'Window':
      return windowOperator(p, buildOperator(p.child, ctx), ctx, outer);
    case 'CteScan':
      // The recursive part's self-reference only replays the previous iteration's rows.
      if (p.iteration) return cteOperator(p, async function* none() {}, undefined, ctx);
      return cteOperator(p, buildOperator(p.cte.seed, ctx), p.cte.recursive ? buildOperator(p.cte.recursive, ctx) : undefined, ctx);
  }
}

function instrument(id: number, op: Operator, ctx: ExecContext): Operator {
  const stats = ctx.stats as NonNullable<ExecContext['stats']>;
  return async function* measured() {
    let s = stats.get(id);
    if (!s) {
      s = { rows: 0, batches: 0, loops: 0, timeNs: 0n };
      stats.set(id, s);
    }
    s.loops++;
    const it = op();
    for (;;) {
      const t0 = process.hrtime.bigint();
      const r = await it.next();
      s.timeNs += process.hrtime.bigint() - t0;
      if (r.done) return;
      s.rows += r.value.length;
      s.batches++;
      yield r.value;
    }
  };
}
