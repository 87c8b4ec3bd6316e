// The table access layer against a real in-process cluster: rows of every type round-trip
// (NULLs, the pk handle, rows older than a column), index entries follow the schema states,
// scans over handles and indexes run both ways in batches, and duplicates fail with MySQL's 1062
// text — at the statement, and at commit when two transactions race for one key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WriteConflict, type StrataClient } from '../../../kv/client/index.js';
import type { ColumnInfo, TableInfo } from '../../../sql/catalog/index.js';
import { I64_MAX, indexBoundsRange, indexRange, indexValuesRange } from '../../../sql/codec/index.js';
import { SqlError } from '../../../sql/errors.js';
import { EXTRA_HANDLE_ID, Table, duplicateFromCommitError, type RowBatch } from '../../../sql/table/index.js';
import { DateTime, Decimal, Duration, JsonValue, T, type Value } from '../../../sql/types/index.js';
import { InProcessCluster } from '../../helpers/in-process-cluster.js';
import { tableInfo, withChanges } from './fixtures.js';

/** A value as a test reads it: exact type and content. */
function show(v: Value): string {
  if (v === null) return 'NULL';
  if (typeof v === 'bigint') return `${v}n`;
  if (v instanceof Uint8Array) return `x'${Buffer.from(v).toString('hex')}'`;
  if (typeof v === 'number') return `${Object.is(v, -0) ? '-0' : v}d`;
  if (typeof v === 'string') return `'${v}'`;
  return `${v.constructor.name}(${String(v)})`;
}
const showRow = (r: readonly Value[] | undefined): string[] | undefined => r?.map(show);

async function collect(it: AsyncIterable<RowBatch>): Promise<{ handles: bigint[]; rows: string[][]; batches: number }> {
  const out = { handles: [] as bigint[], rows: [] as string[][], batches: 0 };
  for await (const b of it) {
    out.batches++;
    out.handles.push(...b.handles);
    out.rows.push(...b.rows.map((r) => r.map(show)));
  }
  return out;
}

async function indexScan(t: Table, client: StrataClient, index: string, range: { start: Buffer; end: Buffer } | undefined, reverse = false) {
  const idx = t.tableIndex(t.index(index)?.id ?? -1);
  const txn = await client.txn.begin();
  const out: string[] = [];
  for await (const b of t.scanIndex(txn, idx, range ?? indexRange(t.id, BigInt(idx.id)), { reverse, batchSize: 2 })) {
    b.handles.forEach((h, i) => out.push(`${(b.values[i] ?? []).map(show).join(',')}→${h}`));
  }
  return out;
}

/** The SqlError a promise or function fails with. */
async function sqlError(p: Promise<unknown> | (() => unknown)): Promise<SqlError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    if (err instanceof SqlError) return err;
    throw err;
  }
  throw new Error('expected an SqlError');
}

const nn = { nullable: false };

describe('sql/table against a real cluster', () => {
  let cluster: InProcessCluster;
  let client: StrataClient;

  beforeAll(async () => {
    cluster = await InProcessCluster.start(1);
    client = await cluster.client();
  }, 60_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  /** Adds rows (handle, writable row) in one committed transaction. */
  async function load(t: Table, rows: readonly [bigint, Value[]][]): Promise<void> {
    const txn = await client.txn.begin();
    for (const [h, r] of rows) await t.addRecord(txn, h, r);
    await txn.commit();
  }

  describe('rows', () => {
    const allTypes = (): TableInfo =>
      tableInfo('types', [
        { name: 'id', type: T.bigint(nn) },
        { name: 'i', type: T.int() },
        { name: 'u', type: T.bigint({ unsigned: true }) },
        { name: 'd', type: T.decimal(10, 2) },
        { name: 'f', type: T.double() },
        { name: 's', type: T.varchar(20) },
        { name: 'b', type: T.blob() },
        { name: 'dt', type: T.datetime(6) },
        { name: 'da', type: T.date() },
        { name: 'tm', type: T.time(3) },
        { name: 'y', type: T.year() },
        { name: 'e', type: T.enum(['red', 'green']) },
        { name: 'st', type: T.set(['a', 'b', 'c']) },
        { name: 'j', type: T.json() },
        { name: 'bt', type: T.bit(8) },
      ], [{ name: 'PRIMARY', columns: ['id'], primary: true }], { pkIsHandle: true });

    const full: Value[] = [
      7n,
      -2147483648n,
      18446744073709551615n,
      Decimal.fromString('-12345678.90'),
      -0.5,
      'héllo 😀',
      Uint8Array.of(0, 1, 255),
      DateTime.of(2024, 2, 29, 23, 59, 58, 123456, 'datetime', 6),
      DateTime.date(1999, 12, 31),
      new Duration(-((838 * 3600 + 59 * 60 + 59) * 1_000_000 + 500_000), 3),
      2155n,
      'green',
      'a,c',
      JsonValue.parse('{"k": [1, 2.5, null, "x"]}'),
      0xa5n,
    ];

    it('round-trips every type and NULL, filling the pk from the handle; reads any column subset in any order', async () => {
      const t = new Table(allTypes());
      const nulls: Value[] = [8n, ...full.slice(1).map(() => null)];
      await load(t, [
        [7n, full],
        [8n, nulls],
      ]);
      const txn = await client.txn.begin();
      expect(showRow(await t.getRow(txn, 7n, t.publicColumns))).toEqual(full.map(show));
      expect(showRow(await t.getRow(txn, 8n, t.publicColumns))).toEqual(nulls.map(show));
      const c = (n: string): ColumnInfo => t.publicColumns.find((x) => x.name === n) as ColumnInfo;
      expect(showRow(await t.getRow(txn, 7n, [c('s'), c('id'), c('u')]))).toEqual(["'héllo 😀'", '7n', '18446744073709551615n']);
      const rowid: ColumnInfo = { ...c('id'), id: EXTRA_HANDLE_ID, name: '_tidb_rowid' };
      expect(showRow(await t.getRow(txn, 8n, [rowid, c('j')]))).toEqual(['8n', 'NULL']);
      expect(await t.getRow(txn, 9n, t.publicColumns)).toBeUndefined();
      const batch = await t.batchGetRows(txn, [9n, 8n, 7n, 8n], [c('id'), c('e')]);
      expect(batch.handles).toEqual([8n, 7n]);
      expect(batch.rows.map((r) => r.map(show))).toEqual([['8n', 'NULL'], ['7n', "'green'"]]);
    });

    it('a BIGINT UNSIGNED primary key is the handle, mapped in order: 0 … 2^64-1 scan in value order', async () => {
      const t = new Table(
        tableInfo('u', [{ name: 'id', type: T.bigint({ unsigned: true, nullable: false }) }, { name: 'v', type: T.varchar(5) }], [{ name: 'PRIMARY', columns: ['id'], primary: true }], {
          pkIsHandle: true,
        }),
      );
      const pks = [18446744073709551615n, 0n, 9223372036854775808n, 9223372036854775807n, 1n];
      await load(t, pks.map((pk) => [t.handleOf([pk, 'x']), [pk, `v${pk % 10n}`]]));
      const txn = await client.txn.begin();
      const all = await collect(t.scanRows(txn, undefined, t.publicColumns));
      expect(all.rows.map((r) => r[0])).toEqual(['0n', '1n', '9223372036854775807n', '9223372036854775808n', '18446744073709551615n']);
      // Only the pk wanted: answered from the keys, in reverse too.
      const pkOnly = await collect(t.scanRows(txn, undefined, [t.publicColumns[0] as ColumnInfo], { reverse: true }));
      expect(pkOnly.rows.map((r) => r[0])).toEqual(['18446744073709551615n', '9223372036854775808n', '9223372036854775807n', '1n', '0n']);
      expect(showRow(await t.getRow(txn, t.handleOf([18446744073709551615n, null]), t.publicColumns))).toEqual(['18446744073709551615n', "'v5'"]);
      const dup = await sqlError(t.addRecord(txn, t.handleOf([18446744073709551615n, null]), [18446744073709551615n, 'y']));
      expect(dup.message).toBe("Duplicate entry '18446744073709551615' for key 'u.PRIMARY'");
    });

    it('rows written before ADD COLUMN read the added columns as their original defaults', async () => {
      const v1 = tableInfo('grow', [{ name: 'id', type: T.int(nn) }, { name: 'a', type: T.varchar(10) }], [{ name: 'PRIMARY', columns: ['id'], primary: true }], { pkIsHandle: true });
      await load(new Table(v1), [[1n, [1n, 'old']]]);
      const v2 = new Table(
        withChanges(v1, {
          addColumns: [
            { name: 'lit', type: T.int(nn), default: { kind: 'literal', text: '7' } },
            { name: 'dec', type: T.decimal(5, 2), default: { kind: 'literal', text: '1.5' } },
            { name: 'nn', type: T.varchar(5, nn) },
            { name: 'nul', type: T.datetime() },
            { name: 'dnn', type: T.datetime(0, nn) },
            { name: 'en', type: T.enum(['x', 'y'], nn) },
          ],
        }),
      );
      await load(v2, [[2n, [2n, 'new', 8n, Decimal.fromString('2.25'), 'n', null, DateTime.of(2020, 1, 1), 'y']]]);
      const txn = await client.txn.begin();
      const rows = await collect(v2.scanRows(txn, undefined, v2.publicColumns));
      expect(rows.rows).toEqual([
        ['1n', "'old'", '7n', 'Decimal(1.50)', "''", 'NULL', 'DateTime(0000-00-00 00:00:00)', "'x'"],
        ['2n', "'new'", '8n', 'Decimal(2.25)', "'n'", 'NULL', 'DateTime(2020-01-01 00:00:00)', "'y'"],
      ]);
      // An override from the catalog wins over the current default.
      const v3 = new Table(v2.info, { originDefaults: new Map([[3, 42n]]) });
      expect(showRow(await v3.getRow(txn, 1n, [v3.publicColumns[2] as ColumnInfo]))).toEqual(['42n']);
    });

    it('scans handle ranges forward and backward in batches of the asked size', async () => {
      const t = new Table(tableInfo('scan', [{ name: 'v', type: T.int() }]));
      await load(t, [-5n, 1n, 2n, 3n, 10n, I64_MAX].map((h) => [h, [h % 100n]]));
      const txn = await client.txn.begin();
      const cases: [{ low?: bigint; high?: bigint } | undefined, boolean, bigint[]][] = [
        [undefined, false, [-5n, 1n, 2n, 3n, 10n, I64_MAX]],
        [undefined, true, [I64_MAX, 10n, 3n, 2n, 1n, -5n]],
        [{ low: 1n, high: 3n }, false, [1n, 2n, 3n]],
        [{ low: 1n, high: 3n }, true, [3n, 2n, 1n]],
        [{ low: 3n }, false, [3n, 10n, I64_MAX]],
        [{ high: 1n }, true, [1n, -5n]],
        [{ low: 4n, high: 9n }, false, []],
        [{ low: 9n, high: 4n }, false, []],
      ];
      for (const [bounds, reverse, want] of cases) {
        const got = await collect(t.scanRows(txn, bounds, t.publicColumns, { reverse, batchSize: 2 }));
        expect(got.handles, JSON.stringify({ bounds: String(bounds?.low) + '..' + String(bounds?.high), reverse })).toEqual(want);
        expect(got.batches).toBe(Math.ceil(want.length / 2));
      }
    });

    it('Table.of builds one Table per TableInfo object (one per schema version)', () => {
      const info = tableInfo('cache', [{ name: 'v', type: T.int() }]);
      expect(Table.of(info)).toBe(Table.of(info));
      expect(Table.of({ ...info })).not.toBe(Table.of(info));
    });

    it('reads see the transaction own uncommitted writes and deletes', async () => {
      const t = new Table(tableInfo('own', [{ name: 'v', type: T.varchar(5) }]));
      await load(t, [[1n, ['a']], [2n, ['b']]]);
      const txn = await client.txn.begin();
      await t.addRecord(txn, 3n, ['c']);
      t.removeRecord(txn, 1n, ['a']);
      expect((await collect(t.scanRows(txn, undefined, t.publicColumns))).rows).toEqual([["'b'"], ["'c'"]]);
      await txn.rollback();
    });
  });

  describe('indexes', () => {
    const people = (): Table =>
      new Table(
        tableInfo(
          't',
          [
            { name: 'id', type: T.int(nn) },
            { name: 'a', type: T.varchar(10) },
            { name: 'b', type: T.int() },
            { name: 'c', type: T.int() },
          ],
          [
            { name: 'PRIMARY', columns: ['id'], primary: true },
            { name: 'idx_ab', columns: ['a', 'b'], unique: true },
            { name: 'k_c', columns: ['c'] },
          ],
          { pkIsHandle: true },
        ),
      );

    it('writes unique and non-unique entries; scans ranges forward and reverse; point gets by unique key', async () => {
      const t = people();
      await load(t, [
        [1n, [1n, 'a', 1n, 30n]],
        [2n, [2n, 'a', 2n, 10n]],
        [3n, [3n, 'b', 1n, 20n]],
        [4n, [4n, null, 1n, 10n]],
        [5n, [5n, null, 1n, null]],
      ]);
      expect(await indexScan(t, client, 'idx_ab', undefined)).toEqual(['NULL,1n→4', 'NULL,1n→5', "'a',1n→1", "'a',2n→2", "'b',1n→3"]);
      expect(await indexScan(t, client, 'idx_ab', undefined, true)).toEqual(["'b',1n→3", "'a',2n→2", "'a',1n→1", 'NULL,1n→5', 'NULL,1n→4']);
      const ab = t.index('idx_ab');
      const kc = t.index('k_c');
      if (!ab || !kc) throw new Error('indexes');
      expect(await indexScan(t, client, 'idx_ab', indexValuesRange(t.id, BigInt(ab.id), ['a'], ab.types))).toEqual(["'a',1n→1", "'a',2n→2"]);
      const cRange = indexBoundsRange(t.id, BigInt(kc.id), kc.types, { values: [10n], inclusive: false }, { values: [30n], inclusive: true });
      expect(await indexScan(t, client, 'k_c', cRange)).toEqual(['20n→3', '30n→1']);
      expect(await indexScan(t, client, 'k_c', cRange, true)).toEqual(['30n→1', '20n→3']);
      expect(await indexScan(t, client, 'k_c', indexValuesRange(t.id, BigInt(kc.id), [10n], kc.types))).toEqual(['10n→2', '10n→4']);
      const txn = await client.txn.begin();
      expect(await t.getByUniqueKey(txn, ab.info, ['a', 2n])).toBe(2n);
      expect(await t.getByUniqueKey(txn, ab.info, ['a', 3n])).toBeUndefined();
      expect(await t.getByUniqueKey(txn, ab.info, [null, 1n])).toBeUndefined();
      expect(await t.batchGetByUniqueKeys(txn, ab.id, [['b', 1n], ['x', 1n], [null, 1n], ['a', 1n]])).toEqual([3n, undefined, undefined, 1n]);
    });

    it('NULL in a unique index never collides; equal values do, with MySQL 1062 text for each key', async () => {
      const t = people();
      await load(t, [[1n, [1n, 'a', 1n, 5n]]]);
      const txn = await client.txn.begin();
      expect(await t.addRecord(txn, 2n, [2n, null, 1n, 5n])).toBeUndefined();
      expect(await t.addRecord(txn, 3n, [3n, null, 1n, 5n])).toBeUndefined();
      expect(await t.addRecord(txn, 4n, [4n, 'a', null, 5n])).toBeUndefined();
      expect(await t.addRecord(txn, 5n, [5n, 'a', null, 5n])).toBeUndefined();
      const cases: [bigint, Value[], string][] = [
        [1n, [1n, 'z', 9n, 1n], "Duplicate entry '1' for key 't.PRIMARY'"],
        [6n, [6n, 'a', 1n, 1n], "Duplicate entry 'a-1' for key 't.idx_ab'"],
        [3n, [3n, 'q', 1n, 1n], "Duplicate entry '3' for key 't.PRIMARY'"], // the txn's own row
      ];
      for (const [h, row, message] of cases) {
        const err = await sqlError(t.addRecord(txn, h, row));
        expect({ code: err.mysqlErrno, state: err.sqlState, message: err.message }).toEqual({ code: 1062, state: '23000', message });
      }
      await txn.commit();
    });

    it('a PRIMARY KEY that is not the handle is a unique index named PRIMARY; decimal and date keys print as MySQL does', async () => {
      const t = new Table(
        tableInfo(
          'p',
          [
            { name: 'code', type: T.varchar(10, nn) },
            { name: 'amt', type: T.decimal(6, 2) },
            { name: 'day', type: T.date() },
          ],
          [
            { name: 'PRIMARY', columns: ['code'], primary: true },
            { name: 'u_amt_day', columns: ['amt', 'day'], unique: true },
          ],
        ),
      );
      await load(t, [[1n, ['x', Decimal.fromString('1.50'), DateTime.date(2024, 1, 2)]]]);
      const txn = await client.txn.begin();
      expect((await sqlError(t.addRecord(txn, 2n, ['x', null, null]))).message).toBe("Duplicate entry 'x' for key 'p.PRIMARY'");
      expect((await sqlError(t.addRecord(txn, 2n, ['y', Decimal.fromString('1.50'), DateTime.date(2024, 1, 2)]))).message).toBe(
        "Duplicate entry '1.50-2024-01-02' for key 'p.u_amt_day'",
      );
      await txn.rollback();
    });

    it('addRecords checks rows of one statement against each other; ignoreDuplicates skips and reports them', async () => {
      const t = people();
      await load(t, [[1n, [1n, 'a', 1n, 0n]]]);
      const txn = await client.txn.begin();
      const err = await sqlError(t.addRecords(txn, [{ handle: 2n, row: [2n, 'b', 1n, 0n] }, { handle: 3n, row: [3n, 'b', 1n, 0n] }]));
      expect(err.message).toBe("Duplicate entry 'b-1' for key 't.idx_ab'");
      const res = await t.addRecords(
        txn,
        [
          { handle: 1n, row: [1n, 'n', 1n, 0n] },
          { handle: 2n, row: [2n, 'b', 1n, 0n] },
          { handle: 3n, row: [3n, 'b', 1n, 0n] },
          { handle: 4n, row: [4n, 'c', 1n, 0n] },
        ],
        { ignoreDuplicates: true },
      );
      expect(res.map((d) => d && `${d.keyName}:${d.entry}:${d.handle}`)).toEqual(['t.PRIMARY:1:1', undefined, 't.idx_ab:b-1:2', undefined]);
      await txn.commit();
      expect(await indexScan(t, client, 'idx_ab', undefined)).toEqual(["'a',1n→1", "'b',1n→2", "'c',1n→4"]);
    });

    it('findDuplicates names every existing row a new row collides with, each once', async () => {
      const t = people();
      await load(t, [
        [1n, [1n, 'a', 1n, 0n]],
        [2n, [2n, 'b', 2n, 0n]],
      ]);
      const txn = await client.txn.begin();
      const dups = await t.findDuplicates(txn, 1n, [1n, 'b', 2n, 0n]);
      expect(dups.map((d) => `${d.keyName}:${d.entry}:${d.handle}`)).toEqual(['t.PRIMARY:1:1', 't.idx_ab:b-2:2']);
      expect(await t.findDuplicates(txn, 9n, [9n, 'a', 1n, 0n])).toMatchObject([{ handle: 1n, keyName: 't.idx_ab' }]);
      expect(await t.findDuplicates(txn, 9n, [9n, 'a', 9n, 0n])).toEqual([]);
    });

    it('removeRecord deletes the row and its entries; updateRecord rewrites only changed entries and checks unique ones', async () => {
      const t = people();
      await load(t, [
        [1n, [1n, 'a', 1n, 10n]],
        [2n, [2n, 'b', 1n, 20n]],
      ]);
      const txn = await client.txn.begin();
      await t.updateRecord(txn, 1n, [1n, 'a', 1n, 10n], [1n, 'a', 1n, 11n]);
      const err = await sqlError(t.updateRecord(txn, 1n, [1n, 'a', 1n, 11n], [1n, 'b', 1n, 11n]));
      expect(err.message).toBe("Duplicate entry 'b-1' for key 't.idx_ab'");
      expect(await t.updateRecord(txn, 1n, [1n, 'a', 1n, 11n], [1n, 'b', 1n, 11n], { ignoreDuplicates: true })).toMatchObject({ handle: 2n });
      // The pk (the handle) changes: remove + add, entries follow the new handle.
      await t.updateRecord(txn, 2n, [2n, 'b', 1n, 20n], [7n, 'b', 1n, 20n]);
      expect((await sqlError(t.updateRecord(txn, 7n, [7n, 'b', 1n, 20n], [1n, 'b', 1n, 20n]))).message).toBe("Duplicate entry '1' for key 't.PRIMARY'");
      await txn.commit();
      expect(await indexScan(t, client, 'idx_ab', undefined)).toEqual(["'a',1n→1", "'b',1n→7"]);
      expect(await indexScan(t, client, 'k_c', undefined)).toEqual(['11n→1', '20n→7']);
      const d = await client.txn.begin();
      t.removeRecord(d, 7n, [7n, 'b', 1n, 20n]);
      await d.commit();
      expect(await indexScan(t, client, 'idx_ab', undefined)).toEqual(["'a',1n→1"]);
      expect(await indexScan(t, client, 'k_c', undefined)).toEqual(['11n→1']);
      expect(await (await client.txn.begin()).get(t.rowKey(7n))).toBeUndefined();
    });

    it('a case-insensitive unique key collides on case; changing only the case of the own row is no duplicate', async () => {
      const t = new Table(
        tableInfo('ci', [{ name: 'name', type: T.varchar(10, { collation: 'utf8mb4_general_ci' }) }], [{ name: 'u_name', columns: ['name'], unique: true }]),
      );
      await load(t, [[1n, ['Alice']]]);
      const txn = await client.txn.begin();
      expect((await sqlError(t.addRecord(txn, 2n, ['ALICE']))).message).toBe("Duplicate entry 'ALICE' for key 'ci.u_name'");
      await t.updateRecord(txn, 1n, ['Alice'], ['alice']);
      await txn.commit();
      expect(await t.getByUniqueKey(await client.txn.begin(), t.tableIndex(1), ['ALICE'])).toBe(1n);
    });

    it('a prefix index keys and reports the first n characters', async () => {
      const t = new Table(tableInfo('pre', [{ name: 's', type: T.varchar(20) }], [{ name: 'u3', columns: ['s(3)'], unique: true }]));
      await load(t, [[1n, ['abcdef']]]);
      const txn = await client.txn.begin();
      expect((await sqlError(t.addRecord(txn, 2n, ['abcxyz']))).message).toBe("Duplicate entry 'abc' for key 'pre.u3'");
      expect(await t.addRecord(txn, 2n, ['ab'])).toBeUndefined();
      expect(await t.getByUniqueKey(txn, 1, ['abcQQQ'])).toBe(1n);
      await txn.rollback();
    });
  });

  describe('schema states', () => {
    it('a delete-only index gets deletes but not inserts; write-only indexes are written and checked', async () => {
      const base = tableInfo(
        'st',
        [
          { name: 'a', type: T.int() },
          { name: 'b', type: T.int() },
        ],
        [
          { name: 'ia', columns: ['a'], state: 'write-only' },
          { name: 'ub', columns: ['b'], unique: true, state: 'write-reorg' },
        ],
      );
      const writeOnly = new Table(base);
      await load(writeOnly, [[1n, [1n, 10n]]]);
      expect(await indexScan(writeOnly, client, 'ia', undefined)).toEqual(['1n→1']);
      const txn = await client.txn.begin();
      expect((await sqlError(writeOnly.addRecord(txn, 2n, [2n, 10n]))).message).toBe("Duplicate entry '10' for key 'st.ub'");
      await txn.rollback();

      const deleteOnly = new Table(withChanges(base, { indexes: (i) => ({ ...i, state: 'delete-only' }) }));
      expect(deleteOnly.writableIndexes).toEqual([]);
      await load(deleteOnly, [[2n, [2n, 10n]]]); // no unique check, no entries
      expect(await indexScan(deleteOnly, client, 'ia', undefined)).toEqual(['1n→1']);
      const d = await client.txn.begin();
      deleteOnly.removeRecord(d, 1n, [1n, 10n]);
      await d.commit();
      expect(await indexScan(deleteOnly, client, 'ia', undefined)).toEqual([]);
      expect(await indexScan(deleteOnly, client, 'ub', undefined)).toEqual([]);
    });

    it('write-only columns are written; delete-only columns are neither written nor read as stored', async () => {
      const v1 = tableInfo('cols', [
        { name: 'a', type: T.int() },
        { name: 'gone', type: T.int(), state: 'delete-only' },
        { name: 'adding', type: T.int(), state: 'write-only', default: { kind: 'literal', text: '5' } },
      ]);
      const t = new Table(v1);
      expect(t.writableColumns.map((c) => c.name)).toEqual(['a', 'adding']);
      expect(t.publicColumns.map((c) => c.name)).toEqual(['a']);
      await load(t, [[1n, [1n, 6n]]]);
      const pub = new Table(withChanges(v1, { columns: (c) => ({ ...c, state: 'public' }) }));
      expect(showRow(await pub.getRow(await client.txn.begin(), 1n, pub.publicColumns))).toEqual(['1n', 'NULL', '6n']);
      expect(() => t.encodeRow([1n])).toThrow(/1 values for 2 writable columns/);
    });

    it('an index over a column being dropped is neither written nor in the way of writes', async () => {
      const t = new Table(
        tableInfo('dropcol', [{ name: 'a', type: T.int() }, { name: 'gone', type: T.int(), state: 'delete-only' }], [{ name: 'ig', columns: ['gone'], unique: true }]),
      );
      expect(t.writableIndexes).toEqual([]);
      await load(t, [[1n, [1n]], [2n, [1n]]]);
      const txn = await client.txn.begin();
      await t.updateRecord(txn, 1n, [1n], [5n]);
      t.removeRecord(txn, 2n, [1n]);
      await txn.commit();
      expect(await indexScan(t, client, 'ig', undefined)).toEqual([]);
    });
  });

  describe('statements inside a transaction', () => {
    it('a failed statement rolls back to its savepoint: its earlier rows go, earlier statements stay', async () => {
      const t = new Table(
        tableInfo('stmt', [{ name: 'id', type: T.int(nn) }, { name: 'u', type: T.int() }], [
          { name: 'PRIMARY', columns: ['id'], primary: true },
          { name: 'u_u', columns: ['u'], unique: true },
        ], { pkIsHandle: true }),
      );
      const txn = await client.txn.begin();
      // Statement 1: INSERT … VALUES (1, 1)
      let sp = txn.savepoint();
      await t.addRecord(txn, 1n, [1n, 1n]);
      txn.releaseSavepoint(sp);
      // Statement 2: INSERT … VALUES (2, 2), (3, 1) — the second row is a duplicate.
      sp = txn.savepoint();
      await t.addRecord(txn, 2n, [2n, 2n]);
      const err = await sqlError(t.addRecord(txn, 3n, [3n, 1n]));
      expect(err.message).toBe("Duplicate entry '1' for key 'stmt.u_u'");
      txn.rollbackTo(sp);
      // Statement 3 reuses the values statement 2 left behind.
      await t.addRecord(txn, 2n, [2n, 22n]);
      await txn.commit();
      const r = await client.txn.begin();
      expect((await collect(t.scanRows(r, undefined, t.publicColumns))).rows).toEqual([['1n', '1n'], ['2n', '22n']]);
      expect(await indexScan(t, client, 'u_u', undefined)).toEqual(['1n→1', '22n→2']);
    });
  });

  describe('locks and races', () => {
    it('lockRow makes a concurrent writer of the row conflict', async () => {
      const t = new Table(tableInfo('lk', [{ name: 'v', type: T.int() }]));
      await load(t, [[1n, [1n]]]);
      const t1 = await client.txn.begin();
      expect(showRow(await t.getRow(t1, 1n, t.publicColumns))).toEqual(['1n']);
      t.lockRow(t1, 1n);
      await t.addRecord(t1, 2n, [2n]);
      const t2 = await client.txn.begin();
      await t.updateRecord(t2, 1n, [1n], [9n]);
      await t2.commit();
      await expect(t1.commit()).rejects.toBeInstanceOf(WriteConflict);
    });

    const context = (tables: Table[]) => ({ tableOf: (id: number) => tables.find((t) => Number(t.id) === id), client: client.txn });

    it('two transactions insert the same unique key: the later commit fails, and maps to 1062', async () => {
      const t = new Table(
        tableInfo(
          'race',
          [
            { name: 'id', type: T.int(nn) },
            { name: 'email', type: T.varchar(30) },
          ],
          [
            { name: 'PRIMARY', columns: ['id'], primary: true },
            { name: 'u_email', columns: ['email'], unique: true },
          ],
          { pkIsHandle: true },
        ),
      );
      // Same unique email, different ids.
      const a = await client.txn.begin();
      const b = await client.txn.begin();
      await t.addRecord(a, 1n, [1n, 'x@y']);
      await t.addRecord(b, 2n, [2n, 'x@y']);
      await a.commit();
      const err = await b.commit().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WriteConflict);
      expect((await duplicateFromCommitError(err, b.startTs, context([t])))?.message).toBe("Duplicate entry 'x@y' for key 'race.u_email'");
      // Same id (the handle).
      const c = await client.txn.begin();
      const d = await client.txn.begin();
      await t.addRecord(c, 5n, [5n, 'c@y']);
      await t.addRecord(d, 5n, [5n, 'd@y']);
      await c.commit();
      const err2 = await d.commit().catch((e: unknown) => e);
      expect((await duplicateFromCommitError(err2, d.startTs, context([t])))?.message).toBe("Duplicate entry '5' for key 'race.PRIMARY'");
    });

    it('an insert that skipped the in-place check fails at commit with AlreadyExist, mapped to 1062', async () => {
      const t = new Table(
        tableInfo('late', [{ name: 'name', type: T.varchar(10, { collation: 'utf8mb4_general_ci' }) }], [{ name: 'u_name', columns: ['name'], unique: true }]),
      );
      await load(t, [[1n, ['Bob']]]);
      const txn = await client.txn.begin();
      await t.addRecord(txn, 2n, ['BOB'], { skipDuplicateCheck: true });
      const err = await txn.commit().catch((e: unknown) => e);
      // A case-insensitive key holds weights, not the text: the message shows the existing row.
      expect((await duplicateFromCommitError(err, txn.startTs, context([t])))?.message).toBe("Duplicate entry 'Bob' for key 'late.u_name'");
      // Within one transaction the insert check fires at once.
      const own = await client.txn.begin();
      await t.addRecord(own, 3n, ['Carol']);
      expect((await sqlError(t.addRecord(own, 4n, ['carol'], { skipDuplicateCheck: true }))).message).toBe("Duplicate entry 'carol' for key 'late.u_name'");
      await own.rollback();
    });

    it('a conflict between two updates of one row stays a write conflict (no 1062)', async () => {
      const t = new Table(tableInfo('upd', [{ name: 'v', type: T.int() }], [{ name: 'u_v', columns: ['v'], unique: true }]));
      await load(t, [[1n, [1n]]]);
      const a = await client.txn.begin();
      const b = await client.txn.begin();
      await t.updateRecord(a, 1n, [1n], [2n]);
      await t.updateRecord(b, 1n, [1n], [3n]);
      await a.commit();
      const err = await b.commit().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WriteConflict);
      expect(await duplicateFromCommitError(err, b.startTs, context([t]))).toBeUndefined();
      expect(await duplicateFromCommitError(new Error('other'), b.startTs, context([t]))).toBeUndefined();
    });
  });
});
