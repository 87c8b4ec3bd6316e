// Apply: subqueries in expressions. For each outer row the correlated outer columns are bound
// (OuterValues) and the inner plan runs; its rows become one value appended to the outer row:
//   scalar      the single value (NULL for no row; 1242 for more than one)
//   exists      1 / 0
//   in / not in MySQL's three-valued rules: TRUE on a match; else NULL if the probe or some
//               inner value is NULL (and the inner side is not empty); else FALSE
//   any / all   the same rules over the comparison
// Results are cached by the correlated values, so an uncorrelated subquery runs once per
// statement and a correlated one once per distinct outer value.
import { bindFunction, compileExpr, layoutOf, type BoundFunction, type EvalContext, type OuterValues } from '../expr/index.js';
import type { Apply } from '../planner/plan.js';
import { subqueryMoreThanOneRow } from '../errors.js';
import { toBoolean, tupleHashKey, type Value } from '../types/index.js';
import type { Batch, ExecContext } from './context.js';
import { drain, type Operator } from './operator.js';

export function applyOperator(p: Apply, outerOp: Operator, inner: Operator, ctx: ExecContext, outer: OuterValues): Operator {
  const outerLayout = layoutOf(p.outer.schema.map((c) => c.id));
  const bindPositions = p.correlated.map((id) => ({ id, pos: outerLayout.get(id) })).filter((x): x is { id: number; pos: number } => x.pos !== undefined);
  const mode = p.mode;
  const innerTypes = p.inner.schema.map((c) => c.type);
  let probes: ((row: readonly Value[], c: EvalContext) => Value)[] = [];
  let eqs: BoundFunction[] = [];
  if (mode.kind === 'in') {
    probes = mode.probe.map((e) => compileExpr(e, outerLayout, outer));
    eqs = mode.probe.map((e, i) => bindFunction('=', [e.type, innerTypes[i] ?? e.type]));
  } else if (mode.kind === 'quantified') {
    probes = [compileExpr(mode.probe, outerLayout, outer)];
    eqs = [bindFunction(mode.op, [mode.probe.type, innerTypes[0] ?? mode.probe.type])];
  }

  const evalInner = async (): Promise<Value[][]> => {
    if (mode.kind === 'scalar') {
      const rows: Value[][] = [];
      for await (const b of inner()) {
        for (const r of b) {
          rows.push(r);
          if (rows.length > 1) throw subqueryMoreThanOneRow();
        }
      }
      return rows;
    }
    if (mode.kind === 'exists') {
      for await (const b of inner()) if (b.length) return [b[0] as Value[]];
      return [];
    }
    return drain(inner);
  };

  const decide = (rows: Value[][], outerRow: readonly Value[]): Value => {
    switch (mode.kind) {
      case 'scalar':
        return rows.length ? ((rows[0] as Value[])[0] ?? null) : null;
      case 'exists':
        return (rows.length > 0) !== mode.not ? 1n : 0n;
      case 'in': {
        if (!rows.length) return mode.not ? 1n : 0n;
        const probe = probes.map((f) => f(outerRow, ctx.evalCtx));
        let sawNull = false;
        for (const r of rows) {
          let all: boolean | null = true;
          for (let i = 0; i < probe.length; i++) {
            const b = toBoolean((eqs[i] as BoundFunction).eval([probe[i] ?? null, r[i] ?? null], ctx.evalCtx), ctx.evalCtx);
            if (b === false) {
              all = false;
              break;
            }
            if (b === null) all = null;
          }
          if (all === true) return mode.not ? 0n : 1n;
          if (all === null) sawNull = true;
        }
        if (sawNull) return null;
        return mode.not ? 1n : 0n;
      }
      case 'quantified': {
        const probe = (probes[0] as (typeof probes)[number])(outerRow, ctx.evalCtx);
        const cmp = eqs[0] as BoundFunction;
        let sawNull = false;
        for (const r of rows) {
          const b = toBoolean(cmp.eval([probe, r[0] ?? null], ctx.evalCtx), ctx.evalCtx);
          if (b === null) sawNull = true;
          else if (mode.all && !b) return 0n;
          else if (!mode.all && b) return 1n;
        }
        if (sawNull) return null;
        return mode.all ? 1n : 0n;
      }
    }
  };

  return async function* apply() {
    const cache = new Map<string, Value[][]>();
    for await (const b of outerOp()) {
      ctx.checkKilled();
      const out: Batch = [];
      for (const row of b) {
        const vals = bindPositions.map((x) => row[x.pos] ?? null);
        // Exact (binary) keys: the inner result may depend on more than collation equality.
        const key = tupleHashKey(vals);
        let rows = cache.get(key);
        if (!rows) {
          bindPositions.forEach((x, i) => outer.values.set(x.id, vals[i] ?? null));
          rows = await evalInner();
          if (cache.size < 10_000) cache.set(key, rows);
        }
        out.push([...row, decide(rows, row)]);
      }
      yield out;
    }
  };
}
