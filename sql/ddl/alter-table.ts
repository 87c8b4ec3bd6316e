// ALTER TABLE: its actions are first checked together against the definition (alter-check.ts),
// then run one after another, each as its own online schema change. So an error the definition
// decides (unknown column, duplicate key name, bad default…) changes nothing, but one the data
// decides (a duplicate for a new UNIQUE key, a NULL for NOT NULL) leaves the actions before it
// done — MySQL's ALTER is all-or-nothing there; TiDB before its multi-schema change refused
// several actions in one statement instead. Names are resolved again before each action, so
// `ADD COLUMN c, ADD INDEX (c)` sees the column it just added.
import type { ForeignKeyInfo } from '../catalog/index.js';
import { cantDropFieldOrKey, duplicateKeyName, type Warning } from '../errors.js';
import type { AlterTable, TableConstraint, TableName } from '../parser/index.js';
import { checkAlterActions } from './alter-check.js';
import { addColumn, dropColumn, modifyColumn, needsConversion, renameColumn } from './column-ddl.js';
import { resolveTable, type DdlContext, type DdlResult, type ResolvedTable } from './ddl-context.js';
import { keyColumnNotExists } from './errors.js';
import { addIndex, dropIndex, tableStep } from './index-ddl.js';
import { modifyColumnWithReorg } from './modify-column.js';
import { renameTables } from './table-ddl.js';

type ForeignKeyConstraint = Extract<TableConstraint, { kind: 'ForeignKey' }>;

/** ADD [CONSTRAINT name] FOREIGN KEY: recorded (one metadata step), not enforced. */
async function addForeignKey(ctx: DdlContext, r: ResolvedTable, fk: ForeignKeyConstraint): Promise<void> {
  await tableStep(ctx, r, 'foreign key added', (t) => {
    for (const c of fk.columns) if (!t.columns.some((x) => x.state === 'public' && x.name.toLowerCase() === c.toLowerCase())) throw keyColumnNotExists(c);
    const prefix = `${t.name}_ibfk_`;
    const used = t.foreignKeys.map((f) => (f.name.startsWith(prefix) ? Number(f.name.slice(prefix.length)) : 0)).filter((n) => Number.isInteger(n));
    const name = fk.name ?? `${prefix}${Math.max(0, ...used) + 1}`;
    if (t.foreignKeys.some((f) => f.name.toLowerCase() === name.toLowerCase())) throw duplicateKeyName(name);
    const info: ForeignKeyInfo = {
      name,
      columns: [...fk.columns],
      refDatabase: fk.refTable.db ?? r.dbName,
      refTable: fk.refTable.name,
      refColumns: [...fk.refColumns],
      onDelete: fk.onDelete,
      onUpdate: fk.onUpdate,
    };
    return { ...t, foreignKeys: [...t.foreignKeys, info] };
  });
}

/** DROP FOREIGN KEY: the recorded constraint goes (one metadata step); 1091 when there is none. */
async function dropForeignKey(ctx: DdlContext, r: ResolvedTable, name: string): Promise<void> {
  await tableStep(ctx, r, 'foreign key dropped', (t) => {
    if (!t.foreignKeys.some((f) => f.name.toLowerCase() === name.toLowerCase())) throw cantDropFieldOrKey(name);
    return { ...t, foreignKeys: t.foreignKeys.filter((f) => f.name.toLowerCase() !== name.toLowerCase()) };
  });
}

export async function alterTable(stmt: AlterTable, ctx: DdlContext): Promise<DdlResult> {
  let name: TableName = stmt.table;
  checkAlterActions(resolveTable(ctx, name).table, stmt.actions);
  const warnings: Warning[] = [];
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
      case 'ChangeColumn': {
        const oldName = a.kind === 'ChangeColumn' ? a.oldName : a.column.name;
        if (needsConversion(r.table, oldName, a.column)) warnings.push(...(await modifyColumnWithReorg(ctx, r, oldName, a.column, a.position)));
        else await modifyColumn(ctx, r, oldName, a.column, a.position);
        break;
      }
      case 'RenameColumn':
        await renameColumn(ctx, r, a.oldName, a.newName);
        break;
      case 'AddConstraint':
        if (a.constraint.kind === 'ForeignKey') await addForeignKey(ctx, r, a.constraint);
        else await addIndex(ctx, r, a.constraint);
        break;
      case 'DropIndex':
        await dropIndex(ctx, r, a.name);
        break;
      case 'DropPrimaryKey':
        await dropIndex(ctx, r, 'PRIMARY');
        break;
      case 'DropForeignKey':
        await dropForeignKey(ctx, r, a.name);
        break;
      case 'RenameTable':
        await renameTables([{ from: { db: r.dbName, name: r.table.name }, to: a.to }], ctx);
        name = { db: a.to.db ?? ctx.currentDb ?? r.dbName, name: a.to.name };
        break;
    }
  }
  return { warnings };
}
