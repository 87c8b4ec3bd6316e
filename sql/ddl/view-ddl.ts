// CREATE [OR REPLACE] VIEW and DROP VIEW: a view is a catalog entry beside the tables (same name
// space, so a view and a table cannot share a name) holding the query's text; readers bind that
// text again each time, so a view always reflects its tables' current rows. It has no rows, no
// key range and no indexes, so creating or dropping one is a single schema version with no job.
// The view's columns (names and types as the query gave them at CREATE time) are recorded for
// SHOW COLUMNS and information_schema; the session binds the query before calling here, so a
// view over a missing table or column is refused at creation, as MySQL does.
import { allocGlobalIds, deleteTable, listDatabases, listTables, putTable, type ColumnInfo, type TableInfo } from '../catalog/index.js';
import { duplicateColumnName, tableExists, unknownDatabase, unknownTable, type Warning } from '../errors.js';
import type { CreateView, DropView } from '../parser/index.js';
import { checkIdentifier } from './build-table.js';
import { dbNameOf, resolveDb, settle, type DdlContext, type DdlResult } from './ddl-context.js';
import { runSchemaStep } from './ddl-job.js';
import { notView, viewColumnCount, wrongTableName } from './errors.js';

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** A view's column as the query produced it. */
export interface ViewColumn {
  readonly name: string;
  readonly type: ColumnInfo['type'];
}

export async function createView(stmt: CreateView, queryColumns: readonly ViewColumn[], ctx: DdlContext, definer: string): Promise<DdlResult> {
  const dbName = dbNameOf(ctx, stmt.name);
  const db = resolveDb(ctx, dbName);
  checkIdentifier(stmt.name.name, wrongTableName);
  if (stmt.columns.length && stmt.columns.length !== queryColumns.length) throw viewColumnCount();
  const names = stmt.columns.length ? stmt.columns : queryColumns.map((c) => c.name);
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n.toLowerCase())) throw duplicateColumnName(n);
    seen.add(n.toLowerCase());
  }
  const columns: ColumnInfo[] = queryColumns.map((c, i) => ({
    id: i + 1,
    name: names[i] as string,
    type: c.type,
    default: { kind: 'none' },
    autoIncrement: false,
    onUpdateNow: false,
    comment: '',
    state: 'public',
  }));
  const { version } = await runSchemaStep(ctx.client, async (txn) => {
    const dbs = await listDatabases(txn);
    const d = dbs.find((x) => x.id === db.id);
    if (!d) throw unknownDatabase(dbName);
    const existing = (await listTables(txn, db.id)).find((t) => same(t.name, stmt.name.name));
    if (existing && (!stmt.orReplace || !existing.view)) {
      if (existing.view || !stmt.orReplace) throw tableExists(stmt.name.name);
      throw notView(d.name, existing.name);
    }
    const view: TableInfo = {
      id: existing?.id ?? (await allocGlobalIds(txn)),
      name: stmt.name.name,
      databaseId: db.id,
      columns,
      indexes: [],
      foreignKeys: [],
      pkIsHandle: false,
      comment: 'VIEW',
      charset: d.charset,
      collation: d.collation,
      nextColumnId: columns.length + 1,
      nextIndexId: 1,
      autoIncrementStart: 1,
      createdAt: existing?.createdAt ?? Date.now(),
      view: {
        select: stmt.text,
        columnNames: stmt.columns,
        algorithm: stmt.algorithm ?? 'UNDEFINED',
        security: stmt.security ?? 'DEFINER',
        definer,
        checkOption: stmt.checkOption ?? 'none',
      },
    };
    putTable(txn, view);
    return { tableIds: [view.id], result: undefined };
  });
  await settle(ctx, version);
  return { warnings: [] };
}

/** DROP VIEW: 1051 for a missing view (a note with IF EXISTS), 1347 for a base table. Nothing is
 *  dropped unless every named view can be. */
export async function dropView(stmt: DropView, ctx: DdlContext): Promise<DdlResult> {
  const warnings: Warning[] = [];
  const targets = stmt.views.map((v) => ({ dbName: dbNameOf(ctx, v), name: v.name }));
  const { version, result: missing } = await runSchemaStep(ctx.client, async (txn) => {
    const dbs = await listDatabases(txn);
    const found: TableInfo[] = [];
    const missing: string[] = [];
    for (const t of targets) {
      const db = dbs.find((d) => same(d.name, t.dbName));
      const table = db ? (await listTables(txn, db.id)).find((x) => same(x.name, t.name)) : undefined;
      if (table && !table.view) throw notView(db?.name ?? t.dbName, table.name);
      if (!table || found.some((f) => f.id === table.id)) missing.push(`${t.dbName}.${t.name}`);
      else found.push(table);
    }
    if (missing.length > 0 && !stmt.ifExists) throw unknownTable(missing.join(','));
    for (const v of found) deleteTable(txn, v.databaseId, v.id);
    return { tableIds: found.length ? found.map((v) => v.id) : null, result: missing };
  });
  for (const m of missing) warnings.push(unknownTable(m).toWarning('Note'));
  await settle(ctx, version);
  return { warnings };
}
