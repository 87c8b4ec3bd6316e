// INSERT, INSERT IGNORE, INSERT … ON DUPLICATE KEY UPDATE, REPLACE, each from VALUES, SET or a
// SELECT. Every value is converted for its column (strict sql_mode errors name the column and
// row: 1264, 1406, 1366, 1048); omitted columns take their DEFAULT (1364 when a NOT NULL column
// has none, in strict mode); AUTO_INCREMENT fills NULL and 0 (unless NO_AUTO_VALUE_ON_ZERO) from
// the server's batched allocator, and an explicit larger value moves the allocator past it.
//
// Affected rows as MySQL counts them: 1 per inserted row; ON DUPLICATE KEY UPDATE 2 for a row
// updated, 0 for one left unchanged; REPLACE 1 plus 1 per row it deleted.
import type { ColumnInfo, TableInfo } from '../catalog/index.js';
import { columnCannotBeNull, type Warning } from '../errors.js';
import { compileExpr, constant, layoutOf, type Expression } from '../expr/index.js';
import type { Assignment, Expr, Insert } from '../parser/index.js';
import { ExprBinder } from '../planner/expr-binder.js';
import { invalidDefault, wrongValueCountOnRow, fieldSpecifiedTwice } from '../planner/errors.js';
import type { QueryBinder } from '../planner/query-binder.js';
import { optimize } from '../planner/optimize.js';
import { Scope } from '../planner/scope.js';
import type { PlanColumn } from '../planner/plan.js';
import type { AutoIdAllocators, Table } from '../table/index.js';
import { duplicateError, implicitDefault } from '../table/index.js';
import { compareTyped, convertForColumn, EMPTY_SQL_MODE, isStrict, T, type SqlType, type Value } from '../types/index.js';
import { unknownColumn } from '../errors.js';
import type { ExecContext } from './context.js';
import { buildOperator } from './build.js';

export interface DmlResult {
  readonly affectedRows: bigint;
  /** First AUTO_INCREMENT value generated (0n when none). */
  readonly lastInsertId: bigint;
  readonly info?: string;
}

export interface DmlEnv {
  readonly ctx: ExecContext;
  readonly binder: QueryBinder;
  readonly autoIds: AutoIdAllocators;
  readonly timeZone: string;
  /** The column default a row gets when the column is omitted (sql/ddl's defaultValue). */
  defaultOf(col: ColumnInfo): Value;
}

/** Converts a value for a column, with MySQL's messages (column name, 1-based row). */
export function storeValue(env: DmlEnv, col: ColumnInfo, v: Value, row: number, ignore: boolean, sourceType?: SqlType): Value {
  if (v === null) {
    if (!col.type.nullable) {
      const err = columnCannotBeNull(col.name);
      if (isStrict(env.ctx.evalCtx.sqlMode) && !ignore) throw err;
      env.ctx.evalCtx.warnings.warn(err.toWarning('Warning'));
      return implicitValue(col);
    }
    return null;
  }
  return convertForColumn(v, col.type, { sqlMode: env.ctx.evalCtx.sqlMode, warnings: env.ctx.evalCtx.warnings, column: col.name, row, ignore, timeZone: env.timeZone, ...(sourceType ? { sourceType } : {}) });
}

const IGNORED: { warn(): void } = { warn: () => undefined };

// Per writable-column list (one per Table, so per schema version): where the converting columns
// sit — nearly always none, and an INSERT should not pay for looking each row.
const changingAt = new WeakMap<readonly ColumnInfo[], readonly number[]>();

function changingPositions(writable: readonly ColumnInfo[]): readonly number[] {
  let at = changingAt.get(writable);
  if (!at) {
    at = writable.flatMap((c, i) => (c.changingFrom ? [i] : []));
    changingAt.set(writable, at);
  }
  return at;
}

/** Fills the columns an online MODIFY COLUMN is converting (ColumnInfo.changingFrom) from their
 *  source column in the same writable row, so a row written during the change holds both forms.
 *  The new column converts as this statement would store the value (a value that cannot become
 *  the new type fails the statement in strict mode, as TiDB's writers do); the old column, kept
 *  for servers a version behind, takes whatever the conversion gives. */
export function fillChangingColumns(env: DmlEnv, writable: readonly ColumnInfo[], row: Value[], rowNo: number, ignore: boolean): void {
  for (const i of changingPositions(writable)) {
    const c = writable[i] as ColumnInfo;
    const from = c.changingFrom;
    if (!from) continue;
    const at = writable.findIndex((x) => x.id === from.columnId);
    const source = writable[at];
    if (!source) continue;
    const v = row[at] ?? null;
    if (!from.lenient) row[i] = storeValue(env, { ...c, name: source.name }, v, rowNo, ignore, source.type);
    else if (v === null) row[i] = c.type.nullable ? null : implicitValue(c);
    else row[i] = convertForColumn(v, c.type, { sqlMode: EMPTY_SQL_MODE, warnings: IGNORED, column: c.name, row: rowNo, ignore: true, timeZone: env.timeZone, sourceType: source.type });
  }
}

/** What a NOT NULL column gets for NULL in non-strict mode: its type's implicit default. */
function implicitValue(col: ColumnInfo): Value {
  return implicitDefault(col.type);
}

function findColumnIn(table: TableInfo, name: string): ColumnInfo {
  const lower = name.toLowerCase();
  const c = table.columns.find((x) => x.state === 'public' && x.name.toLowerCase() === lower);
  if (!c) throw unknownColumn(name, 'field list');
  return c;
}

export async function executeInsert(stmt: Insert, table: TableInfo, env: DmlEnv): Promise<DmlResult> {
  const ctx = env.ctx;
  const t = ctx.table(table);
  const writable = t.writableColumns;
  const ignore = stmt.ignore;
  // Target columns in the order values come.
  let targets: ColumnInfo[];
  let rowsOfExprs: readonly (readonly Expr[])[] | undefined;
  if (stmt.source.kind === 'Set') {
    targets = stmt.source.assignments.map((a) => findColumnIn(table, a.column.column));
    rowsOfExprs = [stmt.source.assignments.map((a) => a.value)];
  } else {
    targets = stmt.columns.length ? stmt.columns.map((c) => findColumnIn(table, c)) : table.columns.filter((c) => c.state === 'public');
    if (stmt.source.kind === 'Values') rowsOfExprs = stmt.source.rows;
  }
  const seen = new Set<number>();
  for (const c of targets) {
    if (seen.has(c.id)) throw fieldSpecifiedTwice(c.name);
    seen.add(c.id);
  }
  const positionOf = new Map<number, number>();
  writable.forEach((c, i) => positionOf.set(c.id, i));

  // The values of each new row, before conversion, in `targets` order.
  const source: { values: Value[]; types: (SqlType | undefined)[] }[] = [];
  if (rowsOfExprs) {
    const binder = new ExprBinder(env.binder.ctx, new Scope([]), 'field list', {
      defaultValue: (name) => {
        void name;
        return constant(DEFAULT_MARK as unknown as Value, T.null());
      },
    });
    for (const [r, exprs] of rowsOfExprs.entries()) {
      if (exprs.length !== targets.length && !(exprs.length === 0 && stmt.columns.length === 0)) throw wrongValueCountOnRow(r + 1);
      const values: Value[] = [];
      const types: (SqlType | undefined)[] = [];
      for (const [i, e] of exprs.entries()) {
        if (e.kind === 'Default') {
          values.push(DEFAULT_MARK as unknown as Value);
          types.push(undefined);
          continue;
        }
        const bound = binder.bind(e);
        const f = compileExpr(bound, new Map(), ctx.outer);
        values.push(f([], ctx.evalCtx));
        types.push(bound.type);
        void i;
      }
      source.push({ values, types });
    }
  } else if (stmt.source.kind === 'Query') {
    const plan = optimize(env.binder.bindQuery(stmt.source.query), env.binder.ctx);
    const visibleCols = plan.schema.filter((c) => !c.hidden);
    if (visibleCols.length !== targets.length) throw wrongValueCountOnRow(1);
    const idx = visibleCols.map((c) => plan.schema.indexOf(c));
    const rows: Value[][] = [];
    for await (const b of buildOperator(plan, ctx)()) for (const r of b) rows.push(idx.map((i) => r[i] as Value));
    for (const r of rows) source.push({ values: r, types: visibleCols.map((c) => c.type) });
  }

  const autoCol = writable.find((c) => c.autoIncrement);
  const allocator = env.autoIds.forTable(table);
  let firstGenerated = 0n;
  let affected = 0n;
  let duplicates = 0;
  const rowsOut: { handle: bigint; row: Value[] }[] = [];
  const noAutoOnZero = ctx.evalCtx.sqlMode.noAutoValueOnZero;

  for (const [r, src] of source.entries()) {
    const rowNo = r + 1;
    const row: Value[] = new Array<Value>(writable.length).fill(null);
    const given = new Set<number>();
    targets.forEach((c, i) => {
      const v = src.values[i];
      const pos = positionOf.get(c.id) as number;
      if (v === undefined || (v as unknown) === DEFAULT_MARK) return;
      given.add(c.id);
      row[pos] = v;
    });
    for (const [pos, c] of writable.entries()) {
      if (c.autoIncrement) continue;
      if (!given.has(c.id)) {
        if (c.default.kind === 'none' && !c.type.nullable && c.state === 'public') {
          const err = invalidDefault(c.name);
          if (isStrict(ctx.evalCtx.sqlMode) && !ignore) throw err;
          ctx.evalCtx.warnings.warn(err.toWarning('Warning'));
          row[pos] = implicitValue(c);
          continue;
        }
        row[pos] = env.defaultOf(c);
        continue;
      }
      const ti = targets.findIndex((x) => x.id === c.id);
      row[pos] = storeValue(env, c, row[pos] as Value, rowNo, ignore, src.types[ti]);
    }
    if (autoCol) {
      const pos = positionOf.get(autoCol.id) as number;
      let v = given.has(autoCol.id) ? (row[pos] as Value) : null;
      if (v !== null) v = storeValue(env, autoCol, v, rowNo, ignore);
      if (v === null || (v === 0n && !noAutoOnZero)) {
        const id = await allocator.alloc(1);
        if (firstGenerated === 0n) firstGenerated = id;
        row[pos] = storeValue(env, autoCol, id, rowNo, ignore);
      } else {
        row[pos] = v;
        if (typeof v === 'bigint' && v > 0n) await allocator.rebase(v);
      }
    }
    fillChangingColumns(env, writable, row, rowNo, ignore);
    const handle = t.handleColumn ? t.handleOf(row) : await allocator.alloc(1);
    rowsOut.push({ handle, row });
  }

  if (stmt.replace) {
    for (const { handle, row } of rowsOut) {
      // One pass: findDuplicates reports every row the new one collides with (each once).
      const dups = await t.findDuplicates(ctx.txn, handle, row);
      for (const d of dups) {
        const old = await t.getRow(ctx.txn, d.handle, writable);
        if (!old) continue;
        t.removeRecord(ctx.txn, d.handle, old);
        affected++;
      }
      await t.addRecord(ctx.txn, handle, row, { skipDuplicateCheck: true });
      affected++;
    }
  } else if (stmt.onDuplicate.length) {
    for (const [r, { handle, row }] of rowsOut.entries()) {
      const dups = await t.findDuplicates(ctx.txn, handle, row);
      if (!dups.length) {
        await t.addRecord(ctx.txn, handle, row);
        affected++;
        continue;
      }
      const d = dups[0] as (typeof dups)[number];
      const old = await t.getRow(ctx.txn, d.handle, writable);
      if (!old) continue;
      const updated = await applyAssignments(env, t, table, stmt.onDuplicate, old, row, r + 1, ignore);
      if (!updated.changed) continue;
      const newHandle = t.handleColumn ? t.handleOf(updated.row) : d.handle;
      if (newHandle !== d.handle) {
        t.removeRecord(ctx.txn, d.handle, old);
        await t.addRecord(ctx.txn, newHandle, updated.row);
      } else {
        const dup = await t.updateRecord(ctx.txn, d.handle, old, updated.row, { ignoreDuplicates: ignore });
        if (dup) {
          ctx.evalCtx.warnings.warn(duplicateError(dup).toWarning('Warning'));
          continue;
        }
      }
      affected += 2n;
    }
  } else {
    const results = await t.addRecords(
      ctx.txn,
      rowsOut.map((x) => ({ handle: x.handle, row: x.row })),
      { ignoreDuplicates: ignore },
    );
    for (const d of results) {
      if (d) {
        duplicates++;
        ctx.evalCtx.warnings.warn(duplicateError(d).toWarning('Warning'));
      } else affected++;
    }
  }
  const multi = source.length > 1 || stmt.source.kind === 'Query';
  const warnings = (ctx.evalCtx as unknown as { collected?: Warning[] }).collected?.length ?? 0;
  return {
    affectedRows: affected,
    lastInsertId: firstGenerated,
    ...(multi ? { info: `Records: ${source.length}  Duplicates: ${duplicates}  Warnings: ${warnings}` } : {}),
  };
}

/** Marks DEFAULT in a VALUES row (the column's default is filled in later). */
const DEFAULT_MARK = Symbol('DEFAULT');

/** Evaluates `SET col = expr, …` over an existing row (writable columns); VALUES(col) reads the
 *  row the INSERT would have added. Returns the new row and whether anything changed. */
export async function applyAssignments(
  env: DmlEnv,
  t: Table,
  table: TableInfo,
  assignments: readonly Assignment[],
  old: readonly Value[],
  inserted: readonly Value[] | undefined,
  rowNo: number,
  ignore: boolean,
): Promise<{ row: Value[]; changed: boolean }> {
  const writable = t.writableColumns;
  const cols: PlanColumn[] = writable.map((c, i) => ({ id: -(i + 1000), name: c.name, table: table.name, db: '', orgName: c.name, orgTable: table.name, type: c.type }));
  const scope = Scope.of(cols);
  const layout = layoutOf(cols.map((c) => c.id));
  const binder = new ExprBinder(env.binder.ctx, scope, 'field list', {
    valuesOf: (ref) => {
      const i = writable.findIndex((c) => c.name.toLowerCase() === ref.column.toLowerCase());
      if (i < 0) throw unknownColumn(ref.column, 'field list');
      return constant(inserted ? (inserted[i] ?? null) : null, (writable[i] as ColumnInfo).type);
    },
  });
  const row = [...old];
  let changed = false;
  for (const a of assignments) {
    const i = writable.findIndex((c) => c.state === 'public' && c.name.toLowerCase() === a.column.column.toLowerCase());
    if (i < 0) throw unknownColumn(a.column.column, 'field list');
    const c = writable[i] as ColumnInfo;
    let v: Value;
    let sourceType: SqlType | undefined;
    if (a.value.kind === 'Default') v = env.defaultOf(c);
    else {
      const e: Expression = binder.bind(a.value);
      sourceType = e.type;
      v = compileExpr(e, layout, env.ctx.outer)(row, env.ctx.evalCtx);
    }
    const stored = storeValue(env, c, v, rowNo, ignore, sourceType);
    const before = row[i] ?? null;
    if (!sameValue(before, stored, c)) changed = true;
    row[i] = stored;
  }
  // ON UPDATE CURRENT_TIMESTAMP columns move when anything else changed.
  if (changed) {
    for (const [i, c] of writable.entries()) {
      if (c.onUpdateNow && !assignments.some((a) => a.column.column.toLowerCase() === c.name.toLowerCase())) row[i] = env.defaultOf({ ...c, default: { kind: 'current-timestamp', fsp: 'fsp' in c.type ? c.type.fsp : 0 } });
    }
    fillChangingColumns(env, writable, row, rowNo, ignore);
  }
  return { row, changed };
}

export function sameValue(a: Value, b: Value, c: ColumnInfo): boolean {
  if (a === null || b === null) return a === b;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.compare(a, b) === 0;
  // Byte-exact for strings: changing 'a' to 'A' is a change even under a ci collation.
  if (typeof a === 'string' && typeof b === 'string') return a === b;
  return compareTyped(a, b, c.type) === 0;
}

export { findColumnIn };
