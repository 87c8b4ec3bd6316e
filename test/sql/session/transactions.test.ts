// Transactions as a MySQL user sees them: autocommit, BEGIN / COMMIT / ROLLBACK, snapshot reads,
// reading one's own writes, write-write conflicts answered with 1213 / 40001 (the transaction
// already rolled back, nothing half-written), statement-level rollback inside a transaction,
// SELECT … FOR UPDATE, and schema changes seen by a second SQL server and by open transactions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestSql, errnoOf, rows } from '../../helpers/sql.js';
import type { Session } from '../../../sql/session/session.js';
import type { SqlError } from '../../../sql/errors.js';

let sql: TestSql;

beforeAll(async () => {
  sql = await TestSql.start();
  const s = await sql.session();
  await s.query('CREATE DATABASE tx');
  await s.close();
}, 60_000);

afterAll(async () => {
  await sql?.stop();
});

async function fresh(table: string): Promise<[Session, Session]> {
  const a = await sql.session('tx');
  const b = await sql.session('tx');
  await a.query(`CREATE TABLE ${table} (id INT PRIMARY KEY, v INT, u VARCHAR(10), UNIQUE KEY uu (u))`);
  await a.query(`INSERT INTO ${table} VALUES (1, 10, 'a'), (2, 20, 'b')`);
  return [a, b];
}

async function failure(s: Session, q: string): Promise<SqlError> {
  try {
    await s.query(q);
  } catch (err) {
    return err as SqlError;
  }
  throw new Error(`${q} succeeded`);
}

describe('transactions', () => {
  it('reads its own writes and hides them from others until COMMIT', async () => {
    const [a, b] = await fresh('t1');
    await a.query('BEGIN');
    expect(a.inTransaction).toBe(true);
    await a.query('UPDATE t1 SET v = 11 WHERE id = 1');
    await a.query("INSERT INTO t1 VALUES (3, 30, 'c')");
    expect(await rows(a, 'SELECT id, v FROM t1 ORDER BY id')).toEqual([['1', '11'], ['2', '20'], ['3', '30']]);
    expect(await rows(b, 'SELECT id, v FROM t1 ORDER BY id')).toEqual([['1', '10'], ['2', '20']]);
    await a.query('COMMIT');
    expect(a.inTransaction).toBe(false);
    expect(await rows(b, 'SELECT id, v FROM t1 ORDER BY id')).toEqual([['1', '11'], ['2', '20'], ['3', '30']]);
  });

  it('ROLLBACK discards every write of the transaction', async () => {
    const [a] = await fresh('t2');
    await a.query('START TRANSACTION');
    await a.query('DELETE FROM t2');
    expect(await rows(a, 'SELECT COUNT(*) FROM t2')).toEqual([['0']]);
    await a.query('ROLLBACK');
    expect(await rows(a, 'SELECT COUNT(*) FROM t2')).toEqual([['2']]);
  });

  it('reads a snapshot: a commit after BEGIN is not seen by the open transaction', async () => {
    const [a, b] = await fresh('t3');
    await a.query('BEGIN');
    expect(await rows(a, 'SELECT v FROM t3 WHERE id = 1')).toEqual([['10']]);
    await b.query('UPDATE t3 SET v = 99 WHERE id = 1');
    expect(await rows(a, 'SELECT v FROM t3 WHERE id = 1')).toEqual([['10']]);
    await a.query('COMMIT');
    expect(await rows(a, 'SELECT v FROM t3 WHERE id = 1')).toEqual([['99']]);
  });

  it('a write-write conflict aborts the later committer with 1213 / 40001, already rolled back', async () => {
    const [a, b] = await fresh('t4');
    await a.query('BEGIN');
    await b.query('BEGIN');
    await a.query('UPDATE t4 SET v = v + 1 WHERE id = 1');
    await a.query('UPDATE t4 SET v = v + 1 WHERE id = 2');
    await b.query('UPDATE t4 SET v = v + 100 WHERE id = 2');
    await b.query('COMMIT');
    const err = await failure(a, 'COMMIT');
    expect(err.mysqlErrno).toBe(1213);
    expect(err.sqlState).toBe('40001');
    expect(err.message).toMatch(/^Write conflict, txnStartTS=\d+, conflictStartTS=\d+, conflictCommitTS=\d+, key=.* \[try again later\]$/);
    expect(a.inTransaction).toBe(false);
    // Nothing of the failed transaction is visible: row 1 untouched, row 2 has b's write only.
    expect(await rows(a, 'SELECT id, v FROM t4 ORDER BY id')).toEqual([['1', '10'], ['2', '120']]);
  });

  it('a failed statement rolls back alone; the transaction goes on', async () => {
    const [a] = await fresh('t5');
    await a.query('BEGIN');
    await a.query("INSERT INTO t5 VALUES (3, 30, 'c')");
    // The second row collides: neither row of this statement may stay.
    const err = await failure(a, "INSERT INTO t5 VALUES (4, 40, 'd'), (1, 0, 'x')");
    expect(err.mysqlErrno).toBe(1062);
    expect(err.message).toBe("Duplicate entry '1' for key 't5.PRIMARY'");
    expect(a.inTransaction).toBe(true);
    await a.query('COMMIT');
    expect(await rows(a, 'SELECT id FROM t5 ORDER BY id')).toEqual([['1'], ['2'], ['3']]);
  });

  it('a duplicate found only at commit (two transactions insert one unique value) is 1062', async () => {
    const [a, b] = await fresh('t6');
    await a.query('BEGIN');
    await b.query('BEGIN');
    await a.query("INSERT INTO t6 VALUES (3, 30, 'same')");
    await b.query("INSERT INTO t6 VALUES (4, 40, 'same')");
    await a.query('COMMIT');
    const err = await failure(b, 'COMMIT');
    expect(err.mysqlErrno).toBe(1062);
    expect(err.message).toBe("Duplicate entry 'same' for key 't6.uu'");
    expect(await rows(a, "SELECT id FROM t6 WHERE u = 'same'")).toEqual([['3']]);
  });

  it('SELECT … FOR UPDATE locks the rows it read: a concurrent write makes one side fail', async () => {
    const [a, b] = await fresh('t7');
    await a.query('BEGIN');
    expect(await rows(a, 'SELECT v FROM t7 WHERE id = 1 FOR UPDATE')).toEqual([['10']]);
    await b.query('UPDATE t7 SET v = 0 WHERE id = 1');
    expect(await errnoOf(a, 'COMMIT')).toBe(1213);
  });

  it('autocommit=0 keeps a transaction open until COMMIT; SET autocommit=1 commits it', async () => {
    const [a, b] = await fresh('t8');
    await a.query('SET autocommit = 0');
    await a.query('UPDATE t8 SET v = 1 WHERE id = 1');
    expect(a.inTransaction).toBe(true);
    expect(await rows(b, 'SELECT v FROM t8 WHERE id = 1')).toEqual([['10']]);
    await a.query('SET autocommit = 1');
    expect(a.inTransaction).toBe(false);
    expect(await rows(b, 'SELECT v FROM t8 WHERE id = 1')).toEqual([['1']]);
  });

  it('DDL commits the open transaction first, as MySQL does', async () => {
    const [a, b] = await fresh('t9');
    await a.query('BEGIN');
    await a.query('UPDATE t9 SET v = 5 WHERE id = 2');
    await a.query('CREATE TABLE t9b (x INT)');
    expect(a.inTransaction).toBe(false);
    expect(await rows(b, 'SELECT v FROM t9 WHERE id = 2')).toEqual([['5']]);
  });
});

describe('schema changes across SQL servers', () => {
  it('a second SQL server sees a new table and column within the schema lease', async () => {
    const a = await sql.session('tx');
    const other = await sql.secondEngine();
    try {
      const b = await other.openSession({ database: 'tx' });
      await a.query('CREATE TABLE shared (id INT PRIMARY KEY)');
      await a.query('INSERT INTO shared VALUES (1)');
      await expect.poll(async () => errnoOf(b, 'SELECT * FROM shared'), { timeout: 5000 }).toBeUndefined();
      await a.query('ALTER TABLE shared ADD COLUMN note VARCHAR(10) DEFAULT \'n\'');
      await expect.poll(async () => (await rows(b, 'SELECT * FROM shared').catch(() => [])).at(0), { timeout: 5000 }).toEqual(['1', 'n']);
    } finally {
      await other.close();
    }
  });

  it('a transaction whose table changed schema since it started fails cleanly at commit', async () => {
    const [a, b] = await fresh('t10');
    await a.query('BEGIN');
    await a.query('UPDATE t10 SET v = 7 WHERE id = 1');
    await b.query('ALTER TABLE t10 ADD COLUMN extra INT');
    const err = await failure(a, 'COMMIT');
    expect(err.mysqlErrno).toBe(8028);
    expect(a.inTransaction).toBe(false);
    expect(await rows(b, 'SELECT v FROM t10 WHERE id = 1')).toEqual([['10']]);
  });

  it('a transaction writing other tables is not disturbed by that schema change', async () => {
    const [a, b] = await fresh('t11');
    await b.query('CREATE TABLE t11x (id INT PRIMARY KEY)');
    await a.query('BEGIN');
    await a.query('UPDATE t11 SET v = 7 WHERE id = 1');
    await b.query('ALTER TABLE t11x ADD COLUMN extra INT');
    await a.query('COMMIT');
    expect(await rows(b, 'SELECT v FROM t11 WHERE id = 1')).toEqual([['7']]);
  });
});
