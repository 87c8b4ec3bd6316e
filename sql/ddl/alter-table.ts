// ALTER TABLE: its actions run one after another, each as its own online schema change (so an
// ALTER with several actions is not atomic: when one fails, the ones before it stay done — TiDB
// before its multi-schema-change support refused such statements instead). Names are resolved
// again before each action, so `ADD COLUMN c, ADD INDEX (c)` sees the column it just added.
import type { AlterTable, TableName } from '../parser/index.js';
import { addColumn, dropColumn, modifyColumn, renameColumn } from './column-ddl.js';
import { resolveTable, type DdlContext, type DdlResult } from './ddl-context.js';
import { addIndex, dropIndex } from './index-ddl.js';
import { renameTables } from './table-ddl.js';

export async function alterTable(stmt: AlterTable, ctx: DdlContext): Promise<DdlResult> {
  let name: TableName = stmt.table;
  for (const a of stmt.actions) {
    await ctx.syncer.reload();
    const r = resolveTable(ctx, name);
    switch (a.kind) {
      case 'AddColumn':
        await addColumn(ctx, r, a.column, a.position);
        break;
      case 'DropColumn':
        await dropColumn(ctx, r, a.name);
        break;
      case 'ModifyColumn':
        await modifyColumn(ctx, r, a.column.name, a.column, a.position);
        break;
      case 'ChangeColumn':
        await modifyColumn(ctx, r, a.oldName, a.column, a.position);
        break;
      case 'RenameColumn':
        await renameColumn(ctx, r, a.oldName, a.newName);
        break;
      case 'AddConstraint':
        // FOREIGN KEY constraints added by ALTER are accepted and ignored (not enforced).
        if (a.constraint.kind !== 'ForeignKey') await addIndex(ctx, r, a.constraint);
        break;
      case 'DropIndex':
        await dropIndex(ctx, r, a.name);
        break;
      case 'DropPrimaryKey':
        await dropIndex(ctx, r, 'PRIMARY');
        break;
      case 'RenameTable':
        await renameTables([{ from: { db: r.dbName, name: r.table.name }, to: a.to }], ctx);
        name = { db: a.to.db ?? ctx.currentDb ?? r.dbName, name: a.to.name };
        break;
    }
  }
  return { warnings: [] };
}
