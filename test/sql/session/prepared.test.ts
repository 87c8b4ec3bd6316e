// Prepared statements through the session API (what COM_STMT_PREPARE / EXECUTE use): parameter
// counts, result columns known at prepare time, reuse with different values and types, errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestSql } from '../../helpers/sql.js';
import { collect } from '../../../sql/session/result.js';
import type { Session } from '../../../sql/session/session.js';
import { Decimal } from '../../../sql/types/index.js';

let sql: TestSql;
let s: Session;

beforeAll(async () => {
  sql = await TestSql.start();
  s = await sql.session();
  await s.query('CREATE DATABASE ps');
  await s.query('USE ps');
  await s.query('CREATE TABLE t (id BIGINT PRIMARY KEY AUTO_INCREMENT, name VARCHAR(20) NOT NULL, price DECIMAL(8,2))');
}, 60_000);

afterAll(async () => {
  await sql?.stop();
});

describe('prepared statements', () => {
  it('describe their parameters and result columns at prepare time', async () => {
    const p = await s.prepare('SELECT id, name AS n, price * ? FROM t WHERE id > ? AND name <> ?');
    expect(p.paramCount).toBe(3);
    expect(p.columns.map((c) => c.name)).toEqual(['id', 'n', 'price * ?']);
    expect(p.columns[0]?.orgTable).toBe('t');
    const ins = await s.prepare('INSERT INTO t (name, price) VALUES (?, ?)');
    expect(ins.paramCount).toBe(2);
    expect(ins.columns).toEqual([]);
  });

  it('run again and again with new values, reporting insert ids', async () => {
    const ins = await s.prepare('INSERT INTO t (name, price) VALUES (?, ?)');
    const ids: bigint[] = [];
    for (const [name, price] of [
      ['apple', Decimal.fromString('1.50')],
      ['pear', '2.25'],
      ['plum', 3n],
    ] as const) {
      const r = await s.executePrepared(ins.id, [name, price]);
      expect(r.kind).toBe('ok');
      if (r.kind === 'ok') ids.push(r.lastInsertId);
    }
    expect(ids).toEqual([1n, 2n, 3n]);
    const sel = await s.prepare('SELECT name, price FROM t WHERE id = ?');
    const got: string[] = [];
    for (const id of [3n, 1n, 2n, 9n]) {
      const r = await collect(await s.executePrepared(sel.id, [id]));
      if (r.kind === 'rows') got.push(r.rows.map((row) => `${String(row[0])}=${String(row[1])}`).join(','));
    }
    expect(got).toEqual(['plum=3.00', 'apple=1.50', 'pear=2.25', '']);
  });

  it('answer MySQL errors for a wrong parameter count and an unknown statement', async () => {
    const sel = await s.prepare('SELECT ? + 1');
    await expect(s.executePrepared(sel.id, [])).rejects.toMatchObject({ mysqlErrno: 1210 });
    s.closePrepared(sel.id);
    await expect(s.executePrepared(sel.id, [1n])).rejects.toMatchObject({ mysqlErrno: 1243 });
    await expect(s.prepare('SELEC 1')).rejects.toMatchObject({ mysqlErrno: 1064 });
  });

  it('NULL parameters follow three-valued logic', async () => {
    const p = await s.prepare('SELECT ? IS NULL, ? = 1');
    const r = await collect(await s.executePrepared(p.id, [null, null]));
    expect(r.kind === 'rows' ? r.rows : []).toEqual([[1n, null]]);
  });
});

describe('several statements in one call', () => {
  it('give one result each and stop at the first error', async () => {
    const kinds: string[] = [];
    await expect(
      (async () => {
        for await (const r of s.executeAll("SELECT 1; INSERT INTO t (name) VALUES ('x'); SELECT * FROM nope; SELECT 2")) kinds.push((await collect(r)).kind);
      })(),
    ).rejects.toMatchObject({ mysqlErrno: 1146, sqlState: '42S02', message: "Table 'ps.nope' doesn't exist" });
    expect(kinds).toEqual(['rows', 'ok']);
  });
});
