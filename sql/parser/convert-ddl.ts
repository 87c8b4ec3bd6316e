// DDL: node-sql-parser's create / drop / alter / rename / truncate nodes → the DDL statements
// of ast.ts.
//
// Column types become sql/types descriptors (data-type.ts), with NOT NULL / PRIMARY KEY folded
// into the descriptor's nullability. Table options (ENGINE, CHARSET, COMMENT, …) are recorded
// as name/value text; FOREIGN KEY is recorded and not enforced (as TiDB did for years).
import type {
  AlterAction,
  AlterTable,
  ColumnDef,
  ColumnPosition,
  CreateIndex,
  CreateTable,
  DropIndex,
  Expr,
  IndexColumn,
  Statement,
  TableConstraint,
  TableOption,
} from './ast.js';
import { columnType, typeSpecOf, typeText } from './data-type.js';
import { convertExpr, rawString, type ConvertContext } from './convert-expr.js';
import { tableName } from './convert-select.js';
import { arr, arrField, field, isObj, nameOf, str, strField, unsupported, type RawObject } from './raw.js';

export function columnDef(cx: ConvertContext, raw: RawObject): ColumnDef {
  const name = nameOf(raw['column']) ?? unsupported('column definition');
  const def = raw['definition'];
  if (!isObj(def)) return unsupported('column type');
  if (raw['generated'] !== undefined && raw['generated'] !== null) return unsupported('generated columns');
  let spec = typeSpecOf(def, (v) => rawString(cx, v));
  const charset = nameOf(field(raw['character_set'], 'value'));
  const collation = nameOf(field(raw['collate'], 'collate')) ?? nameOf(field(raw['collate'], 'name'));
  if (charset) spec = { ...spec, charset };
  if (collation) spec = { ...spec, collation };
  const nullable = strField(raw['nullable'], 'type')?.toLowerCase();
  const primaryKey = typeof raw['primary_key'] === 'string';
  const unique = typeof raw['unique'] === 'string' || typeof raw['unique_key'] === 'string';
  const notNull = nullable === 'not null' || primaryKey;
  let onUpdate = false;
  let dflt: Expr | undefined;
  const dv = raw['default_val'];
  if (isObj(dv)) {
    const v = dv['value'];
    if (isObj(v) && isObj(v['over']) && strField(v['over'], 'type')?.toLowerCase() === 'on update') {
      onUpdate = true;
      const copy: Record<string, unknown> = { ...v };
      delete copy['over'];
      dflt = convertExpr(cx, copy);
    } else dflt = convertExpr(cx, v);
  }
  const ou = raw['on_update'];
  if (ou !== undefined && ou !== null) onUpdate = true;
  const comment = rawString(cx, field(raw['comment'], 'value'));
  return {
    name,
    type: columnType({ ...spec, nullable: !notNull }),
    typeText: typeText(spec),
    notNull,
    explicitNull: nullable === 'null',
    ...(dflt ? { default: dflt } : {}),
    autoIncrement: typeof raw['auto_increment'] === 'string',
    primaryKey,
    unique,
    ...(comment !== undefined ? { comment } : {}),
    onUpdateCurrentTimestamp: onUpdate,
  };
}

function indexColumns(raw: unknown): IndexColumn[] {
  return arr(raw).map((c) => {
    const column = nameOf(field(c, 'column') ?? c) ?? unsupported('index column');
    const order = (strField(c, 'order_by') ?? '').toLowerCase();
    const len = field(c, 'length');
    const suffix = /^\(([0-9]+)\)$/.exec(strField(c, 'suffix') ?? '');
    const length = typeof len === 'number' ? len : typeof field(len, 'value') === 'number' ? (field(len, 'value') as number) : suffix ? Number(suffix[1]) : undefined;
    return { column, desc: order === 'desc', ...(length !== undefined ? { length } : {}) };
  });
}

function constraintOf(raw: RawObject): TableConstraint {
  const resource = str(raw['resource']);
  const name = nameOf(raw['index']) ?? nameOf(raw['constraint']);
  const named = name ? { name } : {};
  if (resource === 'index') {
    const kw = (str(raw['keyword']) ?? '').toLowerCase();
    if (kw.includes('fulltext') || kw.includes('spatial')) return unsupported(kw.toUpperCase());
    return { kind: 'Index', ...named, columns: indexColumns(raw['definition']) };
  }
  const type = (str(raw['constraint_type']) ?? '').toLowerCase();
  if (type === 'primary key') return { kind: 'PrimaryKey', ...named, columns: indexColumns(raw['definition']) };
  if (type.startsWith('unique')) return { kind: 'Unique', ...named, columns: indexColumns(raw['definition']) };
  if (type === 'foreign key') {
    const ref = raw['reference_definition'];
    const refTable = arrField(ref, 'table')[0];
    return {
      kind: 'ForeignKey',
      ...named,
      columns: indexColumns(raw['definition']).map((c) => c.column),
      refTable: tableName(refTable),
      refColumns: indexColumns(field(ref, 'definition')).map((c) => c.column),
      onDelete: referentialAction(ref, 'on delete'),
      onUpdate: referentialAction(ref, 'on update'),
    };
  }
  if (type === 'check') return unsupported('CHECK constraint');
  return unsupported(`constraint ${type}`);
}

function optionValue(cx: ConvertContext, v: unknown): string {
  if (typeof v === 'number') return String(v);
  return rawString(cx, v) ?? nameOf(v) ?? '';
}

function tableOptions(cx: ConvertContext, raw: unknown): TableOption[] {
  return arr(raw).map((o) => ({
    name: (strField(o, 'keyword') ?? '').toUpperCase().replace(/\s+/g, ' '),
    value: optionValue(cx, field(o, 'value')),
  }));
}

function createTable(cx: ConvertContext, raw: RawObject): CreateTable {
  const table = tableName(arr(raw['table'])[0]);
  const like = field(raw['like'], 'table');
  const columns: ColumnDef[] = [];
  const constraints: TableConstraint[] = [];
  for (const d of arr(raw['create_definitions'])) {
    if (!isObj(d)) return unsupported('CREATE TABLE');
    if (d['resource'] === 'column') columns.push(columnDef(cx, d));
    else constraints.push(constraintOf(d));
  }
  if (raw['as'] !== undefined && raw['as'] !== null) return unsupported('CREATE TABLE ... SELECT');
  if (raw['temporary'] !== undefined && raw['temporary'] !== null) return unsupported('CREATE TEMPORARY TABLE');
  return {
    kind: 'CreateTable',
    ifNotExists: typeof raw['if_not_exists'] === 'string',
    table,
    columns,
    constraints,
    options: tableOptions(cx, raw['table_options']),
    ...(like !== undefined ? { like: tableName(arr(like)[0]) } : {}),
  };
}

function createIndex(raw: RawObject): CreateIndex {
  const kind = (str(raw['index_type']) ?? '').toLowerCase();
  if (kind === 'fulltext' || kind === 'spatial') return unsupported(`${kind.toUpperCase()} INDEX`);
  return {
    kind: 'CreateIndex',
    unique: kind === 'unique',
    name: nameOf(raw['index']) ?? unsupported('CREATE INDEX'),
    table: tableName(Array.isArray(raw['table']) ? raw['table'][0] : raw['table']),
    columns: indexColumns(raw['index_columns']),
  };
}

function positionOf(raw: RawObject): { position?: ColumnPosition } {
  const kw = strField(raw['suffix'], 'keyword')?.toUpperCase();
  if (kw === 'FIRST') return { position: { kind: 'First' } };
  if (kw === 'AFTER') return { position: { kind: 'After', column: nameOf(field(field(raw['suffix'], 'expr'), 'column')) ?? unsupported('AFTER') } };
  return {};
}

function alterAction(cx: ConvertContext, raw: unknown): AlterAction {
  if (!isObj(raw)) return unsupported('ALTER TABLE');
  const action = (str(raw['action']) ?? '').toLowerCase();
  const resource = (str(raw['resource']) ?? '').toLowerCase();
  if (action === 'drop' && strField(raw, 'keyword')?.toLowerCase() === 'primary key') return { kind: 'DropPrimaryKey' };
  if (action === 'drop' && strField(raw, 'keyword')?.toLowerCase() === 'foreign key') return { kind: 'DropForeignKey', name: nameOf(raw['key']) ?? unsupported('DROP FOREIGN KEY') };
  switch (`${action} ${resource}`) {
    case 'add column':
      return { kind: 'AddColumn', column: columnDef(cx, raw), ...positionOf(raw) };
    case 'drop column':
      return { kind: 'DropColumn', name: nameOf(raw['column']) ?? unsupported('DROP COLUMN') };
    case 'modify column':
      return { kind: 'ModifyColumn', column: columnDef(cx, raw), ...positionOf(raw) };
    case 'change column':
      return { kind: 'ChangeColumn', oldName: nameOf(raw['old_column']) ?? unsupported('CHANGE COLUMN'), column: columnDef(cx, raw), ...positionOf(raw) };
    case 'rename column':
      return { kind: 'RenameColumn', oldName: nameOf(raw['old_column']) ?? unsupported('RENAME COLUMN'), newName: nameOf(raw['column']) ?? unsupported('RENAME COLUMN') };
    case 'add index':
      return { kind: 'AddConstraint', constraint: constraintOf(raw) };
    case 'add constraint': {
      const def = raw['create_definitions'];
      return { kind: 'AddConstraint', constraint: constraintOf(isObj(def) ? def : raw) };
    }
    case 'drop index':
    case 'drop key':
      return { kind: 'DropIndex', name: nameOf(raw['index']) ?? nameOf(raw['key']) ?? unsupported('DROP INDEX') };
    case 'drop primary key':
      return { kind: 'DropPrimaryKey' };
    case 'rename table': {
      const t = raw['table'];
      return { kind: 'RenameTable', to: typeof t === 'string' ? { name: t } : tableName(t) };
    }
    default:
      if (action === 'drop' && strField(raw, 'keyword')?.toLowerCase() === 'primary key') return { kind: 'DropPrimaryKey' };
      return unsupported(`ALTER TABLE ${action.toUpperCase()} ${resource.toUpperCase()}`.trim());
  }
}

function alterTable(cx: ConvertContext, raw: RawObject): AlterTable {
  return { kind: 'AlterTable', table: tableName(arr(raw['table'])[0]), actions: arr(raw['expr']).map((a) => alterAction(cx, a)) };
}

/** create / drop / alter / rename / truncate nodes. */
export function convertDdl(cx: ConvertContext, raw: RawObject): Statement {
  const type = str(raw['type']);
  const keyword = (str(raw['keyword']) ?? '').toLowerCase();
  switch (type) {
    case 'create':
      if (keyword === 'table') return createTable(cx, raw);
      if (keyword === 'index') return createIndex(raw);
      if (keyword === 'database' || keyword === 'schema') {
        const db = raw['database'] ?? raw['schema'];
        const name = nameOf(arrField(db, 'schema')[0]) ?? nameOf(db) ?? unsupported('CREATE DATABASE');
        return { kind: 'CreateDatabase', ifNotExists: typeof raw['if_not_exists'] === 'string', name, options: tableOptions(cx, raw['create_definitions']) };
      }
      return unsupported(`CREATE ${keyword.toUpperCase()}`);
    case 'drop': {
      const ifExists = (str(raw['prefix']) ?? '').toLowerCase() === 'if exists';
      if (keyword === 'table') return { kind: 'DropTable', ifExists, tables: arr(raw['name']).map((t) => tableName(t)) };
      if (keyword === 'database' || keyword === 'schema') return { kind: 'DropDatabase', ifExists, name: nameOf(raw['name']) ?? unsupported('DROP DATABASE') };
      if (keyword === 'index') {
        const d: DropIndex = { kind: 'DropIndex', name: nameOf(raw['name']) ?? unsupported('DROP INDEX'), table: tableName(raw['table']) };
        return d;
      }
      return unsupported(`DROP ${keyword.toUpperCase()}`);
    }
    case 'alter':
      return alterTable(cx, raw);
    case 'truncate': {
      const names = arr(raw['name']);
      if (names.length !== 1) return unsupported('TRUNCATE');
      return { kind: 'TruncateTable', table: tableName(names[0]) };
    }
    case 'rename':
      return {
        kind: 'RenameTable',
        pairs: arr(raw['table']).map((p) => {
          const [from, to] = arr(p);
          return { from: tableName(from), to: tableName(to) };
        }),
      };
    default:
      return unsupported(type ?? 'statement');
  }
}

/** A foreign key's ON DELETE / ON UPDATE action as MySQL prints it, '' when not given. */
function referentialAction(ref: unknown, which: 'on delete' | 'on update'): string {
  const a = arrField(ref, 'on_action').find((x) => str(field(x, 'type'))?.toLowerCase() === which);
  const v = str(field(field(a, 'value'), 'value'));
  return v ? v.toUpperCase().replace(/\s+/g, ' ') : '';
}
