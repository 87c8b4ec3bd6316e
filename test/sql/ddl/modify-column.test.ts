// MODIFY / CHANGE COLUMN that converts stored data, through sessions on a real in-process
// cluster: the values rows hold afterwards, MySQL's errors in strict mode with the table left as
// it was, warnings in non-strict mode, indexes over the column still finding rows, and DML from
// another session during the ALTER neither lost nor left unconverted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listJobs, recoverDdlJobs, SchemaSyncer, type DdlContext } from '../../../sql/ddl/index.js';
import type { Session } from '../../../sql/session/session.js';
import { errnoOf, rows, TestSql } from '../../helpers/sql.js';
import { ddl, indexProblems, tableOf } from './helpers.js';

describe('MODIFY COLUMN converting stored data', () => {
  let sql: TestSql;
  let s: Session;
  let other: Session;
  let ctx: DdlContext;

  beforeAll(async () => {
    sql = await TestSql.start({ reorgBatchSize: 4 });
    s = await sql.session();
    await s.query('CREATE DATABASE test');
    await s.query('USE test');
    other = await sql.session('test');
    ctx = { client: sql.engine.client, syncer: sql.engine.syncer, currentDb: 'test', reorgBatchSize: 4 };
  }, 60_000);

  afterAll(async () => {
    await sql?.stop();
  });

  const createLine = async (table: string, column: string): Promise<string | undefined> => {
    const text = (await rows(s, `SHOW CREATE TABLE ${table}`))[0]?.[1] ?? '';
    return text.split('\n').find((l) => l.startsWith(`  \`${column}\``));
  };

  /** No hidden column, index or job is left behind, and every index holds exactly its rows. */
  async function clean(table: string): Promise<void> {
    await sql.engine.syncer.reload();
    const t = tableOf(ctx, 'test', table);
    expect(t.columns.every((c) => c.state === 'public' && !c.name.startsWith('_Col$_') && c.changingFrom === undefined)).toBe(true);
    expect(t.indexes.every((i) => i.state === 'public' && !i.name.startsWith('_Idx$_'))).toBe(true);
    const txn = await sql.engine.client.txn.begin();
    expect(await listJobs(txn)).toEqual([]);
    await txn.rollback();
    expect(await indexProblems(sql.engine.client, t)).toEqual([]);
  }

  it('a NULL for a converted NOT NULL column is 1138 in strict mode', async () => {
    await s.query('CREATE TABLE iv (id INT PRIMARY KEY, n INT, m INT, KEY kn (n), UNIQUE KEY um (m, id))');
    await s.query('INSERT INTO iv VALUES (1, 5, 1), (2, -17, 2), (3, NULL, 3), (4, 123456, 4), (5, 5, 5)');
    // A NULL into NOT NULL is 1138 in strict mode: the first action failed, nothing changed.
    expect(await errnoOf(s, "ALTER TABLE iv MODIFY n VARCHAR(10) NOT NULL DEFAULT 'x', MODIFY m VARCHAR(4)")).toBe(1138);
    expect(await createLine('iv', 'n')).toBe('  `n` int DEFAULT NULL,');
  }, 60_000);

  it('INT → VARCHAR(10) converts every row and rebuilds the indexes over the column', async () => {
    await s.query('DELETE FROM iv WHERE id = 3');
    await s.query('ALTER TABLE iv MODIFY n VARCHAR(10) NOT NULL, CHANGE m mm VARCHAR(4) AFTER id');
    expect(await createLine('iv', 'n')).toBe('  `n` varchar(10) NOT NULL,');
    expect(await createLine('iv', 'mm')).toBe('  `mm` varchar(4) DEFAULT NULL,');
    const create = (await rows(s, 'SHOW CREATE TABLE iv'))[0]?.[1] ?? '';
    expect(create).toContain('KEY `kn` (`n`)');
    expect(create).toContain('UNIQUE KEY `um` (`mm`,`id`)');
    expect(await rows(s, 'SELECT * FROM iv ORDER BY id')).toEqual([
      ['1', '1', '5'],
      ['2', '2', '-17'],
      ['4', '4', '123456'],
      ['5', '5', '5'],
    ]);
    // String comparison now, through the rebuilt index.
    const plan = (await rows(s, "EXPLAIN SELECT id FROM iv WHERE n = '5'")).map((r) => r[3] ?? '').join(' ');
    expect(plan).toContain('index:kn(n)');
    expect(await rows(s, "SELECT id FROM iv WHERE n = '5' ORDER BY id")).toEqual([['1'], ['5']]);
    expect(await rows(s, "SELECT id FROM iv WHERE n > '2' ORDER BY id")).toEqual([['1'], ['5']]);
    await s.query("INSERT INTO iv (id, n, mm) VALUES (6, 'six', 'abc')");
    expect(await rows(s, "SELECT id FROM iv WHERE n = 'six'")).toEqual([['6']]);
    await clean('iv');
  }, 60_000);

  it('VARCHAR → INT: good values convert; a bad one is 1366 in strict mode and leaves the table as it was', async () => {
    await s.query('CREATE TABLE vi (id INT PRIMARY KEY, v VARCHAR(20), KEY kv (v))');
    await s.query("INSERT INTO vi VALUES (1, '42'), (2, ' 7'), (3, 'abc'), (4, NULL), (5, '-3')");
    expect(await errnoOf(s, 'ALTER TABLE vi MODIFY v INT')).toBe(1366);
    expect(await createLine('vi', 'v')).toBe('  `v` varchar(20) DEFAULT NULL,');
    expect(await rows(s, 'SELECT v FROM vi ORDER BY id')).toEqual([['42'], [' 7'], ['abc'], [null], ['-3']]);
    expect(await rows(s, "SELECT id FROM vi WHERE v = 'abc'")).toEqual([['3']]);
    await clean('vi');

    // Non-strict: converted, with MySQL's warning for the bad value.
    await s.query("SET sql_mode = ''");
    try {
      await s.query('ALTER TABLE vi MODIFY v INT');
      const warnings = await rows(s, 'SHOW WARNINGS');
      expect(warnings.map((w) => w[1])).toContain('1366');
    } finally {
      await s.query('SET sql_mode = DEFAULT');
    }
    expect(await createLine('vi', 'v')).toBe('  `v` int DEFAULT NULL,');
    expect(await rows(s, 'SELECT id, v FROM vi ORDER BY id')).toEqual([
      ['1', '42'],
      ['2', '7'],
      ['3', '0'],
      ['4', null],
      ['5', '-3'],
    ]);
    expect(await rows(s, 'SELECT id FROM vi WHERE v = 7')).toEqual([['2']]);
    expect(await rows(s, 'SELECT id FROM vi WHERE v < 0')).toEqual([['5']]);
    await clean('vi');
  }, 60_000);

  it('narrowing out of range is 1264 and changes nothing; in range it converts', async () => {
    await s.query('CREATE TABLE nt (id INT PRIMARY KEY, a INT, u INT, KEY ka (a))');
    await s.query('INSERT INTO nt VALUES (1, 100, 1), (2, 300, 2), (3, -5, 3)');
    expect(await errnoOf(s, 'ALTER TABLE nt MODIFY a TINYINT')).toBe(1264);
    expect(await createLine('nt', 'a')).toBe('  `a` int DEFAULT NULL,');
    expect(await rows(s, 'SELECT a FROM nt ORDER BY id')).toEqual([['100'], ['300'], ['-5']]);
    await clean('nt');
    expect(await errnoOf(s, 'ALTER TABLE nt MODIFY u TINYINT UNSIGNED, MODIFY a TINYINT')).toBe(1264);
    // Actions run one after another (alter-table.ts): the first one is done.
    expect(await createLine('nt', 'u')).toBe('  `u` tinyint unsigned DEFAULT NULL,');
    expect(await createLine('nt', 'a')).toBe('  `a` int DEFAULT NULL,');
    await s.query('UPDATE nt SET a = 127 WHERE id = 2');
    await s.query('ALTER TABLE nt MODIFY a TINYINT');
    expect(await createLine('nt', 'a')).toBe('  `a` tinyint DEFAULT NULL,');
    expect(await rows(s, 'SELECT a, u FROM nt ORDER BY id')).toEqual([
      ['100', '1'],
      ['127', '2'],
      ['-5', '3'],
    ]);
    expect(await errnoOf(s, 'INSERT INTO nt VALUES (4, 128, 4)')).toBe(1264);
    await clean('nt');
  }, 60_000);

  it('DECIMAL(10,2) → DECIMAL(5,1) rounds; too many digits is 1264; DATETIME → DATE keeps the date', async () => {
    await s.query('CREATE TABLE dd (id INT PRIMARY KEY, d DECIMAL(10,2), t DATETIME, KEY kd (d))');
    await s.query("INSERT INTO dd VALUES (1, 12.35, '2024-05-06 07:08:09'), (2, -0.04, '1999-12-31 23:59:59'), (3, 9999.94, NULL)");
    await s.query('ALTER TABLE dd MODIFY d DECIMAL(5,1), MODIFY t DATE');
    expect(await createLine('dd', 'd')).toBe('  `d` decimal(5,1) DEFAULT NULL,');
    expect(await createLine('dd', 't')).toBe('  `t` date DEFAULT NULL,');
    expect(await rows(s, 'SELECT d, t FROM dd ORDER BY id')).toEqual([
      ['12.4', '2024-05-06'],
      ['0.0', '1999-12-31'],
      ['9999.9', null],
    ]);
    expect(await rows(s, 'SELECT id FROM dd WHERE d = 12.4')).toEqual([['1']]);
    expect(await errnoOf(s, 'ALTER TABLE dd MODIFY d DECIMAL(4,1)')).toBe(1264);
    expect(await createLine('dd', 'd')).toBe('  `d` decimal(5,1) DEFAULT NULL,');
    await clean('dd');
  }, 60_000);

  it('VARCHAR → shorter VARCHAR is 1406 for a value too long in strict mode', async () => {
    await s.query('CREATE TABLE sv (id INT PRIMARY KEY, v VARCHAR(10))');
    await s.query("INSERT INTO sv VALUES (1, 'ab'), (2, 'abcdef')");
    expect(await errnoOf(s, 'ALTER TABLE sv MODIFY v VARCHAR(3)')).toBe(1406);
    expect(await rows(s, 'SELECT v FROM sv ORDER BY id')).toEqual([['ab'], ['abcdef']]);
    await s.query("SET sql_mode = ''");
    try {
      await s.query('ALTER TABLE sv MODIFY v VARCHAR(3)');
    } finally {
      await s.query('SET sql_mode = DEFAULT');
    }
    expect(await rows(s, 'SELECT v FROM sv ORDER BY id')).toEqual([['ab'], ['abc']]);
    await clean('sv');
  }, 60_000);

  it('DML from another session during the ALTER is neither lost nor left unconverted', async () => {
    await s.query('CREATE TABLE busy (id INT PRIMARY KEY, n INT, KEY kn (n))');
    const values: string[] = [];
    for (let i = 1; i <= 200; i++) values.push(`(${i}, ${i * 3})`);
    await s.query(`INSERT INTO busy VALUES ${values.join(', ')}`);
    const model = new Map<number, number>();
    for (let i = 1; i <= 200; i++) model.set(i, i * 3);

    // A writer that keeps inserting, updating and deleting, retrying what the schema change
    // makes fail (8028: the table changed under the statement), until stopped.
    let running = true;
    let committed = 0;
    let next = 1000;
    let rnd = 17;
    const random = (n: number): number => {
      rnd = (rnd * 1103515245 + 12345) % 2147483648;
      return rnd % n;
    };
    const writer = (async () => {
      while (running) {
        const op = random(3);
        const ids = [...model.keys()];
        const id = op === 0 || ids.length === 0 ? next : (ids[random(ids.length)] as number);
        const n = random(10_000);
        const stmt = op === 0 || ids.length === 0 ? `INSERT INTO busy VALUES (${id}, ${n})` : op === 1 ? `UPDATE busy SET n = ${n} WHERE id = ${id}` : `DELETE FROM busy WHERE id = ${id}`;
        const err = await errnoOf(other, stmt);
        if (err === undefined) {
          committed++;
          if (op === 2 && ids.length > 0) model.delete(id);
          else model.set(id, n);
          if (id === next) next++;
        } else if (![8028, 8027, 1213, 9007].includes(err)) throw new Error(`${stmt}: ${err}`);
      }
    })();

    // And at every step, a statement that must see that step's schema.
    const steps: string[] = [];
    const atStep = async (step: string): Promise<void> => {
      steps.push(step);
      const id = 5000 + steps.length;
      if ((await errnoOf(other, `INSERT INTO busy VALUES (${id}, ${id})`)) === undefined) model.set(id, id);
      if ((await errnoOf(other, `UPDATE busy SET n = n + 1 WHERE id = 7`)) === undefined && model.has(7)) model.set(7, (model.get(7) as number) + 1);
    };
    try {
      await ddl({ ...ctx, onStep: atStep }, 'ALTER TABLE busy MODIFY n VARCHAR(12)');
    } finally {
      running = false;
      await writer;
    }
    expect(steps).toEqual(['column delete-only', 'column write-only', 'column write-reorg', 'column public', 'column delete-only', 'column none']);
    expect(committed).toBeGreaterThan(3);
    expect(await createLine('busy', 'n')).toBe('  `n` varchar(12) DEFAULT NULL,');
    const got = await rows(s, 'SELECT id, n FROM busy ORDER BY id');
    const want = [...model.entries()].sort((a, b) => a[0] - b[0]).map(([id, n]) => [String(id), String(n)]);
    expect(got).toEqual(want);
    // Through the rebuilt index, each value finds its rows.
    for (const [id, n] of [...model.entries()].slice(0, 20)) {
      expect((await rows(s, `SELECT id FROM busy WHERE n = '${n}'`)).map((r) => r[0])).toContain(String(id));
    }
    await clean('busy');
  }, 120_000);

  it('while the column converts, a value the new type cannot take fails a concurrent INSERT in strict mode, and other DDL on the table is refused', async () => {
    await s.query('CREATE TABLE cv (id INT PRIMARY KEY, v VARCHAR(10))');
    await s.query("INSERT INTO cv VALUES (1, '1'), (2, '2')");
    const seen: (number | undefined)[] = [];
    await ddl(
      {
        ...ctx,
        onStep: async (step) => {
          if (step === 'column write-reorg') {
            seen.push(await errnoOf(other, "INSERT INTO cv VALUES (3, 'x')"));
            seen.push(await errnoOf(other, "INSERT INTO cv VALUES (4, '4')"));
            // Other DDL on the table waits for no one: it is refused while the data converts.
            seen.push(await errnoOf(other, 'CREATE INDEX kv ON cv (v)'));
          }
        },
      },
      'ALTER TABLE cv MODIFY v INT',
    );
    expect(seen).toEqual([1366, undefined, 1235]);
    expect(await rows(s, 'SELECT id, v FROM cv ORDER BY id')).toEqual([
      ['1', '1'],
      ['2', '2'],
      ['4', '4'],
    ]);
    await clean('cv');
    await s.query('CREATE INDEX kv ON cv (v)');
    expect(await rows(s, 'SELECT id FROM cv WHERE v = 4')).toEqual([['4']]);
  }, 60_000);
  /** Runs the ALTER on a server that dies at `step`, then lets this server recover its job. */
  async function dieAt(step: string, alter: string, serverId: string): Promise<void> {
    const client = await sql.cluster.client();
    const dying = await SchemaSyncer.start(client, { leaseMs: 300, serverId });
    const onStep = (at: string): void => {
      if (at === step) throw new Error(`server ${serverId} crashed`);
    };
    await expect(ddl({ client, syncer: dying, currentDb: 'test', reorgBatchSize: 4, onStep }, alter)).rejects.toThrow('crashed');
    dying.abandon();
    await new Promise((r) => setTimeout(r, 400));
    expect(await recoverDdlJobs(ctx)).toBe(1);
  }

  it('a server that dies before the swap leaves a job the next server rolls back: the table is as it was', async () => {
    await s.query('CREATE TABLE cr (id INT PRIMARY KEY, n INT, KEY kn (n))');
    await s.query('INSERT INTO cr VALUES (1, 10), (2, 20), (3, 30)');
    await dieAt('column write-reorg', 'ALTER TABLE cr MODIFY n VARCHAR(5)', 'dies-before-swap');
    expect(await createLine('cr', 'n')).toBe('  `n` int DEFAULT NULL,');
    expect(await rows(s, 'SELECT id FROM cr WHERE n = 20')).toEqual([['2']]);
    await clean('cr');
    // And the change can be made again.
    await s.query('ALTER TABLE cr MODIFY n VARCHAR(5)');
    expect(await rows(s, "SELECT id FROM cr WHERE n = '30'")).toEqual([['3']]);
    await clean('cr');
  }, 60_000);

  it('a server that dies after the swap leaves a job the next server finishes: the new type stays', async () => {
    await s.query('CREATE TABLE cs (id INT PRIMARY KEY, n INT, KEY kn (n))');
    await s.query('INSERT INTO cs VALUES (1, 10), (2, 20)');
    await dieAt('column public', 'ALTER TABLE cs MODIFY n VARCHAR(5)', 'dies-after-swap');
    expect(await createLine('cs', 'n')).toBe('  `n` varchar(5) DEFAULT NULL,');
    expect(await rows(s, "SELECT id FROM cs WHERE n = '20'")).toEqual([['2']]);
    await clean('cs');
  }, 60_000);
  it('DML from a second SQL server during the ALTER (each server at most a schema version apart) ends converted', async () => {
    await s.query('CREATE TABLE two (id INT PRIMARY KEY, n INT, KEY kn (n))');
    const values: string[] = [];
    for (let i = 1; i <= 120; i++) values.push(`(${i}, ${i})`);
    await s.query(`INSERT INTO two VALUES ${values.join(', ')}`);
    const engineB = await sql.secondEngine();
    try {
      const b = await engineB.openSession({ database: 'test' });
      const model = new Map<number, number>();
      for (let i = 1; i <= 120; i++) model.set(i, i);
      let running = true;
      let committed = 0;
      let k = 0;
      const writer = (async () => {
        while (running) {
          k++;
          const id = k % 2 === 0 ? 1000 + k : 1 + (k % 120);
          const stmt = k % 2 === 0 ? `INSERT INTO two VALUES (${id}, ${k})` : `UPDATE two SET n = ${k} WHERE id = ${id}`;
          const err = await errnoOf(b, stmt);
          if (err === undefined) {
            committed++;
            model.set(id, k);
          } else if (![8028, 8027, 1213, 9007].includes(err)) throw new Error(`${stmt}: ${err}`);
        }
      })();
      try {
        await s.query('ALTER TABLE two MODIFY n VARCHAR(8)');
      } finally {
        running = false;
        await writer;
      }
      expect(committed).toBeGreaterThan(3);
      const want = [...model.entries()].sort((x, y) => x[0] - y[0]).map(([id, n]) => [String(id), String(n)]);
      expect(await rows(s, 'SELECT id, n FROM two ORDER BY id')).toEqual(want);
      await engineB.syncer.reload();
      expect(await rows(b, 'SELECT id, n FROM two ORDER BY id')).toEqual(want);
      expect(await rows(b, "SELECT id FROM two WHERE n = '7'")).toEqual(want.filter((r) => r[1] === '7').map((r) => [r[0]]));
      await clean('two');
    } finally {
      await engineB.close();
    }
  }, 120_000);
});
