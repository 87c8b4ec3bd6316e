// The optimizer: rule-based rewrites of a bound plan, then the choice of an access path per
// table. Deterministic: the same plan and schema always give the same result, so EXPLAIN
// tests pin the choices.
//
//   1. predicate push-down: WHERE / ON conjuncts move to the lowest operator that has their
//      columns (through inner joins, into the outer side of left joins, below Apply);
//   2. join keys: `l.a = r.b` conjuncts of a join become hash-join keys;
//   3. column pruning: tables read only the columns someone uses;
//   4. access paths (access-path.ts): point get, batch point get, handle ranges, index ranges;
//   5. Sort + Limit → TopN, and a Sort the chosen scan order already satisfies is dropped.
import { columnIds, conjuncts, type Expression } from '../expr/index.js';
import { toCopAgg, toCopExpr } from './cop-expr.js';
import { chooseAccessPath } from './access-path.js';
import type { PlanContext } from './context.js';
import { childrenOf, type DataSource, type IndexRange, type Join, type Plan, type SortKey } from './plan.js';

export function optimize(plan: Plan, ctx: PlanContext): Plan {
  let p = pushDown(plan, []);
  p = extractJoinKeys(p);
  prune(p);
  chooseAccess(p, ctx);
  chooseIndexJoins(p);
  p = fuseTopN(p);
  if (ctx.variable({ kind: 'Variable', system: true, scope: 'session', name: 'strata_enable_cop_pushdown' }).value === 1n) markCopPushdown(p);
  return p;
}

/** Marks the table scans whose filters the stores can run exactly (sql/planner/cop-expr.ts), and
 *  the LIMIT, ORDER BY … LIMIT and aggregation right above such a scan that the stores can run
 *  per region (the operator above stays and merges the regions' answers). */
function markCopPushdown(p: Plan): void {
  if (p.kind === 'Limit') {
    // LIMIT n over the scan (through a projection, which keeps rows): stores stop at offset + n.
    markCopPushdown(p.child);
    const below = p.child.kind === 'Projection' ? p.child.child : p.child;
    if (below.kind === 'DataSource' && !below.copTopN && copScannable(below)) {
      below.cop = true;
      below.copLimit = p.offset + p.count;
    }
    return;
  }
  if (p.kind === 'TopN') {
    markCopPushdown(p.child);
    pushTopN(p.child, p.keys, p.offset + p.count);
    return;
  }
  if (p.kind === 'Aggregate') {
    markCopPushdown(p.child);
    const ds = p.child;
    if (ds.kind !== 'DataSource' || ds.copLimit !== undefined || ds.copTopN || !copScannable(ds)) return;
    const offsets = new Map(ds.schema.map((c, i) => [c.id, i]));
    if (!p.groupBy.every((e) => toCopExpr(e, offsets) !== undefined)) return;
    if (!p.aggs.every((a) => toCopAgg(a.agg.name, a.args, a.distinct, p.groupBy.length > 0, offsets) !== undefined)) return;
    ds.cop = true;
    p.cop = true;
    return;
  }
  if (p.kind === 'DataSource') {
    if (p.conditions.length > 0 && copScannable(p)) p.cop = true;
    return;
  }
  if (p.kind === 'CteScan' && !p.iteration) {
    markCopPushdown(p.cte.seed);
    if (p.cte.recursive) markCopPushdown(p.cte.recursive);
  }
  for (const c of childrenOf(p)) markCopPushdown(c);
}

/** A handle range read this narrow stays a local scan: one coprocessor request per region costs
 *  more than reading a few hundred rows here (sysbench's 100-row range selects got slower pushed).
 *  The rule is deliberately simple: every range is bounded on both ends (an open end is stored as
 *  I64_MIN / I64_MAX, which makes the span huge) and together they cover at most this many
 *  handles. Nothing above such a scan is pushed either: at ≤ 1,000 rows a local aggregate or TopN
 *  costs less than the round trips. */
const NARROW_HANDLE_SPAN = 1000n;

function narrowHandleRanges(ranges: readonly { readonly low: bigint; readonly high: bigint }[]): boolean {
  let total = 0n;
  for (const r of ranges) {
    total += r.high - r.low + 1n;
    if (total > NARROW_HANDLE_SPAN) return false;
  }
  return true;
}

/** A scan the stores can run and that is worth sending: in handle order over handle ranges that
 *  are not narrow (above), not locking, every condition with an exact store form. Point gets,
 *  batch point gets, unique-index gets and index scans never reach the stores' coprocessor. */
function copScannable(ds: DataSource): boolean {
  const a = ds.access;
  if (a?.kind !== 'table-scan' || a.desc || ds.lock) return false;
  if (!a.full && narrowHandleRanges(a.ranges)) return false;
  const offsets = new Map(ds.schema.map((c, i) => [c.id, i]));
  return ds.conditions.every((e) => toCopExpr(e, offsets) !== undefined);
}

/** ORDER BY … LIMIT over a scan (through a projection: its keys are rewritten to the projected
 *  expressions) goes to the stores when every key has a store form; each region answers its best
 *  `count` rows, ties in scan order, so the TopN above picks exactly the rows it would have. */
function pushTopN(child: Plan, keys: readonly SortKey[], count: number): void {
  let ds: Plan = child;
  let mapped = keys;
  if (ds.kind === 'Projection') {
    const proj = ds;
    const byId = new Map<number, Expression>(proj.schema.map((c, i) => [c.id, proj.exprs[i] as Expression]));
    mapped = keys.map((k) => ({ expr: substituteIds(k.expr, byId), desc: k.desc }));
    ds = proj.child;
  }
  if (ds.kind !== 'DataSource' || ds.copLimit !== undefined || !copScannable(ds)) return;
  const offsets = new Map(ds.schema.map((c, i) => [c.id, i]));
  if (!mapped.every((k) => toCopExpr(k.expr, offsets) !== undefined)) return;
  ds.cop = true;
  ds.copTopN = { keys: mapped, count };
}

// ---------------------------------------------------------------- push-down

function idsOf(p: Plan): Set<number> {
  return new Set(p.schema.map((c) => c.id));
}

function within(e: Expression, ids: Set<number>): boolean {
  for (const id of columnIds(e)) if (!ids.has(id)) return false;
  return true;
}

function hasColumns(e: Expression): boolean {
  return columnIds(e).size > 0;
}

/** Wraps `p` in a Selection for conditions that could not go lower. */
function keep(p: Plan, conds: Expression[]): Plan {
  if (!conds.length) return p;
  if (p.kind === 'Selection') {
    p.conditions.push(...conds);
    return p;
  }
  return { kind: 'Selection', id: p.id * 1000 + 1, schema: p.schema, child: p, conditions: conds };
}

/** Pushes `conds` (conjuncts over p's columns) into `p` as deep as they can go. */
function pushDown(p: Plan, conds: Expression[]): Plan {
  switch (p.kind) {
    case 'DataSource': {
      // Non-deterministic or constant-only conditions stay too: they filter rows either way.
      p.conditions.push(...conds);
      return p;
    }
    case 'Selection': {
      const all = [...p.conditions.flatMap(conjuncts), ...conds];
      return pushDown(p.child, all);
    }
    case 'Join':
      return pushDownJoin(p, conds);
    case 'Apply': {
      const outerIds = idsOf(p.outer);
      const down: Expression[] = [];
      const stay: Expression[] = [];
      for (const c of conds) (within(c, outerIds) && !nonDeterministic(c) ? down : stay).push(c);
      p.outer = pushDown(p.outer, down);
      p.inner = pushDown(p.inner, []);
      return keep(p, stay);
    }
    case 'Projection': {
      // Conditions over the projection's outputs that are plain column pass-throughs move below.
      const passthrough = new Map<number, Expression>();
      p.schema.forEach((c, i) => {
        const e = p.exprs[i];
        if (e && e.kind === 'column') passthrough.set(c.id, e);
      });
      const down: Expression[] = [];
      const stay: Expression[] = [];
      for (const c of conds) {
        const ids = columnIds(c);
        if ([...ids].every((id) => passthrough.has(id)) && !nonDeterministic(c)) down.push(substituteIds(c, passthrough));
        else stay.push(c);
      }
      p.child = pushDown(p.child, down);
      return keep(p, stay);
    }
    case 'Union': {
      p.children = p.children.map((c) => pushDown(c, []));
      return keep(p, conds);
    }
    case 'CteScan': {
      return keep(p, conds);
    }
    case 'Dual':
      return keep(p, conds);
    default: {
      // Aggregate, Sort, Limit, TopN, Distinct, Window: conditions stay above; children are
      // optimized on their own.
      const q = p as Exclude<Plan, { kind: 'DataSource' | 'Dual' | 'CteScan' | 'Join' | 'Apply' | 'Union' | 'Selection' | 'Projection' }>;
      q.child = pushDown(q.child, []);
      return keep(q, conds);
    }
  }
}

function nonDeterministic(e: Expression): boolean {
  if (e.kind === 'call') return !e.fn.def.deterministic || e.args.some(nonDeterministic);
  return false;
}

function substituteIds(e: Expression, map: Map<number, Expression>): Expression {
  if (e.kind === 'column') return map.get(e.id) ?? e;
  if (e.kind === 'call') return { ...e, args: e.args.map((a) => substituteIds(a, map)) };
  return e;
}

function pushDownJoin(j: Join, conds: Expression[]): Plan {
  const l = idsOf(j.left);
  const r = idsOf(j.right);
  const toLeft: Expression[] = [];
  const toRight: Expression[] = [];
  const stay: Expression[] = [];
  if (j.joinType === 'inner') {
    for (const c of [...j.other, ...conds]) {
      if (!hasColumns(c) || nonDeterministic(c)) stay.push(c);
      else if (within(c, l)) toLeft.push(c);
      else if (within(c, r)) toRight.push(c);
      else stay.push(c);
    }
    j.other = stay;
    j.left = pushDown(j.left, toLeft);
    j.right = pushDown(j.right, toRight);
    return j;
  }
  // Left outer join: WHERE conditions on the left side go left; ON conditions on the right
  // side go right; everything else stays where it is.
  const onStay: Expression[] = [];
  for (const c of j.other) {
    if (hasColumns(c) && within(c, r) && !nonDeterministic(c)) toRight.push(c);
    else onStay.push(c);
  }
  const whereStay: Expression[] = [];
  for (const c of conds) {
    if (hasColumns(c) && within(c, l) && !nonDeterministic(c)) toLeft.push(c);
    else whereStay.push(c);
  }
  j.other = onStay;
  j.left = pushDown(j.left, toLeft);
  j.right = pushDown(j.right, toRight);
  return keep(j, whereStay);
}

// ---------------------------------------------------------------- join keys

function extractJoinKeys(p: Plan): Plan {
  if (p.kind === 'Join') {
    const l = idsOf(p.left);
    const r = idsOf(p.right);
    const other: Expression[] = [];
    for (const c of p.other) {
      if (c.kind === 'call' && (c.fn.name === '=' || c.fn.name === '<=>') && c.args.length === 2) {
        const [a, b] = c.args as [Expression, Expression];
        const keyable = sameCompareClass(a, b);
        if (keyable && hasColumns(a) && hasColumns(b) && within(a, l) && within(b, r)) {
          p.eq.push({ left: a, right: b, nullSafe: c.fn.name === '<=>' });
          continue;
        }
        if (keyable && hasColumns(a) && hasColumns(b) && within(a, r) && within(b, l)) {
          p.eq.push({ left: b, right: a, nullSafe: c.fn.name === '<=>' });
          continue;
        }
      }
      other.push(c);
    }
    p.other = other;
    p.algorithm = p.eq.length ? 'hash' : 'nested-loop';
  }
  for (const c of childrenOf(p)) extractJoinKeys(c);
  return p;
}

/** Hash keys must compare the way `=` does: only when both sides are of one comparison class
 *  (integers with integers, strings with strings of one collation, …). */
function sameCompareClass(a: Expression, b: Expression): boolean {
  const cls = (e: Expression): string => {
    const t = e.type;
    switch (t.kind) {
      case 'tinyint':
      case 'smallint':
      case 'mediumint':
      case 'int':
      case 'bigint':
      case 'year':
        return 'int';
      case 'decimal':
        return 'decimal';
      case 'float':
      case 'double':
        return 'double';
      case 'char':
      case 'varchar':
      case 'tinytext':
      case 'text':
      case 'mediumtext':
      case 'longtext':
        return `str:${t.collation}`;
      case 'binary':
      case 'varbinary':
      case 'tinyblob':
      case 'blob':
      case 'mediumblob':
      case 'longblob':
        return 'bin';
      case 'date':
      case 'datetime':
      case 'timestamp':
        return 'dt';
      default:
        return `other:${t.kind}`;
    }
  };
  const x = cls(a);
  const y = cls(b);
  if (x === y) return !x.startsWith('other');
  const num = new Set(['int', 'decimal']);
  return num.has(x) && num.has(y);
}

// ---------------------------------------------------------------- pruning

function usedIds(p: Plan, into: Set<number>): void {
  const add = (e: Expression): void => {
    for (const id of columnIds(e)) into.add(id);
    // Outer references name columns of enclosing queries.
    const visit = (x: Expression): void => {
      if (x.kind === 'outer') into.add(x.id);
      else if (x.kind === 'call') x.args.forEach(visit);
    };
    visit(e);
  };
  switch (p.kind) {
    case 'DataSource':
      p.conditions.forEach(add);
      break;
    case 'Dual':
      p.rows.flat().forEach(add);
      break;
    case 'Selection':
      p.conditions.forEach(add);
      break;
    case 'Projection':
      p.exprs.forEach(add);
      break;
    case 'Aggregate':
      p.groupBy.forEach(add);
      p.aggs.forEach((a) => a.args.forEach(add));
      break;
    case 'Sort':
    case 'TopN':
      p.keys.forEach((k) => add(k.expr));
      break;
    case 'Join':
      p.eq.forEach((e) => {
        add(e.left);
        add(e.right);
      });
      p.other.forEach(add);
      break;
    case 'Apply':
      if (p.mode.kind === 'in') p.mode.probe.forEach(add);
      if (p.mode.kind === 'quantified') add(p.mode.probe);
      break;
    case 'Window':
      p.partitionBy.forEach(add);
      p.orderBy.forEach((k) => add(k.expr));
      p.funcs.forEach((f) => f.args.forEach(add));
      break;
    case 'Union':
      // A union reads every column of its children.
      for (const c of p.children) for (const s of c.schema) into.add(s.id);
      break;
    case 'Distinct':
      for (const s of p.child.schema) into.add(s.id);
      break;
    case 'CteScan':
      for (const s of p.cte.seed.schema) into.add(s.id);
      // The recursive part's own self-reference: its definition is being walked already.
      if (p.iteration) break;
      if (p.cte.recursive) {
        for (const s of p.cte.recursive.schema) into.add(s.id);
        usedIds(p.cte.recursive, into);
      }
      usedIds(p.cte.seed, into);
      break;
    default:
      break;
  }
  for (const c of childrenOf(p)) usedIds(c, into);
}

/** Drops DataSource columns nobody reads (the root's output is always read). */
function prune(root: Plan): void {
  const used = new Set<number>(root.schema.map((c) => c.id));
  usedIds(root, used);
  const visit = (p: Plan): void => {
    if (p.kind === 'DataSource') {
      const keepIdx: number[] = [];
      p.schema.forEach((c, i) => {
        if (used.has(c.id)) keepIdx.push(i);
      });
      p.schema = keepIdx.map((i) => p.schema[i] as (typeof p.schema)[number]);
      p.columns = keepIdx.map((i) => p.columns[i]);
      return;
    }
    if (p.kind === 'CteScan' && !p.iteration) {
      visit(p.cte.seed);
      if (p.cte.recursive) visit(p.cte.recursive);
    }
    // Parents that pass schemas through by reference (Selection, Sort, Limit, Distinct) must
    // follow their child's pruned schema.
    for (const c of childrenOf(p)) visit(c);
    if (p.kind === 'Selection' || p.kind === 'Sort' || p.kind === 'Limit' || p.kind === 'TopN' || p.kind === 'Distinct') p.schema = p.child.schema;
    if (p.kind === 'Join') p.schema = [...p.left.schema, ...p.right.schema];
    if (p.kind === 'Apply') p.schema = [...p.outer.schema, ...p.schema.filter((c) => c.id === p.resultId)];
    if (p.kind === 'Window') p.schema = [...p.child.schema, ...p.schema.filter((c) => p.funcs.some((f) => f.id === c.id))];
  };
  visit(root);
}

// ---------------------------------------------------------------- access paths

function chooseAccess(p: Plan, ctx: PlanContext): void {
  if (p.kind === 'DataSource') {
    p.access = chooseAccessPath(p, ctx);
    return;
  }
  if (p.kind === 'CteScan' && !p.iteration) {
    chooseAccess(p.cte.seed, ctx);
    if (p.cte.recursive) chooseAccess(p.cte.recursive, ctx);
  }
  for (const c of childrenOf(p)) chooseAccess(c, ctx);
}

// ---------------------------------------------------------------- index-lookup joins

const SMALL_ROWS = 1024;

function isUniquePoint(r: IndexRange, width: number): boolean {
  const lo = r.low;
  const hi = r.high;
  if (!lo || !hi || !lo.inclusive || !hi.inclusive || lo.values.length !== width || hi.values.length !== width) return false;
  return lo.values.every((v, i) => v !== null && v === hi.values[i]);
}

/** Rows a plan is expected to produce, roughly: small means an index-lookup join pays off. */
function smallSide(p: Plan): boolean {
  switch (p.kind) {
    case 'DataSource': {
      const a = p.access;
      if (!a) return false;
      if (a.kind === 'point-get') return a.handles.length <= SMALL_ROWS;
      if (a.kind === 'unique-get') return a.keys.length <= SMALL_ROWS;
      // Without statistics only a range of known width counts as small: handle ranges spanning
      // few handles, or equality on every column of a unique index.
      if (a.kind === 'index-scan') return a.index.unique && a.ranges.length <= SMALL_ROWS && a.ranges.every((r) => isUniquePoint(r, a.index.columns.length));
      return !a.full && a.ranges.reduce((n, r) => n + (r.high - r.low + 1n), 0n) <= BigInt(SMALL_ROWS);
    }
    case 'Dual':
      return p.rows.length <= 1024;
    case 'Limit':
    case 'TopN':
      return p.count <= 1024 || smallSide(p.child);
    case 'Selection':
    case 'Projection':
    case 'Sort':
    case 'Distinct':
      return smallSide(p.child);
    case 'Join':
      return smallSide(p.left) && (p.algorithm === 'index-lookup' || smallSide(p.right));
    case 'Aggregate':
      return p.groupBy.length === 0 || smallSide(p.child);
    default:
      return false;
  }
}

/**
 * A hash join whose left side is small and whose right side is a table scanned in full, joined on
 * that table's handle or on the first column of one of its indexes, reads the right side by key
 * instead (TiDB's IndexJoin / IndexLookUpJoin): a batch point get or an index range per batch of
 * left rows, rather than a scan of the whole table.
 */
function chooseIndexJoins(p: Plan): void {
  for (const c of childrenOf(p)) chooseIndexJoins(c);
  if (p.kind === 'CteScan' && !p.iteration) {
    chooseIndexJoins(p.cte.seed);
    if (p.cte.recursive) chooseIndexJoins(p.cte.recursive);
  }
  if (p.kind !== 'Join' || p.algorithm !== 'hash' || (p.joinType !== 'inner' && p.joinType !== 'left')) return;
  const r = p.right;
  if (r.kind !== 'DataSource' || r.lock || !r.access || r.access.kind !== 'table-scan' || !r.access.full) return;
  if (!smallSide(p.left)) return;
  for (const [i, e] of p.eq.entries()) {
    if (e.right.kind !== 'column' || e.nullSafe) continue;
    const pos = r.schema.findIndex((c) => c.id === (e.right as { id: number }).id);
    if (pos < 0) continue;
    const info = r.columns[pos];
    const isHandle = info === undefined || (r.table.pkIsHandle && r.table.indexes.some((x) => x.primary && x.columns[0]?.columnId === info.id));
    if (isHandle) {
      if (!isIntegerLike(e.left)) continue;
      p.algorithm = 'index-lookup';
      p.lookup = { keyIndex: i };
      return;
    }
    const index = r.table.indexes.find((x) => x.state === 'public' && !(x.primary && r.table.pkIsHandle) && x.columns[0]?.columnId === info.id && x.columns[0]?.prefixLength === undefined);
    if (index && sameCompareClass(e.left, e.right)) {
      p.algorithm = 'index-lookup';
      p.lookup = { keyIndex: i, index };
      return;
    }
  }
}

function isIntegerLike(e: Expression): boolean {
  const k = e.type.kind;
  return k === 'tinyint' || k === 'smallint' || k === 'mediumint' || k === 'int' || k === 'bigint';
}

// ---------------------------------------------------------------- TopN

function fuseTopN(p: Plan): Plan {
  switch (p.kind) {
    case 'Limit': {
      p.child = fuseTopN(p.child);
      const c = p.child;
      if (c.kind === 'Sort') {
        if (sortSatisfiedByScan(c.child, c.keys)) {
          p.child = c.child;
          return p;
        }
        return { kind: 'TopN', id: c.id, schema: c.schema, child: c.child, keys: c.keys, offset: p.offset, count: p.count };
      }
      return p;
    }
    case 'Sort': {
      p.child = fuseTopN(p.child);
      if (sortSatisfiedByScan(p.child, p.keys)) return p.child;
      return p;
    }
    case 'CteScan':
      return p;
    default:
      for (const key of ['child', 'left', 'right', 'outer', 'inner'] as const) {
        const holder = p as unknown as Record<string, Plan | undefined>;
        const c = holder[key];
        if (c) holder[key] = fuseTopN(c);
      }
      if (p.kind === 'Union') p.children = p.children.map(fuseTopN);
      return p;
  }
}

/** A Sort whose keys are the handle of a single table scanned in handle order needs no work:
 *  reverse the scan for DESC. Looks through Projection and Selection. */
function sortSatisfiedByScan(p: Plan, keys: readonly SortKey[]): boolean {
  if (keys.length !== 1) return false;
  const key = keys[0] as SortKey;
  if (key.expr.kind !== 'column') return false;
  let id = key.expr.id;
  let cur: Plan = p;
  for (;;) {
    if (cur.kind === 'Selection') {
      cur = cur.child;
      continue;
    }
    if (cur.kind === 'Projection') {
      const i = cur.schema.findIndex((c) => c.id === id);
      const e = i >= 0 ? cur.exprs[i] : undefined;
      if (!e || e.kind !== 'column') return false;
      id = e.id;
      cur = cur.child;
      continue;
    }
    break;
  }
  if (cur.kind !== 'DataSource') return false;
  const ds: DataSource = cur;
  const access = ds.access;
  if (!access || access.kind !== 'table-scan') return false;
  const i = ds.schema.findIndex((c) => c.id === id);
  if (i < 0) return false;
  const info = ds.columns[i];
  const isHandle = info === undefined || (ds.table.pkIsHandle && ds.table.indexes.some((x) => x.primary && x.columns[0]?.columnId === info.id));
  if (!isHandle) return false;
  // Unsigned BIGINT handles are mapped to keep order, so handle order is pk order.
  ds.access = { ...access, desc: key.desc };
  return true;
}
