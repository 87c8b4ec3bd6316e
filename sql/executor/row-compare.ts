// Ordering rows by sort keys as MySQL orders them: by each key's type and collation, NULL first
// ascending and last descending.
import { compileExpr, type Evaluator, type Layout, type OuterValues } from '../expr/index.js';
import type { SortKey } from '../planner/plan.js';
import { compareTyped, type SqlType, type Value } from '../types/index.js';
import type { EvalContext } from '../expr/index.js';

export interface CompiledKeys {
  /** Evaluates the keys of a row. */
  keysOf(row: readonly Value[], ctx: EvalContext): Value[];
  /** Compares two rows' evaluated keys. */
  compare(a: readonly Value[], b: readonly Value[]): number;
}

export function compileSortKeys(keys: readonly SortKey[], layout: Layout, outer?: OuterValues): CompiledKeys {
  const evals: Evaluator[] = keys.map((k) => compileExpr(k.expr, layout, outer));
  const types: SqlType[] = keys.map((k) => k.expr.type);
  const desc = keys.map((k) => k.desc);
  return {
    keysOf: (row, ctx) => evals.map((f) => f(row, ctx)),
    compare: (a, b) => {
      for (let i = 0; i < types.length; i++) {
        const x = a[i] ?? null;
        const y = b[i] ?? null;
        let c: number;
        if (x === null) c = y === null ? 0 : -1;
        else if (y === null) c = 1;
        else c = compareTyped(x, y, types[i] as SqlType);
        if (c !== 0) return desc[i] ? -c : c;
      }
      return 0;
    },
  };
}
