// LIMIT count OFFSET offset: stops pulling from its child as soon as it has enough rows.
import type { Limit } from '../planner/plan.js';
import type { Operator } from './operator.js';

export function limitOperator(p: Limit, child: Operator): Operator {
  return async function* limit() {
    if (p.count === 0) return;
    let skip = p.offset;
    let left = p.count;
    for await (const b of child()) {
      let rows = b;
      if (skip > 0) {
        if (rows.length <= skip) {
          skip -= rows.length;
          continue;
        }
        rows = rows.slice(skip);
        skip = 0;
      }
      if (rows.length >= left) {
        yield rows.slice(0, left);
        return;
      }
      left -= rows.length;
      yield rows;
    }
  };
}
