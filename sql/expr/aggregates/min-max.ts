// MIN(expr) and MAX(expr): the extreme under the argument type's order (strings by collation,
// ENUM/SET by their text, numbers exactly). DISTINCT changes nothing. NULL over no rows.

import { collationOf } from '../../types/column-type.js';
import { compareValues } from '../../types/compare.js';
import type { Value } from '../../types/value.js';
import { defineAggregate } from './aggregate.js';

for (const [name, sign] of [
  ['min', -1],
  ['max', 1],
] as const) {
  defineAggregate({
    name,
    minArgs: 1,
    returnType: ([t]) => ({ ...(t ?? { kind: 'null', nullable: true }), nullable: true }),
    partialTypes: ([t]) => [{ ...(t ?? { kind: 'null', nullable: true }), nullable: true }],
    create: (types) => {
      const collation = types[0] ? collationOf(types[0]) : undefined;
      let best: Value = null;
      const add = (v: Value): void => {
        if (v === null) return;
        if (best === null || compareValues(v, best, collation) * sign > 0) best = v;
      };
      return {
        add: ([v = null]) => add(v),
        result: () => best,
        partial: () => [best],
        merge: ([p = null]) => add(p),
      };
    },
  });
}
