// Taking over the DDL jobs of a server that died mid-way. A job whose owner no longer has a live
// record in the schema syncer (its lease ran out) is claimed by this server — one transaction
// rewriting the job's owner, so two servers recovering at once do not both run it — and then:
//
//   add-index, add-column,     rolled back (the object goes to delete-only, then away, and an
//   modify-column              index's entries are deleted; a MODIFY COLUMN's hidden converted
//                              column and rebuilt indexes likewise); the user's statement had
//                              not returned, so it failed as far as anyone saw. (A MODIFY COLUMN
//                              past its swap is a drop-column job by then, finished.)
//   drop-index, drop-column    finished from the state reached (the user asked for the drop and
//                              servers may already have stopped writing the object)
//   delete-ranges              the deletion is run again (it is idempotent)
//
// The session (or server start-up) calls `recoverDdlJobs` once after starting its syncer, and may
// call it again periodically.
import { getDatabase, getTable } from '../catalog/index.js';
import { rollbackAddColumn, runDropColumnFrom } from './column-ddl.js';
import { finishDeleteRanges } from './database-ddl.js';
import type { DdlContext, ResolvedTable } from './ddl-context.js';
import { deleteJob, getJob, listJobs, putJob, withRetry, type DdlJob } from './ddl-job.js';
import { rollbackAddIndex, runDropIndexFrom } from './index-ddl.js';
import { rollbackModifyColumn } from './modify-column.js';

async function claim(ctx: DdlContext, job: DdlJob, live: ReadonlySet<string>): Promise<DdlJob | undefined> {
  return withRetry(ctx.client, async (txn) => {
    const now = await getJob(txn, job.id);
    if (!now || (now.owner !== job.owner && live.has(now.owner))) return undefined;
    const mine: DdlJob = { ...now, owner: ctx.syncer.serverId };
    putJob(txn, mine);
    return mine;
  });
}

/** Recovers every job of a dead server; returns how many were taken over. */
export async function recoverDdlJobs(ctx: DdlContext): Promise<number> {
  const jobs = await withRetry(ctx.client, (txn) => listJobs(txn));
  const live = new Set((await ctx.syncer.liveServers()).map((s) => s.serverId));
  let n = 0;
  for (const found of jobs) {
    if (found.owner === ctx.syncer.serverId || live.has(found.owner)) continue;
    const job = await claim(ctx, found, live);
    if (!job) continue;
    n++;
    if (job.type === 'delete-ranges') {
      await finishDeleteRanges(ctx, job);
      continue;
    }
    const where = await withRetry(ctx.client, async (txn) => ({ db: await getDatabase(txn, job.databaseId), table: await getTable(txn, job.databaseId, job.tableId) }));
    if (!where.db || !where.table) {
      // The table is gone (dropped after the server died): nothing left to change.
      await withRetry(ctx.client, (txn) => {
        deleteJob(txn, job.id);
        return Promise.resolve();
      });
      continue;
    }
    const r: ResolvedTable = { dbName: where.db.name, db: where.db, table: where.table };
    switch (job.type) {
      case 'add-index':
        await rollbackAddIndex(ctx, r, job);
        break;
      case 'add-column':
        await rollbackAddColumn(ctx, r, job);
        break;
      case 'modify-column':
        await rollbackModifyColumn(ctx, r, job);
        break;
      case 'drop-index': {
        const ix = where.table.indexes.find((i) => i.id === job.objectId);
        await runDropIndexFrom(ctx, r, job, ix?.state ?? 'delete-only');
        break;
      }
      case 'drop-column': {
        const col = where.table.columns.find((c) => c.id === job.objectId);
        await runDropColumnFrom(ctx, r, job, col?.state ?? 'delete-only');
        break;
      }
    }
  }
  return n;
}
