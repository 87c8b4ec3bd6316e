// Expressions as a client sees them through SELECT: three-valued NULL logic, implicit casts,
// LIKE / IN / BETWEEN, control-flow functions, CAST/CONVERT, string, math and date functions,
// and the information functions (LAST_INSERT_ID, DATABASE, USER, VERSION, CONNECTION_ID,
// ROW_COUNT, FOUND_ROWS).
import { describe, expect, it } from 'vitest';
import { rowsOf, runCases, useSqlFixture } from './support.js';

const fixture = useSqlFixture('expr');

describe('NULL logic and comparisons', () => {
  it('follows three-valued logic', async () => {
    await runCases(fixture().session, [
      { sql: 'SELECT NULL AND 0, NULL AND 1, NULL OR 1, NULL OR 0, NOT NULL, NULL XOR 1', rows: [[0, null, 1, null, null, null]] },
      { sql: 'SELECT NULL = NULL, NULL <=> NULL, 1 <=> NULL, NULL IS NULL, 0 IS NOT NULL, NULL != 1', rows: [[null, 1, 0, 1, 1, null]] },
      { sql: 'SELECT 1 IN (1, NULL), 2 IN (1, NULL), 2 NOT IN (1, NULL), NULL IN (1), 1 NOT IN (2, 3)', rows: [[1, null, null, null, 1]] },
      { sql: 'SELECT 5 BETWEEN 1 AND 10, 5 BETWEEN 10 AND 1, NULL BETWEEN 1 AND 2, 5 NOT BETWEEN 6 AND 7', rows: [[1, 0, null, 1]] },
      { sql: 'SELECT TRUE IS TRUE, NULL IS UNKNOWN, 0 IS FALSE, 2 IS TRUE', rows: [[1, 1, 1, 1]] },
    ]);
  });

  it('casts implicitly between strings and numbers', async () => {
    await runCases(fixture().session, [
      { sql: "SELECT '10' = 10, '10abc' + 1, 'abc' = 0, '1e2' + 0, ' 5' + 1", rows: [[1, 11, 1, 100, 6]] },
      { sql: "SELECT 1 + '1.5', '3' * '4', 10 = '10.0'", rows: [['2.5', 12, 1]] },
      { sql: "SELECT '2' > '10', 2 > '10', 'a' < 'b', 'abc' = 'ABC'", rows: [[1, 0, 1, 0]] },
      { sql: "SELECT CONCAT(1, 'a', 2.5), 1 + TRUE", rows: [['1a2.5', 2]] },
    ]);
  });

  it('LIKE matches % and _ with escapes', async () => {
    await runCases(fixture().session, [
      { sql: "SELECT 'abc' LIKE 'a%', 'abc' LIKE 'a_c', 'abc' LIKE 'A%', 'a%c' LIKE 'a\\%c', 'abc' LIKE 'a\\%c', 'abc' NOT LIKE '%d'", rows: [[1, 1, 0, 1, 0, 1]] },
      { sql: "SELECT 'a_b' LIKE 'a|_b' ESCAPE '|', NULL LIKE 'a', 'x' LIKE NULL, 10 LIKE '1%'", rows: [[1, null, null, 1]] },
    ]);
  });
});

describe('control-flow functions', () => {
  it('CASE, IF, IFNULL, NULLIF, COALESCE', async () => {
    await runCases(fixture().session, [
      { sql: "SELECT CASE 2 WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'many' END, CASE WHEN NULL THEN 1 ELSE 0 END, CASE 5 WHEN 1 THEN 'x' END", rows: [['two', 0, null]] },
      { sql: "SELECT IF(1 > 2, 'y', 'n'), IF(NULL, 1, 2), IFNULL(NULL, 'd'), IFNULL(0, 'd'), NULLIF(3, 3), NULLIF(3, 4)", rows: [['n', 2, 'd', 0, null, 3]] },
      { sql: 'SELECT COALESCE(NULL, NULL, 3, 4), COALESCE(NULL), COALESCE(NULL, 1.5, 2)', rows: [[3, null, '1.5']] },
    ]);
  });

  it('CAST and CONVERT', async () => {
    await runCases(fixture().session, [
      { sql: "SELECT CAST('42' AS SIGNED), CAST(-1 AS UNSIGNED), CAST('3.7' AS DECIMAL(4,1)), CAST(3.7 AS SIGNED), CAST('abc' AS SIGNED)", rows: [[42, '18446744073709551615', '3.7', 4, 0]] },
      { sql: "SELECT CAST('2024-05-06 07:08:09' AS DATE), CAST('2024-05-06' AS DATETIME), CAST(123 AS CHAR), CONVERT('12', UNSIGNED), CAST('12:30' AS TIME)", rows: [['2024-05-06', '2024-05-06 00:00:00', '123', 12, '12:30:00']] },
      { sql: "SELECT CONVERT('abc' USING utf8mb4), CAST(1.5 AS DOUBLE), CAST('x' AS BINARY)", rows: [['abc', '1.5', 'x']] },
      { sql: "SELECT CAST('{\"a\":1}' AS JSON)", rows: [['{"a": 1}']] },
    ]);
  });
});

describe('string, math and date functions', () => {
  it('string functions', async () => {
    await runCases(fixture().session, [
      { sql: "SELECT CONCAT('a', 'b', 'c'), CONCAT('a', NULL), CONCAT_WS('-', 'a', NULL, 'b'), LENGTH('héllo'), CHAR_LENGTH('héllo')", rows: [['abc', null, 'a-b', 6, 5]] },
      { sql: "SELECT UPPER('abc'), LOWER('ABC'), SUBSTRING('hello', 2, 3), SUBSTRING('hello', -3), LEFT('hello', 2), RIGHT('hello', 2)", rows: [['ABC', 'abc', 'ell', 'llo', 'he', 'lo']] },
      { sql: "SELECT TRIM('  x  '), LTRIM('  x'), RTRIM('x  '), TRIM(LEADING 'a' FROM 'aaxa'), REPLACE('aXbX', 'X', 'y'), REVERSE('abc')", rows: [['x', 'x', 'x', 'xa', 'ayby', 'cba']] },
      { sql: "SELECT LPAD('5', 3, '0'), RPAD('ab', 4, '.'), REPEAT('ab', 3), INSTR('foobar', 'bar'), LOCATE('o', 'foo', 3), POSITION('b' IN 'abc')", rows: [['005', 'ab..', 'ababab', 4, 3, 2]] },
      { sql: "SELECT SUBSTRING_INDEX('a.b.c', '.', 2), SUBSTRING_INDEX('a.b.c', '.', -1), ASCII('A'), CHAR(65, 66), HEX('ab'), UNHEX('6162')", rows: [['a.b', 'c', 65, 'AB', '6162', 'ab']] },
      { sql: "SELECT STRCMP('a', 'b'), FIELD('b', 'a', 'b'), ELT(2, 'x', 'y'), SPACE(2), FORMAT(1234567.891, 2)", rows: [[-1, 2, 'y', '  ', '1,234,567.89']] },
    ]);
  });

  it('math functions', async () => {
    await runCases(fixture().session, [
      { sql: 'SELECT ABS(-3), CEIL(1.2), FLOOR(-1.2), ROUND(1.5), ROUND(-1.5), ROUND(1234.5678, -2), MOD(10, 3), 10 % 0', rows: [[3, 2, -2, 2, -2, '1200', 1, null]] },
      { sql: 'SELECT POW(2, 10), SQRT(16), SIGN(-5), GREATEST(1, 5, 3), LEAST(4, 2, 8), 5 / 0, PI()', rows: [['1024', '4', -1, 5, 2, null, '3.141593']] },
      { sql: 'SELECT 1 / 0', rows: [[null]], warnings: [1365] },
      { sql: 'SELECT EXP(0), LN(1), LOG10(100), LOG(2, 8), CONV(255, 10, 16), BIN(5)', rows: [['1', '0', '2', '3', 'FF', '101']] },
    ]);
  });

  it('date functions', async () => {
    await runCases(fixture().session, [
      { sql: "SELECT DATE_ADD('2024-01-31', INTERVAL 1 MONTH), DATE_SUB('2024-03-01', INTERVAL 1 DAY), '2024-01-01' + INTERVAL 1 YEAR", rows: [['2024-02-29', '2024-02-29', '2025-01-01']] },
      { sql: "SELECT DATEDIFF('2024-03-01', '2024-02-01'), TIMESTAMPDIFF(HOUR, '2024-01-01 00:00:00', '2024-01-02 06:00:00'), DAYOFWEEK('2024-01-01'), DAYNAME('2024-01-01')", rows: [[29, 30, 2, 'Monday']] },
      { sql: "SELECT DATE_FORMAT('2024-01-05 13:04:05', '%Y/%m/%d %H:%i:%s %W %M %j'), STR_TO_DATE('05/01/2024', '%d/%m/%Y')", rows: [['2024/01/05 13:04:05 Friday January 005', '2024-01-05']] },
      { sql: "SELECT LAST_DAY('2024-02-10'), DATE('2024-01-05 13:04:05'), TIME('2024-01-05 13:04:05'), EXTRACT(MONTH FROM '2024-07-04'), UNIX_TIMESTAMP('1970-01-02 00:00:00') > 0", rows: [['2024-02-29', '2024-01-05', '13:04:05', 7, 1]] },
      { sql: "SELECT NOW() = CURRENT_TIMESTAMP(), CURDATE() = DATE(NOW()), LENGTH(NOW()), YEAR(CURDATE()) >= 2024", rows: [[1, 1, 19, 1]] },
      { sql: "SELECT TIMEDIFF('12:00:00', '10:30:00'), ADDTIME('10:00:00', '01:30:00'), SEC_TO_TIME(3661), TIME_TO_SEC('01:01:01')", rows: [['01:30:00', '11:30:00', '01:01:01', 3661]] },
    ]);
  });
});

describe('information functions', () => {
  it('DATABASE, USER, VERSION, CONNECTION_ID', async () => {
    const s = fixture().session;
    const [row] = await rowsOf(s, 'SELECT DATABASE(), USER(), CURRENT_USER(), VERSION(), CONNECTION_ID()');
    expect(row?.slice(0, 2)).toEqual(['expr', 'root@localhost']);
    expect(row?.[2]).toMatch(/^root@/);
    expect(row?.[3]).toMatch(/^8\.0\.\d+-Strata/);
    expect(row?.[4]).toBe(String(s.connectionId));
  });

  it('LAST_INSERT_ID is the first id of the last multi-row insert; ROW_COUNT the last DML count', async () => {
    await runCases(fixture().session, [
      { sql: 'CREATE TABLE ai (id INT PRIMARY KEY AUTO_INCREMENT, v INT)', affected: 0 },
      { sql: 'SELECT LAST_INSERT_ID()', rows: [[0]] },
      { sql: 'INSERT INTO ai (v) VALUES (1), (2), (3)', affected: 3, lastInsertId: 1 },
      { sql: 'SELECT LAST_INSERT_ID(), ROW_COUNT()', rows: [[1, 3]] },
      { sql: 'INSERT INTO ai (v) VALUES (4)', affected: 1, lastInsertId: 4 },
      { sql: 'SELECT LAST_INSERT_ID()', rows: [[4]] },
      { sql: 'INSERT INTO ai (id, v) VALUES (100, 5)', affected: 1 },
      { sql: 'SELECT LAST_INSERT_ID()', rows: [[4]] },
      { sql: 'UPDATE ai SET v = v + 1 WHERE id < 3', affected: 2 },
      { sql: 'SELECT ROW_COUNT()', rows: [[2]] },
      { sql: 'SELECT ROW_COUNT()', rows: [[-1]] },
      { sql: 'SELECT LAST_INSERT_ID(42), LAST_INSERT_ID()', rows: [[42, 42]] },
      { sql: 'DELETE FROM ai WHERE v > 100', affected: 0 },
      { sql: 'SELECT ROW_COUNT()', rows: [[0]] },
    ]);
  });

  it('FOUND_ROWS counts rows without the LIMIT after SQL_CALC_FOUND_ROWS', async () => {
    await runCases(fixture().session, [
      { sql: 'CREATE TABLE fr (id INT PRIMARY KEY)', affected: 0 },
      { sql: 'INSERT INTO fr VALUES (1), (2), (3), (4), (5)', affected: 5 },
      { sql: 'SELECT SQL_CALC_FOUND_ROWS id FROM fr WHERE id > 1 ORDER BY id LIMIT 2', rows: [[2], [3]] },
      { sql: 'SELECT FOUND_ROWS()', rows: [[4]] },
      { sql: 'SELECT id FROM fr WHERE id < 3', rows: [[1], [2]] },
      { sql: 'SELECT FOUND_ROWS()', rows: [[2]] },
    ]);
  });
});
