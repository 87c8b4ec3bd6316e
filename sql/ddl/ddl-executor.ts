// The entry point the session calls for every DDL statement: `executeDdl(stmt, ctx)`.
//
// Every statement first reloads this server's schema (so it resolves names against the newest
// committed version), then runs as one or more schema-change steps (ddl-job.ts), each waiting
// until every live SQL server has loaded the version it committed (schema-syncer.ts). When it
// returns, the change is visible to every session of every live server. DDL is not part of a
// transaction: the session commits any open transaction before calling (MySQL's implicit commit).
import type { Statement } from '../parser/index.js';
import type {
  AlterTable,
  CreateDatabase,
  CreateIndex,
  CreateTable,
  DropDatabase,
  DropIndex,
  DropTable,
  RenameTable,
  TruncateTable,
} from '../parser/index.js';
import { alterTable } from './alter-table.js';
import { createDatabase, dropDatabase } from './database-ddl.js';
import { resolveTable, type DdlContext, type DdlResult } from './ddl-context.js';
import { addIndex, dropIndex } from './index-ddl.js';
import { createTable, dropTable, renameTable, truncateTable } from './table-ddl.js';

export type DdlStatement =
  | CreateDatabase
  | DropDatabase
  | CreateTable
  | DropTable
  | TruncateTable
  | RenameTable
  | CreateIndex
  | DropIndex
  | AlterTable;

const DDL_KINDS: ReadonlySet<string> = new Set([
  'CreateDatabase',
  'DropDatabase',
  'CreateTable',
  'DropTable',
  'TruncateTable',
  'RenameTable',
  'CreateIndex',
  'DropIndex',
  'AlterTable',
]);

export function isDdlStatement(stmt: Statement): stmt is DdlStatement {
  return DDL_KINDS.has(stmt.kind);
}

export async function executeDdl(stmt: DdlStatement, ctx: DdlContext): Promise<DdlResult> {
  await ctx.syncer.reload();
  switch (stmt.kind) {
    case 'CreateDatabase':
      return createDatabase(stmt, ctx);
    case 'DropDatabase':
      return dropDatabase(stmt, ctx);
    case 'CreateTable':
      return createTable(stmt, ctx);
    case 'DropTable':
      return dropTable(stmt, ctx);
    case 'TruncateTable':
      return truncateTable(stmt, ctx);
    case 'RenameTable':
      return renameTable(stmt, ctx);
    case 'CreateIndex':
      await addIndex(ctx, resolveTable(ctx, stmt.table), { kind: stmt.unique ? 'Unique' : 'Index', name: stmt.name, columns: stmt.columns });
      return { warnings: [] };
    case 'DropIndex':
      await dropIndex(ctx, resolveTable(ctx, stmt.table), stmt.name);
      return { warnings: [] };
    case 'AlterTable':
      return alterTable(stmt, ctx);
  }
}
