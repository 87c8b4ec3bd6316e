// Builders of TableInfo for the table layer's tests: columns and indexes by name, states and
// defaults where a test needs them, everything else as CREATE TABLE would leave it.
import type { ColumnDefault, ColumnInfo, IndexInfo, SchemaState, TableInfo } from '../../../sql/catalog/index.js';
import type { SqlType } from '../../../sql/types/index.js';

export interface ColumnSpec {
  readonly name: string;
  readonly type: SqlType;
  readonly default?: ColumnDefault;
  readonly state?: SchemaState;
  readonly autoIncrement?: boolean;
}

export interface IndexSpecOf {
  readonly name: string;
  /** Column names; `name(3)` makes a prefix index part. */
  readonly columns: readonly string[];
  readonly unique?: boolean;
  readonly primary?: boolean;
  readonly state?: SchemaState;
}

let nextTableId = 1000;

/** A fresh table id per call, so tests sharing a cluster never share keys. */
export function freshTableId(): number {
  return nextTableId++;
}

export function tableInfo(name: string, columns: readonly ColumnSpec[], indexes: readonly IndexSpecOf[] = [], extra: Partial<TableInfo> = {}): TableInfo {
  const cols: ColumnInfo[] = columns.map((c, i) => ({
    id: i + 1,
    name: c.name,
    type: c.type,
    default: c.default ?? { kind: 'none' },
    autoIncrement: c.autoIncrement ?? false,
    onUpdateNow: false,
    comment: '',
    state: c.state ?? 'public',
  }));
  const idx: IndexInfo[] = indexes.map((x, i) => ({
    id: i + 1,
    name: x.name,
    columns: x.columns.map((spec) => {
      const m = /^(\w+)(?:\((\d+)\))?$/.exec(spec);
      const colName = m?.[1] ?? spec;
      const col = cols.find((c) => c.name === colName);
      if (!col) throw new Error(`no column ${colName}`);
      return m?.[2] !== undefined ? { name: colName, columnId: col.id, prefixLength: Number(m[2]) } : { name: colName, columnId: col.id };
    }),
    unique: x.unique ?? x.primary ?? false,
    primary: x.primary ?? false,
    state: x.state ?? 'public',
    comment: '',
  }));
  return {
    id: freshTableId(),
    name,
    databaseId: 1,
    columns: cols,
    indexes: idx,
    foreignKeys: [],
    pkIsHandle: false,
    comment: '',
    charset: 'utf8mb4',
    collation: 'utf8mb4_bin',
    nextColumnId: cols.length + 1,
    nextIndexId: idx.length + 1,
    autoIncrementStart: 1,
    createdAt: 0,
    ...extra,
  };
}

/** The same table one DDL step later: column/index states and extra columns changed. */
export function withChanges(t: TableInfo, change: { columns?: (c: ColumnInfo) => ColumnInfo; indexes?: (i: IndexInfo) => IndexInfo; addColumns?: readonly ColumnSpec[] }): TableInfo {
  const columns = t.columns.map(change.columns ?? ((c) => c));
  let nextId = t.nextColumnId;
  for (const c of change.addColumns ?? []) {
    columns.push({ id: nextId++, name: c.name, type: c.type, default: c.default ?? { kind: 'none' }, autoIncrement: false, onUpdateNow: false, comment: '', state: c.state ?? 'public' });
  }
  return { ...t, columns, indexes: t.indexes.map(change.indexes ?? ((i) => i)), nextColumnId: nextId };
}
