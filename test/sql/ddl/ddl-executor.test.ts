// DDL statements against a real in-process cluster, through the parser and executeDdl: what a
// user sees in the catalog afterwards, the notes of IF [NOT] EXISTS, MySQL's errors, and that
// the data of dropped and truncated tables is deleted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StrataClient } from '../../../kv/client/index.js';
import { listJobs, SchemaSyncer, showCreateTable, type DdlContext } from '../../../sql/ddl/index.js';
import { indexRange, tableRange } from '../../../sql/codec/index.js';
import { InProcessCluster } from '../../helpers/in-process-cluster.js';
import { ddl, ddlErrno, dumpRange, indexProblems, insertRows, readRows, tableOf } from './helpers.js';

describe('executeDdl', () => {
  let cluster: InProcessCluster;
  let client: StrataClient;
  let syncer: SchemaSyncer;
  let ctx: DdlContext;
  let noDb: DdlContext;

  beforeAll(async () => {
    cluster = await InProcessCluster.start(1);
    client = await cluster.client();
    syncer = await SchemaSyncer.start(client, { leaseMs: 300 });
    ctx = { client, syncer, currentDb: 'test', reorgBatchSize: 3 };
    noDb = { ...ctx, currentDb: null };
    await ddl(ctx, 'CREATE DATABASE test');
  }, 60_000);

  afterAll(async () => {
    await syncer?.stop();
    await cluster?.stop();
  });

  it('creates and drops databases, with notes for IF [NOT] EXISTS', async () => {
    await ddl(ctx, 'CREATE DATABASE shop CHARACTER SET latin1');
    expect(syncer.infoSchema().database('SHOP')).toMatchObject({ name: 'shop', charset: 'latin1', collation: 'latin1_bin' });
    expect(await ddlErrno(ctx, 'CREATE DATABASE Shop')).toBe(1007);
    expect((await ddl(ctx, 'CREATE DATABASE IF NOT EXISTS shop')).warnings).toEqual([
      { level: 'Note', code: 1007, message: "Can't create database 'shop'; database exists" },
    ]);
    await ddl(ctx, 'CREATE TABLE shop.orders (id INT PRIMARY KEY)');
    const orders = tableOf(ctx, 'shop', 'orders');
    await insertRows(client, orders, [[1n, { id: 1n }]]);
    await ddl(ctx, 'DROP DATABASE shop');
    expect(syncer.infoSchema().database('shop')).toBeUndefined();
    expect((await dumpRange(client, tableRange(BigInt(orders.id)))).size).toBe(0);
    expect(await ddlErrno(ctx, 'DROP DATABASE shop')).toBe(1008);
    expect((await ddl(ctx, 'DROP DATABASE IF EXISTS shop')).warnings).toEqual([
      { level: 'Note', code: 1008, message: "Can't drop database 'shop'; database doesn't exist" },
    ]);
  });

  it('creates tables, answering 1050 / 1046 / 1049 and a note for IF NOT EXISTS', async () => {
    await ddl(ctx, 'CREATE TABLE t1 (id INT PRIMARY KEY AUTO_INCREMENT, name VARCHAR(20) NOT NULL, KEY (name))');
    const t = tableOf(ctx, 'test', 't1');
    expect(showCreateTable(t)).toContain('KEY `name` (`name`)');
    expect(await ddlErrno(ctx, 'CREATE TABLE T1 (a INT)')).toBe(1050);
    expect((await ddl(ctx, 'CREATE TABLE IF NOT EXISTS t1 (a INT)')).warnings).toEqual([{ level: 'Note', code: 1050, message: "Table 't1' already exists" }]);
    expect(tableOf(ctx, 'test', 't1').id).toBe(t.id);
    expect(await ddlErrno(noDb, 'CREATE TABLE x (a INT)')).toBe(1046);
    expect(await ddlErrno(ctx, 'CREATE TABLE nodb.x (a INT)')).toBe(1049);
    await ddl(noDb, 'CREATE TABLE test.qualified (a INT)');
    expect(tableOf(ctx, 'test', 'qualified').name).toBe('qualified');
  });

  it('CREATE TABLE … LIKE copies the definition under a new id', async () => {
    await ddl(ctx, 'CREATE TABLE src (a INT PRIMARY KEY, b VARCHAR(5) DEFAULT \'q\', UNIQUE KEY ub (b)) AUTO_INCREMENT=9');
    await ddl(ctx, 'CREATE TABLE copy LIKE src');
    const src = tableOf(ctx, 'test', 'src');
    const copy = tableOf(ctx, 'test', 'copy');
    expect(copy.id).not.toBe(src.id);
    expect(showCreateTable(copy)).toBe(showCreateTable({ ...src, name: 'copy', autoIncrementStart: 1 }));
    expect(await ddlErrno(ctx, 'CREATE TABLE copy2 LIKE nothing')).toBe(1146);
  });

  it('DROP TABLE drops all or nothing (1051 names the missing), deletes data; IF EXISTS notes', async () => {
    await ddl(ctx, 'CREATE TABLE d1 (a INT, KEY (a))');
    await ddl(ctx, 'CREATE TABLE d2 (a INT)');
    const d1 = tableOf(ctx, 'test', 'd1');
    await insertRows(client, d1, [[1n, { a: 5n }], [2n, { a: 6n }]]);
    expect((await dumpRange(client, tableRange(BigInt(d1.id)))).size).toBe(4);
    const err = await ddl(ctx, 'DROP TABLE d1, nope1, d2, nope2').catch((e: unknown) => e);
    expect(err).toMatchObject({ mysqlErrno: 1051, sqlState: '42S02', message: "Unknown table 'test.nope1,test.nope2'" });
    expect(tableOf(ctx, 'test', 'd1').id).toBe(d1.id);
    const res = await ddl(ctx, 'DROP TABLE IF EXISTS d1, nope1, d2');
    expect(res.warnings).toEqual([{ level: 'Note', code: 1051, message: "Unknown table 'test.nope1'" }]);
    expect(syncer.infoSchema().table('test', 'd1')).toBeUndefined();
    expect(syncer.infoSchema().table('test', 'd2')).toBeUndefined();
    expect((await dumpRange(client, tableRange(BigInt(d1.id)))).size).toBe(0);
    expect(await withJobs()).toEqual([]);
  });

  async function withJobs(): Promise<string[]> {
    const txn = await client.txn.begin();
    const jobs = await listJobs(txn);
    await txn.rollback();
    return jobs.map((j) => `${j.type}:${j.tableId}`);
  }

  it('TRUNCATE gives the table a new id and deletes the old rows', async () => {
    await ddl(ctx, 'CREATE TABLE tr (a INT PRIMARY KEY, b INT, KEY (b))');
    const before = tableOf(ctx, 'test', 'tr');
    await insertRows(client, before, [[1n, { a: 1n, b: 2n }]]);
    await ddl(ctx, 'TRUNCATE TABLE tr');
    const after = tableOf(ctx, 'test', 'tr');
    expect(after.id).not.toBe(before.id);
    expect(showCreateTable(after)).toBe(showCreateTable(before));
    expect((await dumpRange(client, tableRange(BigInt(before.id)))).size).toBe(0);
    expect((await readRows(client, after)).size).toBe(0);
    expect(await ddlErrno(ctx, 'TRUNCATE TABLE nothing')).toBe(1146);
  });

  it('RENAME TABLE moves names in order (a swap works), 1050 / 1146', async () => {
    await ddl(ctx, 'CREATE TABLE ra (a INT)');
    await ddl(ctx, 'CREATE TABLE rb (b INT)');
    const a = tableOf(ctx, 'test', 'ra');
    await ddl(ctx, 'RENAME TABLE ra TO tmp, rb TO ra, tmp TO rb');
    expect(tableOf(ctx, 'test', 'rb').id).toBe(a.id);
    expect(tableOf(ctx, 'test', 'ra').columns[0]?.name).toBe('b');
    expect(await ddlErrno(ctx, 'RENAME TABLE ra TO rb')).toBe(1050);
    expect(await ddlErrno(ctx, 'RENAME TABLE nothing TO x')).toBe(1146);
    await ddl(ctx, 'CREATE DATABASE other');
    await ddl(ctx, 'ALTER TABLE rb RENAME TO rc');
    await ddl(ctx, 'RENAME TABLE rc TO other.moved');
    expect(tableOf(ctx, 'other', 'moved').id).toBe(a.id);
    expect(syncer.infoSchema().table('test', 'rb')).toBeUndefined();
    expect(syncer.infoSchema().table('test', 'rc')).toBeUndefined();
  });

  it('CREATE INDEX backfills existing rows; DROP INDEX removes the index and its entries', async () => {
    await ddl(ctx, 'CREATE TABLE ix (id INT PRIMARY KEY, a INT, b VARCHAR(20))');
    const t = tableOf(ctx, 'test', 'ix');
    await insertRows(client, t, [
      [1n, { id: 1n, a: 10n, b: 'x' }],
      [2n, { id: 2n, a: 20n, b: 'yy' }],
      [3n, { id: 3n, a: null, b: 'zzz' }],
      [4n, { id: 4n, a: 10n, b: 'longer value' }],
      [5n, { id: 5n, a: 50n, b: null }],
    ]);
    await ddl(ctx, 'CREATE INDEX ia ON ix (a)');
    await ddl(ctx, 'ALTER TABLE ix ADD UNIQUE KEY ub (b(4)), ADD INDEX (a, b)');
    const withIdx = tableOf(ctx, 'test', 'ix');
    expect(withIdx.indexes.map((i) => `${i.name}:${i.state}`)).toEqual(['PRIMARY:public', 'ub:public', 'ia:public', 'a:public']);
    expect(await indexProblems(client, withIdx)).toEqual([]);
    const ia = withIdx.indexes.find((i) => i.name === 'ia');
    expect((await dumpRange(client, indexRange(BigInt(t.id), BigInt(ia?.id ?? 0)))).size).toBe(5);
    expect(await ddlErrno(ctx, 'CREATE INDEX ia ON ix (b)')).toBe(1061);
    expect(await ddlErrno(ctx, 'CREATE INDEX ic ON ix (nope)')).toBe(1072);
    await ddl(ctx, 'DROP INDEX ia ON ix');
    expect(tableOf(ctx, 'test', 'ix').indexes.map((i) => i.name)).toEqual(['PRIMARY', 'ub', 'a']);
    expect((await dumpRange(client, indexRange(BigInt(t.id), BigInt(ia?.id ?? 0)))).size).toBe(0);
    expect(await ddlErrno(ctx, 'DROP INDEX ia ON ix')).toBe(1091);
    expect(await ddlErrno(ctx, 'ALTER TABLE ix DROP PRIMARY KEY')).toBe(1235);
    expect(await withJobs()).toEqual([]);
  });

  it('a unique ADD INDEX over duplicates fails with 1062 and leaves no index and no entries', async () => {
    await ddl(ctx, 'CREATE TABLE du (id INT PRIMARY KEY, a INT)');
    const t = tableOf(ctx, 'test', 'du');
    const rows: [bigint, Record<string, bigint | null>][] = [];
    for (let i = 1n; i <= 10n; i++) rows.push([i, { id: i, a: i === 9n ? 2n : i }]);
    await insertRows(client, t, rows);
    const err = await ddl(ctx, 'ALTER TABLE du ADD UNIQUE KEY ua (a)').catch((e: unknown) => e);
    expect(err).toMatchObject({ mysqlErrno: 1062, sqlState: '23000', message: "Duplicate entry '2' for key 'du.ua'" });
    const after = tableOf(ctx, 'test', 'du');
    expect(after.indexes.map((i) => i.name)).toEqual(['PRIMARY']);
    expect((await dumpRange(client, { start: indexRange(BigInt(t.id), 1n).start, end: indexRange(BigInt(t.id), 100n).end })).size).toBe(0);
    expect(await withJobs()).toEqual([]);
    // NULLs never collide in a UNIQUE index.
    await ddl(ctx, 'CREATE TABLE nu (id INT PRIMARY KEY, a INT)');
    await insertRows(client, tableOf(ctx, 'test', 'nu'), [
      [1n, { id: 1n, a: null }],
      [2n, { id: 2n, a: null }],
    ]);
    await ddl(ctx, 'CREATE UNIQUE INDEX ua ON nu (a)');
    expect(await indexProblems(client, tableOf(ctx, 'test', 'nu'))).toEqual([]);
  });

  it('ADD PRIMARY KEY makes its columns NOT NULL, refuses NULLs (1138) and a second one (1068)', async () => {
    await ddl(ctx, 'CREATE TABLE pk (a INT, b INT)');
    await insertRows(client, tableOf(ctx, 'test', 'pk'), [[1n, { a: 1n, b: null }]]);
    expect(await ddlErrno(ctx, 'ALTER TABLE pk ADD PRIMARY KEY (b)')).toBe(1138);
    await ddl(ctx, 'ALTER TABLE pk ADD PRIMARY KEY (a)');
    const t = tableOf(ctx, 'test', 'pk');
    expect(showCreateTable(t).split('\n').slice(1, 4)).toEqual(['  `a` int NOT NULL,', '  `b` int DEFAULT NULL,', '  PRIMARY KEY (`a`)']);
    expect(t.pkIsHandle).toBe(false);
    expect(await indexProblems(client, t)).toEqual([]);
    expect(await ddlErrno(ctx, 'ALTER TABLE pk ADD PRIMARY KEY (b)')).toBe(1068);
    await ddl(ctx, 'ALTER TABLE pk DROP PRIMARY KEY');
    expect(tableOf(ctx, 'test', 'pk').indexes).toEqual([]);
  });

  it('ADD COLUMN rewrites no rows: old rows read the default it had then', async () => {
    await ddl(ctx, 'CREATE TABLE ac (id INT PRIMARY KEY, a INT)');
    const t = tableOf(ctx, 'test', 'ac');
    await insertRows(client, t, [[1n, { id: 1n, a: 1n }]]);
    const rowsBefore = await dumpRange(client, tableRange(BigInt(t.id)));
    await ddl(ctx, "ALTER TABLE ac ADD COLUMN s VARCHAR(10) NOT NULL DEFAULT 'hi' FIRST, ADD COLUMN n INT NOT NULL AFTER id, ADD COLUMN z INT");
    expect(await dumpRange(client, tableRange(BigInt(t.id)))).toEqual(rowsBefore);
    await ddl(ctx, "ALTER TABLE ac MODIFY s VARCHAR(20) NOT NULL DEFAULT 'later'");
    const after = tableOf(ctx, 'test', 'ac');
    expect(after.columns.map((c) => c.name)).toEqual(['s', 'id', 'n', 'a', 'z']);
    expect([...(await readRows(client, after)).values()]).toEqual([{ s: 'hi', id: 1n, n: 0n, a: 1n, z: null }]);
    expect(await ddlErrno(ctx, 'ALTER TABLE ac ADD COLUMN a INT')).toBe(1060);
    expect(await ddlErrno(ctx, 'ALTER TABLE ac ADD COLUMN q INT AFTER nope')).toBe(1054);
  });

  it('DROP COLUMN hides the column and drops its single-column indexes', async () => {
    await ddl(ctx, 'CREATE TABLE dc (id INT PRIMARY KEY, a INT, b INT, c INT, KEY (b), KEY (b, c))');
    const t = tableOf(ctx, 'test', 'dc');
    await insertRows(client, t, [[1n, { id: 1n, a: 1n, b: 2n, c: 3n }]]);
    await ddl(ctx, 'ALTER TABLE dc DROP COLUMN a');
    expect(tableOf(ctx, 'test', 'dc').columns.map((c) => c.name)).toEqual(['id', 'b', 'c']);
    expect(await ddlErrno(ctx, 'ALTER TABLE dc DROP COLUMN b')).toBe(1235);
    await ddl(ctx, 'ALTER TABLE dc DROP INDEX b_2');
    const bIndex = tableOf(ctx, 'test', 'dc').indexes.find((i) => i.name === 'b');
    await ddl(ctx, 'ALTER TABLE dc DROP COLUMN b');
    expect(tableOf(ctx, 'test', 'dc').indexes.map((i) => i.name)).toEqual(['PRIMARY']);
    expect((await dumpRange(client, indexRange(BigInt(t.id), BigInt(bIndex?.id ?? 0)))).size).toBe(0);
    expect([...(await readRows(client, tableOf(ctx, 'test', 'dc'))).values()]).toEqual([{ id: 1n, c: 3n }]);
    expect(await ddlErrno(ctx, 'ALTER TABLE dc DROP COLUMN nope')).toBe(1091);
    await ddl(ctx, 'CREATE TABLE one (a INT)');
    expect(await ddlErrno(ctx, 'ALTER TABLE one DROP COLUMN a')).toBe(1090);
  });

  it('MODIFY / CHANGE / RENAME COLUMN change metadata, convert data, or answer 1406 / 1235 / 1138', async () => {
    await ddl(ctx, 'CREATE TABLE mc (id INT PRIMARY KEY, a SMALLINT, v VARCHAR(5), n INT, KEY (v))');
    const t = tableOf(ctx, 'test', 'mc');
    await insertRows(client, t, [[1n, { id: 1n, a: 7n, v: 'abc', n: null }]]);
    await ddl(ctx, "ALTER TABLE mc MODIFY a BIGINT NOT NULL DEFAULT '3' COMMENT 'wide', MODIFY v VARCHAR(50)");
    expect(showCreateTable(tableOf(ctx, 'test', 'mc')).split('\n').slice(2, 4)).toEqual([
      "  `a` bigint NOT NULL DEFAULT '3' COMMENT 'wide',",
      '  `v` varchar(50) DEFAULT NULL,',
    ]);
    // Type changes that convert data are modify-column.ts's (test/sql/ddl/modify-column.test.ts).
    expect(await ddlErrno(ctx, 'ALTER TABLE mc MODIFY v VARCHAR(2)')).toBe(1406);
    expect(await ddlErrno(ctx, 'ALTER TABLE mc MODIFY a INT UNSIGNED')).toBe('ok');
    expect(await ddlErrno(ctx, 'ALTER TABLE mc MODIFY id VARCHAR(5)')).toBe(1235);
    expect(await ddlErrno(ctx, 'ALTER TABLE mc MODIFY n INT NOT NULL')).toBe(1138);
    expect(await ddlErrno(ctx, 'ALTER TABLE mc MODIFY nope INT')).toBe(1054);
    await ddl(ctx, 'ALTER TABLE mc CHANGE v vv VARCHAR(60) FIRST');
    await ddl(ctx, 'ALTER TABLE mc RENAME COLUMN vv TO w');
    expect(await ddlErrno(ctx, 'ALTER TABLE mc RENAME COLUMN w TO a')).toBe(1060);
    const after = tableOf(ctx, 'test', 'mc');
    expect(showCreateTable(after).split('\n').slice(1, 2)).toEqual(['  `w` varchar(60) DEFAULT NULL,']);
    expect(showCreateTable(after)).toContain('KEY `v` (`w`)');
    expect([...(await readRows(client, after)).values()]).toEqual([{ w: 'abc', id: 1n, a: 7n, n: null }]);
    expect(await indexProblems(client, after)).toEqual([]);
  });

  it('IF [NOT] EXISTS that finds nothing to do does not move the schema version', async () => {
    await ddl(ctx, 'CREATE TABLE noop (a INT)');
    const v = syncer.version;
    await ddl(ctx, 'CREATE TABLE IF NOT EXISTS noop (a INT)');
    await ddl(ctx, 'DROP TABLE IF EXISTS never_was');
    await ddl(ctx, 'CREATE DATABASE IF NOT EXISTS test');
    await ddl(ctx, 'DROP DATABASE IF EXISTS never_was');
    expect(syncer.version).toBe(v);
  });

  it('string columns take the table charset; ALTER … ADD FOREIGN KEY is recorded', async () => {
    await ddl(ctx, 'CREATE TABLE cs (a VARCHAR(5), b VARCHAR(5) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci) DEFAULT CHARSET=latin1');
    expect(showCreateTable(tableOf(ctx, 'test', 'cs'))).toBe(
      [
        'CREATE TABLE `cs` (',
        '  `a` varchar(5) DEFAULT NULL,',
        '  `b` varchar(5) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci DEFAULT NULL',
        ') ENGINE=InnoDB DEFAULT CHARSET=latin1',
      ].join('\n'),
    );
    await ddl(ctx, 'ALTER TABLE cs ADD COLUMN c CHAR(2), ADD CONSTRAINT fk_a FOREIGN KEY (a) REFERENCES other.p (x), ADD FOREIGN KEY (c) REFERENCES q (y)');
    const t = tableOf(ctx, 'test', 'cs');
    expect(t.columns[2]?.type).toMatchObject({ charset: 'latin1', collation: 'latin1_bin' });
    expect(showCreateTable(t, { databaseName: 'test' }).split('\n').slice(4, 6)).toEqual([
      '  CONSTRAINT `fk_a` FOREIGN KEY (`a`) REFERENCES `other`.`p` (`x`),',
      '  CONSTRAINT `cs_ibfk_1` FOREIGN KEY (`c`) REFERENCES `q` (`y`)',
    ]);
    expect(await ddlErrno(ctx, 'ALTER TABLE cs ADD FOREIGN KEY (nope) REFERENCES q (y)')).toBe(1072);
  });

  it('an ALTER whose later action is invalid changes nothing', async () => {
    await ddl(ctx, 'CREATE TABLE atom (id INT PRIMARY KEY, a INT, b INT, KEY kb (b))');
    const before = showCreateTable(tableOf(ctx, 'test', 'atom'));
    const v = syncer.version;
    const cases: [string, number][] = [
      ['ALTER TABLE atom ADD COLUMN c INT, ADD INDEX (nope)', 1072],
      ['ALTER TABLE atom ADD COLUMN c INT, ADD COLUMN C INT', 1060],
      ['ALTER TABLE atom DROP COLUMN a, DROP COLUMN a', 1091],
      ['ALTER TABLE atom ADD INDEX ka (a), ADD INDEX ka (b)', 1061],
      ['ALTER TABLE atom DROP INDEX kb, DROP INDEX kb', 1091],
      ["ALTER TABLE atom ADD COLUMN c INT, MODIFY a INT DEFAULT 'x'", 1067],
      ['ALTER TABLE atom RENAME COLUMN a TO z, ADD INDEX (a)', 1072],
      ['ALTER TABLE atom ADD COLUMN c INT, ADD PRIMARY KEY (c)', 1068],
      ['ALTER TABLE atom ADD COLUMN c TEXT, ADD INDEX (c)', 1170],
      ['ALTER TABLE atom MODIFY a INT, CHANGE b a INT', 1060],
    ];
    for (const [sql, errno] of cases) expect([sql, await ddlErrno(ctx, sql)]).toEqual([sql, errno]);
    expect(showCreateTable(tableOf(ctx, 'test', 'atom'))).toBe(before);
    expect(syncer.version).toBe(v);
    // The same actions, valid, all apply (each sees the ones before it).
    await ddl(ctx, 'ALTER TABLE atom ADD COLUMN c INT, ADD INDEX kc (c), RENAME COLUMN a TO z, ADD UNIQUE (z)');
    expect(showCreateTable(tableOf(ctx, 'test', 'atom')).split('\n').slice(1, -1)).toEqual([
      '  `id` int NOT NULL,',
      '  `z` int DEFAULT NULL,',
      '  `b` int DEFAULT NULL,',
      '  `c` int DEFAULT NULL,',
      '  PRIMARY KEY (`id`),',
      '  UNIQUE KEY `z` (`z`),',
      '  KEY `kb` (`b`),',
      '  KEY `kc` (`c`)',
    ]);
  });
});
