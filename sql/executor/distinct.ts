// SELECT DISTINCT / UNION: drops rows equal (by type and collation) to one seen before; the first
// occurrence is kept, in input order.
import { tupleHashKey, collationOf } from '../types/index.js';
import type { PlanColumn } from '../planner/plan.js';
import type { Batch } from './context.js';
import type { Operator } from './operator.js';

export function distinctRows(schema: readonly PlanColumn[], child: Operator): Operator {
  const collations = schema.map((c) => collationOf(c.type));
  return async function* distinct() {
    const seen = new Set<string>();
    for await (const b of child()) {
      const out: Batch = [];
      for (const r of b) {
        const k = tupleHashKey(r, collations);
        if (seen.has(k)) continue;
        seen.add(k);
        out.push(r);
      }
      if (out.length) yield out;
    }
  };
}
