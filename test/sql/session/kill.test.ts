// SLEEP() and KILL between sessions of one engine: SLEEP pauses a statement without holding up
// other sessions; KILL QUERY from another session ends the running statement with 1317 and the
// session goes on; PROCESSLIST shows a statement as running until its rows are consumed.
import { describe, expect, it } from 'vitest';
import { errnoOf, exec, rowsOf, useSqlFixture } from './support.js';

const fixture = useSqlFixture('killing');

describe('SLEEP and KILL', () => {
  it('SLEEP(n) returns 0 after about n seconds, per row when evaluated per row, and others keep running', async () => {
    const { session, openSession } = fixture();
    const other = await openSession();
    await exec(session, 'CREATE TABLE three (id INT PRIMARY KEY); INSERT INTO three VALUES (1), (2), (3)');
    let t = Date.now();
    const sleeping = rowsOf(session, 'SELECT SLEEP(0.3) AS s');
    // another session is served while the first one sleeps
    expect(await rowsOf(other, 'SELECT 1')).toEqual([['1']]);
    expect(await sleeping).toEqual([['0']]);
    expect(Date.now() - t).toBeGreaterThanOrEqual(290);
    t = Date.now();
    expect(await rowsOf(session, 'SELECT id, SLEEP(0.1) FROM three ORDER BY id')).toEqual([['1', '0'], ['2', '0'], ['3', '0']]);
    expect(Date.now() - t).toBeGreaterThanOrEqual(290);
  });

  it('a NULL or negative argument is 1210 in strict mode and a warning otherwise', async () => {
    const { session } = fixture();
    expect(await errnoOf(session, 'SELECT SLEEP(-1)')).toBe(1210);
    expect(await errnoOf(session, 'SELECT SLEEP(NULL)')).toBe(1210);
    await exec(session, "SET sql_mode = ''");
    expect(await rowsOf(session, 'SELECT SLEEP(-1)')).toEqual([['0']]);
    expect(await rowsOf(session, 'SHOW WARNINGS')).toEqual([['Warning', '1210', 'Incorrect arguments to sleep.']]);
    await exec(session, 'SET sql_mode = DEFAULT');
  });

  it('KILL QUERY from another session ends a sleeping statement with 1317; the session then works', async () => {
    const { session, openSession } = fixture();
    const killer = await openSession();
    const t = Date.now();
    const running = errnoOf(session, 'SELECT id, SLEEP(30) FROM three');
    await new Promise((r) => setTimeout(r, 200));
    const list = await rowsOf(killer, 'SHOW FULL PROCESSLIST');
    const mine = list.find((r) => r[0] === String(session.connectionId));
    expect(mine?.slice(4)).toEqual(['Query', expect.any(String), 'executing', 'SELECT id, SLEEP(30) FROM three']);
    await exec(killer, `KILL QUERY ${session.connectionId}`);
    expect(await running).toBe(1317);
    expect(Date.now() - t).toBeLessThan(10_000);
    expect(await rowsOf(session, 'SELECT 2')).toEqual([['2']]);
    // a KILL QUERY that finds nothing running changes nothing for the next statement
    await exec(killer, `KILL QUERY ${session.connectionId}`);
    expect(await rowsOf(session, 'SELECT 3')).toEqual([['3']]);
  });

  it('a query that is only SLEEP answers 1 when KILL QUERY interrupts it, as MySQL does', async () => {
    const { session, openSession } = fixture();
    const killer = await openSession();
    const running = rowsOf(session, 'SELECT SLEEP(30) AS slept');
    await new Promise((r) => setTimeout(r, 200));
    await exec(killer, `KILL QUERY ${session.connectionId}`);
    expect(await running).toEqual([['1']]);
    expect(await rowsOf(session, 'SELECT SLEEP(0) AS slept')).toEqual([['0']]);
  });

  it('SLEEP in INSERT and UPDATE waits before the commit; KILL QUERY then ends the statement with 1317 and nothing is written', async () => {
    const { session, openSession } = fixture();
    const killer = await openSession();
    await exec(session, 'CREATE TABLE slept (id INT PRIMARY KEY, s INT)');
    let t = Date.now();
    await exec(session, 'INSERT INTO slept VALUES (1, SLEEP(0.3))');
    expect(Date.now() - t).toBeGreaterThanOrEqual(290);
    const running = errnoOf(session, 'INSERT INTO slept VALUES (2, SLEEP(30))');
    await new Promise((r) => setTimeout(r, 200));
    await exec(killer, `KILL QUERY ${session.connectionId}`);
    expect(await running).toBe(1317);
    t = Date.now();
    const updating = errnoOf(session, 'UPDATE slept SET s = SLEEP(30) + 5');
    await new Promise((r) => setTimeout(r, 200));
    await exec(killer, `KILL QUERY ${session.connectionId}`);
    expect(await updating).toBe(1317);
    expect(Date.now() - t).toBeLessThan(10_000);
    expect(await rowsOf(session, 'SELECT id, s FROM slept')).toEqual([['1', '0']]);
  });

  it('PROCESSLIST shows a query as running until its rows are consumed', async () => {
    const { session, openSession } = fixture();
    const watcher = await openSession();
    const mine = async (): Promise<(string | null)[] | undefined> =>
      (await rowsOf(watcher, 'SHOW FULL PROCESSLIST')).find((r) => r[0] === String(session.connectionId))?.filter((_, i) => i === 4 || i === 7);
    const r = await session.execute('SELECT id FROM three ORDER BY id');
    if (r.kind !== 'rows') throw new Error('expected rows');
    const it = r.rows[Symbol.asyncIterator]();
    await it.next();
    expect(await mine()).toEqual(['Query', 'SELECT id FROM three ORDER BY id']);
    while (!(await it.next()).done);
    expect(await mine()).toEqual(['Sleep', null]);
  });

  it('KILL QUERY of an unknown id is 1094', async () => {
    const { session } = fixture();
    expect(await errnoOf(session, 'KILL QUERY 987654')).toBe(1094);
  });
});
