// Choosing how to read one table, from the conditions pushed onto it.
//
// In order of preference, as TiDB's rule-based choices go:
//   1. point get / batch point get on the integer primary key (the handle): no scan at all;
//   2. point get by a unique index whose every column is fixed by `=` or IN;
//   3. a handle range scan when the primary key is bounded;
//   4. an index range scan, on the index fixing the most leading columns (then one range
//      column); covering (no lookup of the rows) when the index holds every column read;
//   5. a full table scan.
// Without statistics, "most leading columns fixed" stands in for selectivity.
import type { IndexInfo } from '../catalog/index.js';
import { handleFromPk, I64_MAX, I64_MIN, isIndexKeyExact, isIntHandleType } from '../codec/index.js';
import type { SqlType, Value } from '../types/index.js';
import type { PlanContext } from './context.js';
import type { AccessPath, DataSource, HandleRange, IndexRange } from './plan.js';
import { columnRanges, pointsOf, type Interval } from './ranges.js';

const MAX_POINTS = 4096;

export function chooseAccessPath(ds: DataSource, ctx: PlanContext): AccessPath {
  const t = ds.table;
  const conds = ds.conditions;
  const idOfColumn = (columnId: number): number | undefined => {
    const i = ds.columns.findIndex((c) => c?.id === columnId);
    return i >= 0 ? ds.schema[i]?.id : undefined;
  };
  const full: AccessPath = { kind: 'table-scan', ranges: [{ low: I64_MIN, high: I64_MAX }], full: true, desc: false };
  if (!conds.length) return full;

  // 1 / 3: the handle.
  const pk = t.indexes.find((i) => i.primary);
  if (t.pkIsHandle && pk) {
    const pkCol = t.columns.find((c) => c.id === pk.columns[0]?.columnId);
    const id = pkCol ? idOfColumn(pkCol.id) : undefined;
    if (pkCol && id !== undefined && isIntHandleType(pkCol.type)) {
      const type = pkCol.type;
      const rs = columnRanges(conds, id, type, ctx.evalCtx, false);
      if (rs !== undefined) {
        const pts = pointsOf(rs, type);
        if (pts && pts.length <= MAX_POINTS) return { kind: 'point-get', handles: pts.map((v) => handleFromPk(v as bigint, type)) };
        const ranges = handleRanges(rs, type);
        if (ranges) return { kind: 'table-scan', ranges, full: false, desc: false };
      }
    }
  }
  // The hidden handle column (`_tidb_rowid`) can be bounded too.
  const handleIdx = ds.columns.findIndex((c) => c === undefined);
  if (!t.pkIsHandle && handleIdx >= 0) {
    const hid = ds.schema[handleIdx]?.id;
    const hType = ds.schema[handleIdx]?.type;
    if (hid !== undefined && hType) {
      const rs = columnRanges(conds, hid, hType, ctx.evalCtx, false);
      if (rs !== undefined) {
        const pts = pointsOf(rs, hType);
        if (pts && pts.length <= MAX_POINTS) return { kind: 'point-get', handles: pts as bigint[] };
      }
    }
  }

  // 2 / 4: indexes.
  let best: { index: IndexInfo; eqCols: number; ranges: IndexRange[]; points?: Value[][] } | undefined;
  for (const index of t.indexes) {
    if (index.state !== 'public') continue;
    if (index.primary && t.pkIsHandle) continue;
    const r = indexRanges(index, ds, conds, ctx, idOfColumn);
    if (!r) continue;
    if (index.unique && r.points && r.points.length <= MAX_POINTS && r.eqCols === index.columns.length && r.points.every((p) => p.every((v) => v !== null))) {
      return { kind: 'unique-get', index, keys: r.points };
    }
    const score = r.eqCols * 2 + (r.hasRange ? 1 : 0);
    const bestScore = best ? best.eqCols * 2 + (best.ranges.some((x) => x.low?.values.length !== x.high?.values.length) ? 1 : 0) : -1;
    if (score > 0 && score > bestScore) best = { index, eqCols: r.eqCols, ranges: r.ranges };
  }
  if (best) {
    const covering = isCovering(best.index, ds);
    return { kind: 'index-scan', index: best.index, ranges: best.ranges, lookup: !covering, desc: false };
  }
  return full;
}

function handleRanges(rs: readonly Interval[], type: SqlType): HandleRange[] | undefined {
  if (!isIntHandleType(type)) return undefined;
  const out: HandleRange[] = [];
  for (const r of rs) {
    let low = r.low ? (r.low.value as bigint) : undefined;
    let high = r.high ? (r.high.value as bigint) : undefined;
    if (r.low && !r.low.inclusive && low !== undefined) low += 1n;
    if (r.high && !r.high.inclusive && high !== undefined) high -= 1n;
    const lo = low === undefined ? I64_MIN : handleFromPk(clamp(low, type), type);
    const hi = high === undefined ? I64_MAX : handleFromPk(clamp(high, type), type);
    if (lo <= hi) out.push({ low: lo, high: hi });
  }
  return out;
}

function clamp(v: bigint, type: SqlType): bigint {
  const unsigned = 'unsigned' in type && type.unsigned;
  const min = unsigned ? 0n : I64_MIN;
  const max = unsigned ? 2n ** 64n - 1n : I64_MAX;
  return v < min ? min : v > max ? max : v;
}

function indexRanges(
  index: IndexInfo,
  ds: DataSource,
  conds: DataSource['conditions'],
  ctx: PlanContext,
  idOfColumn: (columnId: number) => number | undefined,
): { eqCols: number; ranges: IndexRange[]; points?: Value[][]; hasRange: boolean } | undefined {
  // Prefix values: the cross product of the points of the leading `=`/IN columns.
  let prefixes: Value[][] = [[]];
  let eqCols = 0;
  for (const ic of index.columns) {
    if (ic.prefixLength !== undefined) break;
    const id = idOfColumn(ic.columnId);
    const colInfo = ds.table.columns.find((c) => c.id === ic.columnId);
    if (id === undefined || !colInfo) break;
    const rs = columnRanges(conds, id, colInfo.type, ctx.evalCtx, true);
    if (rs === undefined) break;
    const pts = pointsOf(rs, colInfo.type);
    if (pts && pts.length * prefixes.length <= MAX_POINTS) {
      prefixes = prefixes.flatMap((p) => pts.map((v) => [...p, v]));
      eqCols++;
      continue;
    }
    // A range on this column ends the prefix.
    const ranges: IndexRange[] = [];
    for (const p of prefixes)
      for (const r of rs) {
        ranges.push({
          low: r.low ? { values: [...p, r.low.value], inclusive: r.low.inclusive } : p.length ? { values: p, inclusive: true } : { values: [null], inclusive: true },
          ...(r.high ? { high: { values: [...p, r.high.value], inclusive: r.high.inclusive } } : p.length ? { high: { values: p, inclusive: true } } : {}),
        });
      }
    return { eqCols, ranges, hasRange: true };
  }
  if (eqCols === 0) return undefined;
  const ranges = prefixes.map((p) => ({ low: { values: p, inclusive: true }, high: { values: p, inclusive: true } }));
  return { eqCols, ranges, points: prefixes, hasRange: false };
}

function isCovering(index: IndexInfo, ds: DataSource): boolean {
  // Only columns whose key encoding keeps the value (not a collation sort key) can be read back.
  const inIndex = new Set(
    index.columns
      .filter((c) => c.prefixLength === undefined)
      .filter((c) => {
        const info = ds.table.columns.find((x) => x.id === c.columnId);
        return info !== undefined && isIndexKeyExact(info.type);
      })
      .map((c) => c.columnId),
  );
  const pk = ds.table.pkIsHandle ? ds.table.indexes.find((i) => i.primary)?.columns[0]?.columnId : undefined;
  return ds.columns.every((c) => c === undefined || inIndex.has(c.id) || c.id === pk);
}
