// SUM(expr) and SUM(DISTINCT expr): exact for integers and decimals (result DECIMAL with 22 more
// digits of precision, as MySQL types it), DOUBLE for everything else (strings are read as
// doubles). NULL over no non-NULL rows.

import { T, type SqlType } from '../../types/column-type.js';
import { MAX_DECIMAL_PRECISION, type Decimal } from '../../types/decimal.js';
import { toDecimal, toDouble } from '../../types/convert.js';
import type { Value } from '../../types/value.js';
import type { EvalContext } from '../context.js';
import { decimalShape, numClass } from '../type-infer.js';
import { defineAggregate, type Accumulator } from './aggregate.js';
import { DistinctSet } from './distinct-set.js';

export function sumType(t: SqlType | undefined): SqlType {
  if (!t || numClass(t) === 'double') return T.double({ nullable: true });
  const s = decimalShape(t);
  return T.decimal(Math.min(s.precision + 22, MAX_DECIMAL_PRECISION), s.scale, { nullable: true });
}

/** A running sum in the result's representation. */
export class Summer {
  private dec: Decimal | null = null;
  private dbl: number | null = null;
  constructor(private readonly exact: boolean, private readonly ctx: EvalContext) {}

  add(v: Value): void {
    if (v === null) return;
    if (this.exact) {
      const d = toDecimal(v, this.ctx);
      if (d !== null) this.dec = this.dec === null ? d : this.dec.add(d);
    } else {
      const d = toDouble(v, this.ctx);
      if (d !== null) this.dbl = (this.dbl ?? 0) + d;
    }
  }

  get value(): Decimal | number | null {
    return this.exact ? this.dec : this.dbl;
  }
}

defineAggregate({
  name: 'sum',
  minArgs: 1,
  returnType: ([t]) => sumType(t),
  partialTypes: ([t], o) => (o.distinct ? [T.json({ nullable: false })] : [sumType(t)]),
  create: (types, o, ctx): Accumulator => {
    const exact = sumType(types[0]).kind === 'decimal';
    const sum = new Summer(exact, ctx);
    if (o.distinct) {
      const set = new DistinctSet(types.slice(0, 1));
      return {
        add: ([v = null]) => {
          if (v !== null && set.add([v])) sum.add(v);
        },
        result: () => sum.value,
        partial: () => [set.toJson()],
        merge: ([p = null]) => {
          for (const [v = null] of set.mergeJson(p)) sum.add(v);
        },
      };
    }
    return {
      add: ([v = null]) => sum.add(v),
      result: () => sum.value,
      partial: () => [sum.value],
      merge: ([p = null]) => sum.add(p),
    };
  },
});
