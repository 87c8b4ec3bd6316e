// UNION [ALL]: the children's rows one after another, each value converted to the union's column
// type (so `SELECT 1 UNION SELECT 'a'` gives strings); UNION without ALL drops duplicates.
import { coerceToType } from '../expr/index.js';
import type { Union } from '../planner/plan.js';
import type { Value } from '../types/index.js';
import type { ExecContext } from './context.js';
import { distinctRows } from './distinct.js';
import type { Operator } from './operator.js';

export function unionOperator(p: Union, children: Operator[], ctx: ExecContext): Operator {
  const all: Operator = async function* unionAll() {
    for (const [i, child] of children.entries()) {
      const from = (p.children[i] as Union['children'][number]).schema.map((c) => c.type);
      for await (const b of child()) {
        yield b.map((r) => r.map((v, j) => coerceToType(v as Value, (p.schema[j] as Union['schema'][number]).type, ctx.evalCtx, from[j])));
      }
    }
  };
  return p.distinct ? distinctRows(p.schema, all) : all;
}
