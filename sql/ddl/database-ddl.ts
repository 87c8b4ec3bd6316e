// CREATE DATABASE and DROP DATABASE. Each is one schema version; DROP DATABASE removes the
// database's tables in the same step and then deletes their data (a 'delete-ranges' job, so a
// crash before the data is gone leaves work recovery finishes).
import {
  allocGlobalIds,
  deleteAutoId,
  deleteDatabase,
  deleteTable,
  listDatabases,
  listTables,
  putDatabase,
  type DatabaseInfo,
} from '../catalog/index.js';
import { tableRange } from '../codec/index.js';
import { databaseDropNotExists, databaseExists, type Warning } from '../errors.js';
import type { CreateDatabase, DropDatabase } from '../parser/index.js';
import { DEFAULT_CHARSET, DEFAULT_COLLATION } from '../types/index.js';
import { applyTableOptions, checkIdentifier } from './build-table.js';
import { settle, type DdlContext, type DdlResult } from './ddl-context.js';
import { deleteJob, deleteRanges, putJob, runSchemaStep, toStoredRange, withRetry, type DdlJob } from './ddl-job.js';
import { wrongDbName } from './errors.js';

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

export async function createDatabase(stmt: CreateDatabase, ctx: DdlContext): Promise<DdlResult> {
  checkIdentifier(stmt.name, wrongDbName);
  const opts = applyTableOptions(stmt.options, { charset: DEFAULT_CHARSET, collation: DEFAULT_COLLATION, comment: '', autoIncrement: 1 });
  const warnings: Warning[] = [];
  const { version, result: created } = await runSchemaStep(ctx.client, async (txn) => {
    if ((await listDatabases(txn)).some((d) => same(d.name, stmt.name))) {
      if (!stmt.ifNotExists) throw databaseExists(stmt.name);
      return { tableIds: null, result: false };
    }
    const db: DatabaseInfo = {
      id: await allocGlobalIds(txn),
      name: stmt.name,
      charset: opts.charset,
      collation: opts.collation,
    };
    putDatabase(txn, db);
    return { tableIds: [], result: true };
  });
  if (!created) warnings.push(databaseExists(stmt.name).toWarning('Note'));
  await settle(ctx, version);
  return { warnings };
}

export async function dropDatabase(stmt: DropDatabase, ctx: DdlContext): Promise<DdlResult> {
  const warnings: Warning[] = [];
  const { version, result: job } = await runSchemaStep(ctx.client, async (txn) => {
    const db = (await listDatabases(txn)).find((d) => same(d.name, stmt.name));
    if (!db) {
      if (!stmt.ifExists) throw databaseDropNotExists(stmt.name);
      return { tableIds: null, result: undefined };
    }
    const tables = await listTables(txn, db.id);
    for (const t of tables) {
      deleteTable(txn, db.id, t.id);
      deleteAutoId(txn, t.id);
    }
    deleteDatabase(txn, db.id);
    let job: DdlJob | undefined;
    if (tables.length > 0) {
      job = {
        id: await allocGlobalIds(txn),
        type: 'delete-ranges',
        databaseId: db.id,
        tableId: 0,
        objectId: 0,
        owner: ctx.syncer.serverId,
        state: 'running',
        ranges: tables.map((t) => toStoredRange(tableRange(BigInt(t.id)))),
        createdAt: Date.now(),
      };
      putJob(txn, job);
    }
    return { tableIds: tables.map((t) => t.id), result: job ?? null };
  });
  if (job === undefined) warnings.push(databaseDropNotExists(stmt.name).toWarning('Note'));
  await settle(ctx, version);
  if (job) await finishDeleteRanges(ctx, job);
  return { warnings };
}

/** Deletes a delete-ranges job's data, then the job. */
export async function finishDeleteRanges(ctx: DdlContext, job: DdlJob): Promise<void> {
  await deleteRanges(ctx.client, job.ranges);
  await withRetry(ctx.client, (txn) => {
    deleteJob(txn, job.id);
    return Promise.resolve();
  });
}
