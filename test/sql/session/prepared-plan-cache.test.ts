// The prepared-plan cache (sql/planner/plan-cache.ts, Session.preparedPlan): an execution of a
// prepared query reuses the plan of an earlier one with its own parameter values, and a user
// sees exactly what a fresh plan gives — across NULLs, other types, LIMIT ?, schema changes and
// variable changes — with @@tidb_enable_prepared_plan_cache on or off. @@last_plan_from_cache
// shows which executions the cache served.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestSql } from '../../helpers/sql.js';
import { collect, type CollectedResult } from '../../../sql/session/result.js';
import type { Session } from '../../../sql/session/session.js';
import { Decimal, valueToString, type Value } from '../../../sql/types/index.js';

let sql: TestSql;
let cached: Session;
let fresh: Session;

beforeAll(async () => {
  sql = await TestSql.start();
  cached = await sql.session();
  await cached.query('CREATE DATABASE pc');
  await cached.query('USE pc');
  await cached.query('CREATE TABLE t (id BIGINT PRIMARY KEY, k INT NOT NULL, c VARCHAR(20), d DECIMAL(6,2), INDEX (k))');
  await cached.query("INSERT INTO t VALUES (1, 10, 'one', 1.50), (2, 20, 'two', NULL), (3, 10, 'three', 3.25), (4, 40, NULL, 4.00), (5, 50, 'five', 0.10)");
  fresh = await sql.session('pc');
  await fresh.query('SET tidb_enable_prepared_plan_cache = 0');
}, 60_000);

afterAll(async () => {
  await sql?.stop();
});

/** Rows as the client prints them, and the column names and types. */
function shown(r: CollectedResult): { rows: (string | null)[][]; columns: string[] } {
  if (r.kind !== 'rows') return { rows: [], columns: [] };
  return {
    rows: r.rows.map((row) => row.map((v, i) => (v === null ? null : valueToString(v, r.columns[i]?.type)))),
    columns: r.columns.map((c) => `${c.name}:${c.type.kind}`),
  };
}

async function exec(s: Session, id: number, params: readonly Value[]): Promise<{ rows: (string | null)[][]; columns: string[] }> {
  return shown(await collect(await s.executePrepared(id, params)));
}

/** Rows or the error's code: both sessions must agree on either. */
async function outcome(s: Session, id: number, params: readonly Value[]): Promise<unknown> {
  try {
    return await exec(s, id, params);
  } catch (err) {
    return { error: (err as { mysqlErrno?: number }).mysqlErrno ?? String(err) };
  }
}

async function fromCache(s: Session): Promise<string> {
  const r = await s.query('SELECT @@last_plan_from_cache');
  return r.kind === 'rows' ? String(r.rows[0]?.[0]) : '?';
}

describe('a cached plan', () => {
  it('serves later executions of a point select with each execution’s key', async () => {
    const p = await cached.prepare('SELECT c FROM t WHERE id = ?');
    const seen: string[] = [];
    const got: (string | null)[][][] = [];
    for (const id of [3n, 1n, 2n, 9n, 5n]) {
      got.push((await exec(cached, p.id, [id])).rows);
      seen.push(await fromCache(cached));
    }
    expect(got).toEqual([[['three']], [['one']], [['two']], [], [['five']]]);
    expect(seen).toEqual(['0', '1', '1', '1', '1']);
  });

  it('gives the rows a fresh plan gives for NULL, other types and out-of-range values', async () => {
    const queries = [
      'SELECT id, c FROM t WHERE id = ?',
      'SELECT id FROM t WHERE id BETWEEN ? AND ? ORDER BY id',
      'SELECT id, k FROM t WHERE k = ? ORDER BY id',
      'SELECT SUM(k), COUNT(*) FROM t WHERE id IN (?, ?)',
      'SELECT id FROM t WHERE c = ? OR d > ? ORDER BY id DESC',
      'SELECT ? + 1, ? AS v',
      'SELECT id FROM t WHERE id > ? ORDER BY id DESC LIMIT 2',
      'SELECT t1.id, t2.id FROM t t1 JOIN t t2 ON t1.k = t2.k WHERE t1.id = ? ORDER BY t2.id',
    ];
    let hits = 0;
    const values: Value[] = [1n, null, '2', 2.0, 2.5, Decimal.fromString('3.00'), -1n, 9223372036854775807n, 'three', 0n, 3n];
    for (const q of queries) {
      const pc = await cached.prepare(q);
      const pf = await fresh.prepare(q);
      for (let i = 0; i < values.length; i++) {
        const params = Array.from({ length: pc.paramCount }, (_, j) => values[(i + j) % values.length] as Value);
        const want = await outcome(fresh, pf.id, params);
        const got = await outcome(cached, pc.id, params);
        if ((await fromCache(cached)) === '1') hits++;
        expect(got, `${q} with ${params.map(String).join(', ')}`).toEqual(want);
      }
    }
    // Most executions ran the cached plan (the others had values needing another access path
    // or another parameter type than the entry's).
    expect(hits).toBeGreaterThan(queries.length * 2);
  });

  it('serves every SELECT of sysbench oltp_read_only from the second execution on', async () => {
    const statements = [
      ['SELECT c FROM t WHERE id=?', [2n], [['two']]],
      ['SELECT c FROM t WHERE id BETWEEN ? AND ?', [2n, 3n], [['two'], ['three']]],
      ['SELECT SUM(k) FROM t WHERE id BETWEEN ? AND ?', [1n, 3n], [['40']]],
      ['SELECT c FROM t WHERE id BETWEEN ? AND ? ORDER BY c', [1n, 3n], [['one'], ['three'], ['two']]],
      ['SELECT DISTINCT c FROM t WHERE id BETWEEN ? AND ? ORDER BY c', [1n, 4n], [[null], ['one'], ['three'], ['two']]],
    ] as const;
    for (const [q, params, want] of statements) {
      const p = await cached.prepare(q);
      await exec(cached, p.id, params);
      expect((await exec(cached, p.id, params)).rows, q).toEqual(want);
      expect(await fromCache(cached), q).toBe('1');
    }
  });

  it('is not kept when a parameter sets LIMIT, but every execution is right', async () => {
    const p = await cached.prepare('SELECT id FROM t ORDER BY id LIMIT ?');
    expect((await exec(cached, p.id, [1n])).rows).toEqual([['1']]);
    expect((await exec(cached, p.id, [3n])).rows).toEqual([['1'], ['2'], ['3']]);
    expect(await fromCache(cached)).toBe('0');
    expect((await exec(cached, p.id, [0n])).rows).toEqual([]);
  });

  it('is not kept when a function was specialised on a parameter’s value', async () => {
    const p = await cached.prepare('SELECT ROUND(d, ?) FROM t WHERE id = ?');
    expect((await exec(cached, p.id, [0n, 3n])).rows).toEqual([['3']]);
    expect((await exec(cached, p.id, [1n, 3n])).rows).toEqual([['3.3']]);
    expect(await fromCache(cached)).toBe('0');
  });

  it('is not kept when the query reads a user variable', async () => {
    const p = await cached.prepare('SELECT id FROM t WHERE id = ? + @off');
    await cached.query('SET @off = 1');
    expect((await exec(cached, p.id, [1n])).rows).toEqual([['2']]);
    await cached.query('SET @off = 2');
    expect((await exec(cached, p.id, [1n])).rows).toEqual([['3']]);
    expect(await fromCache(cached)).toBe('0');
  });

  it('is dropped by a schema change: new columns, a new index, a dropped table', async () => {
    const s = await sql.session('pc');
    await s.query('CREATE TABLE u (id BIGINT PRIMARY KEY, v VARCHAR(10))');
    await s.query("INSERT INTO u VALUES (1, 'a'), (2, 'b'), (3, 'b')");
    const star = await s.prepare('SELECT * FROM u WHERE id = ?');
    const byV = await s.prepare('SELECT id FROM u WHERE v = ? ORDER BY id');
    await exec(s, star.id, [1n]);
    await exec(s, byV.id, ['b']);
    expect((await exec(s, star.id, [2n])).rows).toEqual([['2', 'b']]);
    expect(await fromCache(s)).toBe('1');

    await s.query("ALTER TABLE u ADD COLUMN w INT NOT NULL DEFAULT 7");
    const after = await exec(s, star.id, [2n]);
    expect(await fromCache(s)).toBe('0');
    expect(after).toEqual({ rows: [['2', 'b', '7']], columns: ['id:bigint', 'v:varchar', 'w:int'] });

    await s.query('CREATE INDEX iv ON u (v)');
    expect((await exec(s, byV.id, ['b'])).rows).toEqual([['2'], ['3']]);
    expect(await fromCache(s)).toBe('0');
    const plan = await s.query("EXPLAIN SELECT id FROM u WHERE v = 'b' ORDER BY id");
    expect(JSON.stringify(plan.kind === 'rows' ? plan.rows : [])).toContain('iv');
    expect((await exec(s, byV.id, ['a'])).rows).toEqual([['1']]);
    expect(await fromCache(s)).toBe('1');

    await s.query('DROP TABLE u');
    await expect(s.executePrepared(star.id, [1n])).rejects.toMatchObject({ mysqlErrno: 1146 });
    await s.query('CREATE TABLE u (id BIGINT PRIMARY KEY, x INT)');
    await s.query('INSERT INTO u VALUES (1, 100)');
    expect(await exec(s, star.id, [1n])).toEqual({ rows: [['1', '100']], columns: ['id:bigint', 'x:int'] });
  });

  it('is dropped when a variable changes: sql_mode, collation_connection, the switch itself', async () => {
    const s = await sql.session('pc');
    // ONLY_FULL_GROUP_BY is checked while binding: a plan made without it must not outlive it.
    await s.query("SET sql_mode = ''");
    const grouped = await s.prepare('SELECT id, COUNT(*) FROM t WHERE k = ?');
    await exec(s, grouped.id, [50n]);
    expect((await exec(s, grouped.id, [50n])).rows).toEqual([['5', '1']]);
    expect(await fromCache(s)).toBe('1');
    await s.query("SET sql_mode = 'ONLY_FULL_GROUP_BY'");
    await expect(s.executePrepared(grouped.id, [50n])).rejects.toMatchObject({ mysqlErrno: 1140 });

    // String literals take the connection's collation when they are bound.
    const cmp = await s.prepare("SELECT 'A' = 'a', id FROM t WHERE id = ?");
    await exec(s, cmp.id, [1n]);
    expect((await exec(s, cmp.id, [1n])).rows).toEqual([['0', '1']]);
    expect(await fromCache(s)).toBe('1');
    await s.query('SET collation_connection = utf8mb4_general_ci');
    expect((await exec(s, cmp.id, [1n])).rows).toEqual([['1', '1']]);
    expect(await fromCache(s)).toBe('0');

    const div = await s.prepare('SELECT k / ? FROM t WHERE id = ?');
    await s.query('SET tidb_enable_prepared_plan_cache = OFF');
    await exec(s, div.id, [3n, 1n]);
    await exec(s, div.id, [3n, 1n]);
    expect(await fromCache(s)).toBe('0');
    await s.query('SET tidb_enable_prepared_plan_cache = ON');
    await exec(s, div.id, [3n, 2n]);
    expect((await exec(s, div.id, [3n, 2n])).rows).toEqual([['6.6667']]);
    expect(await fromCache(s)).toBe('1');
  });
});
