// SHOW CREATE TABLE prints a table as MySQL 8.0 does, and the text re-creates the same table
// through the parser and CREATE TABLE (a round trip).
import { describe, expect, it } from 'vitest';
import type { TableInfo } from '../../../sql/catalog/index.js';
import { buildTableInfo } from '../../../sql/ddl/build-table.js';
import { quoteIdent, showCreateTable } from '../../../sql/ddl/show-create-table.js';
import { parseOne, type CreateTable } from '../../../sql/parser/index.js';

function build(sql: string): TableInfo {
  return buildTableInfo(parseOne(sql) as CreateTable, { tableId: 10, databaseId: 2, databaseName: 'test' }, 0);
}

describe('SHOW CREATE TABLE', () => {
  it('prints columns, keys and options as MySQL 8.0', () => {
    const t = build(
      "CREATE TABLE t (id INT PRIMARY KEY AUTO_INCREMENT, name VARCHAR(20) NOT NULL DEFAULT 'x' COMMENT 'it''s', b TEXT, " +
        'ts TIMESTAMP DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, d DECIMAL(5,2) DEFAULT -1.5, n INT, f BIT(3) DEFAULT b\'101\', ' +
        "UNIQUE KEY (name), KEY idx (name(5), b(10))) AUTO_INCREMENT=5 COMMENT='tbl'",
    );
    expect(showCreateTable(t)).toBe(
      [
        'CREATE TABLE `t` (',
        '  `id` int NOT NULL AUTO_INCREMENT,',
        "  `name` varchar(20) NOT NULL DEFAULT 'x' COMMENT 'it''s',",
        '  `b` text,',
        '  `ts` timestamp NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,',
        "  `d` decimal(5,2) DEFAULT '-1.50',",
        '  `n` int DEFAULT NULL,',
        "  `f` bit(3) DEFAULT b'101',",
        '  PRIMARY KEY (`id`),',
        '  UNIQUE KEY `name` (`name`),',
        '  KEY `idx` (`name`(5),`b`(10))',
        ") ENGINE=InnoDB AUTO_INCREMENT=5 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT='tbl'",
      ].join('\n'),
    );
  });

  it('shows the live AUTO_INCREMENT counter when given and leaves out non-public objects', () => {
    const t = build('CREATE TABLE t (a INT, b INT, KEY (b))');
    const hidden: TableInfo = {
      ...t,
      columns: t.columns.map((c) => (c.name === 'b' ? { ...c, state: 'write-only' as const } : c)),
      indexes: t.indexes.map((i) => ({ ...i, state: 'delete-only' as const })),
    };
    expect(showCreateTable(hidden, { autoIncrement: 17n })).toBe(
      'CREATE TABLE `t` (\n  `a` int DEFAULT NULL\n) ENGINE=InnoDB AUTO_INCREMENT=17 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin',
    );
  });

  it('quotes names with backquotes and prints other charsets and foreign keys', () => {
    const t = build('CREATE TABLE `my t` (`a b` INT, c INT, FOREIGN KEY (c) REFERENCES p (id)) DEFAULT CHARSET=latin1');
    expect(quoteIdent('we`ird')).toBe('`we``ird`');
    expect(showCreateTable(t, { databaseName: 'test' })).toBe(
      [
        'CREATE TABLE `my t` (',
        '  `a b` int DEFAULT NULL,',
        '  `c` int DEFAULT NULL,',
        '  CONSTRAINT `my t_ibfk_1` FOREIGN KEY (`c`) REFERENCES `p` (`id`)',
        ') ENGINE=InnoDB DEFAULT CHARSET=latin1',
      ].join('\n'),
    );
  });

  const roundTrips = [
    'CREATE TABLE t (id INT PRIMARY KEY AUTO_INCREMENT, name VARCHAR(20) NOT NULL DEFAULT \'x\', UNIQUE KEY (name))',
    'CREATE TABLE t (a VARCHAR(10), b INT UNSIGNED NOT NULL, c DATETIME(3) DEFAULT NOW(3), PRIMARY KEY (a, b), KEY (c))',
    "CREATE TABLE t (a TINYINT(1) DEFAULT '1', b ENUM('x','y''z') DEFAULT 'y''z', c SET('p','q'), d DOUBLE, e JSON, f BLOB, KEY (f(4)))",
    "CREATE TABLE t (a DECIMAL(10,3) NOT NULL DEFAULT 2.5, b CHAR(4) DEFAULT 'ab', c DATE DEFAULT '2020-01-02', d TIME(2) DEFAULT '10:00:00.5', e YEAR DEFAULT 2024) COMMENT 'c'",
    'CREATE TABLE t (a BIGINT UNSIGNED PRIMARY KEY, b TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6))',
  ];
  it.each(roundTrips)('re-creates the same table from its own text: %s', (sql) => {
    const t = build(sql);
    const text = showCreateTable(t);
    const again = build(text);
    expect(again).toEqual({ ...t, foreignKeys: again.foreignKeys });
    expect(showCreateTable(again)).toBe(text);
  });
});
