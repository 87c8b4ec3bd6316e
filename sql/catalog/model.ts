// The schema objects the SQL layer works with: databases, tables, columns, indexes, as stored in
// KV under meta keys (sql/codec/meta-key.ts) and cached per schema version (info-schema.ts).
//
// Every column and index has a numeric id that never changes and is never reused within a table:
// row values are keyed by column id (DESIGN.md), so ADD/DROP COLUMN rewrites no rows, and index
// keys carry the index id. Columns and indexes move through the online schema change states of
// F1/TiDB (delete-only → write-only → write-reorg → public) while DDL runs, so SQL servers one
// schema version apart never corrupt each other's view.
import type { SqlType } from '../types/index.js';

export type SchemaState = 'delete-only' | 'write-only' | 'write-reorg' | 'public';

export type ColumnDefault =
  | { readonly kind: 'none' }
  | { readonly kind: 'null' }
  /** A constant, kept as the text MySQL shows in SHOW CREATE TABLE / COLUMN_DEFAULT. */
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'current-timestamp'; readonly fsp: number };

export interface ColumnInfo {
  readonly id: number;
  readonly name: string;
  /** Includes nullability (`type.nullable`). */
  readonly type: SqlType;
  readonly default: ColumnDefault;
  /** What a row written before this column existed reads as: the column's default at the time
   *  ADD COLUMN ran (CURRENT_TIMESTAMP frozen to that instant). Absent for columns the table was
   *  created with (every row holds them, NULL included). See `originDefaultValue` (sql/ddl). */
  readonly originDefault?: ColumnDefault | undefined;
  readonly autoIncrement: boolean;
  /** ON UPDATE CURRENT_TIMESTAMP */
  readonly onUpdateNow: boolean;
  readonly comment: string;
  readonly state: SchemaState;
  /** Set on the hidden twin of a column whose MODIFY COLUMN converts stored data (sql/ddl
   *  modify-column.ts): every writer fills this column from column `columnId`'s value converted
   *  to this column's type — as an INSERT in the writer's sql_mode would (`lenient` false: the new
   *  column while it is backfilled), or with any conversion error ignored (`lenient` true: the
   *  old column, kept written for servers one schema version behind after the swap). */
  readonly changingFrom?: { readonly columnId: number; readonly lenient: boolean } | undefined;
}

export interface IndexColumn {
  readonly name: string;
  readonly columnId: number;
  /** A prefix index on a string column (KEY (c(10))). */
  readonly prefixLength?: number | undefined;
}

export interface IndexInfo {
  readonly id: number;
  readonly name: string;
  readonly columns: readonly IndexColumn[];
  readonly unique: boolean;
  /** The PRIMARY KEY (named "PRIMARY"). When it is a single integer column it is the row handle
   *  and has no index entries of its own (`TableInfo.pkIsHandle`). */
  readonly primary: boolean;
  readonly state: SchemaState;
  readonly comment: string;
}

/** Recorded for introspection; not enforced (yet). */
export interface ForeignKeyInfo {
  readonly name: string;
  readonly columns: readonly string[];
  readonly refDatabase: string;
  readonly refTable: string;
  readonly refColumns: readonly string[];
  /** '' when not given (MySQL's default, shown as nothing). */
  readonly onDelete: string;
  readonly onUpdate: string;
}

export interface TableInfo {
  readonly id: number;
  readonly name: string;
  readonly databaseId: number;
  readonly columns: readonly ColumnInfo[];
  readonly indexes: readonly IndexInfo[];
  readonly foreignKeys: readonly ForeignKeyInfo[];
  /** The integer PRIMARY KEY column is the row handle (no separate index entries). */
  readonly pkIsHandle: boolean;
  readonly comment: string;
  readonly charset: string;
  readonly collation: string;
  /** The next column / index id to hand out. */
  readonly nextColumnId: number;
  readonly nextIndexId: number;
  /** AUTO_INCREMENT = n from CREATE/ALTER TABLE, the first value to allocate. */
  readonly autoIncrementStart: number;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  /** Set for a view: a stored query bound again each time it is read (it has no rows, indexes
   *  or handle of its own; its columns are what the query gave when the view was created). */
  readonly view?: ViewInfo;
  /** An information_schema table: rows made when read, no storage (information-schema.ts). */
  readonly memTable?: boolean;
}

export interface ViewInfo {
  /** The SELECT as written in CREATE VIEW. */
  readonly select: string;
  /** The view's own column list, or empty when the query's names are used. */
  readonly columnNames: readonly string[];
  readonly algorithm: string;
  readonly security: string;
  readonly definer: string;
  readonly checkOption: 'none' | 'cascaded' | 'local';
}

export interface DatabaseInfo {
  readonly id: number;
  readonly name: string;
  readonly charset: string;
  readonly collation: string;
}

/** Columns visible to queries (public state). */
export function publicColumns(t: TableInfo): ColumnInfo[] {
  return t.columns.filter((c) => c.state === 'public');
}

export function findColumn(t: TableInfo, name: string): ColumnInfo | undefined {
  const lower = name.toLowerCase();
  return t.columns.find((c) => c.name.toLowerCase() === lower);
}

export function findIndex(t: TableInfo, name: string): IndexInfo | undefined {
  const lower = name.toLowerCase();
  return t.indexes.find((i) => i.name.toLowerCase() === lower);
}

export function primaryIndex(t: TableInfo): IndexInfo | undefined {
  return t.indexes.find((i) => i.primary);
}

/** The column that is the row handle, when the table has an integer primary key. */
export function handleColumn(t: TableInfo): ColumnInfo | undefined {
  if (!t.pkIsHandle) return undefined;
  const pk = primaryIndex(t);
  const col = pk?.columns[0];
  return col ? t.columns.find((c) => c.id === col.columnId) : undefined;
}

/** Indexes visible to queries (public state). */
export function publicIndexes(t: TableInfo): IndexInfo[] {
  return t.indexes.filter((i) => i.state === 'public');
}

/** Whether a writer must add entries / cell values for an object in this state: write-only and
 *  later (F1: a delete-only object only has its entries removed, never added). */
export function isWritable(state: SchemaState): boolean {
  return state !== 'delete-only';
}

/** Indexes an INSERT / UPDATE must write entries into (write-only, write-reorg, public). */
export function writableIndexes(t: TableInfo): IndexInfo[] {
  return t.indexes.filter((i) => isWritable(i.state));
}

/** Indexes a DELETE / UPDATE must remove entries from: all of them, delete-only included. */
export function deletableIndexes(t: TableInfo): IndexInfo[] {
  return [...t.indexes];
}

/** Columns an INSERT / UPDATE writes (write-only and later); a delete-only column is left out,
 *  and a reader of an old row fills in its `originDefault`. */
export function writableColumns(t: TableInfo): ColumnInfo[] {
  return t.columns.filter((c) => isWritable(c.state));
}

/** The privileges GRANT and REVOKE know, by MySQL's names. */
export const PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'CREATE', 'DROP', 'ALTER', 'INDEX', 'CREATE VIEW', 'SHOW VIEW', 'CREATE USER', 'PROCESS', 'RELOAD', 'SUPER'] as const;
export type Privilege = (typeof PRIVILEGES)[number];

/** An account (mysql.user and its grants, as one record): who may log in, how, and what they may
 *  do globally (*.*), per database (db.*) and per table (db.t). Keys of `databases` and `tables`
 *  are lower case ('db', 'db.t'). */
export interface UserInfo {
  readonly user: string;
  readonly host: string;
  readonly plugin: string;
  /** The stored password hash (util/password-hash.ts); '' = no password. */
  readonly authString: string;
  readonly requireSsl: boolean;
  readonly global: readonly Privilege[];
  readonly grantOption: boolean;
  readonly databases: Readonly<Record<string, readonly Privilege[]>>;
  readonly tables: Readonly<Record<string, readonly Privilege[]>>;
}
