// DDL jobs: the durable record of a schema change that takes several schema versions (ADD/DROP
// INDEX, ADD/DROP COLUMN) or leaves data to delete (DROP/TRUNCATE TABLE, DROP DATABASE), kept
// under `m "DDLJob" {jobId}` and written in the same transaction as each step, so the job record
// and the schema it describes never disagree. A finished job's record is deleted.
//
// Every step is one KV transaction that reads the table, changes it, bumps the schema version
// with a diff naming the table, and writes the job (`runSchemaStep`). Two servers changing the
// same table at once both write the version key: one commit fails with WriteConflict and the
// step is re-run from a fresh read, where its checks (names, ids, states) see the other's work.
//
// A job's owner is the server that runs it. When that server dies, its record in the schema
// syncer expires and the next server that calls `recoverDdlJobs` (recover.ts) takes the job
// over: unfinished additions are rolled back, unfinished removals and range deletions are
// finished.
import { WriteConflict, type StrataClient, type Transaction } from '../../kv/client/index.js';
import { bumpSchemaVersionWithDiff, type MetaTxn } from '../catalog/index.js';
import { ddlJobKey, ddlJobsRange } from '../codec/index.js';
import { unknownError } from '../errors.js';

export type DdlJobType = 'add-index' | 'drop-index' | 'add-column' | 'drop-column' | 'modify-column' | 'delete-ranges';

/** A key range in hex, as stored in a job. */
export interface StoredRange {
  readonly start: string;
  readonly end: string;
}

export interface DdlJob {
  readonly id: number;
  readonly type: DdlJobType;
  readonly databaseId: number;
  readonly tableId: number;
  /** The index or column the job adds or drops. */
  readonly objectId: number;
  /** The server running the job (its syncer's serverId). */
  readonly owner: string;
  /** 'running' moves forward; 'rolling-back' undoes an addition that failed. */
  readonly state: 'running' | 'rolling-back';
  /** Backfill progress: the last row key (hex) whose index entry is written. */
  readonly reorgKey?: string | undefined;
  /** A converting MODIFY COLUMN (objectId: the new column): the column it replaces, and each
   *  index over that column with the index rebuilt over the new one. */
  readonly modify?: { readonly oldColumnId: number; readonly indexes: readonly { readonly oldId: number; readonly newId: number }[] } | undefined;
  /** Key ranges still to delete once the schema change is done. */
  readonly ranges: readonly StoredRange[];
  readonly createdAt: number;
}

export function putJob(txn: MetaTxn, job: DdlJob): void {
  txn.set(ddlJobKey(BigInt(job.id)), Buffer.from(JSON.stringify(job), 'utf8'));
}

export function deleteJob(txn: MetaTxn, jobId: number): void {
  txn.delete(ddlJobKey(BigInt(jobId)));
}

export async function getJob(txn: MetaTxn, jobId: number): Promise<DdlJob | undefined> {
  const v = await txn.get(ddlJobKey(BigInt(jobId)));
  return v ? (JSON.parse(Buffer.from(v).toString('utf8')) as DdlJob) : undefined;
}

export async function listJobs(txn: MetaTxn): Promise<DdlJob[]> {
  const r = ddlJobsRange();
  return (await txn.scan(r.start, r.end, 100_000)).map((p) => JSON.parse(Buffer.from(p.value).toString('utf8')) as DdlJob);
}

const MAX_ATTEMPTS = 50;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs `body` in a fresh transaction and commits, re-running it from scratch on WriteConflict
 *  (another DDL or backfill batch touched the same keys). Errors of `body` end it. */
export async function withRetry<T>(client: StrataClient, body: (txn: Transaction) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const txn = await client.txn.begin();
    let out: T;
    try {
      out = await body(txn);
    } catch (err) {
      await txn.rollback();
      throw err;
    }
    try {
      await txn.commit();
      return out;
    } catch (err) {
      if (!(err instanceof WriteConflict) || attempt >= MAX_ATTEMPTS) {
        if (err instanceof WriteConflict) throw unknownError(`DDL gave up after ${attempt} write conflicts`);
        throw err;
      }
      await sleep(Math.min(200, 5 * attempt) * (0.5 + Math.random()));
    }
  }
}

/** One schema-change step: `body` changes the catalog and names the tables it changed; the
 *  schema version is bumped with that diff in the same transaction. Returns the new version.
 *  A body that changed nothing (IF [NOT] EXISTS found nothing to do) returns `tableIds: null`:
 *  no version is bumped and `version` is undefined. */
export async function runSchemaStep<T>(
  client: StrataClient,
  body: (txn: Transaction) => Promise<{ tableIds: readonly number[] | null; result: T }>,
): Promise<{ version: bigint | undefined; result: T }> {
  return withRetry(client, async (txn) => {
    const { tableIds, result } = await body(txn);
    const version = tableIds === null ? undefined : await bumpSchemaVersionWithDiff(txn, tableIds);
    return { version, result };
  });
}

export function toStoredRange(r: { start: Uint8Array; end: Uint8Array }): StoredRange {
  return { start: Buffer.from(r.start).toString('hex'), end: Buffer.from(r.end).toString('hex') };
}

const DELETE_BATCH = 512;

/** Deletes every key of the ranges, in transactions of at most DELETE_BATCH keys, synchronously
 *  (the DDL returns when its data is gone). Idempotent, so recovery can simply run it again. */
export async function deleteRanges(client: StrataClient, ranges: readonly StoredRange[], batch = DELETE_BATCH): Promise<number> {
  let deleted = 0;
  for (const r of ranges) {
    let start = Buffer.from(r.start, 'hex');
    const end = Buffer.from(r.end, 'hex');
    while (true) {
      const from = start;
      const { n, next } = await withRetry(client, async (txn) => {
        const pairs = await txn.scan(from, end, batch, { keyOnly: true });
        for (const p of pairs) txn.delete(p.key);
        const last = pairs[pairs.length - 1];
        return { n: pairs.length, next: last ? Buffer.concat([Buffer.from(last.key), Buffer.of(0)]) : from };
      });
      deleted += n;
      start = next;
      if (n < batch) break;
    }
  }
  return deleted;
}
