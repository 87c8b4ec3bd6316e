// Index-lookup join (TiDB's IndexJoin): the left side streams; for each batch of its rows the
// right side — one table — is read by the join keys only: a batch point get when the key is the
// table's handle, an index range per distinct key otherwise, then the rows by handle. The right
// table's own conditions and the join's other conditions filter the pairs; LEFT JOIN pads a left
// row without matches with NULLs. Equality is the join's `=`: keys are compared as the hash join
// compares them (type and collation), so the lookup may over-read (a case-insensitive index) but
// never miss.
import type { ColumnInfo } from '../catalog/index.js';
import { indexValuesRange, handleFromPk, isIntHandleType } from '../codec/index.js';
import { compileExpr, compileFilter, layoutOf, type OuterValues } from '../expr/index.js';
import type { DataSource, Join } from '../planner/plan.js';
import { EXTRA_HANDLE_ID } from '../table/index.js';
import { T, collationOf, hashKey, type Value } from '../types/index.js';
import type { Batch, ExecContext } from './context.js';
import type { Operator } from './operator.js';

/** Index ranges read at once for one batch of outer rows. */
const LOOKUP_CONCURRENCY = 32;

const HANDLE_COLUMN: ColumnInfo = {
  id: EXTRA_HANDLE_ID,
  name: '_tidb_rowid',
  type: T.bigint({ nullable: false }),
  default: { kind: 'none' },
  autoIncrement: false,
  onUpdateNow: false,
  comment: '',
  state: 'public',
};

export function indexJoinOperator(p: Join, left: Operator, ctx: ExecContext, outer: OuterValues): Operator {
  const ds = p.right as DataSource;
  const lookup = p.lookup as NonNullable<Join['lookup']>;
  const table = ctx.table(ds.table);
  const cols = ds.columns.map((c) => c ?? HANDLE_COLUMN);
  const rLayout = layoutOf(ds.schema.map((c) => c.id));
  const lLayout = layoutOf(p.left.schema.map((c) => c.id));
  const rightFilter = compileFilter(ds.conditions, rLayout, outer);
  const other = compileFilter(p.other, layoutOf([...p.left.schema, ...ds.schema].map((c) => c.id)), outer);
  const lKeys = p.eq.map((e) => compileExpr(e.left, lLayout, outer));
  const rKeys = p.eq.map((e) => compileExpr(e.right, rLayout, outer));
  const collations = p.eq.map((e) => collationOf(e.left.type) ?? collationOf(e.right.type));
  const lookupKey = lKeys[lookup.keyIndex] as (typeof lKeys)[number];
  const pkType = ds.table.pkIsHandle ? table.handleColumn?.type : undefined;
  const isLeft = p.joinType === 'left';
  const nulls: Value[] = new Array<Value>(ds.schema.length).fill(null);
  const indexTypes = lookup.index ? table.tableIndex(lookup.index.id).types.slice(0, 1) : [];
  const tableId = BigInt(ds.table.id);

  const keyOf = (values: readonly Value[]): string | undefined => {
    let k = '';
    for (let i = 0; i < values.length; i++) {
      const v = values[i] ?? null;
      if (v === null) return undefined;
      const h = hashKey(v, collations[i]);
      k += h.length.toString(36) + ':' + h;
    }
    return k;
  };

  /** The right rows whose lookup column may equal one of `keys`. */
  const fetch = async (keys: Value[]): Promise<Value[][]> => {
    if (!lookup.index) {
      const handles: bigint[] = [];
      for (const k of keys) {
        if (typeof k !== 'bigint') continue;
        if (pkType && isIntHandleType(pkType)) {
          try {
            handles.push(handleFromPk(k, pkType));
          } catch {
            // Out of the key's range: no row can match.
          }
        } else handles.push(k);
      }
      if (!handles.length) return [];
      return (await table.batchGetRows(ctx.txn, handles, cols)).rows;
    }
    // One index range per key, LOOKUP_CONCURRENCY of them in flight: sequential round trips
    // would make the join cost the number of outer keys times the latency.
    const index = lookup.index;
    const handles: bigint[] = [];
    const scanKey = async (k: Value): Promise<void> => {
      const range = indexValuesRange(tableId, BigInt(index.id), [k], indexTypes);
      for await (const b of table.scanIndex(ctx.txn, index.id, range)) handles.push(...b.handles);
    };
    for (let i = 0; i < keys.length; i += LOOKUP_CONCURRENCY) await Promise.all(keys.slice(i, i + LOOKUP_CONCURRENCY).map(scanKey));
    if (!handles.length) return [];
    return (await table.batchGetRows(ctx.txn, [...new Set(handles)], cols)).rows;
  };

  return async function* indexJoin() {
    for await (const b of left()) {
      ctx.checkKilled();
      // Distinct lookup keys of this batch.
      const wanted = new Map<string, Value>();
      for (const l of b) {
        const v = lookupKey(l, ctx.evalCtx);
        if (v === null) continue;
        const k = hashKey(v, collations[lookup.keyIndex]);
        if (!wanted.has(k)) wanted.set(k, v);
      }
      const byKey = new Map<string, Value[][]>();
      if (wanted.size) {
        for (const r of await fetch([...wanted.values()])) {
          if (!rightFilter(r, ctx.evalCtx)) continue;
          const k = keyOf(rKeys.map((f) => f(r, ctx.evalCtx)));
          if (k === undefined) continue;
          const list = byKey.get(k);
          if (list) list.push(r);
          else byKey.set(k, [r]);
        }
      }
      const out: Batch = [];
      for (const l of b) {
        const k = keyOf(lKeys.map((f) => f(l, ctx.evalCtx)));
        let matched = false;
        for (const r of k === undefined ? [] : (byKey.get(k) ?? [])) {
          const row = l.concat(r);
          if (p.other.length && !other(row, ctx.evalCtx)) continue;
          matched = true;
          out.push(row);
        }
        if (!matched && isLeft) out.push(l.concat(nulls));
      }
      if (out.length) yield out;
    }
  };
}
