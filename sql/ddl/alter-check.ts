// A dry run of ALTER TABLE's actions against a copy of the table definition, before any of them
// runs. The actions then run one by one as separate online changes; checking them all first means
// a statement like `ADD COLUMN c INT, ADD INDEX (nope)` fails with 1072 before the column is
// added, as MySQL's all-or-nothing ALTER would. Only what the definition alone decides is checked
// here (names, types, defaults, keys); what depends on the data (1062 duplicates, 1138 NULLs)
// is found while the action runs, and the actions before it then stay done.
import type { ColumnInfo, TableInfo } from '../catalog/index.js';
import { cantDropFieldOrKey, duplicateColumnName, duplicateKeyName, notSupported } from '../errors.js';
import type { AlterAction, ColumnPosition } from '../parser/index.js';
import { buildColumn, buildIndex, checkAutoIncrement, checkIdentifier, sortIndexes } from './build-table.js';
import { isMetadataOnlyTypeChange } from './column-ddl.js';
import { cantRemoveAllFields, keyColumnNotExists, multiplePrimaryKey, unknownColumnInTable, wrongTableName } from './errors.js';
import { findDroppableIndex } from './index-ddl.js';
import { checkConvertible, twinIndexes } from './modify-column.js';

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

function place(t: TableInfo, col: ColumnInfo, position: ColumnPosition | undefined): ColumnInfo[] {
  const rest = t.columns.filter((c) => c.id !== col.id);
  if (!position) return t.columns.some((c) => c.id === col.id) ? t.columns.map((c) => (c.id === col.id ? col : c)) : [...rest, col];
  if (position.kind === 'First') return [col, ...rest];
  const i = rest.findIndex((c) => same(c.name, position.column));
  if (i < 0) throw unknownColumnInTable(position.column, t.name);
  return [...rest.slice(0, i + 1), col, ...rest.slice(i + 1)];
}

function addKey(t: TableInfo, spec: Parameters<typeof buildIndex>[0]): TableInfo {
  if (spec.kind === 'PrimaryKey' && t.indexes.some((i) => i.primary)) throw multiplePrimaryKey();
  const ix = buildIndex(spec, t.columns, t.indexes.map((i) => i.name), t.nextIndexId, 'public');
  return { ...t, indexes: sortIndexes([...t.indexes, ix]), nextIndexId: t.nextIndexId + 1 };
}

function step(t: TableInfo, a: AlterAction): TableInfo {
  switch (a.kind) {
    case 'AddColumn': {
      if (a.column.autoIncrement) throw notSupported('ADD COLUMN with AUTO_INCREMENT');
      if (t.columns.some((c) => same(c.name, a.column.name))) throw duplicateColumnName(a.column.name);
      const col = buildColumn(a.column, t.nextColumnId, { inPrimaryKey: a.column.primaryKey, state: 'public', table: t });
      let next: TableInfo = { ...t, columns: place(t, col, a.position), nextColumnId: t.nextColumnId + 1 };
      if (a.column.primaryKey) next = addKey(next, { kind: 'PrimaryKey', columns: [{ column: col.name, desc: false }] });
      if (a.column.unique) next = addKey(next, { kind: 'Unique', columns: [{ column: col.name, desc: false }] });
      return next;
    }
    case 'DropColumn': {
      const col = t.columns.find((c) => same(c.name, a.name));
      if (!col) throw cantDropFieldOrKey(a.name);
      if (t.columns.length === 1) throw cantRemoveAllFields();
      const covering = t.indexes.filter((i) => i.columns.some((p) => p.columnId === col.id));
      if (covering.some((i) => i.columns.length > 1 || i.primary)) throw notSupported('drop a column covered by a multi-column index or the PRIMARY KEY');
      return { ...t, columns: t.columns.filter((c) => c.id !== col.id), indexes: t.indexes.filter((i) => !covering.includes(i)) };
    }
    case 'ModifyColumn':
    case 'ChangeColumn': {
      const oldName = a.kind === 'ChangeColumn' ? a.oldName : a.column.name;
      const old = t.columns.find((c) => same(c.name, oldName));
      if (!old) throw unknownColumnInTable(oldName, t.name);
      if (!same(a.column.name, old.name) && t.columns.some((c) => c.id !== old.id && same(c.name, a.column.name))) throw duplicateColumnName(a.column.name);
      const inPk = t.indexes.some((i) => i.primary && i.columns.some((p) => p.columnId === old.id));
      const col = buildColumn(a.column, old.id, { inPrimaryKey: inPk || a.column.primaryKey, state: 'public', table: t });
      if (!isMetadataOnlyTypeChange(old.type, col.type)) {
        checkConvertible(t, old, col, a.column);
        twinIndexes({ ...t, columns: [...t.columns, { ...col, id: t.nextColumnId, name: `_Col$_${old.name}` }] }, old, { ...col, id: t.nextColumnId, name: `_Col$_${old.name}` }, 'public');
      }
      if (col.autoIncrement && !old.autoIncrement) throw notSupported('adding AUTO_INCREMENT to an existing column');
      let next: TableInfo = {
        ...t,
        columns: place(t, col, a.position),
        indexes: t.indexes.map((i) => ({ ...i, columns: i.columns.map((p) => (p.columnId === old.id ? { ...p, name: col.name } : p)) })),
      };
      if (a.column.primaryKey) next = addKey(next, { kind: 'PrimaryKey', columns: [{ column: col.name, desc: false }] });
      if (a.column.unique) next = addKey(next, { kind: 'Unique', columns: [{ column: col.name, desc: false }] });
      return next;
    }
    case 'RenameColumn': {
      const old = t.columns.find((c) => same(c.name, a.oldName));
      if (!old) throw unknownColumnInTable(a.oldName, t.name);
      if (!same(a.oldName, a.newName) && t.columns.some((c) => same(c.name, a.newName))) throw duplicateColumnName(a.newName);
      return {
        ...t,
        columns: t.columns.map((c) => (c.id === old.id ? { ...c, name: a.newName } : c)),
        indexes: t.indexes.map((i) => ({ ...i, columns: i.columns.map((p) => (p.columnId === old.id ? { ...p, name: a.newName } : p)) })),
      };
    }
    case 'AddConstraint': {
      const c = a.constraint;
      if (c.kind !== 'ForeignKey') return addKey(t, c);
      for (const name of c.columns) if (!t.columns.some((x) => same(x.name, name))) throw keyColumnNotExists(name);
      if (c.name !== undefined && t.foreignKeys.some((f) => same(f.name, c.name ?? ''))) throw duplicateKeyName(c.name);
      return t;
    }
    case 'DropIndex':
    case 'DropPrimaryKey': {
      const ix = findDroppableIndex(t, a.kind === 'DropIndex' ? a.name : 'PRIMARY');
      const rest = t.indexes.filter((i) => i.id !== ix.id);
      checkAutoIncrement(t.columns, rest);
      return { ...t, indexes: rest };
    }
    case 'DropForeignKey':
      if (!t.foreignKeys.some((f) => same(f.name, a.name))) throw cantDropFieldOrKey(a.name);
      return { ...t, foreignKeys: t.foreignKeys.filter((f) => !same(f.name, a.name)) };
    case 'RenameTable':
      checkIdentifier(a.to.name, wrongTableName);
      return { ...t, name: a.to.name };
  }
}

/** Throws the first error an action of the ALTER would answer from the definition alone. Only
 *  the table's public objects are considered (what the statement's author can see). */
export function checkAlterActions(table: TableInfo, actions: readonly AlterAction[]): void {
  let t: TableInfo = { ...table, columns: table.columns.filter((c) => c.state === 'public'), indexes: table.indexes.filter((i) => i.state === 'public') };
  for (const a of actions) t = step(t, a);
  checkAutoIncrement(t.columns, t.indexes);
}
