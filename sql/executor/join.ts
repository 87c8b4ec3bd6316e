// Joins: hash join when the ON / WHERE conditions give equality keys, nested loop otherwise.
// The right side is built (materialized) once per execution; the left side streams, so rows come
// out in the left side's order. LEFT JOIN pads a left row without matches with NULLs. Equality
// keys follow `=`: a NULL key matches nothing (`<=>` keys match NULL to NULL).
import { compileExpr, compileFilter, layoutOf, type OuterValues } from '../expr/index.js';
import type { Join } from '../planner/plan.js';
import { collationOf, hashKey, type Value } from '../types/index.js';
import type { Batch, ExecContext } from './context.js';
import { drain, type Operator } from './operator.js';

export function joinOperator(p: Join, left: Operator, right: Operator, ctx: ExecContext, outer: OuterValues): Operator {
  const lLayout = layoutOf(p.left.schema.map((c) => c.id));
  const rLayout = layoutOf(p.right.schema.map((c) => c.id));
  const both = layoutOf([...p.left.schema, ...p.right.schema].map((c) => c.id));
  const other = compileFilter(p.other, both, outer);
  const hasOther = p.other.length > 0;
  const lKeys = p.eq.map((e) => compileExpr(e.left, lLayout, outer));
  const rKeys = p.eq.map((e) => compileExpr(e.right, rLayout, outer));
  const nullSafe = p.eq.map((e) => e.nullSafe);
  const collations = p.eq.map((e) => collationOf(e.left.type) ?? collationOf(e.right.type));
  const rightWidth = p.right.schema.length;
  const isLeft = p.joinType === 'left';

  const keyOf = (row: readonly Value[], fs: typeof lKeys): string | undefined => {
    let k = '';
    for (let i = 0; i < fs.length; i++) {
      const v = (fs[i] as (typeof fs)[number])(row, ctx.evalCtx);
      if (v === null && !nullSafe[i]) return undefined;
      const h = hashKey(v, collations[i]);
      k += h.length.toString(36) + ':' + h;
    }
    return k;
  };

  return async function* join() {
    const built = await drain(right);
    let table: Map<string, Value[][]> | undefined;
    if (p.eq.length) {
      table = new Map();
      for (const r of built) {
        const k = keyOf(r, rKeys);
        if (k === undefined) continue;
        const list = table.get(k);
        if (list) list.push(r);
        else table.set(k, [r]);
      }
    }
    const nulls: Value[] = new Array<Value>(rightWidth).fill(null);
    for await (const b of left()) {
      ctx.checkKilled();
      const out: Batch = [];
      for (const l of b) {
        let candidates: Value[][];
        if (table) {
          const k = keyOf(l, lKeys);
          candidates = k === undefined ? [] : (table.get(k) ?? []);
        } else candidates = built;
        let matched = false;
        for (const r of candidates) {
          const row = l.concat(r);
          if (hasOther && !other(row, ctx.evalCtx)) continue;
          matched = true;
          out.push(row);
        }
        if (!matched && isLeft) out.push(l.concat(nulls));
      }
      if (out.length) yield out;
    }
  };
}
