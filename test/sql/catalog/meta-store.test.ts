// The catalog in KV: a DDL's change and its schema version commit together, a second SQL server
// (another client) sees it, two concurrent DDLs conflict on the version instead of both landing,
// and AUTO_INCREMENT allocation hands out disjoint ranges.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WriteConflict } from '../../../kv/client/index.js';
import {
  allocAutoIds,
  allocGlobalIds,
  bumpSchemaVersion,
  loadInfoSchema,
  putDatabase,
  putTable,
  type TableInfo,
} from '../../../sql/catalog/index.js';
import { InProcessCluster } from '../../helpers/in-process-cluster.js';

const table = (id: number, dbId: number, name: string): TableInfo => ({
  id,
  name,
  databaseId: dbId,
  columns: [
    {
      id: 1,
      name: 'id',
      type: { kind: 'bigint', unsigned: false, nullable: false },
      default: { kind: 'none' },
      autoIncrement: true,
      onUpdateNow: false,
      comment: '',
      state: 'public',
    },
  ],
  indexes: [{ id: 1, name: 'PRIMARY', columns: [{ name: 'id', columnId: 1 }], unique: true, primary: true, state: 'public', comment: '' }],
  foreignKeys: [],
  pkIsHandle: true,
  comment: '',
  charset: 'utf8mb4',
  collation: 'utf8mb4_bin',
  nextColumnId: 2,
  nextIndexId: 2,
  autoIncrementStart: 1,
  createdAt: 0,
});

describe('catalog meta store', () => {
  let cluster: InProcessCluster;

  beforeAll(async () => {
    cluster = await InProcessCluster.start(1);
  }, 60_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  it('commits a DDL with its schema version and another server loads it', async () => {
    const a = await cluster.client();
    const b = await cluster.client();
    const txn = await a.txn.begin();
    const dbId = await allocGlobalIds(txn);
    putDatabase(txn, { id: dbId, name: 'Shop', charset: 'utf8mb4', collation: 'utf8mb4_bin' });
    const tableId = await allocGlobalIds(txn);
    putTable(txn, table(tableId, dbId, 'Orders'));
    const version = await bumpSchemaVersion(txn);
    await txn.commit();

    const read = await b.txn.begin();
    const is = await loadInfoSchema(read);
    await read.rollback();
    expect(is.version).toBe(version);
    expect(is.database('shop')?.name).toBe('Shop');
    expect(is.table('SHOP', 'orders')?.id).toBe(tableId);
    expect(is.tables('shop').map((t) => t.name)).toEqual(['Orders']);
    expect(is.tableById(tableId)?.columns[0]?.type).toEqual({ kind: 'bigint', unsigned: false, nullable: false });
  });

  it('lets only one of two concurrent DDLs commit: they conflict on the schema version', async () => {
    const c = await cluster.client();
    const t1 = await c.txn.begin();
    const t2 = await c.txn.begin();
    await bumpSchemaVersion(t1);
    await bumpSchemaVersion(t2);
    await t1.commit();
    await expect(t2.commit()).rejects.toBeInstanceOf(WriteConflict);
  });

  it('allocates AUTO_INCREMENT ranges that never overlap, starting at the floor', async () => {
    const c = await cluster.client();
    const ranges: bigint[] = [];
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        for (;;) {
          const txn = await c.txn.begin();
          const first = await allocAutoIds(txn, 4242, 100, 1n);
          try {
            await txn.commit();
            ranges.push(first);
            return;
          } catch (err) {
            if (!(err instanceof WriteConflict)) throw err;
          }
        }
      }),
    );
    ranges.sort((x, y) => (x < y ? -1 : 1));
    expect(ranges).toEqual([1n, 101n, 201n, 301n, 401n, 501n]);
  });
});
