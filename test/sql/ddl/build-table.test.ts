// CREATE TABLE → TableInfo: the shape a definition gets (NOT NULL, defaults, handle PK, key
// names and order, options) and MySQL's errors for bad definitions, as data-driven tables.
import { describe, expect, it } from 'vitest';
import { buildTableInfo } from '../../../sql/ddl/build-table.js';
import { SqlError } from '../../../sql/errors.js';
import { parseOne, type CreateTable } from '../../../sql/parser/index.js';
import type { TableInfo } from '../../../sql/catalog/index.js';

function build(sql: string): TableInfo {
  const stmt = parseOne(sql);
  if (stmt.kind !== 'CreateTable') throw new Error(`not CREATE TABLE: ${sql}`);
  return buildTableInfo(stmt as CreateTable, { tableId: 10, databaseId: 2, databaseName: 'test' }, 0);
}

function errnoOf(sql: string): number | string {
  try {
    build(sql);
    return 'no error';
  } catch (e) {
    return e instanceof SqlError ? e.mysqlErrno : String(e);
  }
}

/** A compact view of the shape: columns "name type [NOT NULL] [default] [AI]", keys "NAME:u|p(cols)". */
function shape(t: TableInfo): { columns: string[]; keys: string[]; pkIsHandle: boolean } {
  return {
    columns: t.columns.map((c) => {
      let s = `${c.name} ${c.type.kind}${c.type.nullable ? '' : ' NOT NULL'}`;
      if (c.default.kind === 'literal') s += ` ='${c.default.text}'`;
      else if (c.default.kind === 'current-timestamp') s += ` =now(${c.default.fsp})`;
      else if (c.default.kind === 'null') s += ' =NULL';
      if (c.autoIncrement) s += ' AI';
      return s;
    }),
    keys: t.indexes.map((i) => `${i.name}:${i.primary ? 'p' : i.unique ? 'u' : 'k'}(${i.columns.map((p) => (p.prefixLength ? `${p.name}(${p.prefixLength})` : p.name)).join(',')})`),
    pkIsHandle: t.pkIsHandle,
  };
}

describe('CREATE TABLE builds the table definition', () => {
  const cases: { sql: string; columns?: string[]; keys?: string[]; pkIsHandle?: boolean }[] = [
    {
      sql: 'CREATE TABLE t (id INT PRIMARY KEY AUTO_INCREMENT, name VARCHAR(20))',
      columns: ['id int NOT NULL AI', 'name varchar =NULL'],
      keys: ['PRIMARY:p(id)'],
      pkIsHandle: true,
    },
    {
      sql: 'CREATE TABLE t (a VARCHAR(10), b INT, PRIMARY KEY (a))',
      columns: ['a varchar NOT NULL', 'b int =NULL'],
      keys: ['PRIMARY:p(a)'],
      pkIsHandle: false,
    },
    {
      sql: 'CREATE TABLE t (a INT, b INT, PRIMARY KEY (a, b))',
      columns: ['a int NOT NULL', 'b int NOT NULL'],
      keys: ['PRIMARY:p(a,b)'],
      pkIsHandle: false,
    },
    {
      sql: 'CREATE TABLE t (a INT, b INT, KEY (a), KEY (a, b), UNIQUE (b), INDEX named (b))',
      keys: ['b:u(b)', 'a:k(a)', 'a_2:k(a,b)', 'named:k(b)'],
      pkIsHandle: false,
    },
    {
      sql: 'CREATE TABLE t (a INT UNIQUE, b TEXT, c VARCHAR(100), KEY (b(10), c(5)))',
      keys: ['a:u(a)', 'b:k(b(10),c(5))'],
    },
    {
      sql: "CREATE TABLE t (a INT NOT NULL DEFAULT '7', b DECIMAL(5,2) DEFAULT -1.5, c CHAR(3) DEFAULT 'x', d BIT(3) DEFAULT b'101', e ENUM('x','y') DEFAULT 'y')",
      columns: ["a int NOT NULL ='7'", "b decimal ='-1.50'", "c char ='x'", "d bit ='b'101''", "e enum ='y'"],
    },
    {
      sql: 'CREATE TABLE t (a TIMESTAMP DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, b DATETIME(3) DEFAULT NOW(3), c DATE DEFAULT NULL, d TEXT)',
      columns: ['a timestamp =now(0)', 'b datetime =now(3)', 'c date =NULL', 'd text =NULL'],
    },
    {
      sql: 'CREATE TABLE t (a INT NOT NULL, b INT AUTO_INCREMENT, KEY (b))',
      columns: ['a int NOT NULL', 'b int AI'],
      keys: ['b:k(b)'],
    },
    {
      sql: 'CREATE TABLE t (a BIGINT UNSIGNED PRIMARY KEY)',
      columns: ['a bigint NOT NULL'],
      pkIsHandle: true,
    },
  ];
  it.each(cases)('$sql', ({ sql, columns, keys, pkIsHandle }) => {
    const s = shape(build(sql));
    if (columns) expect(s.columns).toEqual(columns);
    if (keys) expect(s.keys).toEqual(keys);
    if (pkIsHandle !== undefined) expect(s.pkIsHandle).toBe(pkIsHandle);
  });

  it('gives columns and indexes ids from 1 and records the next ones', () => {
    const t = build('CREATE TABLE t (a INT PRIMARY KEY, b INT, c INT, KEY (b), UNIQUE KEY (c))');
    expect(t.columns.map((c) => c.id)).toEqual([1, 2, 3]);
    expect(t.indexes.map((i) => [i.name, i.id])).toEqual([
      ['PRIMARY', 1],
      ['c', 3],
      ['b', 2],
    ]);
    expect(t.nextColumnId).toBe(4);
    expect(t.nextIndexId).toBe(4);
    expect(t.indexes.every((i) => i.state === 'public') && t.columns.every((c) => c.state === 'public')).toBe(true);
  });

  it('takes table options: AUTO_INCREMENT, charset, collation, comment; ignores ENGINE', () => {
    const t = build("CREATE TABLE t (a INT) ENGINE=MyISAM AUTO_INCREMENT=42 DEFAULT CHARSET=latin1 COMMENT='hello'");
    expect([t.autoIncrementStart, t.charset, t.collation, t.comment]).toEqual([42, 'latin1', 'latin1_bin', 'hello']);
    const u = build('CREATE TABLE t (a INT) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci');
    expect([u.charset, u.collation]).toEqual(['utf8mb4', 'utf8mb4_general_ci']);
  });

  it('records foreign keys (named t_ibfk_n) without enforcing them', () => {
    const t = build('CREATE TABLE t (a INT, b INT, FOREIGN KEY (a) REFERENCES p (id), CONSTRAINT fk_b FOREIGN KEY (b) REFERENCES other.q (x))');
    expect(t.foreignKeys.map((f) => [f.name, f.columns.join(), `${f.refDatabase}.${f.refTable}`, f.refColumns.join()])).toEqual([
      ['t_ibfk_1', 'a', 'test.p', 'id'],
      ['fk_b', 'b', 'other.q', 'x'],
    ]);
  });

  it('keeps column comments', () => {
    expect(build("CREATE TABLE t (a INT COMMENT 'the a')").columns[0]?.comment).toBe('the a');
  });
});

describe('CREATE TABLE answers MySQL errors for bad definitions', () => {
  const long = 'x'.repeat(65);
  const cases: [string, number][] = [
    ['CREATE TABLE t (a INT, A INT)', 1060],
    ['CREATE TABLE t (a INT, b INT, KEY k (a), KEY k (b))', 1061],
    ['CREATE TABLE t (a INT PRIMARY KEY, b INT PRIMARY KEY)', 1068],
    ['CREATE TABLE t (a INT PRIMARY KEY, b INT, PRIMARY KEY (b))', 1068],
    ['CREATE TABLE t (a INT, KEY (nope))', 1072],
    ['CREATE TABLE t (a INT AUTO_INCREMENT)', 1075],
    ['CREATE TABLE t (a INT AUTO_INCREMENT PRIMARY KEY, b INT AUTO_INCREMENT, KEY (b))', 1075],
    ['CREATE TABLE t (a INT, b INT AUTO_INCREMENT, KEY (a, b))', 1075],
    ['CREATE TABLE t (a VARCHAR(5) AUTO_INCREMENT PRIMARY KEY)', 1063],
    ["CREATE TABLE t (a INT DEFAULT 'abc')", 1067],
    ["CREATE TABLE t (a VARCHAR(2) DEFAULT 'abc')", 1067],
    ['CREATE TABLE t (a INT NOT NULL DEFAULT NULL)', 1067],
    ['CREATE TABLE t (a INT DEFAULT CURRENT_TIMESTAMP)', 1067],
    ['CREATE TABLE t (a DATETIME(3) DEFAULT CURRENT_TIMESTAMP)', 1067],
    ['CREATE TABLE t (a TINYINT DEFAULT 300)', 1067],
    ['CREATE TABLE t (a INT AUTO_INCREMENT PRIMARY KEY DEFAULT 1)', 1067],
    ["CREATE TABLE t (a TEXT DEFAULT 'x')", 1101],
    [`CREATE TABLE ${long} (a INT)`, 1059],
    [`CREATE TABLE t (${long} INT)`, 1059],
    [`CREATE TABLE t (a INT, KEY ${long} (a))`, 1059],
    ['CREATE TABLE t (a INT NULL PRIMARY KEY)', 1171],
    ['CREATE TABLE t (a INT NULL, PRIMARY KEY (a))', 1171],
    ['CREATE TABLE t (a TEXT, KEY (a))', 1170],
    ['CREATE TABLE t (a BLOB PRIMARY KEY)', 1170],
    ['CREATE TABLE t (a INT, KEY (a(3)))', 1089],
    ['CREATE TABLE t (a VARCHAR(5), KEY (a(10)))', 1089],
    ['CREATE TABLE t (a INT, KEY `PRIMARY` (a))', 1280],
    ['CREATE TABLE t (a JSON, KEY (a))', 3152],
  ];
  it.each(cases)('%s → %i', (sql, errno) => {
    expect(errnoOf(sql)).toBe(errno);
  });

  it('words the errors as MySQL does', () => {
    const msg = (sql: string): string => {
      try {
        build(sql);
        return '';
      } catch (e) {
        return e instanceof Error ? e.message : '';
      }
    };
    expect(msg("CREATE TABLE t (a INT DEFAULT 'abc')")).toBe("Invalid default value for 'a'");
    expect(msg('CREATE TABLE t (a INT, KEY (nope))')).toBe("Key column 'nope' doesn't exist in table");
    expect(msg('CREATE TABLE t (a TEXT, KEY (a))')).toBe("BLOB/TEXT column 'a' used in key specification without a key length");
    expect(msg('CREATE TABLE t (a INT AUTO_INCREMENT)')).toBe('Incorrect table definition; there can be only one auto column and it must be defined as a key');
  });
});
