// sql/ddl: executing DDL against the catalog in KV — CREATE/DROP/ALTER as schema versions,
// online schema change (F1/TiDB states) with index backfill, the per-server schema syncer, and
// SHOW CREATE TABLE.
//
//   ddl-executor.ts       executeDdl(stmt, ctx): the session's entry point
//   ddl-context.ts        DdlContext / DdlResult, name resolution, waiting after a step
//   schema-syncer.ts      per-server InfoSchema, reload on version change, live-server records,
//                         the DML commit check (8027 / 8028)
//   ddl-job.ts            job records, the step transaction with conflict retry, range deletion
//   build-table.ts        CREATE TABLE → TableInfo (MySQL's checks and naming)
//   column-default.ts     DEFAULT → ColumnDefault and back to a Value (origin defaults)
//   database-ddl.ts, table-ddl.ts, index-ddl.ts, column-ddl.ts, alter-table.ts   one per kind
//   modify-column.ts      MODIFY / CHANGE COLUMN converting stored data (hidden column, reorg, swap)
//   view-ddl.ts           CREATE [OR REPLACE] VIEW / DROP VIEW (a stored query, no rows)
//   backfill.ts           ADD INDEX's write-reorg: entries for existing rows, uniqueness
//   recover.ts            taking over the jobs of a dead server
//   show-create-table.ts  SHOW CREATE TABLE text
//   errors.ts             the MySQL / TiDB errors DDL adds
export { executeDdl, isDdlStatement, type DdlStatement } from './ddl-executor.js';
export type { DdlContext, DdlResult } from './ddl-context.js';
export { SchemaSyncer, DEFAULT_LEASE_MS, type SchemaSyncerOptions, type ServerRecord } from './schema-syncer.js';
export { recoverDdlJobs } from './recover.js';
export { listJobs, type DdlJob, type DdlJobType } from './ddl-job.js';
export { buildTableInfo, buildTableLike, type TableIds } from './build-table.js';
export { buildColumnDefault, defaultValue, originDefaultValue, implicitDefaultText } from './column-default.js';
export { indexSpecOf, indexValuesOf, readRow, cutPrefix } from './backfill.js';
export { showCreateTable, quoteIdent, quoteString, type ShowCreateOptions } from './show-create-table.js';
export { schemaChanged, schemaOutOfDate } from './errors.js';
export { createView, dropView, type ViewColumn } from './view-ddl.js';
