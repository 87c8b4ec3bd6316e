// Views as a MySQL user meets them: CREATE [OR REPLACE] VIEW with and without a column list, reads
// that follow the base tables' current rows, joins and aggregates over views and views over
// views, SHOW FULL TABLES / SHOW CREATE VIEW / SHOW COLUMNS, DROP VIEW, and MySQL's errors for
// what a view cannot do here (INSERT, ALTER, DROP TABLE of a view, a view over a dropped table).
import { beforeAll, describe, it } from 'vitest';
import { exec, runCases, useSqlFixture } from './support.js';

const fixture = useSqlFixture('vw');

beforeAll(async () => {
  await exec(
    fixture().session,
    `CREATE TABLE t1 (x INT PRIMARY KEY, y VARCHAR(10));
     CREATE TABLE t2 (x INT, n INT);
     INSERT INTO t1 VALUES (1, 'a'), (2, 'b'), (3, 'c'), (-1, 'neg');
     INSERT INTO t2 VALUES (1, 10), (1, 11), (3, 30)`,
  );
});

describe('views', () => {
  it('read, join, aggregate and nest as MySQL does', async () => {
    await runCases(fixture().session, [
      { sql: 'CREATE VIEW pos AS SELECT x, y FROM t1 WHERE x > 0', affected: 0 },
      { sql: 'SELECT * FROM pos ORDER BY x', rows: [[1, 'a'], [2, 'b'], [3, 'c']], columns: ['x', 'y'] },
      { sql: "INSERT INTO t1 VALUES (4, 'd')", affected: 1 },
      { sql: 'SELECT COUNT(*), MAX(x) FROM pos', rows: [[4, 4]] },
      { sql: 'SELECT p.y, SUM(t2.n) FROM pos p JOIN t2 ON t2.x = p.x GROUP BY p.y ORDER BY p.y', rows: [['a', '21'], ['c', '30']] },
      { sql: 'CREATE VIEW totals (k, total) AS SELECT x, SUM(n) FROM t2 GROUP BY x', affected: 0 },
      { sql: 'SELECT k, total FROM totals ORDER BY k', rows: [[1, '21'], [3, '30']], columns: ['k', 'total'] },
      { sql: 'CREATE VIEW nested AS SELECT pos.y, totals.total FROM pos JOIN totals ON totals.k = pos.x', affected: 0 },
      { sql: 'SELECT * FROM nested ORDER BY y', rows: [['a', '21'], ['c', '30']] },
      { sql: 'SELECT y FROM pos WHERE x IN (SELECT k FROM totals) ORDER BY y', rows: [['a'], ['c']] },
      { sql: 'CREATE OR REPLACE VIEW pos AS SELECT x, y FROM t1 WHERE x > 2', affected: 0 },
      { sql: 'SELECT x FROM pos ORDER BY x', rows: [[3], [4]] },
      { sql: 'SELECT * FROM nested', rows: [['c', '30']] },
    ]);
  });

  it('show up in SHOW statements', async () => {
    await runCases(fixture().session, [
      { sql: 'CREATE VIEW shown (a, b) AS SELECT x, y FROM t1', affected: 0 },
      { sql: "SHOW FULL TABLES LIKE 'sho%'", rows: [['shown', 'VIEW']] },
      { sql: "SHOW FULL TABLES LIKE 't1'", rows: [['t1', 'BASE TABLE']] },
      { sql: 'SHOW CREATE VIEW shown', rows: [['shown', 'CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`localhost` SQL SECURITY DEFINER VIEW `shown` (`a`,`b`) AS SELECT x, y FROM t1', 'utf8mb4', 'utf8mb4_0900_ai_ci']] },
      { sql: 'SHOW COLUMNS FROM shown', rows: [['a', 'int', 'NO', '', null, ''], ['b', 'varchar(10)', 'YES', '', null, '']] },
      { sql: 'SHOW CREATE VIEW t1', error: 1347, message: "'vw.t1' is not VIEW" },
    ]);
  });

  it('answer MySQL errors for what they cannot do', async () => {
    await runCases(fixture().session, [
      { sql: 'CREATE VIEW bad AS SELECT nope FROM t1', error: 1054 },
      { sql: 'CREATE VIEW bad AS SELECT x FROM missing', error: 1146 },
      { sql: 'CREATE VIEW bad (a) AS SELECT x, y FROM t1', error: 1353 },
      { sql: 'CREATE VIEW t1 AS SELECT 1', error: 1050 },
      { sql: 'CREATE OR REPLACE VIEW t1 AS SELECT 1', error: 1347, message: "'vw.t1' is not VIEW" },
      { sql: 'CREATE VIEW ro AS SELECT x FROM t1', affected: 0 },
      { sql: 'CREATE VIEW ro AS SELECT x FROM t1', error: 1050 },
      { sql: 'INSERT INTO ro VALUES (9)', error: 1471 },
      { sql: 'UPDATE ro SET x = 9', error: 1288 },
      { sql: 'DELETE FROM ro', error: 1288, message: 'The target table ro of the DELETE is not updatable' },
      { sql: 'ALTER TABLE ro ADD COLUMN z INT', error: 1347, message: "'vw.ro' is not BASE TABLE" },
      { sql: 'TRUNCATE TABLE ro', error: 1347 },
      { sql: 'DROP TABLE ro', error: 1051 },
      { sql: 'DROP VIEW t1', error: 1347 },
      { sql: 'DROP VIEW nosuch', error: 1051 },
      { sql: 'DROP VIEW IF EXISTS nosuch', affected: 0, warnings: [1051] },
      { sql: 'CREATE TABLE gone (a INT)', affected: 0 },
      { sql: 'CREATE VIEW over_gone AS SELECT a FROM gone', affected: 0 },
      { sql: 'DROP TABLE gone', affected: 0 },
      { sql: 'SELECT * FROM over_gone', error: 1356 },
      { sql: 'DROP VIEW ro, over_gone', affected: 0 },
      { sql: 'SELECT * FROM ro', error: 1146 },
    ]);
  });
});
