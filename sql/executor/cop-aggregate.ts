// The final half of a pushed-down aggregation: every region runs TableScan [→ Selection] →
// Aggregation (partial mode, kv/coprocessor/aggregation.ts) and answers one row per group it saw
// — the partial states of each function, then the GROUP BY values — and this operator merges
// those rows across regions into the groups and results the local hash aggregation
// (aggregate.ts) would have produced from the rows themselves:
//
//   region 1: [count, sum | a=1] [count, sum | a=2]      group a=1: merge(count, sum) of r1, r3
//   region 2: [count, sum | a=2]                     ─►  group a=2: merge(…) of r1, r2
//   region 3: [count, sum | a=1]                         → acc.result(): AVG = sum / count
//
// The merge goes through the SQL accumulators' own `merge` (sql/expr/aggregates), so result
// values and types are exactly the local path's: COUNT stays BIGINT, SUM of integers DECIMAL,
// AVG divides once at the end with div_precision_increment. DISTINCT aggregates arrive as each
// region's distinct values and are added one by one (the accumulator's set removes duplicates
// across regions). Region answers come in key order and each lists its groups in first-seen
// order, so groups come out in the order a local scan would first see them, and FIRST_ROW / a
// group's own key value is the first row's, as locally.
import type { CopAggFunc, CopDatum } from '../../kv/cop-types.js';
import { readCopAnswer, type CopValue } from '../../kv/client/index.js';
import { copValueToSql, handleRange } from '../codec/index.js';
import type { Accumulator, OuterValues } from '../expr/index.js';
import { toCopAgg, toCopExpr, type CopAgg } from '../planner/cop-expr.js';
import type { Aggregate, DataSource } from '../planner/plan.js';
import { collationOf, tupleHashKey, type SqlType, type Value } from '../types/index.js';
import { aggregateOperator, emitGroups } from './aggregate.js';
import type { ExecContext } from './context.js';
import { COP_PAGE_ROWS, copScanDag } from './cop-table-scan.js';
import { scanColumns } from './data-source.js';
import type { Operator } from './operator.js';

/** The plan's partial aggregation as the store's executor and how to merge each function, or
 *  undefined when it cannot be pushed after all (the planner marked it, but the executor checks
 *  again with the same rules). */
function pushedAggs(p: Aggregate, ds: DataSource): { aggs: CopAgg[]; groupBy: NonNullable<ReturnType<typeof toCopExpr>>[] } | undefined {
  const offsets = new Map(ds.schema.map((c, i) => [c.id, i]));
  const groupBy = [];
  for (const e of p.groupBy) {
    const x = toCopExpr(e, offsets);
    if (x === undefined) return undefined;
    groupBy.push(x);
  }
  const aggs: CopAgg[] = [];
  for (const a of p.aggs) {
    const x = toCopAgg(a.agg.name, a.args, a.distinct, p.groupBy.length > 0, offsets);
    if (x === undefined) return undefined;
    aggs.push(x);
  }
  return { aggs, groupBy };
}

/** The SQL types of the partial columns the store answers for one function. */
function partialTypes(a: Aggregate['aggs'][number], pushed: CopAgg): readonly SqlType[] {
  const arg = a.args[0]?.type;
  if (pushed.merge === 'partial') return a.agg.partialTypes;
  return [arg as SqlType];
}

/** A HashAgg whose child is a pushed-down scan: partial aggregation on the stores when the
 *  transaction has written nothing (the stores cannot see its buffer), else the local one. */
export function copAggregateOperator(p: Aggregate, ds: DataSource, scanLocally: () => Operator, ctx: ExecContext, outer: OuterValues): Operator {
  const pushed = pushedAggs(p, ds);
  const cop = ctx.cop;
  const table = ctx.table(ds.table);
  const cols = scanColumns(ds);
  const funcs: CopAggFunc[] = pushed?.aggs.map((a) => a.func) ?? [];
  const dag = pushed ? copScanDag(ds, table, cols, { kind: 'aggregation', id: 'HashAgg', groupBy: pushed.groupBy, aggFuncs: funcs }) : undefined;
  const local = (): Operator => aggregateOperator(p, scanLocally(), ctx, outer);
  const access = ds.access;
  if (!pushed || !dag || !cop || access?.kind !== 'table-scan' || access.desc) return local();
  const aggs = pushed.aggs;
  const types = p.aggs.map((a, i) => partialTypes(a, aggs[i] as CopAgg));
  const collations = p.groupBy.map((e) => collationOf(e.type));
  const tableId = BigInt(ds.table.id);
  return async function* copAggregate() {
    if (!ctx.txn.isReadOnly) {
      yield* local()();
      return;
    }
    const ranges = access.ranges.map((r) => handleRange(tableId, r.low, r.high));
    const answers = await cop.send({ startTs: ctx.txn.startTs, ranges, dag, concurrency: cop.concurrency, pagingSize: COP_PAGE_ROWS });
    const groups = new Map<string, { key: Value[]; accs: Accumulator[] }>();
    const newGroup = (key: Value[]): { key: Value[]; accs: Accumulator[] } => ({ key, accs: p.aggs.map((a) => a.agg.create(ctx.evalCtx)) });
    for (const answer of answers) {
      ctx.checkKilled();
      const { length, columns } = readCopAnswer(answer.data);
      const groupCol = aggs.reduce((n, a) => n + a.width, 0);
      for (let r = 0; r < length; r++) {
        const key = p.groupBy.map((e, g) => copValueToSql(columns[groupCol + g]?.values[r] as CopDatum, e.type));
        const k = key.length ? tupleHashKey(key, collations) : '';
        let group = groups.get(k);
        if (!group) {
          group = newGroup(key);
          groups.set(k, group);
        }
        let col = 0;
        aggs.forEach((a, i) => {
          const acc = group.accs[i] as Accumulator;
          const ts = types[i] as readonly SqlType[];
          const cell = (j: number): CopValue => columns[col + j]?.values[r] ?? null;
          if (a.merge === 'partial') acc.merge(ts.map((t, j) => copValueToSql(cell(j) as CopDatum, t)));
          else if (a.merge === 'first-row') acc.merge([1n, copValueToSql(cell(0) as CopDatum, ts[0] as SqlType)]);
          else for (const v of (cell(0) as CopValue[] | null) ?? []) acc.add([copValueToSql(v as CopDatum, ts[0] as SqlType)]);
          col += a.width;
        });
      }
    }
    if (groups.size === 0 && p.groupBy.length === 0) groups.set('', newGroup([]));
    yield* emitGroups(groups.values());
  };
}
