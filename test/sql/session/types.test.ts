// Column types as a client sees them through SQL: integer ranges to the 64-bit edges, exact
// DECIMAL arithmetic and rounding, floats, strings and binaries, temporals, BOOLEAN, ENUM, JSON;
// strict mode's errors (1264, 1406, 1366, 1048) and, with sql_mode='', the warnings and the
// clipped values stored instead.
import { describe, it } from 'vitest';
import { runCases, useSqlFixture } from './support.js';

const fixture = useSqlFixture('types');

describe('integer types', () => {
  it('store the full signed and unsigned ranges and reject values outside them with 1264', async () => {
    await runCases(fixture().session, [
      { sql: 'CREATE TABLE ints (id INT PRIMARY KEY, ti TINYINT, uti TINYINT UNSIGNED, si SMALLINT, mi MEDIUMINT, i INT, ui INT UNSIGNED, bi BIGINT, ubi BIGINT UNSIGNED)', affected: 0 },
      { sql: 'INSERT INTO ints VALUES (1, -128, 255, -32768, -8388608, -2147483648, 4294967295, -9223372036854775808, 18446744073709551615)', affected: 1 },
      { sql: 'INSERT INTO ints VALUES (2, 127, 0, 32767, 8388607, 2147483647, 0, 9223372036854775807, 0)', affected: 1 },
      { sql: 'SELECT ti, uti, si, mi, i, ui, bi, ubi FROM ints ORDER BY id', rows: [
        [-128, 255, -32768, -8388608, -2147483648, 4294967295, '-9223372036854775808', '18446744073709551615'],
        [127, 0, 32767, 8388607, 2147483647, 0, '9223372036854775807', 0],
      ] },
      { sql: 'INSERT INTO ints (id, ti) VALUES (3, 128)', error: 1264, message: "Out of range value for column 'ti' at row 1" },
      { sql: 'INSERT INTO ints (id, uti) VALUES (3, -1)', error: 1264 },
      { sql: 'INSERT INTO ints (id, ubi) VALUES (3, 18446744073709551616)', error: 1264 },
      { sql: 'INSERT INTO ints (id, bi) VALUES (3, -9223372036854775809)', error: 1264 },
      { sql: 'INSERT INTO ints (id, ui) VALUES (3, 4294967296)', error: 1264 },
      { sql: "INSERT INTO ints (id, i) VALUES (3, '12abc')", error: 1265 },
      { sql: "INSERT INTO ints (id, i) VALUES (3, 'abc')", error: 1366, message: "Incorrect integer value: 'abc' for column 'i' at row 1" },
      { sql: 'INSERT INTO ints (id, i) VALUES (3, 2.5), (4, -2.5), (5, 1.4)', affected: 3 },
      { sql: 'SELECT id, i FROM ints WHERE id >= 3 ORDER BY id', rows: [[3, 3], [4, -3], [5, 1]] },
      { sql: 'SELECT ubi FROM ints WHERE ubi > 9223372036854775807', rows: [['18446744073709551615']] },
      { sql: 'SELECT ubi - 1 FROM ints WHERE id = 1', rows: [['18446744073709551614']] },
      { sql: 'SELECT bi FROM ints WHERE bi < 0 AND id = 1', rows: [['-9223372036854775808']] },
      { sql: 'SELECT ubi + 1 FROM ints WHERE id = 1', error: 1690 },
      { sql: 'SELECT bi - 1 FROM ints WHERE id = 1', error: 1690 },
      { sql: 'SELECT 9223372036854775807 + 1', error: 1690 },
      { sql: 'SELECT MAX(ubi), MIN(bi) FROM ints', rows: [['18446744073709551615', '-9223372036854775808']] },
      { sql: 'SELECT ubi FROM ints ORDER BY ubi DESC LIMIT 2', rows: [['18446744073709551615'], ['0']] },
    ]);
  });

  it('clip to the range with warning 1264 when sql_mode is not strict', async () => {
    const s = fixture().session;
    await runCases(s, [
      { sql: "SET sql_mode = ''", affected: 0 },
      { sql: 'CREATE TABLE lax (id INT PRIMARY KEY, ti TINYINT, uti TINYINT UNSIGNED, i INT NOT NULL, v VARCHAR(3), d DECIMAL(5,2))', affected: 0 },
      { sql: 'INSERT INTO lax VALUES (1, 300, -5, 1, "abcdef", 12345.678)', affected: 1, warnings: [1264, 1264, 1265, 1264] },
      { sql: 'SELECT ti, uti, i, v, d FROM lax', rows: [[127, 0, 1, 'abc', '999.99']] },
      { sql: "INSERT INTO lax (id, i) VALUES (2, 'xyz')", affected: 1, warnings: [1366] },
      { sql: 'INSERT INTO lax (id, i) VALUES (3, NULL)', affected: 1, warnings: [1048] },
      { sql: 'SELECT id, i FROM lax WHERE id > 1 ORDER BY id', rows: [[2, 0], [3, 0]] },
      { sql: 'UPDATE lax SET ti = 1000 WHERE id = 1', affected: 0, warnings: [1264] },
      { sql: 'UPDATE lax SET ti = -1000 WHERE id = 1', affected: 1, warnings: [1264] },
      { sql: 'SELECT ti FROM lax WHERE id = 1', rows: [[-128]] },
      { sql: 'SHOW WARNINGS', rows: [] },
      { sql: "SET sql_mode = DEFAULT", affected: 0 },
      { sql: 'INSERT INTO lax (id, i) VALUES (4, NULL)', error: 1048, message: "Column 'i' cannot be null" },
      { sql: "INSERT INTO lax (id, i, v) VALUES (4, 1, 'abcd')", error: 1406, message: "Data too long for column 'v' at row 1" },
    ]);
  });

  it('SHOW WARNINGS lists the warnings of the previous statement', async () => {
    await runCases(fixture().session, [
      { sql: "SET sql_mode = ''", affected: 0 },
      { sql: 'CREATE TABLE warn (a TINYINT)', affected: 0 },
      { sql: 'INSERT INTO warn VALUES (1000)', affected: 1 },
      { sql: 'SHOW WARNINGS', rows: [['Warning', 1264, "Out of range value for column 'a' at row 1"]] },
      { sql: 'SELECT a FROM warn', rows: [[127]] },
      { sql: "SET sql_mode = DEFAULT", affected: 0 },
    ]);
  });
});

describe('DECIMAL', () => {
  it('stores exactly, rounds half away from zero on insert, and computes exactly', async () => {
    await runCases(fixture().session, [
      { sql: 'CREATE TABLE money (id INT PRIMARY KEY, amount DECIMAL(10,2), big DECIMAL(65,30))', affected: 0 },
      { sql: "INSERT INTO money VALUES (1, 1.005, '0.1'), (2, -1.005, '0.2'), (3, 12345678.999, 1), (4, 0.1, 0)", affected: 4, warnings: [1265, 1265, 1265] },
      { sql: 'SELECT id, amount FROM money ORDER BY id', rows: [[1, '1.01'], [2, '-1.01'], [3, '12345679.00'], [4, '0.10']] },
      { sql: 'SELECT big FROM money WHERE id = 1', rows: [['0.100000000000000000000000000000']] },
      { sql: 'SELECT SUM(big) FROM money', rows: [['1.300000000000000000000000000000']] },
      { sql: 'SELECT 0.1 + 0.2 = 0.3, 0.1 + 0.2', rows: [[1, '0.3']] },
      { sql: 'SELECT 1.10 * 3, 10 / 4, 1 / 3, 7 DIV 2, 7 MOD 3, -7 % 3', rows: [['3.30', '2.5000', '0.3333', 3, 1, -1]] },
      { sql: 'SELECT amount * 2 FROM money WHERE id = 4', rows: [['0.20']] },
      { sql: 'INSERT INTO money (id, amount) VALUES (5, 123456789.1)', error: 1264 },
      { sql: 'SELECT CAST(2.5 AS DECIMAL(3,0)), CAST(-2.5 AS DECIMAL(3,0)), ROUND(2.345, 2), ROUND(-2.5), TRUNCATE(2.789, 1)', rows: [['3', '-3', '2.35', '-3', '2.7']] },
      { sql: 'SELECT AVG(amount) FROM money WHERE id IN (1, 3)', rows: [['6172840.005000']] },
    ]);
  });
});

describe('FLOAT and DOUBLE', () => {
  it('store approximate values and print them as MySQL does', async () => {
    await runCases(fixture().session, [
      { sql: 'CREATE TABLE f (id INT PRIMARY KEY, x FLOAT, y DOUBLE)', affected: 0 },
      { sql: 'INSERT INTO f VALUES (1, 1.5, 0.1), (2, 3.14159265, 1e300), (3, -0.000001, -2.5e-10)', affected: 3 },
      { sql: 'SELECT x, y FROM f ORDER BY id', rows: [['1.5', '0.1'], ['3.14159', '1e300'], ['-0.000001', '-0.00000000025']] },
      { sql: 'SELECT y + y FROM f WHERE id = 1', rows: [['0.2']] },
      { sql: 'SELECT 0.1E0 + 0.2E0', rows: [['0.30000000000000004']] },
      { sql: 'SELECT 1e308 * 10', error: 1690 },
      { sql: 'SELECT SUM(y) FROM f WHERE id <> 2', rows: [['0.09999999975']] },
    ]);
  });
});

describe('string and binary types', () => {
  it('CHAR strips trailing spaces, VARCHAR keeps them, BINARY pads with zero bytes, lengths are checked', async () => {
    await runCases(fixture().session, [
      { sql: 'CREATE TABLE s (id INT PRIMARY KEY, c CHAR(5), v VARCHAR(5), t TEXT, b BLOB, bn BINARY(3), vb VARBINARY(4))', affected: 0 },
      { sql: "INSERT INTO s VALUES (1, 'ab  ', 'ab  ', 'long text', 'blob', 'x', 'xyz')", affected: 1 },
      { sql: 'SELECT CONCAT(c, "|"), CONCAT(v, "|"), t, LENGTH(bn), HEX(bn), HEX(vb), HEX(b) FROM s', rows: [['ab|', 'ab  |', 'long text', 3, '780000', '78797A', '626C6F62']] },
      { sql: "SELECT id FROM s WHERE c = 'ab'", rows: [[1]] },
      { sql: "SELECT id FROM s WHERE v = 'ab'", rows: [[1]] },
      { sql: "INSERT INTO s (id, c) VALUES (2, 'abcdef')", error: 1406, message: "Data too long for column 'c' at row 1" },
      { sql: "INSERT INTO s (id, vb) VALUES (2, 'abcde')", error: 1406 },
      { sql: "INSERT INTO s (id, v) VALUES (2, '日本語です')", affected: 1 },
      { sql: 'SELECT v, LENGTH(v), CHAR_LENGTH(v) FROM s WHERE id = 2', rows: [['日本語です', 15, 5]] },
      { sql: "INSERT INTO s (id, vb) VALUES (3, X'00FF')", affected: 1 },
      { sql: 'SELECT HEX(vb), LENGTH(vb) FROM s WHERE id = 3', rows: [['00FF', 2]] },
    ]);
  });
});

describe('temporal types', () => {
  it('store, normalize, compare and reject invalid DATE/DATETIME/TIMESTAMP/TIME/YEAR', async () => {
    await runCases(fixture().session, [
      { sql: 'CREATE TABLE tm (id INT PRIMARY KEY, d DATE, dt DATETIME, dt3 DATETIME(3), ts TIMESTAMP NULL, t TIME, y YEAR)', affected: 0 },
      { sql: "INSERT INTO tm VALUES (1, '2024-02-29', '2024-02-29 13:14:15', '2024-01-01 00:00:00.1239', '2024-03-01 10:00:00', '838:59:59', 2024)", affected: 1 },
      { sql: "INSERT INTO tm VALUES (2, 20240101, '2024-1-2 3:4:5', '2024-01-01', NULL, '-12:30', 69)", affected: 1 },
      { sql: 'SELECT d, dt, dt3, ts, t, y FROM tm ORDER BY id', rows: [
        ['2024-02-29', '2024-02-29 13:14:15', '2024-01-01 00:00:00.124', '2024-03-01 10:00:00', '838:59:59', '2024'],
        ['2024-01-01', '2024-01-02 03:04:05', '2024-01-01 00:00:00.000', null, '-12:30:00', '2069'],
      ] },
      { sql: "SELECT id FROM tm WHERE d > '2024-01-15'", rows: [[1]] },
      { sql: "SELECT id FROM tm WHERE dt BETWEEN '2024-01-01' AND '2024-01-31'", rows: [[2]] },
      { sql: "INSERT INTO tm (id, d) VALUES (3, '2023-02-29')", error: 1292, message: "Incorrect date value: '2023-02-29' for column 'd' at row 1" },
      { sql: "INSERT INTO tm (id, dt) VALUES (3, 'not a date')", error: 1292 },
      { sql: "INSERT INTO tm (id, t) VALUES (3, '839:00:00')", error: 1292 },
      { sql: "INSERT INTO tm (id, y) VALUES (3, 1900)", error: 1264 },
      { sql: "INSERT INTO tm (id, d) VALUES (3, '0000-00-00')", error: 1292 },
      { sql: 'SELECT YEAR(d), MONTH(d), DAY(d), HOUR(dt), MINUTE(dt), SECOND(dt) FROM tm WHERE id = 1', rows: [[2024, 2, 29, 13, 14, 15]] },
    ]);
  });
});

describe('BOOLEAN and ENUM', () => {
  it('BOOLEAN is TINYINT(1); ENUM stores members, compares by name, sorts by index, rejects others', async () => {
    await runCases(fixture().session, [
      { sql: "CREATE TABLE be (id INT PRIMARY KEY, flag BOOLEAN, size ENUM('small', 'medium', 'large'))", affected: 0 },
      { sql: "INSERT INTO be VALUES (1, TRUE, 'large'), (2, FALSE, 'small'), (3, NULL, 'medium'), (4, 5, 2)", affected: 4 },
      { sql: 'SELECT id, flag, size FROM be ORDER BY id', rows: [[1, 1, 'large'], [2, 0, 'small'], [3, null, 'medium'], [4, 5, 'medium']] },
      { sql: 'SELECT id FROM be WHERE flag', rows: [[1], [4]] },
      { sql: 'SELECT id FROM be WHERE flag IS TRUE', rows: [[1], [4]] },
      { sql: 'SELECT id FROM be WHERE flag IS NOT TRUE', rows: [[2], [3]] },
      { sql: "SELECT id FROM be WHERE size = 'medium' ORDER BY id", rows: [[3], [4]] },
      { sql: 'SELECT size, size + 0 FROM be ORDER BY size, id', rows: [['small', 1], ['medium', 2], ['medium', 2], ['large', 3]] },
      { sql: "INSERT INTO be VALUES (5, 1, 'huge')", error: 1265, message: "Data truncated for column 'size' at row 1" },
    ]);
  });
});

describe('JSON', () => {
  it('stores documents, normalizes them, compares them and extracts with -> / ->> / JSON_EXTRACT', async () => {
    await runCases(fixture().session, [
      { sql: 'CREATE TABLE j (id INT PRIMARY KEY, doc JSON)', affected: 0 },
      { sql: `INSERT INTO j VALUES (1, '{"b": 2, "a": [1, 2, {"c": "x"}]}'), (2, '[1, "two", null, true]'), (3, '"str"'), (4, NULL)`, affected: 4 },
      { sql: 'SELECT id, doc FROM j ORDER BY id', rows: [[1, '{"a": [1, 2, {"c": "x"}], "b": 2}'], [2, '[1, "two", null, true]'], [3, '"str"'], [4, null]] },
      { sql: "SELECT doc->'$.b', doc->'$.a[2].c', doc->>'$.a[2].c' FROM j WHERE id = 1", rows: [['2', '"x"', 'x']] },
      { sql: "SELECT JSON_EXTRACT(doc, '$[1]'), JSON_EXTRACT(doc, '$[5]') FROM j WHERE id = 2", rows: [['"two"', null]] },
      { sql: "SELECT id FROM j WHERE doc->'$.b' = 2", rows: [[1]] },
      { sql: "SELECT id FROM j WHERE doc->>'$.a[2].c' = 'x'", rows: [[1]] },
      { sql: `SELECT id FROM j WHERE doc = CAST('{"a": [1, 2, {"c": "x"}], "b": 2}' AS JSON)`, rows: [[1]] },
      { sql: "SELECT JSON_TYPE(doc) FROM j ORDER BY id", rows: [['OBJECT'], ['ARRAY'], ['STRING'], [null]] },
      { sql: "INSERT INTO j VALUES (5, '{not json')", error: 3140 },
      { sql: `SELECT JSON_OBJECT('k', 1, 'l', 'v'), JSON_ARRAY(1, 'a', NULL)`, rows: [['{"k": 1, "l": "v"}', '[1, "a", null]']] },
    ]);
  });
});
