// Filters pushed to the stores give the same answers as filters run on the SQL server: a query
// corpus over a table spread across several regions (NULLs, BIGINT UNSIGNED at 2^64-1, decimals,
// PAD SPACE strings, datetimes, a column added after the rows were written) runs with
// @@strata_enable_cop_pushdown off and on, and every answer is identical. Scans the stores must
// not filter (own uncommitted writes, FOR UPDATE, _ci collations) still answer right, and
// EXPLAIN shows which operators run on the stores.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toInternal } from '../../../kv/meta.js';
import { rowKey } from '../../../sql/codec/index.js';
import type { Session } from '../../../sql/session/session.js';
import { rows, TestSql } from '../../helpers/sql.js';

const CORPUS = [
  'SELECT id, a FROM t WHERE a > 5 ORDER BY id',
  'SELECT id FROM t WHERE a IS NULL ORDER BY id',
  'SELECT id, u FROM t WHERE u >= 18446744073709551615 ORDER BY id',
  'SELECT id FROM t WHERE u <> 7 AND a < 3 ORDER BY id',
  'SELECT id, d FROM t WHERE d * 2.00 >= 100.50 OR d IS NULL ORDER BY id',
  "SELECT id, s FROM t WHERE s = 's1' ORDER BY id",
  "SELECT id FROM t WHERE s LIKE 's%' AND NOT (a IN (1, 2, 3)) ORDER BY id",
  "SELECT COUNT(*), SUM(a), MAX(s) FROM t WHERE dt >= '2024-01-15'",
  'SELECT id FROM t WHERE IFNULL(a, 0) = 0 ORDER BY id',
  'SELECT id, extra FROM t WHERE extra = 42 ORDER BY id',
  'SELECT id FROM t WHERE a = 1.5 ORDER BY id',
  'SELECT a, COUNT(*) FROM t WHERE id > 10 GROUP BY a ORDER BY a',
  "SELECT id FROM t WHERE ci = 'ABC' ORDER BY id",
  'SELECT id FROM t WHERE id BETWEEN 20 AND 40 AND a > 2 ORDER BY id',
  'SELECT id, s FROM t WHERE a > 2 LIMIT 5',
  'SELECT id FROM t WHERE u < 100 LIMIT 3, 4',
];

describe('@@strata_enable_cop_pushdown', () => {
  let sql: TestSql;
  let s: Session;
  /** Coprocessor requests sent by the SQL server (the client's send, counted). */
  let copCalls = 0;

  beforeAll(async () => {
    sql = await TestSql.start();
    s = await sql.session();
    await s.query('CREATE DATABASE cop');
    await s.query('USE cop');
    await s.query(
      'CREATE TABLE t (id INT PRIMARY KEY, a INT, u BIGINT UNSIGNED, d DECIMAL(10,2), s VARCHAR(10), dt DATETIME, ci VARCHAR(10) COLLATE utf8mb4_general_ci)',
    );
    const values: string[] = [];
    for (let i = 1; i <= 60; i++) {
      const a = i % 7 === 0 ? 'NULL' : String(i % 9);
      const u = i === 60 ? '18446744073709551615' : String(i * 3);
      const d = i % 11 === 0 ? 'NULL' : (i * 1.75).toFixed(2);
      const str = i % 5 === 0 ? "'s1 '" : `'s${i % 4}'`;
      values.push(`(${i}, ${a}, ${u}, ${d}, ${str}, '2024-01-${String((i % 28) + 1).padStart(2, '0')} 10:00:00', '${i % 2 ? 'abc' : 'ABC'}')`);
    }
    await s.query(`INSERT INTO t VALUES ${values.join(',')}`);
    await s.query('ALTER TABLE t ADD COLUMN extra INT DEFAULT 42');
    await s.query('UPDATE t SET extra = 7 WHERE id % 10 = 0');
    const info = sql.engine.syncer.infoSchema().table('cop', 't');
    if (!info) throw new Error('no table t');
    await sql.engine.client.splitRegions([15n, 30n, 45n].map((h) => toInternal('txn', rowKey(BigInt(info.id), h))));
    const cop = sql.engine.client.cop;
    const send = cop.send.bind(cop);
    cop.send = (req) => {
      copCalls++;
      return send(req);
    };
  });

  afterAll(async () => {
    await sql?.stop();
  });

  it('every query of the corpus answers the same with pushdown off and on', async () => {
    await s.query('SET @@strata_enable_cop_pushdown = OFF');
    const off: (string | null)[][][] = [];
    for (const q of CORPUS) off.push(await rows(s, q));
    expect(copCalls).toBe(0);
    await s.query('SET @@strata_enable_cop_pushdown = ON');
    const on: (string | null)[][][] = [];
    const pushed: string[] = [];
    for (const q of CORPUS) {
      const before = copCalls;
      on.push(await rows(s, q));
      if (copCalls > before) pushed.push(q);
    }
    // Conditions with an implicit cast (INT = 1.5, DATETIME >= a string) or a _ci collation stay
    // on the SQL server.
    expect(pushed).toEqual(CORPUS.filter((q) => !q.includes('1.5') && !q.includes('ci =') && !q.includes("dt >=")));
    CORPUS.forEach((q, i) => expect(on[i], q).toEqual(off[i]));
    // The corpus is not vacuous.
    expect(off[2]).toEqual([['60', '18446744073709551615']]);
    expect(off[9]?.length).toBe(54);
  });

  it('EXPLAIN shows the filter and the scan as cop[tikv] under a TableReader when pushed', async () => {
    await s.query('SET @@strata_enable_cop_pushdown = ON');
    const plan = await rows(s, 'EXPLAIN SELECT id FROM t WHERE a > 5');
    expect(plan.map((r) => [r[0]?.replace(/_\d+$/, ''), r[2]])).toEqual([
      ['Projection', 'root'],
      ['└─TableReader', 'root'],
      ['  └─Selection', 'cop[tikv]'],
      ['    └─TableFullScan', 'cop[tikv]'],
    ]);
    expect(plan[2]?.[4]).toBe('gt(t.a, 5)');
    const limited = await rows(s, 'EXPLAIN SELECT id FROM t WHERE a > 5 LIMIT 2, 3');
    expect(limited.map((r) => [r[0]?.replace(/_\d+$/, ''), r[2], r[4]])).toEqual([
      ['Limit', 'root', 'offset:2, count:3'],
      ['└─Projection', 'root', expect.anything()],
      ['  └─TableReader', 'root', expect.stringMatching(/^data:Limit/)],
      ['    └─Limit', 'cop[tikv]', 'offset:0, count:5'],
      ['      └─Selection', 'cop[tikv]', 'gt(t.a, 5)'],
      ['        └─TableFullScan', 'cop[tikv]', expect.anything()],
    ]);
    const kept = await rows(s, 'EXPLAIN SELECT id FROM t WHERE a = 1.5');
    expect(kept.some((r) => r[2] === 'cop[tikv]')).toBe(false);
    await s.query('SET @@strata_enable_cop_pushdown = OFF');
    const off = await rows(s, 'EXPLAIN SELECT id FROM t WHERE a > 5');
    expect(off.some((r) => r[2] === 'cop[tikv]')).toBe(false);
  });

  it('a transaction sees its own uncommitted writes with pushdown on', async () => {
    await s.query('SET @@strata_enable_cop_pushdown = ON');
    await s.query('BEGIN');
    await s.query('INSERT INTO t (id, a) VALUES (1000, 100)');
    const before = copCalls;
    expect(await rows(s, 'SELECT id FROM t WHERE a > 50')).toEqual([['1000']]);
    expect(copCalls).toBe(before);
    await s.query('ROLLBACK');
    expect(await rows(s, 'SELECT id FROM t WHERE a > 50')).toEqual([]);
    expect(copCalls).toBe(before + 1);
  });
});
