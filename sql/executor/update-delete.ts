// UPDATE and DELETE, single- and multi-table, with WHERE / ORDER BY / LIMIT.
//
// The rows to change are found by an ordinary query plan over the FROM clause (so point gets,
// index ranges and joins work as for SELECT); its output is the handle of each target table's
// row and, for UPDATE, the new values of the assigned columns, computed from the old row. Each
// target row is then read whole (every writable column, for the index entries) and rewritten or
// removed once, however many join rows name it.
//
// UPDATE's affected rows are the rows changed (MySQL's "Rows matched: m  Changed: c"); with
// CLIENT_FOUND_ROWS the session reports matched rows instead.
import type { ColumnInfo } from '../catalog/index.js';
import { col, substitute, type Expression } from '../expr/index.js';
import { unknownColumn } from '../errors.js';
import type { Assignment, Delete, Expr, TableRef, Update } from '../parser/index.js';
import { ExprBinder } from '../planner/expr-binder.js';
import { optimize } from '../planner/optimize.js';
import { childrenOf, type DataSource, type Plan, type PlanColumn } from '../planner/plan.js';
import { unknownTableInMulti, updateTargetNotUpdatable } from '../planner/errors.js';
import { duplicateError } from '../table/index.js';
import type { Value } from '../types/index.js';
import { buildOperator } from './build.js';
import { fillChangingColumns, sameValue, storeValue, type DmlEnv, type DmlResult } from './insert.js';

interface Target {
  readonly ds: DataSource;
  readonly handleId: number;
}

function dataSources(p: Plan, out: DataSource[] = []): DataSource[] {
  if (p.kind === 'DataSource') out.push(p);
  if (p.kind === 'Projection' && p.derived) return out;
  for (const c of childrenOf(p)) dataSources(c, out);
  return out;
}

function targetOf(sources: DataSource[], name: string, db: string | undefined, op: 'MULTI DELETE' | 'MULTI UPDATE' | 'UPDATE' | 'DELETE'): Target {
  const lower = name.toLowerCase();
  const ds = sources.find((s) => s.alias.toLowerCase() === lower && (db === undefined || s.db.toLowerCase() === db.toLowerCase()));
  if (!ds) throw op === 'MULTI DELETE' || op === 'MULTI UPDATE' ? unknownTableInMulti(name, op) : updateTargetNotUpdatable(name, op);
  const handle = ds.schema.find((c) => c.hidden && ds.columns[ds.schema.indexOf(c)] === undefined);
  if (!handle) throw updateTargetNotUpdatable(name, op === 'MULTI DELETE' || op === 'DELETE' ? 'DELETE' : 'UPDATE');
  return { ds, handleId: handle.id };
}

/** FROM + WHERE + ORDER BY + LIMIT as a plan whose rows are `outputs`. */
function rowsPlan(env: DmlEnv, op: 'UPDATE' | 'DELETE', from: TableRef, where: Expr | undefined, orderBy: Update['orderBy'], limit: Update['limit'], outputs: (sources: DataSource[], binder: ExprBinder) => Expression[]): { plan: Plan; sources: DataSource[] } {
  const qb = env.binder;
  const f = qb.bindFrom(from);
  let plan: Plan = f.plan;
  const sources = dataSources(plan);
  // A view (or derived table) is read-only here: MySQL's answer for a non-updatable one.
  if (from.kind !== 'Join' && sources.length === 0) throw updateTargetNotUpdatable(from.kind === 'Table' ? (from.alias ?? from.table.name) : from.alias, op);
  const binder = new ExprBinder(qb.ctx, f.scope, 'where clause', {});
  if (where) {
    const cond = binder.bind(where);
    plan = { kind: 'Selection', id: qb.newId(), schema: plan.schema, child: plan, conditions: [cond] };
  }
  if (orderBy.length) {
    const ob = binder.with({}, 'order clause');
    plan = { kind: 'Sort', id: qb.newId(), schema: plan.schema, child: plan, keys: orderBy.map((o) => ({ expr: ob.bind(o.expr), desc: o.desc })) };
  }
  const exprs = outputs(sources, binder.with({}, 'field list'));
  const schema: PlanColumn[] = exprs.map((e) => ({ id: qb.newId(), name: '', table: '', db: '', orgName: '', orgTable: '', type: e.type }));
  plan = { kind: 'Projection', id: qb.newId(), schema, child: plan, exprs };
  if (limit) {
    const sel = qb.bindSelect({ kind: 'Select', distinct: false, items: [], groupBy: [], windows: [], orderBy: [], limit });
    // bindSelect of an empty select gives Limit(Projection(Dual)); reuse its folded numbers.
    const lim = findLimit(sel);
    if (lim) plan = { kind: 'Limit', id: qb.newId(), schema, child: plan, offset: lim.offset, count: lim.count };
  }
  return { plan: optimize(plan, qb.ctx), sources };
}

function findLimit(p: Plan): { offset: number; count: number } | undefined {
  if (p.kind === 'Limit') return { offset: p.offset, count: p.count };
  for (const c of childrenOf(p)) {
    const l = findLimit(c);
    if (l) return l;
  }
  return undefined;
}

export async function executeUpdate(stmt: Update, env: DmlEnv): Promise<DmlResult & { matched: bigint }> {
  const ctx = env.ctx;
  const multi = stmt.table.kind === 'Join';
  // Group assignments by target table.
  const assignTargets: { target?: Target; a: Assignment; colInfo?: ColumnInfo; exprIndex: number }[] = [];
  const targets: Target[] = [];
  const { plan } = rowsPlan(env, 'UPDATE', stmt.table, stmt.where, stmt.orderBy, stmt.limit, (sources, binder) => {
    const exprs: Expression[] = [];
    // Single-table UPDATE assigns left to right: a later assignment reads the new value of a
    // column assigned before it (SET a = a + 1, b = a). Plan column id → its new value.
    const assigned = new Map<number, Expression>();
    for (const a of stmt.assignments) {
      let ds: DataSource | undefined;
      if (a.column.table !== undefined) ds = sources.find((s) => s.alias.toLowerCase() === (a.column.table as string).toLowerCase());
      else ds = sources.find((s) => s.table.columns.some((c) => c.state === 'public' && c.name.toLowerCase() === a.column.column.toLowerCase()));
      if (!ds) throw unknownColumn(a.column.table ? `${a.column.table}.${a.column.column}` : a.column.column, 'field list');
      let t = targets.find((x) => x.ds === ds);
      if (!t) {
        t = targetOf(sources, ds.alias, undefined, multi ? 'MULTI UPDATE' : 'UPDATE');
        targets.push(t);
      }
      const colInfo = ds.table.columns.find((c) => c.state === 'public' && c.name.toLowerCase() === a.column.column.toLowerCase());
      if (!colInfo) throw unknownColumn(a.column.column, 'field list');
      assignTargets.push({ target: t, a, colInfo, exprIndex: targets.length + exprs.length });
      const planCol = ds.schema[ds.columns.findIndex((c) => c?.id === colInfo.id)];
      if (a.value.kind === 'Default') {
        exprs.push(col(t.handleId, { kind: 'bigint', unsigned: false, nullable: false }, 'default'));
        if (planCol) assigned.delete(planCol.id);
      } else {
        const e = multi ? binder.bind(a.value) : substitute(binder.bind(a.value), assigned);
        exprs.push(e);
        if (planCol) assigned.set(planCol.id, e);
      }
    }
    return [...targets.map((t) => col(t.handleId, { kind: 'bigint', unsigned: false, nullable: false }, '_tidb_rowid')), ...exprs];
  });
  // exprIndex was computed before all targets were known: recompute positions.
  const nTargets = targets.length;
  assignTargets.forEach((x, i) => (x.exprIndex = nTargets + i));

  const seen = targets.map(() => new Set<bigint>());
  let matched = 0n;
  let changed = 0n;
  let rowNo = 0;
  const op = buildOperator(plan, ctx);
  const pending: Value[][] = [];
  for await (const b of op()) for (const r of b) pending.push(r);
  for (const r of pending) {
    rowNo++;
    for (const [ti, t] of targets.entries()) {
      const h = r[ti];
      if (typeof h !== 'bigint') continue; // LEFT JOIN without a match
      const s = seen[ti] as Set<bigint>;
      if (s.has(h)) continue;
      s.add(h);
      const table = ctx.table(t.ds.table);
      const writable = table.writableColumns;
      const old = await table.getRow(ctx.txn, h, writable);
      if (!old) continue;
      matched++;
      const row = [...old];
      let rowChanged = false;
      for (const x of assignTargets) {
        if (x.target !== t || !x.colInfo) continue;
        const pos = writable.findIndex((c) => c.id === (x.colInfo as ColumnInfo).id);
        const raw = x.a.value.kind === 'Default' ? env.defaultOf(x.colInfo) : (r[x.exprIndex] ?? null);
        const v = storeValue(env, x.colInfo, raw, rowNo, stmt.ignore);
        if (!sameValue(row[pos] ?? null, v, x.colInfo)) rowChanged = true;
        row[pos] = v;
      }
      if (!rowChanged) continue;
      for (const [i, c] of writable.entries()) {
        if (c.onUpdateNow && !assignTargets.some((x) => x.target === t && x.colInfo?.id === c.id)) row[i] = env.defaultOf({ ...c, default: { kind: 'current-timestamp', fsp: 'fsp' in c.type ? c.type.fsp : 0 } });
      }
      fillChangingColumns(env, writable, row, rowNo, stmt.ignore);
      const newHandle = table.handleColumn ? table.handleOf(row) : h;
      if (newHandle !== h) {
        const dups = await table.findDuplicates(ctx.txn, newHandle, row);
        const clash = dups.find((d) => d.handle !== h);
        if (clash) {
          if (stmt.ignore) {
            ctx.evalCtx.warnings.warn(duplicateError(clash).toWarning('Warning'));
            continue;
          }
          throw duplicateError(clash);
        }
        table.removeRecord(ctx.txn, h, old);
        await table.addRecord(ctx.txn, newHandle, row, { skipDuplicateCheck: true });
      } else {
        const dup = await table.updateRecord(ctx.txn, h, old, row, { ignoreDuplicates: stmt.ignore });
        if (dup) {
          ctx.evalCtx.warnings.warn(duplicateError(dup).toWarning('Warning'));
          continue;
        }
      }
      changed++;
    }
  }
  const warnings = (ctx.evalCtx as unknown as { collected?: unknown[] }).collected?.length ?? 0;
  return { affectedRows: changed, matched, lastInsertId: 0n, info: `Rows matched: ${matched}  Changed: ${changed}  Warnings: ${warnings}` };
}

export async function executeDelete(stmt: Delete, env: DmlEnv): Promise<DmlResult> {
  const ctx = env.ctx;
  const multi = stmt.targets.length > 0;
  let targets: Target[] = [];
  const { plan } = rowsPlan(env, 'DELETE', stmt.from, stmt.where, stmt.orderBy, stmt.limit, (sources) => {
    if (multi) targets = stmt.targets.map((t) => targetOf(sources, t.name, t.db, 'MULTI DELETE'));
    else {
      const only = sources[0] as DataSource;
      targets = [targetOf(sources, only.alias, undefined, 'DELETE')];
    }
    return targets.map((t) => col(t.handleId, { kind: 'bigint', unsigned: false, nullable: false }, '_tidb_rowid'));
  });
  const seen = targets.map(() => new Set<bigint>());
  const handles: bigint[][] = targets.map(() => []);
  for await (const b of buildOperator(plan, ctx)()) {
    for (const r of b) {
      targets.forEach((_t, ti) => {
        const h = r[ti];
        if (typeof h !== 'bigint') return;
        const s = seen[ti] as Set<bigint>;
        if (s.has(h)) return;
        s.add(h);
        (handles[ti] as bigint[]).push(h);
      });
    }
  }
  let affected = 0n;
  for (const [ti, t] of targets.entries()) {
    const table = ctx.table(t.ds.table);
    const hs = handles[ti] as bigint[];
    for (let i = 0; i < hs.length; i += 1024) {
      const chunk = hs.slice(i, i + 1024);
      const got = await table.batchGetRows(ctx.txn, chunk, table.writableColumns);
      got.handles.forEach((h, j) => {
        table.removeRecord(ctx.txn, h, got.rows[j] as Value[]);
        affected++;
      });
    }
  }
  return { affectedRows: affected, lastInsertId: 0n };
}
