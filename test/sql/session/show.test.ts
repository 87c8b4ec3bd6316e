// SHOW statements as a client reads them: MySQL's column names and rows over a fixed schema,
// parsed from the real statement text.
import { describe, expect, it } from 'vitest';
import { InfoSchema, type ColumnInfo, type DatabaseInfo, type IndexInfo, type TableInfo } from '../../../sql/catalog/index.js';
import { SqlError } from '../../../sql/errors.js';
import { parseOne, type Show } from '../../../sql/parser/index.js';
import { collect } from '../../../sql/session/result.js';
import { executeShow, type ShowContext } from '../../../sql/session/show.js';
import { GlobalVariables, SessionVariables } from '../../../sql/session/variables.js';
import { T, type SqlType } from '../../../sql/types/index.js';

const shop: DatabaseInfo = { id: 1, name: 'shop', charset: 'utf8mb4', collation: 'utf8mb4_bin' };
const other: DatabaseInfo = { id: 2, name: 'other', charset: 'latin1', collation: 'latin1_bin' };

function column(id: number, name: string, type: SqlType, extra: Partial<ColumnInfo> = {}): ColumnInfo {
  return { id, name, type, default: { kind: 'none' }, autoIncrement: false, onUpdateNow: false, comment: '', state: 'public', ...extra };
}

function index(id: number, name: string, cols: [string, number][], extra: Partial<IndexInfo> = {}): IndexInfo {
  return { id, name, columns: cols.map(([n, c]) => ({ name: n, columnId: c })), unique: false, primary: false, state: 'public', comment: '', ...extra };
}

function table(id: number, name: string, columns: ColumnInfo[], indexes: IndexInfo[], extra: Partial<TableInfo> = {}): TableInfo {
  return {
    id,
    name,
    databaseId: 1,
    columns,
    indexes,
    foreignKeys: [],
    pkIsHandle: false,
    comment: '',
    charset: 'utf8mb4',
    collation: 'utf8mb4_bin',
    nextColumnId: columns.length + 1,
    nextIndexId: indexes.length + 1,
    autoIncrementStart: 1,
    createdAt: Date.UTC(2024, 0, 2, 3, 4, 5),
    ...extra,
  };
}

const orders = table(
  10,
  'orders',
  [
    column(1, 'id', T.bigint({ nullable: false }), { autoIncrement: true }),
    column(2, 'customer', T.varchar(64, { nullable: true }), { default: { kind: 'null' } }),
    column(3, 'code', T.char(8, { nullable: false })),
    column(4, 'total', T.decimal(10, 2, { nullable: false }), { default: { kind: 'literal', text: '0.00' }, comment: 'in cents' }),
    column(5, 'created', T.datetime(0, { nullable: true }), { default: { kind: 'current-timestamp', fsp: 0 }, onUpdateNow: true }),
    column(6, 'dropped', T.int({ nullable: true }), { state: 'delete-only' }),
  ],
  [
    index(1, 'PRIMARY', [['id', 1]], { primary: true, unique: true }),
    index(2, 'uk_code', [['code', 3]], { unique: true }),
    index(3, 'idx_customer_total', [['customer', 2], ['total', 4]]),
  ],
  { pkIsHandle: true, comment: 'all orders' },
);
const items = table(11, 'items', [column(1, 'sku', T.varchar(20, { nullable: false }))], [index(1, 'uk_sku', [['sku', 1]], { unique: true })]);

function ctx(over: Partial<ShowContext> = {}): ShowContext {
  return {
    infoSchema: new InfoSchema(1n, [shop, other], [orders, items]),
    currentDatabase: 'shop',
    variables: new SessionVariables(new GlobalVariables()),
    warnings: [
      { level: 'Warning', code: 1292, message: "Truncated incorrect DOUBLE value: 'x'" },
      { level: 'Error', code: 1146, message: "Table 'shop.nope' doesn't exist" },
    ],
    processList: () => [
      { id: 7, user: 'app', host: '10.0.0.1:5555', db: null, command: 'Sleep', time: 3, state: '', info: null },
      { id: 2, user: 'root', host: '127.0.0.1:4444', db: 'shop', command: 'Query', time: 0, state: 'executing', info: 'SHOW PROCESSLIST' + ' '.repeat(100) + 'tail' },
    ],
    status: () => new Map<string, string | number>([['Uptime', 12], ['Threads_connected', '2'], ['Questions', 40]]),
    showCreateTable: (t, db) => `CREATE TABLE \`${t.name}\` /* in ${db.name} */`,
    ...over,
  };
}

async function show(sql: string, c: ShowContext = ctx()): Promise<{ names: string[]; rows: unknown[][] }> {
  const stmt = parseOne(sql) as Show;
  expect(stmt.kind).toBe('Show');
  const r = await collect(await executeShow(stmt, c));
  if (r.kind !== 'rows') throw new Error('SHOW gave no rows');
  return { names: r.columns.map((x) => x.name), rows: r.rows.map((row) => [...row]) };
}

async function showErr(sql: string, c: ShowContext = ctx()): Promise<SqlError> {
  try {
    await show(sql, c);
  } catch (e) {
    if (e instanceof SqlError) return e;
    throw e;
  }
  throw new Error(`${sql} did not fail`);
}

describe('SHOW DATABASES and TABLES', () => {
  it('lists databases, with LIKE in the header as MySQL writes it', async () => {
    expect(await show('SHOW DATABASES')).toEqual({ names: ['Database'], rows: [['information_schema'], ['other'], ['shop']] });
    expect(await show("SHOW DATABASES LIKE 'sh%'")).toEqual({ names: ['Database (sh%)'], rows: [['shop']] });
  });

  it('lists the tables of the current database, FULL adds Table_type', async () => {
    expect(await show('SHOW TABLES')).toEqual({ names: ['Tables_in_shop'], rows: [['items'], ['orders']] });
    expect(await show('SHOW FULL TABLES')).toEqual({ names: ['Tables_in_shop', 'Table_type'], rows: [['items', 'BASE TABLE'], ['orders', 'BASE TABLE']] });
    expect(await show("SHOW TABLES LIKE 'ord%'")).toEqual({ names: ['Tables_in_shop (ord%)'], rows: [['orders']] });
    expect((await show('SHOW TABLES FROM other')).rows).toEqual([]);
  });

  it('needs a database: 1046 without one, 1049 for an unknown one', async () => {
    expect((await showErr('SHOW TABLES', ctx({ currentDatabase: null }))).mysqlErrno).toBe(1046);
    const e = await showErr('SHOW TABLES FROM nowhere');
    expect([e.mysqlErrno, e.message]).toEqual([1049, "Unknown database 'nowhere'"]);
  });

  it('WHERE filters on the shown columns', async () => {
    expect((await show("SHOW FULL TABLES WHERE Table_type = 'BASE TABLE' AND Tables_in_shop <> 'items'")).rows).toEqual([['orders', 'BASE TABLE']]);
  });
});

describe('SHOW COLUMNS and INDEX', () => {
  it("describes columns as MySQL does: type text, Null, Key PRI/UNI/MUL, Default, Extra", async () => {
    const r = await show('SHOW COLUMNS FROM orders');
    expect(r.names).toEqual(['Field', 'Type', 'Null', 'Key', 'Default', 'Extra']);
    expect(r.rows).toEqual([
      ['id', 'bigint', 'NO', 'PRI', null, 'auto_increment'],
      ['customer', 'varchar(64)', 'YES', 'MUL', null, ''],
      ['code', 'char(8)', 'NO', 'UNI', null, ''],
      ['total', 'decimal(10,2)', 'NO', '', '0.00', ''],
      ['created', 'datetime', 'YES', '', 'CURRENT_TIMESTAMP', 'DEFAULT_GENERATED on update CURRENT_TIMESTAMP'],
    ]);
  });

  it('FULL adds Collation, Privileges and Comment; LIKE filters fields; FROM db qualifies', async () => {
    const r = await show("SHOW FULL FIELDS FROM orders FROM shop LIKE 't%'");
    expect(r.names).toEqual(['Field', 'Type', 'Collation', 'Null', 'Key', 'Default', 'Extra', 'Privileges', 'Comment']);
    expect(r.rows).toEqual([['total', 'decimal(10,2)', null, 'NO', '', '0.00', '', 'select,insert,update,references', 'in cents']]);
    expect((await show('SHOW FULL COLUMNS FROM shop.orders')).rows[1]?.[2]).toBe('utf8mb4_bin');
  });

  it('a UNIQUE NOT NULL column of a table without PRIMARY KEY shows as PRI', async () => {
    expect((await show('DESCRIBE items')).rows[0]?.[3]).toBe('PRI');
  });

  it('an unknown table is 1146 with the database in the message', async () => {
    const e = await showErr('SHOW COLUMNS FROM nope');
    expect([e.mysqlErrno, e.sqlState, e.message]).toEqual([1146, '42S02', "Table 'shop.nope' doesn't exist"]);
  });

  it("lists index parts with MySQL's columns, PRIMARY first", async () => {
    const r = await show('SHOW INDEX FROM orders');
    expect(r.names).toEqual(['Table', 'Non_unique', 'Key_name', 'Seq_in_index', 'Column_name', 'Collation', 'Cardinality', 'Sub_part', 'Packed', 'Null', 'Index_type', 'Comment', 'Index_comment', 'Visible', 'Expression']);
    expect(r.rows.map((x) => [x[1], x[2], x[3], x[4], x[9]])).toEqual([
      [0n, 'PRIMARY', 1n, 'id', ''],
      [0n, 'uk_code', 1n, 'code', ''],
      [1n, 'idx_customer_total', 1n, 'customer', 'YES'],
      [1n, 'idx_customer_total', 2n, 'total', ''],
    ]);
    expect((await show('SHOW KEYS FROM orders')).rows).toHaveLength(4);
  });
});

describe('SHOW CREATE', () => {
  it('CREATE TABLE gives Table and Create Table from the DDL printer', async () => {
    expect(await show('SHOW CREATE TABLE orders')).toEqual({ names: ['Table', 'Create Table'], rows: [['orders', 'CREATE TABLE `orders` /* in shop */']] });
  });

  it('CREATE DATABASE prints charset and collation', async () => {
    expect(await show('SHOW CREATE DATABASE other')).toEqual({
      names: ['Database', 'Create Database'],
      rows: [['other', 'CREATE DATABASE `other` /*!40100 DEFAULT CHARACTER SET latin1 COLLATE latin1_bin */']],
    });
    expect((await showErr('SHOW CREATE DATABASE nope')).mysqlErrno).toBe(1049);
  });
});

describe('SHOW of server state', () => {
  it('VARIABLES with LIKE, WHERE and GLOBAL', async () => {
    expect(await show("SHOW VARIABLES LIKE 'autocommit'")).toEqual({ names: ['Variable_name', 'Value'], rows: [['autocommit', 'ON']] });
    expect((await show("SHOW SESSION VARIABLES WHERE Variable_name IN ('version_comment', 'port')")).rows).toEqual([
      ['port', '4000'],
      ['version_comment', 'Strata Server (Apache License 2.0), MySQL 8.0 compatible'],
    ]);
    expect((await show("SHOW GLOBAL VARIABLES LIKE 'warning_count'")).rows).toEqual([]);
  });

  it('WARNINGS and ERRORS of the previous statement, with LIMIT, and their counts', async () => {
    const w = await show('SHOW WARNINGS');
    expect(w.names).toEqual(['Level', 'Code', 'Message']);
    expect(w.rows).toEqual([
      ['Warning', 1292n, "Truncated incorrect DOUBLE value: 'x'"],
      ['Error', 1146n, "Table 'shop.nope' doesn't exist"],
    ]);
    expect((await show('SHOW ERRORS')).rows).toEqual([['Error', 1146n, "Table 'shop.nope' doesn't exist"]]);
    expect((await show('SHOW WARNINGS LIMIT 1')).rows).toHaveLength(1);
    expect(await show('SHOW COUNT(*) WARNINGS')).toEqual({ names: ['@@session.warning_count'], rows: [[2n]] });
    expect(await show('SHOW COUNT(*) ERRORS')).toEqual({ names: ['@@session.error_count'], rows: [[1n]] });
  });

  it('PROCESSLIST orders by id and cuts Info at 100 characters unless FULL', async () => {
    const r = await show('SHOW PROCESSLIST');
    expect(r.names).toEqual(['Id', 'User', 'Host', 'db', 'Command', 'Time', 'State', 'Info']);
    expect(r.rows.map((x) => x[0])).toEqual([2n, 7n]);
    expect(String(r.rows[0]?.[7])).toHaveLength(100);
    expect(String((await show('SHOW FULL PROCESSLIST')).rows[0]?.[7])).toMatch(/tail$/);
  });

  it('STATUS sorted by name, filtered by LIKE', async () => {
    expect((await show('SHOW STATUS')).rows).toEqual([
      ['Questions', '40'],
      ['Threads_connected', '2'],
      ['Uptime', '12'],
    ]);
    expect((await show("SHOW GLOBAL STATUS LIKE 'up%'")).rows).toEqual([['Uptime', '12']]);
  });

  it('ENGINES, CHARSET and COLLATION answer what MySQL clients expect', async () => {
    expect((await show('SHOW ENGINES')).rows[0]?.slice(0, 2)).toEqual(['InnoDB', 'DEFAULT']);
    expect(await show("SHOW CHARACTER SET LIKE 'utf8mb4'")).toEqual({
      names: ['Charset', 'Description', 'Default collation', 'Maxlen'],
      rows: [['utf8mb4', 'UTF-8 Unicode', 'utf8mb4_bin', 4n]],
    });
    const c = await show("SHOW COLLATION LIKE 'utf8mb4_bin'");
    expect(c.names).toEqual(['Collation', 'Charset', 'Id', 'Default', 'Compiled', 'Sortlen', 'Pad_attribute']);
    expect(c.rows).toEqual([['utf8mb4_bin', 'utf8mb4', 46n, 'Yes', 'Yes', 1n, 'PAD SPACE']]);
  });

  it('TABLE STATUS has one row per table with engine, collation and comment', async () => {
    const r = await show("SHOW TABLE STATUS LIKE 'orders'", ctx({ rowCount: () => 5n, nextAutoIncrement: () => 6n }));
    expect(r.names.slice(0, 5)).toEqual(['Name', 'Engine', 'Version', 'Row_format', 'Rows']);
    const row = r.rows[0] ?? [];
    const at = (n: string): unknown => row[r.names.indexOf(n)];
    expect([at('Name'), at('Engine'), at('Rows'), at('Auto_increment'), at('Collation'), at('Comment')]).toEqual(['orders', 'InnoDB', 5n, 6n, 'utf8mb4_bin', 'all orders']);
    expect(at('Create_time')).toMatch(/^2024-01-0[12] \d\d:04:05$/);
  });
});

describe('SHOW … WHERE', () => {
  it('uses the session evaluator when given one', async () => {
    const seen: string[] = [];
    const r = await show("SHOW DATABASES WHERE `Database` = 'x'", ctx({ evalWhere: (_w, row) => (seen.push(String(row.get('database'))), row.get('database') === 'other') }));
    expect(r.rows).toEqual([['other']]);
    expect(seen).toEqual(['information_schema', 'other', 'shop']);
  });

  it('names an unknown column as 1054 in the where clause', async () => {
    const e = await showErr("SHOW VARIABLES WHERE nope = 'x'");
    expect([e.mysqlErrno, e.message]).toEqual([1054, "Unknown column 'nope' in 'where clause'"]);
  });
});
