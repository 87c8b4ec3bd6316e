// Data-driven tests of sql/parser: SQL text → the AST's printed form (print.ts), for every
// statement and expression kind; then exact-AST checks where the printed form would hide
// something (literal kinds and exact values, column type descriptors, parameter numbering),
// MySQL's errors (1064 with the "near" text, 1235), multi-statement splitting and version
// comments.
import { describe, expect, it } from 'vitest';

import { SqlError } from '../../../sql/errors.js';
import { parse, parseExpr, parseOne, printStatement } from '../../../sql/parser/index.js';
import type { CreateTable, Expr, Select } from '../../../sql/parser/index.js';
import { T } from '../../../sql/types/index.js';

function printed(sql: string): string {
  return parse(sql).map(printStatement).join(' ;; ');
}

function errorOf(sql: string): SqlError {
  try {
    parse(sql);
  } catch (e: unknown) {
    if (e instanceof SqlError) return e;
    throw e;
  }
  throw new Error(`expected an error for: ${sql}`);
}

function firstItem(sql: string): Expr {
  const s = parseOne(sql);
  if (s.kind !== 'Select') throw new Error('not a select');
  const item = s.items[0];
  if (!item || item.kind !== 'ExprItem') throw new Error('no expression item');
  return item.expr;
}

const NEAR = "You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near";

// [sql, printed AST]
const GOLDEN: readonly (readonly [string, string])[] = [
  ["SELECT 1", "SELECT 1"],
  ["SELECT a, t.b, db.t.c FROM t", "SELECT a, t.b, db.t.c FROM t"],
  ["SELECT * FROM t", "SELECT * FROM t"],
  ["SELECT t.*, db.u.* FROM t, db.u", "SELECT t.*, db.u.* FROM (t CROSS JOIN db.u)"],
  ["SELECT DISTINCT a AS x, b y FROM t", "SELECT DISTINCT a AS x, b AS y FROM t"],
  ["SELECT 18446744073709551615, -9223372036854775808, 9223372036854775807, -1", "SELECT 18446744073709551615, -9223372036854775808, 9223372036854775807, -1"],
  ["SELECT 1.5, -0.50, 1.23456789012345678901234567890, 1e3, 2.5E-3, .5", "SELECT 1.5m, -0.50m, 1.23456789012345678901234567890m, 1e3f, 2.5E-3f, .5m"],
  ["SELECT 'it''s', 'a\\nb', \"dq\", 'a' 'b', _utf8mb4'x', N'y', _binary'z'", "SELECT 'it\\'s', 'a\nb', 'dq', 'ab', _utf8mb4'x', _utf8mb4'y', _binary'z'"],
  ["SELECT x'0A1B', 0xff, b'101', 0b11, NULL, TRUE, FALSE", "SELECT X'0A1B', X'FF', b'101', b'11', NULL, TRUE, FALSE"],
  ["SELECT DATE '2020-01-02', TIME '10:11:12', TIMESTAMP '2020-01-02 03:04:05'", "SELECT DATE '2020-01-02', TIME '10:11:12', TIMESTAMP '2020-01-02 03:04:05'"],
  ["SELECT ?, a + ?, ? FROM t WHERE b = ? LIMIT ?, ?", "SELECT ?0, (a + ?1), ?2 FROM t WHERE (b = ?3) LIMIT ?5 OFFSET ?4"],
  ["SELECT @a, @@autocommit, @@session.sql_mode, @@global.max_connections, @@LOCAL.x", "SELECT @a, @@autocommit, @@session.sql_mode, @@global.max_connections, @@session.x"],
  ["SELECT a + b * c - d / e, a DIV b, a MOD b, a % b, -a, +a, ~a, - - 1", "SELECT ((a + (b * c)) - (d / e)), (a div b), (a % b), (a % b), -a, a, ~a, 1"],
  ["SELECT a = b, a <=> b, a != b, a <> b, a < b, a <= b, a > b, a >= b", "SELECT (a = b), (a <=> b), (a <> b), (a <> b), (a < b), (a <= b), (a > b), (a >= b)"],
  ["SELECT a AND b OR c XOR d, NOT a, !a, a && b, a || b", "SELECT ((a and b) or (c xor d)), NOT a, NOT a, (a and b), (a or b)"],
  ["SELECT a & b, a | b, a ^ b, a << 2, a >> 2", "SELECT (a & b), (a | b), (a ^ b), (a << 2), (a >> 2)"],
  ["SELECT a IS NULL, a IS NOT NULL, a IS TRUE, a IS NOT FALSE, a IS UNKNOWN", "SELECT (a IS NULL), (a IS NOT NULL), (a IS TRUE), (a IS NOT FALSE), (a IS UNKNOWN)"],
  ["SELECT a LIKE 'x%', a NOT LIKE 'y', a LIKE 'a|%' ESCAPE '|'", "SELECT (a LIKE 'x%'), (a NOT LIKE 'y'), (a LIKE 'a|%' ESCAPE '|')"],
  ["SELECT a REGEXP '^x', a NOT REGEXP 'y', a RLIKE 'z'", "SELECT (a regexp '^x'), (a not_regexp 'y'), (a regexp 'z')"],
  ["SELECT a IN (1, 2, 3), a NOT IN ('x'), a IN (SELECT b FROM u), a NOT IN (SELECT b FROM u)", "SELECT (a IN (1, 2, 3)), (a NOT IN ('x')), (a IN (SELECT b FROM u)), (a NOT IN (SELECT b FROM u))"],
  ["SELECT a BETWEEN 1 AND 10, a NOT BETWEEN b AND c + 1", "SELECT (a BETWEEN 1 AND 10), (a NOT BETWEEN b AND (c + 1))"],
  ["SELECT EXISTS (SELECT 1 FROM u), NOT EXISTS (SELECT 1 FROM u WHERE u.a = t.a) FROM t", "SELECT EXISTS (SELECT 1 FROM u), NOT EXISTS (SELECT 1 FROM u WHERE (u.a = t.a)) FROM t"],
  ["SELECT (SELECT MAX(b) FROM u) AS m, (a, b) = (1, 2), (a, b) IN ((1, 2), (3, 4)) FROM t", "SELECT (SELECT max(b) FROM u) AS m, (ROW(a, b) = ROW(1, 2)), (ROW(a, b) IN (ROW(1, 2), ROW(3, 4))) FROM t"],
  ["SELECT CASE a WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'many' END, CASE WHEN a > 0 THEN 1 END", "SELECT CASE a WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'many' END, CASE WHEN (a > 0) THEN 1 END"],
  ["SELECT CAST(a AS SIGNED), CAST(a AS UNSIGNED), CAST(a AS DECIMAL(10,2)), CAST(a AS CHAR(5)), CAST(a AS DATETIME(3)), CAST(a AS DATE), CAST(a AS JSON), CAST(a AS BINARY(4)), CAST(a AS DOUBLE), CAST(a AS TIME)", "SELECT CAST(a AS signed), CAST(a AS unsigned), CAST(a AS decimal(10,2)), CAST(a AS char(5)), CAST(a AS datetime(3)), CAST(a AS date), CAST(a AS json), CAST(a AS binary(4)), CAST(a AS double), CAST(a AS time)"],
  ["SELECT CONVERT(a, SIGNED), CONVERT(a, CHAR), CONVERT(a USING utf8mb4), CAST(a AS CHAR CHARACTER SET latin1)", "SELECT CAST(a AS signed), CAST(a AS char), CONVERT(a USING utf8mb4), CAST(a AS char CHARSET latin1)"],
  ["SELECT DATE_ADD(d, INTERVAL 1 DAY), DATE_SUB(d, INTERVAL '1:30' HOUR_MINUTE), d + INTERVAL 2 MONTH, d - INTERVAL 1 YEAR, ADDDATE(d, INTERVAL 3 WEEK)", "SELECT date_add(d, 1; unit=DAY), date_sub(d, '1:30'; unit=HOUR_MINUTE), date_add(d, 2; unit=MONTH), date_sub(d, 1; unit=YEAR), adddate(d, 3; unit=WEEK)"],
  ["SELECT EXTRACT(YEAR FROM d), EXTRACT(DAY_MINUTE FROM d), TIMESTAMPDIFF(SECOND, a, b)", "SELECT extract(d; unit=YEAR), extract(d; unit=DAY_MINUTE), timestampdiff(a, b; unit=SECOND)"],
  ["SELECT TRIM(s), TRIM(LEADING 'x' FROM s), TRIM(TRAILING FROM s), TRIM(BOTH 'y' FROM s), TRIM('z' FROM s)", "SELECT trim(s), trim(s, 'x'; mode=leading), trim(s; mode=trailing), trim(s, 'y'; mode=both), trim(s, 'z'; mode=both)"],
  ["SELECT SUBSTRING(s FROM 2 FOR 3), SUBSTRING(s FROM 2), SUBSTRING(s, 1, 2), SUBSTR(s, 2), MID(s, 1, 1), POSITION('b' IN s)", "SELECT substring(s, 2, 3), substring(s, 2), substring(s, 1, 2), substring(s, 2), substring(s, 1, 1), locate('b', s)"],
  ["SELECT CONCAT(a, 'x'), IFNULL(a, 0), COALESCE(a, b, 1), NOW(), CURRENT_TIMESTAMP, CURRENT_DATE, CURDATE(), LAST_INSERT_ID(), DATABASE(), UPPER(s), UCASE(s)", "SELECT concat(a, 'x'), ifnull(a, 0), coalesce(a, b, 1), now(), now(), curdate(), curdate(), last_insert_id(), database(), upper(s), upper(s)"],
  ["SELECT COUNT(*), COUNT(a), COUNT(DISTINCT a), COUNT(DISTINCT a, b), SUM(a), SUM(DISTINCT a), AVG(DISTINCT a), MIN(a), MAX(a) FROM t", "SELECT count(*), count(a), count(DISTINCT a), count(DISTINCT a, b), sum(a), sum(DISTINCT a), avg(DISTINCT a), min(a), max(a) FROM t"],
  ["SELECT GROUP_CONCAT(a), GROUP_CONCAT(DISTINCT a ORDER BY b DESC SEPARATOR ';') FROM t", "SELECT group_concat(a), group_concat(DISTINCT a ORDER BY b DESC SEPARATOR ';') FROM t"],
  ["SELECT ROW_NUMBER() OVER (PARTITION BY a ORDER BY b), RANK() OVER w, DENSE_RANK() OVER (ORDER BY b DESC) FROM t WINDOW w AS (PARTITION BY a ORDER BY b)", "SELECT row_number() OVER (PARTITION BY a ORDER BY b), rank() OVER (w), dense_rank() OVER (ORDER BY b DESC) FROM t WINDOW w AS (PARTITION BY a ORDER BY b)"],
  ["SELECT LAG(a, 1) OVER (ORDER BY b), LEAD(a) OVER (ORDER BY b), SUM(a) OVER (PARTITION BY c ORDER BY b ROWS BETWEEN 1 PRECEDING AND CURRENT ROW), AVG(a) OVER (ORDER BY b ROWS UNBOUNDED PRECEDING) FROM t", "SELECT lag(a, 1) OVER (ORDER BY b), lead(a) OVER (ORDER BY b), sum(a) OVER (PARTITION BY c ORDER BY b ROWS BETWEEN 1 PRECEDING AND CURRENT ROW), avg(a) OVER (ORDER BY b ROWS UNBOUNDED PRECEDING) FROM t"],
  ["SELECT j->'$.a', j->>'$.b', JSON_EXTRACT(j, '$.c') FROM t", "SELECT (j -> '$.a'), (j ->> '$.b'), json_extract(j, '$.c') FROM t"],
  ["SELECT a COLLATE utf8mb4_general_ci FROM t", "SELECT (a COLLATE utf8mb4_general_ci) FROM t"],
  ["SELECT * FROM t1 INNER JOIN t2 ON t1.a = t2.a LEFT JOIN t3 USING (b) RIGHT OUTER JOIN t4 ON t4.c = t1.c CROSS JOIN t5", "SELECT * FROM ((((t1 INNER JOIN t2 ON (t1.a = t2.a)) LEFT JOIN t3 USING (b)) RIGHT JOIN t4 ON (t4.c = t1.c)) CROSS JOIN t5)"],
  ["SELECT * FROM t1 JOIN t2 ON t1.a = t2.a, t3 AS x", "SELECT * FROM ((t1 INNER JOIN t2 ON (t1.a = t2.a)) CROSS JOIN t3 AS x)"],
  ["SELECT * FROM (SELECT a FROM t) AS d, (SELECT 1 AS b) e WHERE d.a = e.b", "SELECT * FROM ((SELECT a FROM t) AS d CROSS JOIN (SELECT 1 AS b) AS e) WHERE (d.a = e.b)"],
  ["SELECT a, COUNT(*) FROM t WHERE b > 1 GROUP BY a HAVING COUNT(*) > 2 ORDER BY 2 DESC, a LIMIT 10 OFFSET 5", "SELECT a, count(*) FROM t WHERE (b > 1) GROUP BY a HAVING (count(*) > 2) ORDER BY 2 DESC, a LIMIT 10 OFFSET 5"],
  ["SELECT a FROM t ORDER BY a LIMIT 3, 7", "SELECT a FROM t ORDER BY a LIMIT 7 OFFSET 3"],
  ["SELECT a FROM t WHERE id = 1 FOR UPDATE", "SELECT a FROM t WHERE (id = 1) FOR UPDATE"],
  ["SELECT a FROM t WHERE id = 1 LOCK IN SHARE MODE", "SELECT a FROM t WHERE (id = 1) FOR SHARE"],
  ["SELECT 1 UNION SELECT 2", "{SELECT 1} UNION {SELECT 2}"],
  ["SELECT a FROM t UNION ALL SELECT b FROM u UNION SELECT c FROM v ORDER BY 1 LIMIT 5", "{{SELECT a FROM t} UNION ALL {SELECT b FROM u}} UNION {SELECT c FROM v} ORDER BY 1 LIMIT 5"],
  ["(SELECT a FROM t ORDER BY a LIMIT 1) UNION ALL (SELECT b FROM u)", "{SELECT a FROM t ORDER BY a LIMIT 1} UNION ALL {SELECT b FROM u}"],
  ["WITH c AS (SELECT a FROM t) SELECT * FROM c", "WITH c AS (SELECT a FROM t) SELECT * FROM c"],
  ["WITH RECURSIVE r (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 10) SELECT n FROM r", "WITH RECURSIVE r(n) AS ({SELECT 1} UNION ALL {SELECT (n + 1) FROM r WHERE (n < 10)}) SELECT n FROM r"],
  ["INSERT INTO t VALUES (1, 'a'), (2, 'b')", "INSERT INTO t VALUES (1, 'a'), (2, 'b')"],
  ["INSERT INTO t (a, b) VALUES (1, DEFAULT)", "INSERT INTO t (a, b) VALUES (1, DEFAULT)"],
  ["INSERT IGNORE INTO db.t (a) VALUES (?)", "INSERT IGNORE INTO db.t (a) VALUES (?0)"],
  ["INSERT INTO t SET a = 1, b = b + 1", "INSERT INTO t SET a = 1, b = (b + 1)"],
  ["INSERT INTO t (a, b) SELECT x, y FROM u WHERE z", "INSERT INTO t (a, b) SELECT x, y FROM u WHERE z"],
  ["INSERT INTO t (a, b) VALUES (1, 2) ON DUPLICATE KEY UPDATE b = VALUES(b) + 1, a = 3", "INSERT INTO t (a, b) VALUES (1, 2) ON DUPLICATE KEY UPDATE b = (VALUES(b) + 1), a = 3"],
  ["REPLACE INTO t (a) VALUES (1)", "REPLACE INTO t (a) VALUES (1)"],
  ["UPDATE t SET a = a + 1, b = DEFAULT WHERE id = 3 ORDER BY id DESC LIMIT 1", "UPDATE t SET a = (a + 1), b = DEFAULT WHERE (id = 3) ORDER BY id DESC LIMIT 1"],
  ["UPDATE IGNORE t SET a = 1", "UPDATE IGNORE t SET a = 1"],
  ["UPDATE t1 JOIN t2 ON t1.id = t2.id SET t1.a = t2.b WHERE t2.c > 0", "UPDATE (t1 INNER JOIN t2 ON (t1.id = t2.id)) SET t1.a = t2.b WHERE (t2.c > 0)"],
  ["UPDATE t1, t2 SET t1.a = t2.b WHERE t1.id = t2.id", "UPDATE (t1 CROSS JOIN t2) SET t1.a = t2.b WHERE (t1.id = t2.id)"],
  ["DELETE FROM t WHERE a = 1 ORDER BY b LIMIT 2", "DELETE FROM t WHERE (a = 1) ORDER BY b LIMIT 2"],
  ["DELETE FROM db.t", "DELETE FROM db.t"],
  ["DELETE t1 FROM t1 JOIN t2 ON t1.id = t2.id WHERE t2.x", "DELETE t1 FROM (t1 INNER JOIN t2 ON (t1.id = t2.id)) WHERE t2.x"],
  ["DELETE t1, t2 FROM t1 INNER JOIN t2 INNER JOIN t3 WHERE t1.id = t2.id AND t2.id = t3.id", "DELETE t1, t2 FROM ((t1 INNER JOIN t2) INNER JOIN t3) WHERE ((t1.id = t2.id) and (t2.id = t3.id))"],
  ["CREATE DATABASE d", "CREATE DATABASE d"],
  ["CREATE DATABASE IF NOT EXISTS d", "CREATE DATABASE IF NOT EXISTS d"],
  ["CREATE SCHEMA s", "CREATE DATABASE s"],
  ["DROP DATABASE d", "DROP DATABASE d"],
  ["DROP DATABASE IF EXISTS d", "DROP DATABASE IF EXISTS d"],
  ["USE d", "USE d"],
  ["USE `my db`", "USE my db"],
  ["CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20))", "CREATE TABLE t (id int NOT NULL PRIMARY KEY, name varchar(20))"],
  ["CREATE TABLE IF NOT EXISTS db.t (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT, name VARCHAR(64) NOT NULL DEFAULT '' COMMENT 'the name', score DECIMAL(10,2) NULL, created TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), flag TINYINT(1) DEFAULT 0, e ENUM('a','b') DEFAULT 'a', PRIMARY KEY (id), UNIQUE KEY uk_name (name), KEY idx_score (score, created), INDEX (flag)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='people'", "CREATE TABLE IF NOT EXISTS db.t (id bigint unsigned NOT NULL AUTO_INCREMENT, name varchar(64) NOT NULL DEFAULT '' COMMENT 'the name', score decimal(10,2) NULL, created timestamp(3) NOT NULL DEFAULT now(3) ON UPDATE CURRENT_TIMESTAMP, flag tinyint(1) DEFAULT 0, e enum('a','b') DEFAULT 'a', PRIMARY KEY (id), UNIQUE uk_name (name), INDEX idx_score (score, created), INDEX (flag)) ENGINE=INNODB DEFAULT CHARSET=utf8mb4 COMMENT=people"],
  ["CREATE TABLE t (a INT UNIQUE, b CHAR(3) CHARACTER SET latin1 COLLATE latin1_bin, c TEXT, d BLOB, e DATETIME, f DOUBLE, g FLOAT, h JSON, i DATE, j TIME(2), k YEAR, l BIT(8), n VARBINARY(10), o SMALLINT UNSIGNED ZEROFILL)", "CREATE TABLE t (a int UNIQUE, b char(3), c text, d blob, e datetime, f double, g float, h json, i date, j time(2), k year, l bit(8), n varbinary(10), o smallint unsigned zerofill)"],
  ["CREATE TABLE c (id INT, pid INT, FOREIGN KEY (pid) REFERENCES p (id), CONSTRAINT fk2 FOREIGN KEY (id) REFERENCES q (x))", "CREATE TABLE c (id int, pid int, FOREIGN KEY (pid) REFERENCES p (id), FOREIGN KEY fk2 (id) REFERENCES q (x))"],
  ["CREATE TABLE t2 LIKE t1", "CREATE TABLE t2 LIKE t1"],
  ["DROP TABLE t", "DROP TABLE t"],
  ["DROP TABLE IF EXISTS t1, db.t2", "DROP TABLE IF EXISTS t1, db.t2"],
  ["TRUNCATE TABLE t", "TRUNCATE TABLE t"],
  ["TRUNCATE t", "TRUNCATE TABLE t"],
  ["RENAME TABLE a TO b, db.c TO db.d", "RENAME TABLE a TO b, db.c TO db.d"],
  ["CREATE INDEX i ON t (a)", "CREATE INDEX i ON t (a)"],
  ["CREATE UNIQUE INDEX ui ON db.t (a, b DESC)", "CREATE UNIQUE INDEX ui ON db.t (a, b DESC)"],
  ["DROP INDEX i ON t", "DROP INDEX i ON t"],
  ["ALTER TABLE t ADD INDEX i (a, b)", "ALTER TABLE t ADD INDEX i (a, b)"],
  ["ALTER TABLE t ADD UNIQUE KEY u (c), DROP INDEX i", "ALTER TABLE t ADD UNIQUE u (c), DROP INDEX i"],
  ["ALTER TABLE t ADD COLUMN c INT NOT NULL DEFAULT 0", "ALTER TABLE t ADD COLUMN c int NOT NULL DEFAULT 0"],
  ["ALTER TABLE t DROP COLUMN c", "ALTER TABLE t DROP COLUMN c"],
  ["ALTER TABLE t MODIFY COLUMN c BIGINT", "ALTER TABLE t MODIFY COLUMN c bigint"],
  ["ALTER TABLE t CHANGE COLUMN c d VARCHAR(10) NOT NULL", "ALTER TABLE t CHANGE COLUMN c d varchar(10) NOT NULL"],
  ["ALTER TABLE t RENAME TO u", "ALTER TABLE t RENAME TO u"],
  ["ALTER TABLE t RENAME COLUMN a TO b", "ALTER TABLE t RENAME COLUMN a TO b"],
  ["BEGIN", "BEGIN"],
  ["BEGIN WORK", "BEGIN"],
  ["START TRANSACTION", "BEGIN"],
  ["START TRANSACTION READ ONLY", "BEGIN READ ONLY"],
  ["START TRANSACTION WITH CONSISTENT SNAPSHOT", "BEGIN WITH CONSISTENT SNAPSHOT"],
  ["COMMIT", "COMMIT"],
  ["COMMIT WORK", "COMMIT"],
  ["ROLLBACK", "ROLLBACK"],
  ["SET autocommit = 0", "SET autocommit = 0"],
  ["SET autocommit = ON, sql_mode = 'STRICT_TRANS_TABLES'", "SET autocommit = 'ON', sql_mode = 'STRICT_TRANS_TABLES'"],
  ["SET @a = 1, @b := 'x', @c = @a + 1", "SET @a = 1, @b = 'x', @c = (@a + 1)"],
  ["SET @@session.sql_mode = '', @@global.max_connections = 100, @@x = DEFAULT", "SET SESSION sql_mode = '', GLOBAL max_connections = 100, x = DEFAULT"],
  ["SET SESSION tx_isolation = 'READ-COMMITTED', GLOBAL y = 1, LOCAL z = 2", "SET SESSION tx_isolation = 'READ-COMMITTED', GLOBAL y = 1, SESSION z = 2"],
  ["SET NAMES utf8mb4", "SET NAMES utf8mb4"],
  ["SET NAMES 'utf8mb4' COLLATE 'utf8mb4_general_ci'", "SET NAMES utf8mb4 COLLATE utf8mb4_general_ci"],
  ["SET CHARACTER SET utf8", "SET CHARACTER SET utf8"],
  ["SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"],
  ["SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED", "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED"],
  ["SET GLOBAL TRANSACTION READ ONLY", "SET GLOBAL TRANSACTION READ ONLY"],
  ["SHOW DATABASES", "SHOW DATABASES"],
  ["SHOW SCHEMAS LIKE 'te%'", "SHOW DATABASES LIKE 'te%'"],
  ["SHOW TABLES", "SHOW TABLES"],
  ["SHOW FULL TABLES FROM d LIKE 't%'", "SHOW FULL TABLES FROM d LIKE 't%'"],
  ["SHOW TABLES IN d WHERE Tables_in_d = 't'", "SHOW TABLES FROM d WHERE (Tables_in_d = 't')"],
  ["SHOW COLUMNS FROM t", "SHOW COLUMNS FROM t"],
  ["SHOW FULL FIELDS FROM t FROM d", "SHOW FULL COLUMNS FROM d.t"],
  ["SHOW CREATE TABLE db.t", "SHOW CREATE_TABLE FROM db.t"],
  ["SHOW CREATE DATABASE d", "SHOW CREATE_DATABASE d"],
  ["SHOW INDEX FROM t", "SHOW INDEX FROM t"],
  ["SHOW KEYS IN t", "SHOW INDEX FROM t"],
  ["SHOW VARIABLES", "SHOW VARIABLES"],
  ["SHOW GLOBAL VARIABLES LIKE 'max%'", "SHOW GLOBAL VARIABLES LIKE 'max%'"],
  ["SHOW SESSION VARIABLES WHERE Variable_name = 'autocommit'", "SHOW SESSION VARIABLES WHERE (Variable_name = 'autocommit')"],
  ["SHOW STATUS", "SHOW STATUS"],
  ["SHOW WARNINGS", "SHOW WARNINGS"],
  ["SHOW WARNINGS LIMIT 5", "SHOW WARNINGS LIMIT 5"],
  ["SHOW ERRORS", "SHOW ERRORS"],
  ["SHOW COUNT(*) WARNINGS", "SHOW COUNT_WARNINGS"],
  ["SHOW PROCESSLIST", "SHOW PROCESSLIST"],
  ["SHOW FULL PROCESSLIST", "SHOW FULL PROCESSLIST"],
  ["SHOW ENGINES", "SHOW ENGINES"],
  ["SHOW CHARSET", "SHOW CHARSET"],
  ["SHOW CHARACTER SET LIKE 'utf8%'", "SHOW CHARSET LIKE 'utf8%'"],
  ["SHOW COLLATION", "SHOW COLLATION"],
  ["SHOW TABLE STATUS FROM d LIKE 't'", "SHOW TABLE_STATUS FROM d LIKE 't'"],
  ["EXPLAIN SELECT * FROM t WHERE a = 1", "EXPLAIN SELECT * FROM t WHERE (a = 1)"],
  ["EXPLAIN ANALYZE SELECT COUNT(*) FROM t", "EXPLAIN ANALYZE SELECT count(*) FROM t"],
  ["EXPLAIN FORMAT = 'brief' SELECT 1", "EXPLAIN FORMAT=brief SELECT 1"],
  ["EXPLAIN UPDATE t SET a = 1", "EXPLAIN UPDATE t SET a = 1"],
  ["DESCRIBE t", "SHOW COLUMNS FROM t"],
  ["DESC db.t", "SHOW COLUMNS FROM db.t"],
  ["EXPLAIN t", "SHOW COLUMNS FROM t"],
  ["KILL 12", "KILL 12"],
  ["KILL QUERY 12", "KILL QUERY 12"],
  ["KILL CONNECTION 13", "KILL 13"],
  ["SELECT a AND b OR c XOR d, a OR b AND c OR d, (a OR b) AND c, a || b && c, NOT a OR b", "SELECT ((a and b) or (c xor d)), ((a or (b and c)) or d), ((a or b) and c), (a or (b and c)), (NOT a or b)"],
  ["SELECT a | b & c, a + b << 1, a - b - c, -a ^ 2, d + INTERVAL 1 DAY - INTERVAL 1 HOUR", "SELECT (a | (b & c)), ((a + b) << 1), ((a - b) - c), (-a ^ 2), date_sub(date_add(d, 1; unit=DAY), 1; unit=HOUR)"],
  ["SELECT 1 FROM t WHERE a > b AND c < d OR e BETWEEN 1 AND 2 AND f IS NOT NULL", "SELECT 1 FROM t WHERE (((a > b) and (c < d)) or ((e BETWEEN 1 AND 2) and (f IS NOT NULL)))"],
  ["CREATE TABLE t (m BOOLEAN, n BOOL NOT NULL)", "CREATE TABLE t (m tinyint(1), n tinyint(1) NOT NULL)"],

];

describe('parse: statements and expressions in printed form', () => {
  it.each(GOLDEN)('%s', (sql, expected) => {
    expect(printed(sql)).toBe(expected);
  });
});

describe('literals keep their exact values', () => {
  it('keeps 64-bit integer extremes exact as bigint', () => {
    expect(firstItem('SELECT 18446744073709551615')).toEqual({ kind: 'IntLiteral', text: '18446744073709551615', value: 18446744073709551615n });
    expect(firstItem('SELECT -9223372036854775808')).toEqual({ kind: 'IntLiteral', text: '-9223372036854775808', value: -9223372036854775808n });
    expect(firstItem('SELECT 99999999999999999999999')).toEqual({ kind: 'IntLiteral', text: '99999999999999999999999', value: 99999999999999999999999n });
  });

  it('keeps decimals as exact text and makes exponent literals floats', () => {
    expect(firstItem('SELECT 0.1000000000000000055511151231257827')).toEqual({ kind: 'DecimalLiteral', text: '0.1000000000000000055511151231257827' });
    expect(firstItem('SELECT -1.50')).toEqual({ kind: 'DecimalLiteral', text: '-1.50' });
    expect(firstItem('SELECT 1.5e2')).toEqual({ kind: 'FloatLiteral', text: '1.5e2', value: 150 });
  });

  it('decodes MySQL string escapes and keeps charset introducers', () => {
    expect(firstItem("SELECT 'a\\tb\\0''c'")).toEqual({ kind: 'StringLiteral', value: "a\tb\0'c" });
    expect(firstItem("SELECT 'x\\%'")).toEqual({ kind: 'StringLiteral', value: 'x\\%' });
    expect(firstItem("SELECT _latin1'abc'")).toEqual({ kind: 'StringLiteral', value: 'abc', charset: 'latin1' });
    expect(firstItem("SELECT 'a;b' ")).toEqual({ kind: 'StringLiteral', value: 'a;b' });
  });

  it('reads hex, bit, boolean, NULL and temporal literals', () => {
    expect(firstItem("SELECT X'4D7953514C'")).toEqual({ kind: 'HexLiteral', hex: '4D7953514C' });
    expect(firstItem('SELECT 0x1')).toEqual({ kind: 'HexLiteral', hex: '01' });
    expect(firstItem("SELECT b'1010'")).toEqual({ kind: 'BitLiteral', bits: '1010' });
    expect(firstItem('SELECT NULL')).toEqual({ kind: 'NullLiteral' });
    expect(firstItem('SELECT false')).toEqual({ kind: 'BoolLiteral', value: false });
    expect(firstItem("SELECT DATE '2024-02-29'")).toEqual({ kind: 'TemporalLiteral', type: 'date', text: '2024-02-29' });
  });

  it('numbers parameter markers in text order, LIMIT markers included', () => {
    const s = parseOne('SELECT ? FROM t WHERE a = ? AND b IN (?, ?) LIMIT ?') as Select;
    expect(printStatement(s)).toBe('SELECT ?0 FROM t WHERE ((a = ?1) and (b IN (?2, ?3))) LIMIT ?4');
  });

  it('parses a lone expression with parseExpr', () => {
    expect(parseExpr('a + 1')).toEqual({ kind: 'Binary', op: '+', left: { kind: 'Column', column: 'a' }, right: { kind: 'IntLiteral', text: '1', value: 1n } });
  });
});

describe('CREATE TABLE carries sql/types descriptors', () => {
  it('maps names, lengths, unsigned, charset, collation and nullability', () => {
    const s = parseOne(
      "CREATE TABLE t (id BIGINT UNSIGNED NOT NULL PRIMARY KEY, v VARCHAR(10) CHARACTER SET latin1 COLLATE latin1_swedish_ci, d DECIMAL(12,3), ts DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6), f TINYINT(1), e ENUM('x','y'), b BOOLEAN)",
    ) as CreateTable;
    expect(s.kind).toBe('CreateTable');
    const types = Object.fromEntries(s.columns.map((c) => [c.name, c.type]));
    expect(types['id']).toEqual(T.bigint({ unsigned: true, nullable: false }));
    expect(types['v']).toEqual(T.varchar(10, { charset: 'latin1', collation: 'latin1_swedish_ci' }));
    expect(types['d']).toEqual(T.decimal(12, 3));
    expect(types['ts']).toEqual(T.datetime(6));
    expect(types['f']).toEqual(T.tinyint({ displayWidth: 1 }));
    expect(types['e']).toEqual(T.enum(['x', 'y']));
    expect(types['b']).toEqual(T.tinyint({ displayWidth: 1 }));
    expect(s.columns[0]?.primaryKey).toBe(true);
    expect(s.columns[3]?.default).toEqual({ kind: 'Call', name: 'now', args: [{ kind: 'IntLiteral', text: '6', value: 6n }] });
  });

  it('records table options', () => {
    const s = parseOne("CREATE TABLE t (a INT) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='hello'") as CreateTable;
    expect(s.options.map((o) => [o.name, o.value])).toEqual([
      ['ENGINE', 'INNODB'],
      ['DEFAULT CHARSET', 'utf8mb4'],
      ['COMMENT', 'hello'],
    ]);
  });
});

describe('multi-statement text and comments', () => {
  it('splits at semicolons but not inside strings, quoted names or comments', () => {
    const stmts = parse("SELECT ';' ; SELECT `a;b` FROM t /* ; */ ; -- ; comment\nSELECT 3 # ;\n;;");
    expect(stmts.map(printStatement)).toEqual(["SELECT ';'", 'SELECT a;b FROM t', 'SELECT 3']);
  });

  it('executes the content of version comments as MySQL does', () => {
    expect(printed('/*!40101 SET NAMES utf8mb4 */; /*!40014 SET FOREIGN_KEY_CHECKS=0 */')).toBe('SET NAMES utf8mb4 ;; SET foreign_key_checks = 0');
    expect(printed('CREATE TABLE t (a INT) /*! ENGINE = innodb */')).toBe('CREATE TABLE t (a int) ENGINE=INNODB');
    expect(printed('SELECT 1 /*+ HINT */ /* plain */ + 1')).toBe('SELECT (1 + 1)');
  });

  it('parseOne rejects several statements and accepts a trailing semicolon', () => {
    expect(printStatement(parseOne('SELECT 1;'))).toBe('SELECT 1');
    expect(() => parseOne('SELECT 1; SELECT 2')).toThrow(SqlError);
  });

  it('returns no statements for empty text', () => {
    expect(parse('  ; -- nothing\n')).toEqual([]);
  });
});

describe('errors', () => {
  it.each([
    ['SELECT * FROM t1 selec x', "near 'x' at line 1"],
    ['SELECT 1 +', "near '' at line 1"],
    ["SELECT 'unterminated", "near ''unterminated' at line 1"],
    ['SHOW FOO BAR', "near 'FOO BAR' at line 1"],
    ['SET', "near '' at line 1"],
    ['KILL abc', "near 'abc' at line 1"],
    ['SELECT 1 FROM t\nWHERE a = = 2', 'at line 2'],
  ])('1064 for %s', (sql, tail) => {
    const e = errorOf(sql.replace(/\\n/g, '\n'));
    expect(e.mysqlErrno).toBe(1064);
    expect(e.sqlState).toBe('42000');
    expect(e.message.startsWith(NEAR)).toBe(true);
    expect(e.message.endsWith(tail)).toBe(true);
  });

  it('quotes at most 80 characters of the rest of the statement', () => {
    const e = errorOf(`SELECT * FROM t WHERE ) ${'x'.repeat(200)}`);
    const near = /near '(.*)' at line/.exec(e.message)?.[1] ?? '';
    expect(near.length).toBe(80);
    expect(near.startsWith(') xxx')).toBe(true);
  });

  it.each([
    ['SELECT a FROM t INTERSECT SELECT b FROM u'],
    ['HANDLER t OPEN'],
    ['SHOW PLUGINS'],
    ['CREATE TABLE t (a INT, CHECK (a > 0))'],
    ['SELECT ROW_NUMBER() FROM t'],
  ])('1064 or 1235 (never a crash) for %s', (sql) => {
    const e = errorOf(sql);
    expect([1064, 1235]).toContain(e.mysqlErrno);
  });

  it('answers 1235 for statements that parse but are not supported', () => {
    const e = errorOf('SHOW PLUGINS');
    expect(e.mysqlErrno).toBe(1235);
    expect(e.message).toMatch(/doesn't yet support 'SHOW PLUGINS'/);
    expect(errorOf('SHOW PROFILES').mysqlErrno).toBe(1235);
  });

  it('never throws anything but SqlError on garbage', () => {
    for (const sql of ['(((', ')', "'", '`', '/*', 'SELECT @', '?', 'SELECT 1e', '\u0000', 'INSERT INTO', 'CREATE TABLE t (', 'SELECT CAST(1 AS FOO)']) {
      try {
        parse(sql);
      } catch (e: unknown) {
        expect(e).toBeInstanceOf(SqlError);
      }
    }
  });
});

describe('client, ORM and sysbench statements', () => {
  it.each([
    ['SELECT c FROM sbtest1 WHERE id BETWEEN ? AND ? ORDER BY c', 'SELECT c FROM sbtest1 WHERE (id BETWEEN ?0 AND ?1) ORDER BY c'],
    [
      "CREATE TABLE sbtest1(id INTEGER NOT NULL AUTO_INCREMENT, k INTEGER DEFAULT '0' NOT NULL, c CHAR(120) DEFAULT '' NOT NULL, PRIMARY KEY (id)) /*! ENGINE = innodb */",
      "CREATE TABLE sbtest1 (id integer NOT NULL AUTO_INCREMENT, k integer NOT NULL DEFAULT '0', c char(120) NOT NULL DEFAULT '', PRIMARY KEY (id)) ENGINE=INNODB",
    ],
    ['select @@version_comment limit 1', 'SELECT @@version_comment LIMIT 1'],
    ['SET SQL_SELECT_LIMIT=DEFAULT', 'SET sql_select_limit = DEFAULT'],
    ["SHOW FULL COLUMNS FROM `t` FROM `db` LIKE '%'", "SHOW FULL COLUMNS FROM db.t LIKE '%'"],
    ['SELECT `t`.`id` AS `id` FROM `db`.`t` AS `t` WHERE `t`.`id` = ?', 'SELECT t.id AS id FROM db.t AS t WHERE (t.id = ?0)'],
    ['SELECT 1 FROM DUAL', 'SELECT 1'],
    ['INSERT INTO t VALUES ()', 'INSERT INTO t VALUES ()'],
    ['INSERT INTO t () VALUES (), ()', 'INSERT INTO t VALUES (), ()'],
    ['SELECT * FROM t FORCE INDEX (i) WHERE a = 1', 'SELECT * FROM t WHERE (a = 1)'],
    ['SELECT * FROM t USE KEY FOR ORDER BY (i, j) IGNORE INDEX (k)', 'SELECT * FROM t'],
    ['SELECT * FROM t LIMIT 18446744073709551615', 'SELECT * FROM t LIMIT 18446744073709551615'],
    ["SELECT * FROM t WHERE a = 'x' COLLATE utf8mb4_bin", "SELECT * FROM t WHERE (a = ('x' COLLATE utf8mb4_bin))"],
    ['CREATE TABLE t (id INT NOT NULL, PRIMARY KEY (id), KEY (a(10)))', 'CREATE TABLE t (id int NOT NULL, PRIMARY KEY (id), INDEX (a(10)))'],
    ['ALTER TABLE t DROP PRIMARY KEY, ADD PRIMARY KEY (a)', 'ALTER TABLE t DROP PRIMARY KEY, ADD PRIMARY KEY (a)'],
    ["SET @@SESSION.sql_mode = CONCAT(@@sql_mode, ',STRICT_TRANS_TABLES')", "SET SESSION sql_mode = concat(@@sql_mode, ',STRICT_TRANS_TABLES')"],
  ])('%s', (sql, expected) => {
    expect(printed(sql)).toBe(expected);
  });

  it('refuses GROUP BY … WITH ROLLUP with 1235 instead of ignoring it', () => {
    expect(errorOf('SELECT a FROM t GROUP BY a WITH ROLLUP').mysqlErrno).toBe(1235);
  });
});

describe('1064 for a statement that starts with no statement word', () => {
  it('quotes the whole statement, as MySQL does', () => {
    const e = errorOf('selec 1 from t');
    expect(e.mysqlErrno).toBe(1064);
    expect(e.message.endsWith("near 'selec 1 from t' at line 1")).toBe(true);
  });
});

describe('sqllogictest random-file syntax', () => {
  it.each([
    ['SELECT ALL + 39 * 15 FROM tab1', 'SELECT (39 * 15) FROM tab1'],
    ['SELECT MIN( ALL - + 32 ), COUNT( ALL a ) FROM tab0', 'SELECT min(-32), count(a) FROM tab0'],
    ['SELECT - CASE ( + 50 ) WHEN + - 2 THEN + 72 END AS col1', 'SELECT -CASE 50 WHEN -2 THEN 72 END AS col1'],
    ['SELECT ALL a FROM t UNION ALL SELECT ALL b FROM u', '{SELECT a FROM t} UNION ALL {SELECT b FROM u}'],
    ['SELECT * FROM ( tab0 AS cor0 CROSS JOIN tab0 cor1 )', 'SELECT * FROM (tab0 AS cor0 CROSS JOIN tab0 AS cor1)'],
  ])('%s', (sql, expected) => {
    expect(printed(sql)).toBe(expected);
  });
});

describe('details that must not be dropped silently', () => {
  it.each([
    ['SELECT SQL_CALC_FOUND_ROWS a FROM t LIMIT 1', 'SELECT SQL_CALC_FOUND_ROWS a FROM t LIMIT 1'],
    ['ALTER TABLE t ADD COLUMN c INT AFTER b, ADD d INT FIRST', 'ALTER TABLE t ADD COLUMN c int AFTER b, ADD COLUMN d int FIRST'],
    ['SELECT * FROM (t1, t2)', 'SELECT * FROM (t1 CROSS JOIN t2)'],
  ])('%s', (sql, expected) => {
    expect(printed(sql)).toBe(expected);
  });

  it.each([['CREATE TABLE t (a INT, b INT GENERATED ALWAYS AS (a + 1) VIRTUAL)'], ['CREATE TEMPORARY TABLE t (a INT)'], ['SELECT a FROM t INTO @x']])(
    '1235 for %s',
    (sql) => {
      expect(errorOf(sql).mysqlErrno).toBe(1235);
    },
  );
});

describe('quantified comparisons and NOT (…)', () => {
  it.each([
    ['SELECT a FROM t WHERE a > ALL (SELECT b FROM u)', 'SELECT a FROM t WHERE (a > ALL (SELECT b FROM u))'],
    ['SELECT a FROM t WHERE a = ANY (SELECT b FROM u)', 'SELECT a FROM t WHERE (a = ANY (SELECT b FROM u))'],
    ['SELECT a FROM t WHERE a <> SOME (SELECT b FROM u)', 'SELECT a FROM t WHERE (a <> ANY (SELECT b FROM u))'],
    ['SELECT a FROM t WHERE NOT (a = 1 OR b = 2)', 'SELECT a FROM t WHERE NOT ((a = 1) or (b = 2))'],
    ['SELECT a FROM t WHERE NOT (a) IS NULL', 'SELECT a FROM t WHERE NOT (a IS NULL)'],
    ['SELECT a FROM t WHERE NOT (a) + 1 <= 30 AND b', 'SELECT a FROM t WHERE (NOT ((a + 1) <= 30) and b)'],
    ['SELECT a FROM t WHERE NOT (a) NOT IN (b)', 'SELECT a FROM t WHERE NOT (a NOT IN (b))'],
  ])('%s', (sql, expected) => {
    expect(printed(sql)).toBe(expected);
  });
});

describe('NATURAL JOIN', () => {
  it('answers 1235', () => {
    expect(errorOf('SELECT * FROM t1 NATURAL JOIN t2').mysqlErrno).toBe(1235);
  });
});
