// AVG(expr) and AVG(DISTINCT expr): for exact arguments a DECIMAL with scale + 4
// (div_precision_increment), computed as sum / count with MySQL's decimal division; DOUBLE
// otherwise. Partial state is [count, sum] so regions merge exactly.

import { T, type SqlType } from '../../types/column-type.js';
import { MAX_DECIMAL_PRECISION, MAX_DECIMAL_SCALE, Decimal } from '../../types/decimal.js';
import { decimalShape, numClass } from '../type-infer.js';
import { defineAggregate, type Accumulator } from './aggregate.js';
import { DistinctSet } from './distinct-set.js';
import { Summer, sumType } from './sum.js';

function avgType(t: SqlType | undefined, incr: number): SqlType {
  if (!t || numClass(t) === 'double') return T.double({ nullable: true });
  const s = decimalShape(t);
  return T.decimal(Math.min(s.precision + incr, MAX_DECIMAL_PRECISION), Math.min(s.scale + incr, MAX_DECIMAL_SCALE), { nullable: true });
}

defineAggregate({
  name: 'avg',
  minArgs: 1,
  returnType: ([t]) => avgType(t, 4),
  partialTypes: ([t], o) => (o.distinct ? [T.json({ nullable: false })] : [T.bigint({ nullable: false }), sumType(t)]),
  create: (types, o, ctx): Accumulator => {
    const exact = avgType(types[0], ctx.divPrecisionIncrement).kind === 'decimal';
    const sum = new Summer(exact, ctx);
    let count = 0n;
    const addOne = (v: Parameters<Summer['add']>[0]): void => {
      if (v === null) return;
      sum.add(v);
      count++;
    };
    const result = (): Decimal | number | null => {
      const s = sum.value;
      if (count === 0n || s === null) return null;
      if (s instanceof Decimal) return s.div(Decimal.fromBigInt(count), ctx.divPrecisionIncrement);
      return s / Number(count);
    };
    if (o.distinct) {
      const set = new DistinctSet(types.slice(0, 1));
      return {
        add: ([v = null]) => {
          if (v !== null && set.add([v])) addOne(v);
        },
        result,
        partial: () => [set.toJson()],
        merge: ([p = null]) => {
          for (const [v = null] of set.mergeJson(p)) addOne(v);
        },
      };
    }
    return {
      add: ([v = null]) => addOne(v),
      result,
      partial: () => [count, sum.value],
      merge: ([c = null, s = null]) => {
        if (typeof c === 'bigint' && c > 0n && s !== null) {
          count += c;
          sum.add(s);
        }
      },
    };
  },
});
