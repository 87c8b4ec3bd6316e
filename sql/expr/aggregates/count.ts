// COUNT(*), COUNT(expr), COUNT(a, b, …) and COUNT(DISTINCT …): BIGINT, never NULL.
// COUNT(*) is bound with no arguments and counts every row added.

import { T } from '../../types/column-type.js';
import { defineAggregate } from './aggregate.js';
import { DistinctSet } from './distinct-set.js';

defineAggregate({
  name: 'count',
  minArgs: 0,
  maxArgs: Infinity,
  returnType: () => T.bigint({ nullable: false }),
  partialTypes: (_t, o) => (o.distinct ? [T.json({ nullable: false })] : [T.bigint({ nullable: false })]),
  create: (types, o) => {
    if (o.distinct) {
      const set = new DistinctSet(types);
      return {
        add: (values) => {
          if (values.some((v) => v === null)) return;
          set.add(values);
        },
        result: () => BigInt(set.size),
        partial: () => [set.toJson()],
        merge: ([p = null]) => void set.mergeJson(p),
      };
    }
    let n = 0n;
    return {
      add: (values) => {
        if (values.some((v) => v === null)) return;
        n++;
      },
      result: () => n,
      partial: () => [n],
      merge: ([p = null]) => {
        if (typeof p === 'bigint') n += p;
      },
    };
  },
});
