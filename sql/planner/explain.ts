// EXPLAIN in TiDB's tabular form: one row per operator with its id (name_N, drawn as a tree),
// estimated rows, task, access object and operator info; EXPLAIN ANALYZE adds the actual rows
// and execution info (time, loops) measured while the statement ran.
//
// Without table statistics the estimates are TiDB's pseudo ones: 10000 rows per table, 1 per
// point get, a third for a range, a tenth after a filter.
import type { Expression } from '../expr/index.js';
import type { Value } from '../types/index.js';
import { valueToString } from '../types/index.js';
import { childrenOf, type AccessPath, type DataSource, type Join, type Plan } from './plan.js';

export const EXPLAIN_COLUMNS = ['id', 'estRows', 'task', 'access object', 'operator info'];

export interface ExplainStats {
  rows: number;
  loops: number;
  timeNs: bigint;
}

const OP_NAMES: Record<string, string> = {
  '=': 'eq',
  '<=>': 'nulleq',
  '<>': 'ne',
  '<': 'lt',
  '<=': 'le',
  '>': 'gt',
  '>=': 'ge',
  '+': 'plus',
  '-': 'minus',
  '*': 'mul',
  '/': 'div',
  div: 'intdiv',
  '%': 'mod',
  is_null: 'isnull',
  neg: 'unaryminus',
};

export function exprText(e: Expression): string {
  switch (e.kind) {
    case 'column':
    case 'outer':
      return e.name;
    case 'const':
      if (e.text !== undefined) return e.text;
      if (e.value === null) return '<nil>';
      return valueToString(e.value as Value) ?? '<nil>';
    case 'call':
      return `${OP_NAMES[e.fn.name] ?? e.fn.name}(${e.args.map(exprText).join(', ')})`;
  }
}

interface Line {
  id: string;
  est: number;
  task: string;
  object: string;
  info: string;
  planId: number;
}

function accessName(a: AccessPath | undefined): string {
  if (!a) return 'TableFullScan';
  switch (a.kind) {
    case 'point-get':
      return a.handles.length === 1 ? 'Point_Get' : 'Batch_Point_Get';
    case 'unique-get':
      return a.keys.length === 1 ? 'Point_Get' : 'Batch_Point_Get';
    case 'table-scan':
      return a.full ? 'TableFullScan' : 'TableRangeScan';
    case 'index-scan':
      return a.lookup ? 'IndexLookUp' : 'IndexReader';
  }
}

function estimate(p: Plan): number {
  switch (p.kind) {
    case 'DataSource': {
      const a = p.access;
      let base = 10000;
      if (a?.kind === 'point-get') base = a.handles.length;
      else if (a?.kind === 'unique-get') base = a.keys.length;
      else if (a?.kind === 'table-scan' && !a.full) base = 3333.33;
      else if (a?.kind === 'index-scan') base = 10 * a.ranges.length;
      return p.conditions.length && a?.kind !== 'point-get' && a?.kind !== 'unique-get' ? Math.max(base / 10, 1) : base;
    }
    case 'Dual':
      return p.rows.length;
    case 'Selection':
      return Math.max(estimate(p.child) / 10 ** p.conditions.length, 1);
    case 'Limit':
    case 'TopN':
      return Math.min(p.count, estimate(p.child));
    case 'Aggregate':
      return p.groupBy.length ? Math.max(estimate(p.child) / 10, 1) : 1;
    case 'Join':
      return Math.max(estimate(p.left), estimate(p.right));
    case 'Apply':
      return estimate(p.outer);
    case 'Union':
      return p.children.reduce((s, c) => s + estimate(c), 0);
    case 'CteScan':
      return 10000;
    default:
      return estimate(p.child);
  }
}

function nodeName(p: Plan): string {
  switch (p.kind) {
    case 'DataSource':
      return accessName(p.access);
    case 'Dual':
      return 'TableDual';
    case 'Aggregate':
      return 'HashAgg';
    case 'Join':
      return p.algorithm === 'hash' ? 'HashJoin' : p.algorithm === 'index-lookup' ? 'IndexJoin' : 'NestedLoopJoin';
    case 'Apply':
      return 'Apply';
    case 'Distinct':
      return 'HashAgg';
    case 'CteScan':
      return 'CTEFullScan';
    default:
      return p.kind;
  }
}

function objectOf(p: Plan): string {
  if (p.kind === 'DataSource') {
    const a = p.access;
    const t = `table:${p.alias}`;
    if (a?.kind === 'unique-get' || a?.kind === 'index-scan') return `${t}, index:${a.index.name}(${a.index.columns.map((c) => c.name).join(', ')})`;
    return t;
  }
  if (p.kind === 'CteScan') return `CTE:${p.cte.name}`;
  return '';
}

function infoOf(p: Plan): string {
  switch (p.kind) {
    case 'DataSource':
      return dataSourceInfo(p);
    case 'Selection':
      return p.conditions.map(exprText).join(', ');
    case 'Projection':
      return p.exprs.map(exprText).join(', ');
    case 'Aggregate': {
      const g = p.groupBy.length ? `group by:${p.groupBy.map(exprText).join(', ')}, ` : '';
      return `${g}funcs:${p.aggs.map((a) => `${a.agg.name}(${a.distinct ? 'distinct ' : ''}${a.args.map(exprText).join(', ')})->${a.text}`).join(', ')}`;
    }
    case 'Sort':
      return p.keys.map((k) => `${exprText(k.expr)}${k.desc ? ':desc' : ''}`).join(', ');
    case 'TopN':
      return `${p.keys.map((k) => `${exprText(k.expr)}${k.desc ? ':desc' : ''}`).join(', ')}, offset:${p.offset}, count:${p.count}`;
    case 'Limit':
      return `offset:${p.offset}, count:${p.count}`;
    case 'Join': {
      const kind = p.joinType === 'left' ? 'left outer join' : p.joinType === 'inner' ? 'inner join' : `${p.joinType} join`;
      const eq = p.eq.length ? `, equal:[${p.eq.map((e) => `${e.nullSafe ? 'nulleq' : 'eq'}(${exprText(e.left)}, ${exprText(e.right)})`).join(' ')}]` : '';
      const other = p.other.length ? `, other cond:${p.other.map(exprText).join(', ')}` : '';
      const inner = p.lookup ? `, inner:${p.lookup.index ? `index ${p.lookup.index.name}` : 'handle'}` : '';
      return `${kind}${inner}${eq}${other}`;
    }
    case 'Apply':
      return `${p.correlated.length ? 'correlated' : 'uncorrelated'} ${p.mode.kind} subquery`;
    case 'Union':
      return p.distinct ? 'distinct' : '';
    case 'Distinct':
      return 'distinct';
    case 'Window':
      return p.funcs.map((f) => f.text).join(', ');
    default:
      return '';
  }
}

function dataSourceInfo(p: DataSource): string {
  const a = p.access;
  const parts: string[] = [];
  if (a?.kind === 'point-get') parts.push(a.handles.length === 1 ? `handle:${a.handles[0]}` : `handle:[${a.handles.join(' ')}]`);
  if (a?.kind === 'table-scan') {
    if (!a.full) parts.push(`range:${a.ranges.map((r) => `[${r.low},${r.high}]`).join(', ')}`);
    parts.push(`keep order:${a.desc ? 'true, desc' : 'false'}`);
    if (a.full) parts.push('stats:pseudo');
  }
  if (a?.kind === 'index-scan') {
    parts.push(`range:${a.ranges.map((r) => `${r.low ? (r.low.inclusive ? '[' : '(') + r.low.values.map(show).join(' ') : '[-inf'},${r.high ? r.high.values.map(show).join(' ') + (r.high.inclusive ? ']' : ')') : '+inf]'}`).join(', ')}`);
    parts.push(`keep order:${a.desc ? 'true, desc' : 'false'}`);
  }
  if (a?.kind === 'unique-get') parts.push(`key:${a.keys.map((k) => k.map(show).join('-')).join(', ')}`);
  if (p.conditions.length) parts.push(`filter:${p.conditions.map(exprText).join(', ')}`);
  if (p.lock) parts.push(`lock:${p.lock}`);
  return parts.join(', ');
}

function show(v: Value): string {
  if (v === null) return 'NULL';
  return valueToString(v) ?? 'NULL';
}

interface LookupSide {
  readonly name: string;
  readonly est: number;
  readonly object: string;
  readonly info: string;
}

/** An index-lookup join's inner table is read by the outer rows' keys, not scanned: TiDB shows
 *  it as a range "decided by" the join condition, with the estimate of one probe. */
function lookupSide(j: Join, ds: DataSource): LookupSide {
  const lookup = j.lookup as NonNullable<Join['lookup']>;
  const key = j.eq[lookup.keyIndex];
  const decided = key ? `range: decided by [eq(${exprText(key.right)}, ${exprText(key.left)})]` : 'range: decided by join';
  const filter = ds.conditions.length ? `, filter:${ds.conditions.map(exprText).join(', ')}` : '';
  const t = `table:${ds.alias}`;
  if (!lookup.index) return { name: 'TableRangeScan', est: 1, object: t, info: `${decided}, keep order:false${filter}` };
  const ix = lookup.index;
  return { name: 'IndexLookUp', est: 10, object: `${t}, index:${ix.name}(${ix.columns.map((c) => c.name).join(', ')})`, info: `${decided}, keep order:false${filter}` };
}

/** A scan the stores run: TableReader (root) over the cop[tikv] operators, top one first —
 *  `top` (a partial aggregation), or the DataSource's own Limit / TopN — then Selection, then the
 *  scan. Each store line's id uses the plan node it came from. */
function copLines(p: DataSource, prefix: string, childPrefix: string, lines: Line[], top?: Line): void {
  const est = estimate(p);
  const scan = { ...p, conditions: [] };
  const stack: Line[] = [];
  if (top) stack.push(top);
  else if (p.copLimit !== undefined) stack.push({ id: `Limit_${p.id}`, est: Math.min(est, p.copLimit), task: 'cop[tikv]', object: '', info: `offset:0, count:${p.copLimit}`, planId: p.id });
  else if (p.copTopN) {
    const keys = p.copTopN.keys.map((k) => `${exprText(k.expr)}${k.desc ? ':desc' : ''}`).join(', ');
    stack.push({ id: `TopN_${p.id}`, est: Math.min(est, p.copTopN.count), task: 'cop[tikv]', object: '', info: `${keys}, offset:0, count:${p.copTopN.count}`, planId: p.id });
  }
  if (p.conditions.length) stack.push({ id: `Selection_${p.id}`, est, task: 'cop[tikv]', object: '', info: p.conditions.map(exprText).join(', '), planId: p.id });
  stack.push({ id: `${nodeName(scan)}_${p.id}`, est: estimate(scan), task: 'cop[tikv]', object: objectOf(p), info: infoOf(scan), planId: p.id });
  lines.push({ id: `${prefix}TableReader_${p.id}`, est: (stack[0] as Line).est, task: 'root', object: '', info: `data:${(stack[0] as Line).id}`, planId: p.id });
  let pad = childPrefix;
  for (const l of stack) {
    lines.push({ ...l, id: `${pad}└─${l.id}` });
    pad += '  ';
  }
}

/** The rows of EXPLAIN (and EXPLAIN ANALYZE when `stats` is given). */
export function explainRows(plan: Plan, stats?: ReadonlyMap<number, ExplainStats>): Value[][] {
  const lines: Line[] = [];
  const lookupOf = new Map<Plan, LookupSide>();
  const walk = (p: Plan, prefix: string, childPrefix: string): void => {
    const probe = lookupOf.get(p);
    if (p.kind === 'DataSource' && p.cop && !probe) {
      copLines(p, prefix, childPrefix, lines);
      return;
    }
    if (p.kind === 'Aggregate' && p.cop && p.child.kind === 'DataSource') {
      // Final aggregation on the SQL server over the stores' partial ones (TiDB's shape).
      lines.push({ id: `${prefix}HashAgg_${p.id}`, est: estimate(p), task: 'root', object: '', info: infoOf(p), planId: p.id });
      const partial: Line = { id: `HashAgg_${p.child.id}`, est: estimate(p), task: 'cop[tikv]', object: '', info: infoOf(p), planId: p.id };
      copLines(p.child, `${childPrefix}└─`, `${childPrefix}  `, lines, partial);
      return;
    }
    if (probe) lines.push({ id: `${prefix}${probe.name}_${p.id}`, est: probe.est, task: 'root', object: probe.object, info: probe.info, planId: p.id });
    else lines.push({ id: `${prefix}${nodeName(p)}_${p.id}`, est: estimate(p), task: 'root', object: objectOf(p), info: infoOf(p), planId: p.id });
    const kids = childrenOf(p);
    if (p.kind === 'Join' && p.lookup && p.right.kind === 'DataSource') lookupOf.set(p.right, lookupSide(p, p.right));
    // A recursive part's self-reference reads the previous iteration; its definition is above it.
    if (p.kind === 'CteScan' && !p.iteration) {
      kids.push(p.cte.seed);
      if (p.cte.recursive) kids.push(p.cte.recursive);
    }
    kids.forEach((c, i) => {
      const last = i === kids.length - 1;
      walk(c, `${childPrefix}${last ? '└─' : '├─'}`, `${childPrefix}${last ? '  ' : '│ '}`);
    });
  };
  walk(plan, '', '');
  return lines.map((l) => {
    const base: Value[] = [l.id, l.est.toFixed(2), l.task];
    if (!stats) return [...base, l.object, l.info];
    const s = stats.get(l.planId);
    const ms = s ? Number(s.timeNs) / 1e6 : 0;
    return [...base, s ? BigInt(s.rows) : 0n, l.object, s ? `time:${ms.toFixed(2)}ms, loops:${s.loops}` : 'time:0s, loops:0', l.info];
  });
}
