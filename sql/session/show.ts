// SHOW statements: the rows MySQL 8.0 answers, with its column names, for DATABASES, TABLES,
// COLUMNS, CREATE TABLE/DATABASE, INDEX, VARIABLES, STATUS, WARNINGS/ERRORS (and their COUNT(*)),
// PROCESSLIST, ENGINES, CHARSET, COLLATION and TABLE STATUS, filtered by LIKE or WHERE.
//
// SHOW reads only what a session already holds — the schema snapshot, the current database,
// the variables, the previous statement's warnings, the process list — so it is a pure function
// of a `ShowContext` the session builds (no planner, no KV reads). WHERE goes through the
// session's evaluator when it passes one (`evalWhere`); otherwise a small evaluator here handles
// comparisons, LIKE, IN, IS NULL, AND/OR/NOT over the SHOW columns and literals, which is what
// clients send (`SHOW VARIABLES WHERE Variable_name = 'x'`).

import { noDatabaseSelected, notSupported, tableNotExists, unknownColumn, unknownDatabase, type Warning } from '../errors.js';
import type { Expr, Show } from '../parser/ast.js';
import type { ColumnInfo, DatabaseInfo, IndexInfo, InfoSchema, TableInfo } from '../catalog/index.js';
import { likeMatch } from '../expr/index.js';
import {
  COLLATION_IDS,
  T,
  columnTypeString,
  compareStrings,
  isTextType,
  knownCollations,
  valueToString,
  type SqlType,
  type Value,
} from '../types/index.js';
import type { ResultColumn, RowsResult, Row } from './result.js';
import { showVariables, type SessionVariables } from './variables.js';
import { wrongObject } from '../ddl/errors.js';
import type { ClusterSnapshot } from './cluster-snapshot.js';

/** One row of SHOW PROCESSLIST. */
export interface ProcessInfo {
  readonly id: number;
  readonly user: string;
  readonly host: string;
  readonly db: string | null;
  /** 'Query' while a statement runs, 'Sleep' between statements. */
  readonly command: string;
  /** Seconds in the current command. */
  readonly time: number;
  readonly state: string;
  /** The statement text, or null when idle. */
  readonly info: string | null;
}

/** What SHOW reads from the session. */
export interface ShowContext {
  /** The schema snapshot the statement runs against. */
  readonly infoSchema: InfoSchema;
  readonly currentDatabase: string | null;
  readonly variables: SessionVariables;
  /** Warnings (and notes, errors) of the previous statement: SHOW WARNINGS does not clear them. */
  readonly warnings: readonly Warning[];
  /** Every session of this server (SHOW PROCESSLIST). */
  processList(): readonly ProcessInfo[];
  /** SHOW STATUS counters, name → value (Uptime, Questions, Threads_connected …). */
  status?(): ReadonlyMap<string, string | number | bigint>;
  /** SHOW CREATE TABLE text (sql/ddl's showCreateTable). */
  showCreateTable(table: TableInfo, db: DatabaseInfo): string;
  /** Rows a table holds, when known (SHOW TABLE STATUS). */
  rowCount?(table: TableInfo): bigint | undefined;
  /** The next AUTO_INCREMENT value, when known (SHOW TABLE STATUS). */
  nextAutoIncrement?(table: TableInfo): bigint | undefined;
  /** PD's view of the cluster, when the statement names a cluster table of information_schema. */
  readonly cluster?: ClusterSnapshot | undefined;
  /** When this SQL server started (ms since the epoch): CLUSTER_INFO's row for it. */
  readonly serverStartedAt?: number;
  /** The session's evaluator for SHOW … WHERE; a row maps each column name (lower case) to its value. */
  evalWhere?(where: Expr, row: ReadonlyMap<string, Value>): boolean | Promise<boolean>;
}

interface Table {
  readonly columns: readonly ResultColumn[];
  readonly rows: Row[];
}

// Nullability as MySQL declares SHOW's columns: the client sizes a nullable column for "NULL",
// so `| Key |` is 3 wide only when Key is NOT NULL.
const str = (n = 64): SqlType => T.varchar(n, { nullable: false });
const strNull = (n = 64): SqlType => T.varchar(n, { nullable: true });
const int = (): SqlType => T.bigint({ nullable: true });
const ubig = (): SqlType => T.bigint({ nullable: true, unsigned: true });
const dt = (): SqlType => T.datetime(0, { nullable: true });

function col(name: string, type: SqlType = str()): ResultColumn {
  return { name, orgName: name, table: '', orgTable: '', db: '', type };
}

/** Runs one SHOW statement. */
export async function executeShow(stmt: Show, ctx: ShowContext): Promise<RowsResult> {
  let t = build(stmt, ctx);
  if (stmt.where) t = await filterWhere(t, stmt.where, ctx);
  if (stmt.limit) t = applyLimit(t, stmt);
  return rowsResult(t);
}

function rowsResult(t: Table): RowsResult {
  const rows = t.rows;
  return {
    kind: 'rows',
    columns: t.columns,
    rows: {
      async *[Symbol.asyncIterator]() {
        yield* rows;
      },
    },
  };
}

function like(stmt: Show, value: string, caseInsensitive = true): boolean {
  if (stmt.like === undefined) return true;
  return likeMatch(value, stmt.like, '\\', caseInsensitive ? 'utf8mb4_general_ci' : 'utf8mb4_bin');
}

function build(stmt: Show, ctx: ShowContext): Table {
  switch (stmt.what) {
    case 'databases':
      return showDatabases(stmt, ctx);
    case 'tables':
      return showTables(stmt, ctx);
    case 'columns':
      return showColumns(stmt, ctx);
    case 'create_table':
      return showCreateTable(stmt, ctx);
    case 'create_view':
      return showCreateView(stmt, ctx);
    case 'grants':
      // Answered by the session, which knows the account.
      throw notSupported('SHOW GRANTS here');
    case 'create_database':
      return showCreateDatabase(stmt, ctx);
    case 'index':
      return showIndex(stmt, ctx);
    case 'variables': {
      const rows = showVariables(ctx.variables, stmt.scope === 'global' ? 'global' : 'session', stmt.like);
      return { columns: [col('Variable_name'), col('Value', strNull(1024))], rows: rows.map((r) => [r.name, r.value]) };
    }
    case 'status':
      return showStatus(stmt, ctx);
    case 'warnings':
    case 'errors': {
      const list = stmt.what === 'errors' ? ctx.warnings.filter((w) => w.level === 'Error') : ctx.warnings;
      return {
        columns: [col('Level', str(7)), col('Code', T.int({ nullable: false, unsigned: true })), col('Message', str(512))],
        rows: list.map((w) => [w.level, BigInt(w.code), w.message]),
      };
    }
    case 'count_warnings':
    case 'count_errors': {
      const errorsOnly = stmt.what === 'count_errors';
      const n = errorsOnly ? ctx.warnings.filter((w) => w.level === 'Error').length : ctx.warnings.length;
      return { columns: [col(errorsOnly ? '@@session.error_count' : '@@session.warning_count', T.bigint({ nullable: false }))], rows: [[BigInt(n)]] };
    }
    case 'processlist':
      return showProcessList(stmt, ctx);
    case 'engines':
      return {
        columns: ['Engine', 'Support', 'Comment', 'Transactions', 'XA', 'Savepoints'].map((n, i) => col(n, i < 3 ? str(80) : strNull(3))),
        rows: [...ENGINE_ROWS],
      };
    case 'charset':
      return showCharset(stmt);
    case 'collation':
      return showCollation(stmt);
    case 'table_status':
      return showTableStatus(stmt, ctx);
  }
}

// ---- databases and tables ----------------------------------------------------------------------

function showDatabases(stmt: Show, ctx: ShowContext): Table {
  const name = stmt.like !== undefined ? `Database (${stmt.like})` : 'Database';
  const rows = ctx.infoSchema
    .databases()
    .filter((d) => like(stmt, d.name))
    .map((d): Row => [d.name]);
  return { columns: [col(name)], rows };
}

/** The database a SHOW names (FROM db) or the current one: 1046 without, 1049 unknown. */
function targetDb(ctx: ShowContext, db: string | undefined): DatabaseInfo {
  const name = db ?? ctx.currentDatabase;
  if (name === null) throw noDatabaseSelected();
  const info = ctx.infoSchema.database(name);
  if (!info) throw unknownDatabase(name);
  return info;
}

function showTables(stmt: Show, ctx: ShowContext): Table {
  const db = targetDb(ctx, stmt.db);
  const first = `Tables_in_${db.name}${stmt.like !== undefined ? ` (${stmt.like})` : ''}`;
  const columns = [col(first)];
  if (stmt.full) columns.push(col('Table_type'));
  const rows = ctx.infoSchema
    .tables(db.name)
    .filter((t) => like(stmt, t.name))
    .map((t): Row => (stmt.full ? [t.name, t.view ? 'VIEW' : 'BASE TABLE'] : [t.name]));
  return { columns, rows };
}

function targetTable(stmt: Show, ctx: ShowContext): { db: DatabaseInfo; table: TableInfo } {
  const name = stmt.table;
  if (!name) throw noDatabaseSelected();
  const db = targetDb(ctx, stmt.db ?? name.db);
  const table = ctx.infoSchema.table(db.name, name.name);
  if (!table) throw tableNotExists(db.name, name.name);
  return { db, table };
}

function publicOnly(table: TableInfo): { columns: ColumnInfo[]; indexes: IndexInfo[] } {
  return { columns: table.columns.filter((c) => c.state === 'public'), indexes: table.indexes.filter((i) => i.state === 'public') };
}

/** The Key column of SHOW COLUMNS: PRI, UNI or MUL, as MySQL decides it. */
export function columnKey(table: TableInfo, column: ColumnInfo): '' | 'PRI' | 'UNI' | 'MUL' {
  const { indexes } = publicOnly(table);
  const inPrimary = indexes.some((i) => i.primary && i.columns.some((c) => c.columnId === column.id));
  if (inPrimary) return 'PRI';
  // Without a PRIMARY KEY, MySQL promotes the first single-column UNIQUE NOT NULL index.
  const hasPrimary = indexes.some((i) => i.primary);
  if (!hasPrimary) {
    const promoted = indexes.find((i) => i.unique && i.columns.length === 1 && !i.columns.some((c) => c.prefixLength !== undefined) && !columnById(table, i.columns[0]?.columnId)?.type.nullable);
    if (promoted && promoted.columns[0]?.columnId === column.id) return 'PRI';
  }
  const leading = indexes.filter((i) => i.columns[0]?.columnId === column.id);
  if (leading.some((i) => i.unique && i.columns.length === 1)) return 'UNI';
  if (leading.length > 0) return 'MUL';
  return '';
}

function columnById(table: TableInfo, id: number | undefined): ColumnInfo | undefined {
  return table.columns.find((c) => c.id === id);
}

export function defaultText(c: ColumnInfo): string | null {
  switch (c.default.kind) {
    case 'none':
    case 'null':
      return null;
    case 'literal':
      return c.default.text;
    case 'current-timestamp':
      return c.default.fsp > 0 ? `CURRENT_TIMESTAMP(${c.default.fsp})` : 'CURRENT_TIMESTAMP';
  }
}

export function extraText(c: ColumnInfo): string {
  const parts: string[] = [];
  if (c.autoIncrement) parts.push('auto_increment');
  if (c.default.kind === 'current-timestamp') parts.push('DEFAULT_GENERATED');
  if (c.onUpdateNow) {
    const fsp = 'fsp' in c.type ? c.type.fsp : 0;
    parts.push(fsp > 0 ? `on update CURRENT_TIMESTAMP(${fsp})` : 'on update CURRENT_TIMESTAMP');
  }
  return parts.join(' ');
}

export function collationOfColumn(t: SqlType): string | null {
  if (isTextType(t) || t.kind === 'enum' || t.kind === 'set') return t.collation;
  return null;
}

function showColumns(stmt: Show, ctx: ShowContext): Table {
  const { table } = targetTable(stmt, ctx);
  const full = stmt.full;
  const names = full ? ['Field', 'Type', 'Collation', 'Null', 'Key', 'Default', 'Extra', 'Privileges', 'Comment'] : ['Field', 'Type', 'Null', 'Key', 'Default', 'Extra'];
  const rows: Row[] = [];
  for (const c of publicOnly(table).columns) {
    if (!like(stmt, c.name)) continue;
    const base: Value[] = [c.name, columnTypeString(c.type)];
    if (full) base.push(collationOfColumn(c.type));
    base.push(c.type.nullable ? 'YES' : 'NO', columnKey(table, c), defaultText(c), extraText(c));
    if (full) base.push('select,insert,update,references', c.comment);
    rows.push(base);
  }
  return { columns: names.map((n) => col(n, n === 'Default' ? strNull(1024) : n === 'Collation' ? strNull() : n === 'Type' ? str(1024) : str())), rows };
}

function showCreateTable(stmt: Show, ctx: ShowContext): Table {
  const { db, table } = targetTable(stmt, ctx);
  // MySQL answers SHOW CREATE TABLE of a view as SHOW CREATE VIEW.
  if (table.view) return createViewTable(table);
  return { columns: [col('Table'), col('Create Table', str(65535))], rows: [[table.name, ctx.showCreateTable(table, db)]] };
}

function showCreateView(stmt: Show, ctx: ShowContext): Table {
  const { db, table } = targetTable(stmt, ctx);
  if (!table.view) throw wrongObject(db.name, table.name, 'VIEW');
  return createViewTable(table);
}

function quoteName(s: string): string {
  return `\`${s.replace(/`/g, '``')}\``;
}

/** The view as MySQL prints it: algorithm, definer, security, name, column list, query. */
function createViewTable(table: TableInfo): Table {
  const v = table.view as NonNullable<TableInfo['view']>;
  const [user = 'root', host = '%'] = v.definer.split('@');
  const cols = v.columnNames.length ? ` (${v.columnNames.map(quoteName).join(',')})` : '';
  const check = v.checkOption === 'none' ? '' : ` WITH ${v.checkOption.toUpperCase()} CHECK OPTION`;
  const text = `CREATE ALGORITHM=${v.algorithm} DEFINER=${quoteName(user)}@${quoteName(host)} SQL SECURITY ${v.security} VIEW ${quoteName(table.name)}${cols} AS ${v.select}${check}`;
  return {
    columns: [col('View'), col('Create View', str(65535)), col('character_set_client'), col('collation_connection')],
    rows: [[table.name, text, 'utf8mb4', 'utf8mb4_0900_ai_ci']],
  };
}

/** CREATE DATABASE text as TiDB prints it. */
export function createDatabaseText(db: DatabaseInfo, ifNotExists = false): string {
  return `CREATE DATABASE ${ifNotExists ? '/*!32312 IF NOT EXISTS*/ ' : ''}\`${db.name.replace(/`/g, '``')}\` /*!40100 DEFAULT CHARACTER SET ${db.charset} COLLATE ${db.collation} */`;
}

function showCreateDatabase(stmt: Show, ctx: ShowContext): Table {
  const name = stmt.db ?? ctx.currentDatabase;
  if (name === null) throw noDatabaseSelected();
  const db = ctx.infoSchema.database(name);
  if (!db) throw unknownDatabase(name);
  return { columns: [col('Database'), col('Create Database', str(1024))], rows: [[db.name, createDatabaseText(db, stmt.ifNotExists)]] };
}

function showIndex(stmt: Show, ctx: ShowContext): Table {
  const { table } = targetTable(stmt, ctx);
  const names = ['Table', 'Non_unique', 'Key_name', 'Seq_in_index', 'Column_name', 'Collation', 'Cardinality', 'Sub_part', 'Packed', 'Null', 'Index_type', 'Comment', 'Index_comment', 'Visible', 'Expression'];
  const intCols = new Set(['Non_unique', 'Seq_in_index', 'Cardinality', 'Sub_part']);
  const nullable = new Set(['Collation', 'Cardinality', 'Sub_part', 'Packed', 'Expression']);
  const rows: Row[] = [];
  const indexes = publicOnly(table).indexes;
  // PRIMARY first, then in creation order (as MySQL lists them).
  const ordered = [...indexes.filter((i) => i.primary), ...indexes.filter((i) => !i.primary)];
  for (const idx of ordered) {
    idx.columns.forEach((ic, i) => {
      const c = columnById(table, ic.columnId);
      rows.push([
        table.name,
        idx.unique || idx.primary ? 0n : 1n,
        idx.name,
        BigInt(i + 1),
        ic.name,
        'A',
        0n,
        ic.prefixLength !== undefined ? BigInt(ic.prefixLength) : null,
        null,
        c?.type.nullable ? 'YES' : '',
        'BTREE',
        '',
        idx.comment,
        'YES',
        null,
      ]);
    });
  }
  const typeOf = (n: string): SqlType => (intCols.has(n) ? T.bigint({ nullable: nullable.has(n) }) : nullable.has(n) ? strNull() : str());
  return { columns: names.map((n) => col(n, typeOf(n))), rows };
}

function showTableStatus(stmt: Show, ctx: ShowContext): Table {
  const db = targetDb(ctx, stmt.db);
  const spec: [string, SqlType][] = [
    ['Name', str()],
    ['Engine', strNull()],
    ['Version', int()],
    ['Row_format', strNull()],
    ['Rows', ubig()],
    ['Avg_row_length', ubig()],
    ['Data_length', ubig()],
    ['Max_data_length', ubig()],
    ['Index_length', ubig()],
    ['Data_free', ubig()],
    ['Auto_increment', ubig()],
    ['Create_time', dt()],
    ['Update_time', dt()],
    ['Check_time', dt()],
    ['Collation', strNull()],
    ['Checksum', ubig()],
    ['Create_options', strNull()],
    ['Comment', strNull(2048)],
  ];
  const rows: Row[] = [];
  for (const t of ctx.infoSchema.tables(db.name)) {
    if (!like(stmt, t.name)) continue;
    if (t.view) {
      rows.push([t.name, ...new Array<Value>(16).fill(null), 'VIEW']);
      continue;
    }
    const hasAuto = t.columns.some((c) => c.autoIncrement);
    rows.push([
      t.name,
      'InnoDB',
      10n,
      'Dynamic',
      ctx.rowCount?.(t) ?? 0n,
      0n,
      0n,
      0n,
      0n,
      0n,
      hasAuto ? (ctx.nextAutoIncrement?.(t) ?? BigInt(Math.max(t.autoIncrementStart, 1))) : null,
      createdAt(t.createdAt, ctx),
      null,
      null,
      t.collation,
      null,
      '',
      t.comment,
    ]);
  }
  return { columns: spec.map(([n, ty]) => col(n, ty)), rows };
}

export function createdAt(ms: number, ctx: ShowContext): string | null {
  if (!Number.isFinite(ms) || ms <= 0) return null;
  const d = new Date(ms + zoneShiftMs(ctx.variables.timeZone, ms));
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

function zoneShiftMs(zone: string, ms: number): number {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(zone);
  if (m) return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000;
  if (/^utc$/i.test(zone)) return 0;
  try {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(new Date(ms));
    const off = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
    const o = /GMT([+-])(\d{2}):(\d{2})/.exec(off);
    return o ? (o[1] === '-' ? -1 : 1) * (Number(o[2]) * 60 + Number(o[3])) * 60_000 : 0;
  } catch {
    return 0;
  }
}

// ---- server state --------------------------------------------------------------------------------

function showStatus(stmt: Show, ctx: ShowContext): Table {
  const status = ctx.status?.() ?? new Map<string, string>();
  const rows: Row[] = [...status.entries()]
    .sort((a, b) => (a[0].toLowerCase() < b[0].toLowerCase() ? -1 : a[0].toLowerCase() > b[0].toLowerCase() ? 1 : 0))
    .filter(([name]) => like(stmt, name))
    .map(([name, v]) => [name, String(v)]);
  return { columns: [col('Variable_name'), col('Value', strNull(1024))], rows };
}

function showProcessList(stmt: Show, ctx: ShowContext): Table {
  const columns = [
    col('Id', T.bigint({ nullable: false, unsigned: true })),
    col('User', str(32)),
    col('Host', str(261)),
    col('db', strNull()),
    col('Command', str(16)),
    col('Time', T.int({ nullable: false })),
    col('State', strNull(30)),
    col('Info', strNull(stmt.full ? 65535 : 100)),
  ];
  const rows = [...ctx.processList()]
    .sort((a, b) => a.id - b.id)
    .map((p): Row => [BigInt(p.id), p.user, p.host, p.db, p.command, BigInt(p.time), p.state, p.info === null ? null : stmt.full ? p.info : p.info.slice(0, 100)]);
  return { columns, rows };
}

// ---- character sets and collations ------------------------------------------------------------------

export const CHARSETS: readonly (readonly [string, string, string, number])[] = [
  ['ascii', 'US ASCII', 'ascii_general_ci', 1],
  ['binary', 'Binary pseudo charset', 'binary', 1],
  ['latin1', 'cp1252 West European', 'latin1_swedish_ci', 1],
  ['utf8mb3', 'UTF-8 Unicode', 'utf8mb3_general_ci', 3],
  ['utf8mb4', 'UTF-8 Unicode', 'utf8mb4_bin', 4],
];

function showCharset(stmt: Show): Table {
  return {
    columns: [col('Charset'), col('Description', str(2048)), col('Default collation'), col('Maxlen', T.int({ nullable: false, unsigned: true }))],
    rows: CHARSETS.filter(([name]) => like(stmt, name)).map(([name, desc, dflt, len]): Row => [name, desc, dflt, BigInt(len)]),
  };
}

/** The collations this server knows, as SHOW COLLATION and information_schema.COLLATIONS list
 *  them: name, charset, id, default ('Yes' or ''), compiled, sort length, pad attribute. */
export function collationRows(): Row[] {
  const defaults = new Set(CHARSETS.map((c) => c[2]));
  const names = knownCollations()
    .filter((n) => !n.startsWith('utf8_'))
    .sort();
  return names.map((name): Row => {
    const charset = name === 'binary' ? 'binary' : (name.split('_')[0] as string);
    return [name, charset, BigInt(COLLATION_IDS[name] ?? 0), defaults.has(name) ? 'Yes' : '', 'Yes', 1n, name.includes('_0900_') || name === 'binary' ? 'NO PAD' : 'PAD SPACE'];
  });
}

/** SHOW ENGINES / information_schema.ENGINES. */
export const ENGINE_ROWS: readonly Row[] = [['InnoDB', 'DEFAULT', 'Supports transactions, row-level locking, and foreign keys', 'YES', 'YES', 'YES']];

function showCollation(stmt: Show): Table {
  const rows = collationRows().filter((r) => like(stmt, r[0] as string));
  return {
    columns: [
      col('Collation'),
      col('Charset'),
      col('Id', T.bigint({ nullable: false, unsigned: true })),
      col('Default', str(3)),
      col('Compiled', str(3)),
      col('Sortlen', T.int({ nullable: false, unsigned: true })),
      col('Pad_attribute', str(9)),
    ],
    rows,
  };
}

// ---- WHERE and LIMIT ---------------------------------------------------------------------------------

async function filterWhere(t: Table, where: Expr, ctx: ShowContext): Promise<Table> {
  const out: Row[] = [];
  for (const row of t.rows) {
    const named = new Map<string, Value>();
    t.columns.forEach((c, i) => named.set(c.name.toLowerCase(), row[i] ?? null));
    const keep = ctx.evalWhere ? await ctx.evalWhere(where, named) : truthy(evalSimple(where, named));
    if (keep) out.push(row);
  }
  return { columns: t.columns, rows: out };
}

function applyLimit(t: Table, stmt: Show): Table {
  const lim = stmt.limit;
  if (!lim) return t;
  const n = (e: Expr | undefined): number => (e && e.kind === 'IntLiteral' ? Number(e.value) : 0);
  const offset = n(lim.offset);
  const count = lim.count.kind === 'IntLiteral' ? Number(lim.count.value) : t.rows.length;
  return { columns: t.columns, rows: t.rows.slice(offset, offset + count) };
}

type Tri = boolean | null;

function truthy(v: Value | Tri): boolean {
  if (v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return v !== 0n;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return Number.parseFloat(v) !== 0 && !Number.isNaN(Number.parseFloat(v));
  return true;
}

function toTri(v: Value | Tri): Tri {
  if (v === null) return null;
  return truthy(v);
}

/** Compares like MySQL does for SHOW columns: numbers as numbers, text case-insensitively. */
function compare(a: Value, b: Value): number {
  const numeric = (v: Value): boolean => typeof v === 'bigint' || typeof v === 'number';
  if (numeric(a) || numeric(b)) {
    const x = Number(typeof a === 'string' ? Number.parseFloat(a) : (a as number | bigint));
    const y = Number(typeof b === 'string' ? Number.parseFloat(b) : (b as number | bigint));
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return compareStrings(valueToString(a) ?? '', valueToString(b) ?? '', 'utf8mb4_general_ci');
}

/** A small evaluator for SHOW … WHERE when the session has not passed its own. */
export function evalSimple(e: Expr, row: ReadonlyMap<string, Value>): Value | Tri {
  switch (e.kind) {
    case 'Column': {
      const v = row.get(e.column.toLowerCase());
      if (v === undefined) throw unknownColumnInWhere(e.column);
      return v;
    }
    case 'StringLiteral':
      return e.value;
    case 'IntLiteral':
      return e.value;
    case 'DecimalLiteral':
    case 'FloatLiteral':
      return Number(e.text);
    case 'NullLiteral':
      return null;
    case 'BoolLiteral':
      return e.value;
    case 'Unary': {
      const v = toTri(evalSimple(e.expr, row));
      if (e.op === 'not') return v === null ? null : !v;
      break;
    }
    case 'Binary': {
      if (e.op === 'and' || e.op === 'or' || e.op === 'xor') {
        const a = toTri(evalSimple(e.left, row));
        const b = toTri(evalSimple(e.right, row));
        if (e.op === 'and') return a === false || b === false ? false : a === null || b === null ? null : true;
        if (e.op === 'or') return a === true || b === true ? true : a === null || b === null ? null : false;
        return a === null || b === null ? null : a !== b;
      }
      const a = evalSimple(e.left, row);
      const b = evalSimple(e.right, row);
      if (e.op === '<=>') return (a === null && b === null) || (a !== null && b !== null && typeof a !== 'boolean' && typeof b !== 'boolean' && compare(a, b) === 0);
      if (a === null || b === null) return null;
      const av = typeof a === 'boolean' ? (a ? 1n : 0n) : a;
      const bv = typeof b === 'boolean' ? (b ? 1n : 0n) : b;
      const c = compare(av, bv);
      switch (e.op) {
        case '=':
          return c === 0;
        case '<>':
          return c !== 0;
        case '<':
          return c < 0;
        case '<=':
          return c <= 0;
        case '>':
          return c > 0;
        case '>=':
          return c >= 0;
        default:
          break;
      }
      break;
    }
    case 'Like': {
      const v = evalSimple(e.expr, row);
      const p = evalSimple(e.pattern, row);
      if (v === null || p === null || typeof v === 'boolean' || typeof p === 'boolean') return null;
      const m = likeMatch(valueToString(v) ?? '', valueToString(p) ?? '', '\\', 'utf8mb4_general_ci');
      return e.not ? !m : m;
    }
    case 'InList': {
      const v = evalSimple(e.expr, row);
      if (v === null || typeof v === 'boolean') return null;
      let sawNull = false;
      for (const item of e.list) {
        const x = evalSimple(item, row);
        if (x === null || typeof x === 'boolean') {
          sawNull = true;
          continue;
        }
        if (compare(v, x) === 0) return !e.not;
      }
      return sawNull ? null : e.not;
    }
    case 'Is': {
      const v = evalSimple(e.expr, row);
      let r: boolean;
      if (e.test === 'null' || e.test === 'unknown') r = v === null;
      else r = toTri(v) === (e.test === 'true');
      return e.not ? !r : r;
    }
    default:
      break;
  }
  throw unsupportedWhere();
}

function unknownColumnInWhere(name: string): Error {
  return unknownColumn(name, 'where clause');
}

function unsupportedWhere(): Error {
  return notSupported('this expression in SHOW ... WHERE');
}
