// Sort (materializes its input, stable) and TopN (keeps the best offset+count rows while it reads,
// so ORDER BY … LIMIT n never holds more than n rows).
import { layoutOf, type OuterValues } from '../expr/index.js';
import type { Sort, TopN } from '../planner/plan.js';
import type { Value } from '../types/index.js';
import { BATCH_SIZE, type Batch, type ExecContext } from './context.js';
import type { Operator } from './operator.js';
import { compileSortKeys } from './row-compare.js';

function* chunks(rows: Batch): Generator<Batch> {
  for (let i = 0; i < rows.length; i += BATCH_SIZE) yield rows.slice(i, i + BATCH_SIZE);
}

export function sortOperator(p: Sort, child: Operator, ctx: ExecContext, outer: OuterValues): Operator {
  const keys = compileSortKeys(p.keys, layoutOf(p.child.schema.map((c) => c.id)), outer);
  return async function* sort() {
    const items: { k: Value[]; r: Value[]; i: number }[] = [];
    for await (const b of child()) for (const r of b) items.push({ k: keys.keysOf(r, ctx.evalCtx), r, i: items.length });
    items.sort((a, b) => keys.compare(a.k, b.k) || a.i - b.i);
    yield* chunks(items.map((x) => x.r));
  };
}

export function topNOperator(p: TopN, child: Operator, ctx: ExecContext, outer: OuterValues): Operator {
  const keys = compileSortKeys(p.keys, layoutOf(p.child.schema.map((c) => c.id)), outer);
  const n = p.offset + p.count;
  return async function* topN() {
    if (n === 0) return;
    let items: { k: Value[]; r: Value[]; i: number }[] = [];
    let seq = 0;
    const cmp = (a: { k: Value[]; i: number }, b: { k: Value[]; i: number }): number => keys.compare(a.k, b.k) || a.i - b.i;
    for await (const b of child()) {
      for (const r of b) items.push({ k: keys.keysOf(r, ctx.evalCtx), r, i: seq++ });
      if (items.length > n * 2 + BATCH_SIZE) {
        items.sort(cmp);
        items = items.slice(0, n);
      }
    }
    items.sort(cmp);
    yield* chunks(items.slice(p.offset, n).map((x) => x.r));
  };
}
