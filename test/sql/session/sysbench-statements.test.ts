// What sysbench's OLTP scripts (oltp_common.lua) send, through the session API the wire server
// uses: BEGIN and COMMIT as prepared statements, BEGIN inside an open transaction (which commits
// it first), the write-only transaction's DELETE then INSERT of the same id, an explicit 0 bound
// to the AUTO_INCREMENT column, a 512 KiB multi-row INSERT (the size of sysbench's bulk insert
// buffer) and the secondary index created after the load.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestSql, rows } from '../../helpers/sql.js';
import { collect } from '../../../sql/session/result.js';
import type { Session } from '../../../sql/session/session.js';

let sql: TestSql;

const SBTEST = (name: string): string =>
  `CREATE TABLE ${name}(id INTEGER NOT NULL AUTO_INCREMENT, k INTEGER DEFAULT '0' NOT NULL, c CHAR(120) DEFAULT '' NOT NULL, pad CHAR(60) DEFAULT '' NOT NULL, PRIMARY KEY (id)) /*! ENGINE = innodb */`;

beforeAll(async () => {
  sql = await TestSql.start();
  const s = await sql.session();
  await s.query('CREATE DATABASE sbtest');
  await s.close();
}, 60_000);

afterAll(async () => {
  await sql?.stop();
});

async function run(s: Session, id: number, params: readonly (bigint | string | number)[] = []): Promise<void> {
  await collect(await s.executePrepared(id, params.map((p) => (typeof p === 'number' ? BigInt(p) : p))));
}

describe('sysbench statements', () => {
  it('prepared BEGIN and COMMIT bracket a transaction: its writes are hidden from others until the prepared COMMIT', async () => {
    const a = await sql.session('sbtest');
    const b = await sql.session('sbtest');
    await a.query(SBTEST('t_prep'));
    await a.query("INSERT INTO t_prep VALUES (1, 1, 'c', 'p')");
    const begin = await a.prepare('BEGIN');
    const commit = await a.prepare('COMMIT');
    const upd = await a.prepare('UPDATE t_prep SET k=k+1 WHERE id=?');
    await run(a, begin.id);
    await run(a, upd.id, [1]);
    await run(a, upd.id, [1]);
    expect(await rows(a, 'SELECT k FROM t_prep WHERE id = 1')).toEqual([['3']]);
    expect(await rows(b, 'SELECT k FROM t_prep WHERE id = 1')).toEqual([['1']]);
    await run(a, commit.id);
    expect(await rows(b, 'SELECT k FROM t_prep WHERE id = 1')).toEqual([['3']]);
    // Prepared again after the commit, the same statement ids still work (sysbench keeps them
    // for the whole run).
    await run(a, begin.id);
    await run(a, upd.id, [1]);
    await run(a, commit.id);
    expect(await rows(b, 'SELECT k FROM t_prep WHERE id = 1')).toEqual([['4']]);
  });

  it('BEGIN inside an open transaction commits it first, as MySQL does', async () => {
    const a = await sql.session('sbtest');
    const b = await sql.session('sbtest');
    await a.query(SBTEST('t_nested'));
    await a.query('BEGIN');
    await a.query("INSERT INTO t_nested VALUES (1, 5, 'c', 'p')");
    expect(await rows(b, 'SELECT COUNT(*) FROM t_nested')).toEqual([['0']]);
    await a.query('BEGIN');
    expect(await rows(b, 'SELECT COUNT(*) FROM t_nested')).toEqual([['1']]);
    // The second transaction is a new one: its rollback does not take the first one's row along.
    await a.query("INSERT INTO t_nested VALUES (2, 5, 'c', 'p')");
    await a.query('ROLLBACK');
    expect(await rows(b, 'SELECT id FROM t_nested')).toEqual([['1']]);
  });

  it("write-only's DELETE then INSERT of the same id in one transaction leaves the new row", async () => {
    const a = await sql.session('sbtest');
    await a.query(SBTEST('t_reinsert'));
    await a.query("INSERT INTO t_reinsert VALUES (7, 1, 'old', 'old')");
    const del = await a.prepare('DELETE FROM t_reinsert WHERE id=?');
    const ins = await a.prepare('INSERT INTO t_reinsert (id, k, c, pad) VALUES (?, ?, ?, ?)');
    await a.query('BEGIN');
    await run(a, del.id, [7]);
    await run(a, ins.id, [7, 42, 'new', 'new']);
    await a.query('COMMIT');
    expect(await rows(a, 'SELECT id, k, c FROM t_reinsert')).toEqual([['7', '42', 'new']]);
  });

  it('an explicit 0 bound to the AUTO_INCREMENT column generates ids (oltp_insert)', async () => {
    const a = await sql.session('sbtest');
    await a.query(SBTEST('t_ai'));
    const ins = await a.prepare('INSERT INTO t_ai (id, k, c, pad) VALUES (?, ?, ?, ?)');
    for (let i = 0; i < 3; i++) await run(a, ins.id, [0, i, 'c', 'p']);
    const ids = (await rows(a, 'SELECT id FROM t_ai ORDER BY id')).map((r) => Number(r[0]));
    expect(ids).toHaveLength(3);
    expect(ids.every((id) => id > 0)).toBe(true);
    expect(new Set(ids).size).toBe(3);
  });

  it('a 512 KiB multi-row INSERT loads, and CREATE INDEX afterwards backfills every row', async () => {
    const a = await sql.session('sbtest');
    await a.query(SBTEST('t_bulk'));
    const values: string[] = [];
    let size = 0;
    let n = 0;
    while (size < 512 * 1024) {
      n++;
      const v = `(${n}, ${n % 97}, '${'c'.repeat(100)}${n}', '${'p'.repeat(50)}')`;
      values.push(v);
      size += v.length + 1;
    }
    const stmt = `INSERT INTO t_bulk(id, k, c, pad) VALUES ${values.join(',')}`;
    expect(stmt.length).toBeGreaterThanOrEqual(512 * 1024);
    const r = await a.query(stmt);
    expect(r.kind === 'ok' ? r.affectedRows : -1n).toBe(BigInt(n));
    await a.query('CREATE INDEX k_1 ON t_bulk(k)');
    const expected = Array.from({ length: n }, (_, i) => i + 1).filter((i) => i % 97 === 13).length;
    const plan = (await rows(a, 'EXPLAIN SELECT id FROM t_bulk WHERE k = 13')).map((row) => row.join(' ')).join('\n');
    expect(plan).toMatch(/k_1/);
    expect(await rows(a, 'SELECT COUNT(*) FROM t_bulk WHERE k = 13')).toEqual([[String(expected)]]);
    expect(await rows(a, 'SELECT COUNT(*) FROM t_bulk')).toEqual([[String(n)]]);
  });
});
