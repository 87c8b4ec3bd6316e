// The analytic workload of issue 10 (and of the coprocessor benchmark): one table
// t(id, k, g, v, w) and five queries that each read the whole table — COUNT(*); SUM/AVG with a
// 1% WHERE; GROUP BY a low- (10 groups) and a high-cardinality (rows/10 groups) column; ORDER BY
// v LIMIT 10. The rows are a pure function of their number and the table size, so Strata and
// MariaDB hold the same rows and must give the same answers.
export const ANALYTIC_TABLE = 't';

export const ANALYTIC_DDL = `CREATE TABLE ${ANALYTIC_TABLE} (id BIGINT PRIMARY KEY, k INT NOT NULL, g INT NOT NULL, v INT NOT NULL, w INT NOT NULL)`;

export const ANALYTIC_QUERIES: readonly (readonly [string, string])[] = [
  ['COUNT(*)', 'SELECT COUNT(*) FROM t'],
  ['SUM, AVG WHERE w = 7 (1%)', 'SELECT SUM(v), AVG(v) FROM t WHERE w = 7'],
  ['GROUP BY k (10 groups)', 'SELECT k, COUNT(*), SUM(v) FROM t GROUP BY k ORDER BY k'],
  ['GROUP BY g (rows/10 groups)', 'SELECT g, COUNT(*), MAX(v) FROM t GROUP BY g ORDER BY g'],
  ['ORDER BY v LIMIT 10', 'SELECT id, v FROM t ORDER BY v, id LIMIT 10'],
];

/** Row i of a table of `rows` rows: id, k (10 values), g (rows/10 values), v (distinct,
 *  scattered: 7919·i mod a prime above 1,000,000), w (100 values). */
export function analyticRows(rows: number): (i: number) => bigint[] {
  const groups = Math.max(1, Math.floor(rows / 10));
  return (i) => [BigInt(i + 1), BigInt(i % 10), BigInt(i % groups), BigInt((i * 7919) % 1_000_003), BigInt(i % 100)];
}
