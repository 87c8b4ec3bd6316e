// SHOW CREATE TABLE: the statement text MySQL 8.0 prints for a table, from its TableInfo. Only
// public columns and keys appear (an index still being added is not part of the table yet).
// The text parses back through sql/parser and CREATE TABLE into the same definition, which
// test/sql/ddl/show-create-table.test.ts checks.
//
//   CREATE TABLE `t` (
//     `id` int NOT NULL AUTO_INCREMENT,
//     `name` varchar(20) DEFAULT NULL,
//     PRIMARY KEY (`id`),
//     UNIQUE KEY `name` (`name`)
//   ) ENGINE=InnoDB AUTO_INCREMENT=5 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
import type { ColumnInfo, ForeignKeyInfo, IndexInfo, TableInfo } from '../catalog/index.js';
import { columnTypeString, defaultCollationOf, type SqlType } from '../types/index.js';

/** `name` with backquotes doubled, in backquotes. */
export function quoteIdent(name: string): string {
  return '`' + name.replace(/`/g, '``') + '`';
}

/** A string literal as MySQL prints one: single quotes, `'` and `\` escaped. */
export function quoteString(s: string): string {
  return "'" + s.replace(/\\/g, '\\\\').replace(/'/g, "''") + "'";
}

function hasNoDefaultClause(t: SqlType): boolean {
  switch (t.kind) {
    case 'tinytext':
    case 'text':
    case 'mediumtext':
    case 'longtext':
    case 'tinyblob':
    case 'blob':
    case 'mediumblob':
    case 'longblob':
    case 'json':
      return true;
    default:
      return false;
  }
}

function charsetClause(t: SqlType, table: TableInfo): string {
  if (!('charset' in t)) return '';
  if (t.charset !== table.charset) return ` CHARACTER SET ${t.charset} COLLATE ${t.collation}`;
  if (t.collation !== table.collation) return ` COLLATE ${t.collation}`;
  return '';
}

function columnLine(c: ColumnInfo, table: TableInfo): string {
  let s = `  ${quoteIdent(c.name)} ${columnTypeString(c.type)}${charsetClause(c.type, table)}`;
  if (!c.type.nullable) s += ' NOT NULL';
  else if (c.type.kind === 'timestamp') s += ' NULL';
  const d = c.default;
  if (d.kind === 'literal') s += c.type.kind === 'bit' ? ` DEFAULT ${d.text}` : ` DEFAULT ${quoteString(d.text)}`;
  else if (d.kind === 'current-timestamp') s += d.fsp > 0 ? ` DEFAULT CURRENT_TIMESTAMP(${d.fsp})` : ' DEFAULT CURRENT_TIMESTAMP';
  else if (d.kind === 'null' && c.type.nullable && !hasNoDefaultClause(c.type)) s += ' DEFAULT NULL';
  if (c.onUpdateNow) {
    const fsp = c.type.kind === 'timestamp' || c.type.kind === 'datetime' ? c.type.fsp : 0;
    s += fsp > 0 ? ` ON UPDATE CURRENT_TIMESTAMP(${fsp})` : ' ON UPDATE CURRENT_TIMESTAMP';
  }
  if (c.autoIncrement) s += ' AUTO_INCREMENT';
  if (c.comment !== '') s += ` COMMENT ${quoteString(c.comment)}`;
  return s;
}

function keyParts(ix: IndexInfo): string {
  return ix.columns.map((p) => (p.prefixLength !== undefined ? `${quoteIdent(p.name)}(${p.prefixLength})` : quoteIdent(p.name))).join(',');
}

function keyLine(ix: IndexInfo): string {
  const comment = ix.comment !== '' ? ` COMMENT ${quoteString(ix.comment)}` : '';
  if (ix.primary) return `  PRIMARY KEY (${keyParts(ix)})${comment}`;
  return `  ${ix.unique ? 'UNIQUE KEY' : 'KEY'} ${quoteIdent(ix.name)} (${keyParts(ix)})${comment}`;
}

function foreignKeyLine(fk: ForeignKeyInfo, dbName: string | undefined): string {
  const ref = dbName !== undefined && fk.refDatabase.toLowerCase() !== dbName.toLowerCase() ? `${quoteIdent(fk.refDatabase)}.${quoteIdent(fk.refTable)}` : quoteIdent(fk.refTable);
  let s = `  CONSTRAINT ${quoteIdent(fk.name)} FOREIGN KEY (${fk.columns.map(quoteIdent).join(', ')}) REFERENCES ${ref} (${fk.refColumns.map(quoteIdent).join(', ')})`;
  if (fk.onDelete !== '') s += ` ON DELETE ${fk.onDelete}`;
  if (fk.onUpdate !== '') s += ` ON UPDATE ${fk.onUpdate}`;
  return s;
}

export interface ShowCreateOptions {
  /** The table's next AUTO_INCREMENT value (the counter in KV); shown when above 1. */
  readonly autoIncrement?: bigint | undefined;
  /** The table's database, so foreign keys into it print without a qualifier. */
  readonly databaseName?: string | undefined;
}

/** The CREATE TABLE statement MySQL 8.0 shows for `table`. */
export function showCreateTable(table: TableInfo, o: ShowCreateOptions = {}): string {
  const lines: string[] = [];
  for (const c of table.columns) if (c.state === 'public') lines.push(columnLine(c, table));
  for (const ix of table.indexes) if (ix.state === 'public') lines.push(keyLine(ix));
  for (const fk of table.foreignKeys) lines.push(foreignKeyLine(fk, o.databaseName));
  let tail = ') ENGINE=InnoDB';
  const next = o.autoIncrement ?? BigInt(table.autoIncrementStart);
  if (next > 1n) tail += ` AUTO_INCREMENT=${next}`;
  tail += ` DEFAULT CHARSET=${table.charset}`;
  if (table.collation !== defaultCollationOf(table.charset) || table.charset === 'utf8mb4') tail += ` COLLATE=${table.collation}`;
  if (table.comment !== '') tail += ` COMMENT=${quoteString(table.comment)}`;
  return `CREATE TABLE ${quoteIdent(table.name)} (\n${lines.join(',\n')}\n${tail}`;
}
