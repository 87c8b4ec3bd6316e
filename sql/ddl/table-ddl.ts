// CREATE / DROP / TRUNCATE / RENAME TABLE: each one schema version (TiDB's single-step forms).
// A table that disappears (DROP, or TRUNCATE's old id) leaves its rows and index entries behind
// until a 'delete-ranges' job deletes them, after every live server has stopped using it; a DML
// transaction of a server that still planned against it fails its commit check (8028).
import {
  allocGlobalIds,
  deleteAutoId,
  deleteTable,
  getDatabase,
  listDatabases,
  listTables,
  putTable,
  type MetaTxn,
  type TableInfo,
} from '../catalog/index.js';
import { tableRange } from '../codec/index.js';
import { tableExists, tableNotExists, unknownDatabase, unknownTable, type Warning } from '../errors.js';
import type { CreateTable, DropTable, RenameTable, TableName, TruncateTable } from '../parser/index.js';
import { buildTableInfo, buildTableLike, checkIdentifier } from './build-table.js';
import { dbNameOf, resolveDb, resolveTable, settle, tableForChange, type DdlContext, type DdlResult } from './ddl-context.js';
import { putJob, runSchemaStep, toStoredRange, type DdlJob } from './ddl-job.js';
import { finishDeleteRanges } from './database-ddl.js';
import { wrongTableName } from './errors.js';

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

async function nameTaken(txn: MetaTxn, dbId: number, name: string): Promise<boolean> {
  return (await listTables(txn, dbId)).some((t) => same(t.name, name));
}

async function newDeleteRangesJob(txn: MetaTxn, ctx: DdlContext, databaseId: number, tableIds: readonly number[]): Promise<DdlJob> {
  const job: DdlJob = {
    id: await allocGlobalIds(txn),
    type: 'delete-ranges',
    databaseId,
    tableId: tableIds[0] ?? 0,
    objectId: 0,
    owner: ctx.syncer.serverId,
    state: 'running',
    ranges: tableIds.map((id) => toStoredRange(tableRange(BigInt(id)))),
    createdAt: Date.now(),
  };
  putJob(txn, job);
  return job;
}

export async function createTable(stmt: CreateTable, ctx: DdlContext): Promise<DdlResult> {
  const dbName = dbNameOf(ctx, stmt.table);
  const db = resolveDb(ctx, dbName);
  checkIdentifier(stmt.table.name, wrongTableName);
  const source = stmt.like ? resolveTable(ctx, stmt.like) : undefined;
  const warnings: Warning[] = [];
  const { version, result: created } = await runSchemaStep(ctx.client, async (txn) => {
    if (!(await getDatabase(txn, db.id))) throw unknownDatabase(dbName);
    if (await nameTaken(txn, db.id, stmt.table.name)) {
      if (!stmt.ifNotExists) throw tableExists(stmt.table.name);
      return { tableIds: null, result: false };
    }
    const ids = { tableId: await allocGlobalIds(txn), databaseId: db.id, databaseName: db.name, charset: db.charset, collation: db.collation };
    const table = source ? buildTableLike(await tableForChange(txn, source), stmt.table.name, ids) : buildTableInfo(stmt, ids);
    putTable(txn, table);
    return { tableIds: [table.id], result: true };
  });
  if (!created) warnings.push(tableExists(stmt.table.name).toWarning('Note'));
  await settle(ctx, version);
  return { warnings };
}

export async function dropTable(stmt: DropTable, ctx: DdlContext): Promise<DdlResult> {
  const warnings: Warning[] = [];
  const targets: { dbName: string; name: TableName }[] = stmt.tables.map((t) => ({ dbName: dbNameOf(ctx, t), name: t }));
  const { version, result: job } = await runSchemaStep(ctx.client, async (txn) => {
    const dbs = await listDatabases(txn);
    const found: TableInfo[] = [];
    const missing: string[] = [];
    for (const t of targets) {
      const db = dbs.find((d) => same(d.name, t.dbName));
      const table = db ? (await listTables(txn, db.id)).find((x) => same(x.name, t.name.name)) : undefined;
      // DROP TABLE does not drop views: MySQL answers 1051 for them.
      if (!table || table.view || found.some((f) => f.id === table.id)) missing.push(`${t.dbName}.${t.name.name}`);
      else found.push(table);
    }
    if (missing.length > 0 && !stmt.ifExists) throw unknownTable(missing.join(','));
    for (const t of found) {
      deleteTable(txn, t.databaseId, t.id);
      deleteAutoId(txn, t.id);
    }
    const ids = found.map((t) => t.id);
    const job = ids.length > 0 ? await newDeleteRangesJob(txn, ctx, found[0]?.databaseId ?? 0, ids) : undefined;
    return { tableIds: ids.length > 0 ? ids : null, result: { job, missing } };
  });
  for (const m of job.missing) warnings.push(unknownTable(m).toWarning('Note'));
  await settle(ctx, version);
  if (job.job) await finishDeleteRanges(ctx, job.job);
  return { warnings };
}

export async function truncateTable(stmt: TruncateTable, ctx: DdlContext): Promise<DdlResult> {
  const r = resolveTable(ctx, stmt.table);
  const { version, result: job } = await runSchemaStep(ctx.client, async (txn) => {
    const old = await tableForChange(txn, r);
    const id = await allocGlobalIds(txn);
    deleteTable(txn, old.databaseId, old.id);
    deleteAutoId(txn, old.id);
    putTable(txn, { ...old, id, createdAt: Date.now() });
    const job = await newDeleteRangesJob(txn, ctx, old.databaseId, [old.id]);
    return { tableIds: [old.id, id], result: job };
  });
  await settle(ctx, version);
  await finishDeleteRanges(ctx, job);
  return { warnings: [] };
}

export interface RenamePair {
  readonly from: TableName;
  readonly to: TableName;
}

/** RENAME TABLE a TO b, c TO d (applied in order, all in one step; ALTER TABLE … RENAME TO is
 *  one pair). 1146 for a missing source, 1050 for a taken target, 1049 for a missing database. */
export async function renameTables(pairs: readonly RenamePair[], ctx: DdlContext): Promise<DdlResult> {
  const named = pairs.map((p) => ({ fromDb: dbNameOf(ctx, p.from), from: p.from.name, toDb: dbNameOf(ctx, p.to), to: p.to.name }));
  for (const p of named) checkIdentifier(p.to, wrongTableName);
  const { version } = await runSchemaStep(ctx.client, async (txn) => {
    const dbs = await listDatabases(txn);
    // The tables of every database involved, as the renames so far leave them.
    const working = new Map<number, TableInfo[]>();
    const tablesOf = async (dbId: number): Promise<TableInfo[]> => {
      let list = working.get(dbId);
      if (!list) {
        list = await listTables(txn, dbId);
        working.set(dbId, list);
      }
      return list;
    };
    const changed = new Map<number, { before: TableInfo; after: TableInfo }>();
    for (const p of named) {
      const fromDb = dbs.find((d) => same(d.name, p.fromDb));
      if (!fromDb) throw tableNotExists(p.fromDb, p.from);
      const fromList = await tablesOf(fromDb.id);
      const t = fromList.find((x) => same(x.name, p.from));
      if (!t) throw tableNotExists(p.fromDb, p.from);
      const toDb = dbs.find((d) => same(d.name, p.toDb));
      if (!toDb) throw unknownDatabase(p.toDb);
      const toList = await tablesOf(toDb.id);
      if (toList.some((x) => same(x.name, p.to))) throw tableExists(p.to);
      const moved: TableInfo = { ...t, name: p.to, databaseId: toDb.id };
      fromList.splice(fromList.indexOf(t), 1);
      toList.push(moved);
      const before = changed.get(t.id)?.before ?? t;
      changed.set(t.id, { before, after: moved });
    }
    for (const { before, after } of changed.values()) {
      deleteTable(txn, before.databaseId, before.id);
      putTable(txn, after);
    }
    return { tableIds: [...changed.keys()], result: undefined };
  });
  await settle(ctx, version);
  return { warnings: [] };
}

export function renameTable(stmt: RenameTable, ctx: DdlContext): Promise<DdlResult> {
  return renameTables(stmt.pairs, ctx);
}
