// The access path the planner picks for each kind of query, pinned by the shape of EXPLAIN (and
// checked to return the right rows), so a change in the choice cannot slip in unnoticed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestSql, rows } from '../../helpers/sql.js';
import type { Session } from '../../../sql/session/session.js';

let sql: TestSql;
let s: Session;

beforeAll(async () => {
  sql = await TestSql.start();
  s = await sql.session();
  for (const stmt of [
    'CREATE DATABASE ap',
    'USE ap',
    'CREATE TABLE t (id INT PRIMARY KEY, a INT, b VARCHAR(20), c INT, UNIQUE KEY ub (b), KEY iac (a, c))',
    'CREATE TABLE s (k VARCHAR(10) PRIMARY KEY, v INT)',
    'CREATE TABLE n (x INT, y INT)',
    "INSERT INTO t VALUES (1, 10, 'one', 100), (2, 20, 'two', 200), (3, 20, 'three', 300), (4, 40, 'four', 400), (5, NULL, NULL, 500)",
    "INSERT INTO s VALUES ('a', 1), ('b', 2)",
    'INSERT INTO n VALUES (1, 1), (2, 2)',
  ])
    await s.query(stmt);
}, 60_000);

afterAll(async () => {
  await sql?.stop();
});

/** The operator names of EXPLAIN, top-down, without ids and tree drawing. */
async function shape(q: string): Promise<string[]> {
  const r = await rows(s, `EXPLAIN ${q}`);
  return r.map((row) => (row[0] ?? '').replace(/^[└├│─ ]+/, '').replace(/_\d+$/, ''));
}

async function accessObject(q: string): Promise<string[]> {
  const r = await rows(s, `EXPLAIN ${q}`);
  return r.map((row) => row[3] ?? '').filter((x) => x !== '');
}

const cases: { name: string; q: string; shape: string[]; rows: (string | null)[][]; object?: string }[] = [
  { name: 'point get on the integer primary key', q: 'SELECT b FROM t WHERE id = 3', shape: ['Projection', 'Point_Get'], rows: [['three']] },
  { name: 'batch point get on IN of the primary key', q: 'SELECT id FROM t WHERE id IN (4, 1, 9)', shape: ['Projection', 'Batch_Point_Get'], rows: [['1'], ['4']] },
  { name: 'point get by a unique index', q: "SELECT id FROM t WHERE b = 'two'", shape: ['Projection', 'Point_Get'], rows: [['2']], object: 'table:t, index:ub(b)' },
  { name: 'batch point get by a unique index on IN', q: "SELECT id FROM t WHERE b IN ('four', 'one', 'none') ORDER BY id", shape: ['Sort', 'Projection', 'Batch_Point_Get'], rows: [['1'], ['4']], object: 'table:t, index:ub(b)' },
  { name: 'point get on a string primary key (a unique index over a hidden handle)', q: "SELECT v FROM s WHERE k = 'b'", shape: ['Projection', 'Point_Get'], rows: [['2']] },
  // A bounded range of ≤ 1,000 handles is read here; a wider or open one goes to the stores.
  { name: 'primary key range scan', q: 'SELECT id FROM t WHERE id > 1 AND id <= 3', shape: ['Projection', 'TableRangeScan'], rows: [['2'], ['3']] },
  { name: 'an open primary key range is a cop range scan', q: 'SELECT id FROM t WHERE id > 3 AND c > 0', shape: ['Projection', 'TableReader', 'Selection', 'TableRangeScan'], rows: [['4'], ['5']] },
  { name: 'index range with lookup of the rows', q: 'SELECT b FROM t WHERE a = 20 ORDER BY b', shape: ['Sort', 'Projection', 'IndexLookUp'], rows: [['three'], ['two']], object: 'table:t, index:iac(a, c)' },
  { name: 'covering index read without lookup', q: 'SELECT a, c FROM t WHERE a >= 20 AND a < 40', shape: ['Projection', 'IndexReader'], rows: [['20', '200'], ['20', '300']] },
  { name: 'full table scan when nothing bounds a key', q: 'SELECT id FROM t WHERE c + 1 = 201', shape: ['Projection', 'TableReader', 'Selection', 'TableFullScan'], rows: [['2']] },
  { name: 'ORDER BY the primary key with LIMIT reads in key order (no sort)', q: 'SELECT id FROM t ORDER BY id DESC LIMIT 2', shape: ['Limit', 'Projection', 'TableFullScan'], rows: [['5'], ['4']] },
  { name: 'ORDER BY another column with LIMIT is a TopN', q: 'SELECT id FROM t ORDER BY c DESC LIMIT 1', shape: ['Projection', 'TopN', 'Projection', 'TableReader', 'TopN', 'TableFullScan'], rows: [['5']] },
  { name: 'hash join on an equality', q: 'SELECT t.id, n.y FROM t JOIN n ON t.id = n.x ORDER BY t.id', shape: ['Sort', 'Projection', 'HashJoin', 'TableFullScan', 'TableFullScan'], rows: [['1', '1'], ['2', '2']] },
  { name: 'index-lookup join reads the inner table by handle for each outer batch', q: 'SELECT x.id, y.b FROM t x JOIN t y ON y.id = x.id + 1 WHERE x.id BETWEEN 1 AND 2', shape: ['Projection', 'IndexJoin', 'TableRangeScan', 'TableRangeScan'], rows: [['1', 'two'], ['2', 'three']] },
  { name: 'index-lookup join probes a secondary index of the inner table', q: 'SELECT x.id, y.id FROM t x JOIN t y ON y.a = x.a WHERE x.id IN (2, 3, 5) ORDER BY x.id, y.id', shape: ['Sort', 'Projection', 'IndexJoin', 'Batch_Point_Get', 'IndexLookUp'], rows: [['2', '2'], ['2', '3'], ['3', '2'], ['3', '3']] },
  { name: 'index-lookup LEFT JOIN pads outer rows without a match', q: 'SELECT x.id, y.id FROM t x LEFT JOIN t y ON y.a = x.a AND y.id <> x.id WHERE x.id IN (1, 2, 5) ORDER BY x.id', shape: ['Sort', 'Projection', 'IndexJoin', 'Batch_Point_Get', 'IndexLookUp'], rows: [['1', null], ['2', '3'], ['5', null]] },
  { name: 'predicates pushed below a join to each side', q: 'SELECT t.id FROM t JOIN n ON t.id = n.x WHERE t.id = 2 AND n.y > 0', shape: ['Projection', 'HashJoin', 'Point_Get', 'TableReader', 'Selection', 'TableFullScan'], rows: [['2']] },
];

describe('access paths', () => {
  for (const c of cases) {
    it(c.name, async () => {
      expect(await shape(c.q)).toEqual(c.shape);
      expect(await rows(s, c.q)).toEqual(c.rows);
      if (c.object) expect(await accessObject(c.q)).toContain(c.object);
    });
  }

  it('EXPLAIN ANALYZE reports the rows each operator produced', async () => {
    const r = await rows(s, 'EXPLAIN ANALYZE SELECT id FROM t WHERE a = 20');
    const lookup = r.find((row) => (row[0] ?? '').includes('IndexReader'));
    expect(lookup?.[3]).toBe('2');
    expect(lookup?.[5]).toMatch(/^time:\d+\.\d+ms, loops:1$/);
  });
});
