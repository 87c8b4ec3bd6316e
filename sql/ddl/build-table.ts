// CREATE TABLE → TableInfo: the catalog entry a table definition stands for, checked the way
// MySQL 8.0 checks it (duplicate names, key columns, AUTO_INCREMENT, PRIMARY KEY nullability,
// BLOB/TEXT key prefixes, DEFAULT values against the type). Pure: ids are handed in, nothing is
// read or written; ddl-executor.ts allocates ids and stores the result. ALTER TABLE reuses the
// column and index builders so both paths agree on every rule.
//
// Shape decisions, as TiDB makes them:
//   - a single-column integer PRIMARY KEY is the row handle (`pkIsHandle`); its IndexInfo exists
//     (named PRIMARY) but has no entries of its own;
//   - any other PRIMARY KEY is a unique index named PRIMARY over rows with a hidden handle;
//   - PRIMARY KEY columns become NOT NULL (an explicit NULL on one is 1171);
//   - unnamed keys take their first column's name, then `name_2`, `name_3`, … (MySQL's rule);
//   - keys are kept in MySQL's SHOW CREATE TABLE order: PRIMARY, then UNIQUE, then the rest;
//   - FOREIGN KEYs are recorded (named `t_ibfk_n` when unnamed), not enforced.
import type { ColumnInfo, ForeignKeyInfo, IndexColumn, IndexInfo, SchemaState, TableInfo } from '../catalog/index.js';
import { isIntHandleType } from '../codec/index.js';
import { duplicateColumnName, duplicateKeyName, SqlError } from '../errors.js';
import type { ColumnDef, CreateTable, IndexColumn as AstIndexColumn, TableOption } from '../parser/index.js';
import { DEFAULT_CHARSET, DEFAULT_COLLATION, defaultCollationOf, withNullable, type SqlType } from '../types/index.js';
import { buildColumnDefault } from './column-default.js';
import {
  blobKeyWithoutLength,
  identifierTooLong,
  keyColumnNotExists,
  multiplePrimaryKey,
  primaryCantHaveNull,
  tableMustHaveColumns,
  wrongAutoKey,
  wrongColumnName,
  wrongFieldSpec,
  wrongIndexName,
  wrongSubKey,
  wrongTableName,
} from './errors.js';

export const MAX_IDENTIFIER_LENGTH = 64;

/** 1059 for names over 64 characters; `bad` (1103/1166/…) for empty names or trailing spaces. */
export function checkIdentifier(name: string, bad: (n: string) => SqlError): void {
  if ([...name].length > MAX_IDENTIFIER_LENGTH) throw identifierTooLong(name);
  if (name === '' || name.endsWith(' ')) throw bad(name);
}

function jsonKeyError(column: string): SqlError {
  return new SqlError('SQL:JsonUsedAsKey', 3152, '42000', `JSON column '${column}' supports indexing only via generated columns on a specified JSON path.`);
}

const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

function isBlobOrText(t: SqlType): boolean {
  switch (t.kind) {
    case 'tinytext':
    case 'text':
    case 'mediumtext':
    case 'longtext':
    case 'tinyblob':
    case 'blob':
    case 'mediumblob':
    case 'longblob':
      return true;
    default:
      return false;
  }
}

function isStringLike(t: SqlType): boolean {
  return isBlobOrText(t) || t.kind === 'char' || t.kind === 'varchar' || t.kind === 'binary' || t.kind === 'varbinary';
}

function canAutoIncrement(t: SqlType): boolean {
  return isIntHandleType(t) || t.kind === 'float' || t.kind === 'double';
}

export interface ColumnBuildOptions {
  /** Part of the PRIMARY KEY (inline or table-level): NOT NULL is implied. */
  readonly inPrimaryKey: boolean;
  readonly state: SchemaState;
  /** The table's default character set and collation, for string columns that name none. */
  readonly table?: { readonly charset: string; readonly collation: string } | undefined;
}

/** A string column that names no character set takes the table's. The parser gives such a column
 *  utf8mb4 / utf8mb4_bin, so that pair is read as "none named" (a column that spells out exactly
 *  those in a table of another charset is taken as the table's — a known blur). */
export function inheritCharset(type: SqlType, table: { readonly charset: string; readonly collation: string } | undefined): SqlType {
  if (!table || !('charset' in type)) return type;
  if (type.charset !== DEFAULT_CHARSET || type.collation !== DEFAULT_COLLATION) return type;
  if (table.charset === DEFAULT_CHARSET && table.collation === DEFAULT_COLLATION) return type;
  return { ...type, charset: table.charset, collation: table.collation };
}

/** One column of a definition, checked (name, AUTO_INCREMENT type, DEFAULT). */
export function buildColumn(def: ColumnDef, id: number, o: ColumnBuildOptions): ColumnInfo {
  checkIdentifier(def.name, wrongColumnName);
  if (o.inPrimaryKey && def.explicitNull) throw primaryCantHaveNull();
  const declared = inheritCharset(def.type, o.table);
  const type = o.inPrimaryKey || def.notNull ? withNullable(declared, false) : declared;
  if (def.autoIncrement && !canAutoIncrement(type)) throw wrongFieldSpec(def.name);
  if (def.onUpdateCurrentTimestamp && type.kind !== 'timestamp' && type.kind !== 'datetime') throw new SqlError('SQL:InvalidOnUpdate', 1294, 'HY000', `Invalid ON UPDATE clause for '${def.name}' column`);
  const col: ColumnInfo = {
    id,
    name: def.name,
    type,
    default: buildColumnDefault({ column: def.name, type, default: def.default, autoIncrement: def.autoIncrement }),
    autoIncrement: def.autoIncrement,
    onUpdateNow: def.onUpdateCurrentTimestamp,
    comment: def.comment ?? '',
    state: o.state,
  };
  return col;
}

export type KeyKind = 'PrimaryKey' | 'Unique' | 'Index';

export interface KeySpec {
  readonly kind: KeyKind;
  readonly name?: string | undefined;
  readonly columns: readonly AstIndexColumn[];
}

/** The name an unnamed key gets: its first column's name, then `_2`, `_3`, … until free. */
export function autoIndexName(taken: readonly string[], firstColumn: string): string {
  const used = (n: string): boolean => taken.some((t) => sameName(t, n));
  if (!used(firstColumn) && !sameName(firstColumn, 'PRIMARY')) return firstColumn;
  for (let i = 2; ; i++) {
    const n = `${firstColumn}_${i}`;
    if (!used(n)) return n;
  }
}

/** One key over `columns` (the table's columns, any state), checked; named as MySQL names it. */
export function buildIndex(spec: KeySpec, columns: readonly ColumnInfo[], takenNames: readonly string[], id: number, state: SchemaState): IndexInfo {
  const parts: IndexColumn[] = [];
  for (const part of spec.columns) {
    const col = columns.find((c) => sameName(c.name, part.column));
    if (!col) throw keyColumnNotExists(part.column);
    if (col.type.kind === 'json') throw jsonKeyError(col.name);
    if (part.length !== undefined) {
      if (!isStringLike(col.type)) throw wrongSubKey();
      const max = 'length' in col.type ? col.type.length : 0;
      if (part.length <= 0 || (!isBlobOrText(col.type) && part.length > max)) throw wrongSubKey();
    } else if (isBlobOrText(col.type)) {
      throw blobKeyWithoutLength(col.name);
    }
    const prefix = part.length !== undefined && !(!isBlobOrText(col.type) && 'length' in col.type && part.length === col.type.length) ? part.length : undefined;
    parts.push(prefix === undefined ? { name: col.name, columnId: col.id } : { name: col.name, columnId: col.id, prefixLength: prefix });
  }
  if (spec.kind === 'PrimaryKey') {
    return { id, name: 'PRIMARY', columns: parts, unique: true, primary: true, state, comment: '' };
  }
  const first = parts[0]?.name ?? '';
  const name = spec.name ?? autoIndexName(takenNames, first);
  checkIdentifier(name, wrongIndexName);
  if (sameName(name, 'PRIMARY')) throw wrongIndexName(name);
  if (takenNames.some((t) => sameName(t, name))) throw duplicateKeyName(name);
  return { id, name, columns: parts, unique: spec.kind === 'Unique', primary: false, state, comment: '' };
}

/** MySQL's key order: PRIMARY, then UNIQUE, then the others, each in definition order. */
export function sortIndexes(indexes: readonly IndexInfo[]): IndexInfo[] {
  const rank = (i: IndexInfo): number => (i.primary ? 0 : i.unique ? 1 : 2);
  return indexes.map((ix, n) => ({ ix, n })).sort((a, b) => rank(a.ix) - rank(b.ix) || a.n - b.n).map((e) => e.ix);
}

/** Whether a PRIMARY KEY over these columns is the row handle (one integer column, whole). */
export function isHandlePrimaryKey(pk: IndexInfo, columns: readonly ColumnInfo[]): boolean {
  if (pk.columns.length !== 1) return false;
  const part = pk.columns[0];
  const col = columns.find((c) => c.id === part?.columnId);
  return col !== undefined && part?.prefixLength === undefined && isIntHandleType(col.type);
}

/** AUTO_INCREMENT: at most one column, and it must lead some key (1075). */
export function checkAutoIncrement(columns: readonly ColumnInfo[], indexes: readonly IndexInfo[]): void {
  const autos = columns.filter((c) => c.autoIncrement && c.state === 'public');
  if (autos.length === 0) return;
  const auto = autos[0];
  if (autos.length > 1 || !auto || !indexes.some((i) => i.columns[0]?.columnId === auto.id)) throw wrongAutoKey();
}

export interface TableOptions {
  charset: string;
  collation: string;
  comment: string;
  autoIncrement: number;
}

/** ENGINE and the options MySQL accepts but Strata has no use for are ignored. */
export function applyTableOptions(options: readonly TableOption[], base: TableOptions): TableOptions {
  const out = { ...base };
  let collationGiven = false;
  for (const o of options) {
    switch (o.name.replace(/^DEFAULT /, '')) {
      case 'CHARSET':
      case 'CHARACTER SET':
        out.charset = o.value.toLowerCase();
        if (!collationGiven) out.collation = defaultCollationOf(out.charset);
        break;
      case 'COLLATE':
        out.collation = o.value.toLowerCase();
        collationGiven = true;
        break;
      case 'COMMENT':
        out.comment = o.value;
        break;
      case 'AUTO_INCREMENT': {
        const n = Number(o.value);
        if (Number.isSafeInteger(n) && n > 0) out.autoIncrement = n;
        break;
      }
      default:
        break;
    }
  }
  return out;
}

export interface TableIds {
  readonly tableId: number;
  readonly databaseId: number;
  /** For FOREIGN KEY … REFERENCES t without a database. */
  readonly databaseName: string;
  readonly charset?: string | undefined;
  readonly collation?: string | undefined;
}

function foreignKeys(stmt: CreateTable, databaseName: string): ForeignKeyInfo[] {
  const out: ForeignKeyInfo[] = [];
  let n = 0;
  for (const c of stmt.constraints) {
    if (c.kind !== 'ForeignKey') continue;
    n++;
    out.push({
      name: c.name ?? `${stmt.table.name}_ibfk_${n}`,
      columns: [...c.columns],
      refDatabase: c.refTable.db ?? databaseName,
      refTable: c.refTable.name,
      refColumns: [...c.refColumns],
      onDelete: c.onDelete,
      onUpdate: c.onUpdate,
    });
  }
  return out;
}

/** The TableInfo a CREATE TABLE (not … LIKE) defines, every object public. */
export function buildTableInfo(stmt: CreateTable, ids: TableIds, now = Date.now()): TableInfo {
  checkIdentifier(stmt.table.name, wrongTableName);
  if (stmt.columns.length === 0) throw tableMustHaveColumns();

  const opts = applyTableOptions(stmt.options, {
    charset: ids.charset ?? DEFAULT_CHARSET,
    collation: ids.collation ?? (ids.charset ? defaultCollationOf(ids.charset) : DEFAULT_COLLATION),
    comment: '',
    autoIncrement: 1,
  });

  const keys: KeySpec[] = [];
  for (const c of stmt.constraints) if (c.kind !== 'ForeignKey') keys.push(c);
  for (const def of stmt.columns) {
    if (def.primaryKey) keys.push({ kind: 'PrimaryKey', columns: [{ column: def.name, desc: false }] });
    if (def.unique) keys.push({ kind: 'Unique', columns: [{ column: def.name, desc: false }] });
  }
  const pks = keys.filter((k) => k.kind === 'PrimaryKey');
  if (pks.length > 1) throw multiplePrimaryKey();
  const pkColumns = new Set((pks[0]?.columns ?? []).map((c) => c.column.toLowerCase()));

  const columns: ColumnInfo[] = [];
  for (const def of stmt.columns) {
    if (columns.some((c) => sameName(c.name, def.name))) throw duplicateColumnName(def.name);
    columns.push(buildColumn(def, columns.length + 1, { inPrimaryKey: pkColumns.has(def.name.toLowerCase()), state: 'public', table: opts }));
  }

  const indexes: IndexInfo[] = [];
  // The PRIMARY KEY takes its name first; unnamed keys are named in definition order after it.
  const ordered = [...keys.filter((k) => k.kind === 'PrimaryKey'), ...keys.filter((k) => k.kind !== 'PrimaryKey')];
  for (const k of ordered) {
    if (k.kind !== 'PrimaryKey' && k.name !== undefined && sameName(k.name, 'PRIMARY')) throw wrongIndexName(k.name);
    indexes.push(buildIndex(k, columns, indexes.map((i) => i.name), indexes.length + 1, 'public'));
  }
  const sorted = sortIndexes(indexes);
  checkAutoIncrement(columns, sorted);
  const pk = sorted.find((i) => i.primary);

  return {
    id: ids.tableId,
    name: stmt.table.name,
    databaseId: ids.databaseId,
    columns,
    indexes: sorted,
    foreignKeys: foreignKeys(stmt, ids.databaseName),
    pkIsHandle: pk !== undefined && isHandlePrimaryKey(pk, columns),
    comment: opts.comment,
    charset: opts.charset,
    collation: opts.collation,
    nextColumnId: columns.length + 1,
    nextIndexId: indexes.length + 1,
    autoIncrementStart: opts.autoIncrement,
    createdAt: now,
  };
}

/** CREATE TABLE t LIKE u: u's columns, keys and options under a new id and name (foreign keys
 *  are not copied, as in MySQL); only public objects are taken. */
export function buildTableLike(source: TableInfo, name: string, ids: TableIds, now = Date.now()): TableInfo {
  checkIdentifier(name, wrongTableName);
  return {
    ...source,
    id: ids.tableId,
    name,
    databaseId: ids.databaseId,
    columns: source.columns.filter((c) => c.state === 'public').map((c) => {
      const { originDefault: _drop, ...rest } = c;
      return rest;
    }),
    indexes: source.indexes.filter((i) => i.state === 'public'),
    foreignKeys: [],
    autoIncrementStart: 1,
    createdAt: now,
  };
}
