// ADD INDEX and DROP INDEX as online schema changes (F1 / TiDB). Each arrow is one schema version
// committed by one KV transaction, followed by a wait until every live SQL server has loaded it:
//
//   ADD   none ─► delete-only ─► write-only ─► write-reorg ─(backfill)─► public
//                                                  │ duplicate (1062) / NULL in a PRIMARY KEY (1138)
//                                                  ▼
//                                   delete-only ─► none ─► entries deleted, error returned
//   DROP  public ─► write-only ─► delete-only ─► none ─► entries deleted
//
// Writers maintain an index by its state (sql/catalog `writableIndexes` / `deletableIndexes`):
// delete-only → remove entries of deleted rows only; write-only and write-reorg → add and remove;
// public → also read by queries. Because any two live servers are at most one version apart,
// no server ever adds an entry the other side will not clean up, and by the time backfill starts
// every server writes entries for new rows, so backfill need only cover rows that existed before.
//
// The job record (ddl-job.ts) is written with every step, so recover.ts can roll an unfinished
// ADD back or finish an unfinished DROP when the server running it dies.
import type { Transaction } from '../../kv/client/index.js';
import { errorMessage } from '../../util/errors.js';
import { logger } from '../../util/logger.js';
import { allocGlobalIds, getTable, putTable, type IndexInfo, type SchemaState, type TableInfo } from '../catalog/index.js';
import { indexRange } from '../codec/index.js';
import { cantDropFieldOrKey, notSupported, SqlError } from '../errors.js';
import { withNullable } from '../types/index.js';
import { backfillIndex } from './backfill.js';
import { buildIndex, checkAutoIncrement, sortIndexes, type KeySpec } from './build-table.js';
import { finishDeleteRanges } from './database-ddl.js';
import { checkNotConverting, settle, tableForChange, type DdlContext, type ResolvedTable } from './ddl-context.js';
import { deleteJob, getJob, putJob, runSchemaStep, toStoredRange, withRetry, type DdlJob } from './ddl-job.js';
import { multiplePrimaryKey } from './errors.js';

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
const log = logger('sql/ddl/index');

/** One step on a table: re-read it, apply `change` (which also writes the job), store the table, bump the version, wait
 *  for the cluster. `label` names the state reached (for DdlContext.onStep). */
export async function tableStep(
  ctx: DdlContext,
  r: ResolvedTable,
  label: string,
  change: (t: TableInfo, txn: Transaction) => Promise<TableInfo> | TableInfo,
): Promise<TableInfo> {
  const { version, result } = await runSchemaStep(ctx.client, async (txn) => {
    const t = await tableForChange(txn, r);
    const next = await change(t, txn);
    putTable(txn, next);
    return { tableIds: [t.id], result: next };
  });
  await settle(ctx, version, label);
  return result;
}

function withIndexState(t: TableInfo, indexId: number, state: SchemaState): TableInfo {
  const ix = t.indexes.find((i) => i.id === indexId);
  if (!ix) throw new SqlError('SQL:DdlJobLost', 1105, 'HY000', `index ${indexId} of table ${t.name} disappeared during DDL`);
  return { ...t, indexes: t.indexes.map((i) => (i.id === indexId ? { ...i, state } : i)) };
}

function withoutIndex(t: TableInfo, indexId: number): TableInfo {
  return { ...t, indexes: t.indexes.filter((i) => i.id !== indexId) };
}

/** Moves an index to `state` and rewrites its job, in one step. */
async function indexStateStep(ctx: DdlContext, r: ResolvedTable, job: DdlJob, state: SchemaState, extra?: (t: TableInfo) => TableInfo): Promise<TableInfo> {
  return tableStep(ctx, r, `index ${state}`, (t, txn) => {
    let next = withIndexState(t, job.objectId, state);
    if (extra) next = extra(next);
    putJob(txn, job);
    return next;
  });
}

/** Removes an index that no server writes any more, and deletes its entries. */
async function removeIndex(ctx: DdlContext, r: ResolvedTable, job: DdlJob): Promise<void> {
  const cleanup: DdlJob = { ...job, type: 'delete-ranges', ranges: [toStoredRange(indexRange(BigInt(job.tableId), BigInt(job.objectId)))] };
  await tableStep(ctx, r, 'index none', (t, txn) => {
    putJob(txn, cleanup);
    return withoutIndex(t, job.objectId);
  });
  await finishDeleteRanges(ctx, cleanup);
}

/** ADD INDEX / ADD UNIQUE / ADD PRIMARY KEY / CREATE INDEX, online. */
export async function addIndex(ctx: DdlContext, r: ResolvedTable, spec: KeySpec): Promise<void> {
  let job: DdlJob | undefined;
  await tableStep(ctx, r, 'index delete-only', async (t, txn) => {
    checkNotConverting(t);
    if (spec.kind === 'PrimaryKey' && t.indexes.some((i) => i.primary)) throw multiplePrimaryKey();
    const visible = t.columns.filter((c) => c.state === 'public');
    const ix = buildIndex(spec, visible, t.indexes.map((i) => i.name), t.nextIndexId, 'delete-only');
    job = {
      id: await allocGlobalIds(txn),
      type: 'add-index',
      databaseId: t.databaseId,
      tableId: t.id,
      objectId: ix.id,
      owner: ctx.syncer.serverId,
      state: 'running',
      ranges: [],
      createdAt: Date.now(),
    };
    putJob(txn, job);
    return { ...t, indexes: sortIndexes([...t.indexes, ix]), nextIndexId: t.nextIndexId + 1 };
  });
  if (!job) throw new Error('add-index job not created');
  await runAddIndexFrom(ctx, r, job, 'delete-only');
}

/** Continues an ADD INDEX job from the state its index is in (also used by recovery to roll an
 *  unfinished job back). */
export async function runAddIndexFrom(ctx: DdlContext, r: ResolvedTable, job: DdlJob, from: SchemaState): Promise<void> {
  let table: TableInfo;
  try {
    if (from === 'delete-only') table = await indexStateStep(ctx, r, job, 'write-only');
    if (from === 'delete-only' || from === 'write-only') table = await indexStateStep(ctx, r, job, 'write-reorg');
    else table = await withRetry(ctx.client, (txn) => tableForChange(txn, r));
    const ix = table.indexes.find((i) => i.id === job.objectId);
    if (!ix) throw new SqlError('SQL:DdlJobLost', 1105, 'HY000', `index ${job.objectId} disappeared during ADD INDEX`);
    const after = job.reorgKey !== undefined ? Buffer.from(job.reorgKey, 'hex') : undefined;
    await backfillIndex(ctx.client, table, ix, {
      batchSize: ctx.reorgBatchSize,
      after,
      persist: (txn, lastKey) => putJob(txn, { ...job, reorgKey: lastKey.toString('hex') }),
    });
  } catch (err) {
    // A user-visible failure (duplicate, NULL, the table dropped meanwhile) undoes the index. Any
    // other failure (the cluster unreachable) leaves the job for recovery to roll back.
    if (err instanceof SqlError) {
      await rollbackAddIndex(ctx, r, job).catch((e: unknown) => log.warn({ err: errorMessage(e), job: job.id }, 'ADD INDEX rollback failed; recovery will finish it'));
    }
    throw err;
  }
  await tableStep(ctx, r, 'index public', (t, txn) => {
    let next = withIndexState(t, job.objectId, 'public');
    const ix = next.indexes.find((i) => i.id === job.objectId);
    if (ix?.primary) {
      // A PRIMARY KEY's columns are NOT NULL (backfill has checked no row holds a NULL).
      const ids = new Set(ix.columns.map((c) => c.columnId));
      next = { ...next, columns: next.columns.map((c) => (ids.has(c.id) ? { ...c, type: withNullable(c.type, false), default: c.default.kind === 'null' ? { kind: 'none' as const } : c.default } : c)) };
    }
    deleteJob(txn, job.id);
    return next;
  });
}

/** Undoes an ADD INDEX that failed (or whose server died): back to delete-only, then gone. */
export async function rollbackAddIndex(ctx: DdlContext, r: ResolvedTable, job: DdlJob): Promise<void> {
  const back: DdlJob = { ...job, state: 'rolling-back' };
  const current = await withRetry(ctx.client, async (txn) => (await getTable(txn, r.db.id, r.table.id)) ?? null);
  const ix = current?.indexes.find((i) => i.id === job.objectId);
  if (ix && ix.state !== 'delete-only') await indexStateStep(ctx, r, back, 'delete-only');
  if (ix) await removeIndex(ctx, r, back);
  else {
    await withRetry(ctx.client, (txn) => {
      deleteJob(txn, job.id);
      return Promise.resolve();
    });
  }
}

/** The index DROP INDEX / DROP PRIMARY KEY names (public ones only; 1091 otherwise). */
export function findDroppableIndex(t: TableInfo, name: string | 'PRIMARY'): IndexInfo {
  const ix = t.indexes.find((i) => i.state === 'public' && (same(name, 'PRIMARY') ? i.primary : same(i.name, name)));
  if (!ix) throw cantDropFieldOrKey(name);
  if (ix.primary && t.pkIsHandle) throw notSupported('drop an integer PRIMARY KEY that is the row handle');
  return ix;
}

/** DROP INDEX / DROP PRIMARY KEY, online. */
export async function dropIndex(ctx: DdlContext, r: ResolvedTable, name: string): Promise<void> {
  let job: DdlJob | undefined;
  await tableStep(ctx, r, 'index write-only', async (t, txn) => {
    checkNotConverting(t);
    const ix = findDroppableIndex(t, name);
    checkAutoIncrement(t.columns, t.indexes.filter((i) => i.id !== ix.id));
    job = {
      id: await allocGlobalIds(txn),
      type: 'drop-index',
      databaseId: t.databaseId,
      tableId: t.id,
      objectId: ix.id,
      owner: ctx.syncer.serverId,
      state: 'running',
      ranges: [],
      createdAt: Date.now(),
    };
    putJob(txn, job);
    return withIndexState(t, ix.id, 'write-only');
  });
  if (!job) throw new Error('drop-index job not created');
  await runDropIndexFrom(ctx, r, job, 'write-only');
}

/** Continues a DROP INDEX job from its index's state (recovery finishes drops). */
export async function runDropIndexFrom(ctx: DdlContext, r: ResolvedTable, job: DdlJob, from: SchemaState): Promise<void> {
  if (from === 'public' || from === 'write-only' || from === 'write-reorg') await indexStateStep(ctx, r, job, 'delete-only');
  await removeIndex(ctx, r, job);
}

export async function currentJob(ctx: DdlContext, jobId: number): Promise<DdlJob | undefined> {
  return withRetry(ctx.client, (txn) => getJob(txn, jobId));
}
