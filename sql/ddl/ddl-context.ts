// What a DDL statement runs with — the session's side of the seam — and the helpers every DDL
// kind shares: name resolution against the server's InfoSchema, re-reading a table inside a
// step's transaction, and waiting for the cluster after a step.
import type { StrataClient } from '../../kv/client/index.js';
import { getTable, type DatabaseInfo, type MetaTxn, type TableInfo } from '../catalog/index.js';
import { noDatabaseSelected, notSupported, tableNotExists, unknownDatabase, type Warning } from '../errors.js';
import type { TableName } from '../parser/index.js';
import type { SqlMode } from '../types/index.js';
import { wrongObject } from './errors.js';
import type { SchemaSyncer } from './schema-syncer.js';

export interface DdlContext {
  readonly client: StrataClient;
  /** This server's syncer: DDL resolves names against it and waits through it. */
  readonly syncer: SchemaSyncer;
  /** The session's current database (USE), for unqualified names. */
  readonly currentDb: string | null;
  /** Session time zone (CURRENT_TIMESTAMP frozen by ADD COLUMN); default UTC. */
  readonly timeZone?: string | undefined;
  /** The session's sql_mode: how MODIFY COLUMN converts stored data (default: strict). */
  readonly sqlMode?: SqlMode | undefined;
  /** Rows per backfill transaction (tests make it small). */
  readonly reorgBatchSize?: number | undefined;
  /** Called between the steps of an online schema change, with the state just reached
   *  (tests use it to run DML against every state). */
  readonly onStep?: ((step: string) => Promise<void> | void) | undefined;
}

export interface DdlResult {
  /** Notes and warnings for SHOW WARNINGS (IF [NOT] EXISTS, …). */
  readonly warnings: Warning[];
}

/** The database a name lives in: its own qualifier, or the session's current one (1046). */
export function dbNameOf(ctx: DdlContext, name: TableName): string {
  const db = name.db ?? ctx.currentDb;
  if (db === null || db === undefined) throw noDatabaseSelected();
  return db;
}

export function resolveDb(ctx: DdlContext, dbName: string): DatabaseInfo {
  const db = ctx.syncer.infoSchema().database(dbName);
  if (!db) throw unknownDatabase(dbName);
  return db;
}

export interface ResolvedTable {
  readonly dbName: string;
  readonly db: DatabaseInfo;
  readonly table: TableInfo;
}

/** A table by name in the server's current schema (1046 / 1049 / 1146). */
export function resolveTable(ctx: DdlContext, name: TableName): ResolvedTable {
  const dbName = dbNameOf(ctx, name);
  const db = resolveDb(ctx, dbName);
  const table = ctx.syncer.infoSchema().table(dbName, name.name);
  if (!table) throw tableNotExists(dbName, name.name);
  // Every caller changes a base table (ALTER, TRUNCATE, CREATE/DROP INDEX).
  if (table.view) throw wrongObject(db.name, table.name, 'BASE TABLE');
  return { dbName, db, table };
}

/** The table as stored now, inside a step's transaction (it may have changed since the name was
 *  resolved); 1146 when it is gone. */
export async function tableForChange(txn: MetaTxn, r: ResolvedTable): Promise<TableInfo> {
  const t = await getTable(txn, r.db.id, r.table.id);
  if (!t) throw tableNotExists(r.dbName, r.table.name);
  return t;
}

/** After a step committed `version`: load it here and wait until every live server has. */
export async function settle(ctx: DdlContext, version: bigint | undefined, step?: string): Promise<void> {
  if (version === undefined) return;
  await ctx.syncer.reload();
  await ctx.syncer.waitForAllServers(version);
  if (step !== undefined && ctx.onStep) await ctx.onStep(step);
}

/** Another change to a table while a MODIFY COLUMN converts its data (modify-column.ts) would
 *  not survive the swap (an index added over the old column would be dropped with it), so it is
 *  refused until the conversion is done. */
export function checkNotConverting(t: TableInfo): void {
  if (t.columns.some((c) => c.changingFrom !== undefined)) throw notSupported(`changing table ${t.name} while MODIFY COLUMN converts its data`);
}
