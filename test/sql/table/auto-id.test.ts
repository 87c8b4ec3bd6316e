// AUTO_INCREMENT / row id allocation against a real cluster: ranges reserved per server in
// transactions of their own, disjoint across servers allocating at the same time, increasing
// within one server, above explicit values after rebase, and refused past the type's range.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StrataClient } from '../../../kv/client/index.js';
import { schemaVersion } from '../../../sql/catalog/index.js';
import { AutoIdAllocator, AutoIdAllocators, autoIdMax } from '../../../sql/table/index.js';
import { T } from '../../../sql/types/index.js';
import { InProcessCluster } from '../../helpers/in-process-cluster.js';
import { freshTableId, tableInfo } from './fixtures.js';

describe('AutoIdAllocator', () => {
  let cluster: InProcessCluster;
  let serverA: StrataClient;
  let serverB: StrataClient;

  beforeAll(async () => {
    cluster = await InProcessCluster.start(1);
    serverA = await cluster.client();
    serverB = await cluster.client();
  }, 60_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  it('hands out consecutive ids from a reserved range without touching KV until it runs out', async () => {
    const a = new AutoIdAllocator(serverA.txn, freshTableId(), { step: 5 });
    expect(await a.alloc()).toBe(1n);
    expect(a.cached).toBe(4n);
    expect(await a.alloc(3)).toBe(2n); // 2, 3, 4
    expect(await a.alloc(2)).toBe(6n); // 5 does not fit two: a new range [6, 11)
    expect(await a.alloc(12)).toBe(11n); // larger than a step: a range of its own
    expect(await a.alloc()).toBe(23n);
  });

  it('two servers allocating at the same time get disjoint ids, increasing within each session', async () => {
    const tableId = freshTableId();
    const a = new AutoIdAllocator(serverA.txn, tableId, { step: 7 });
    const b = new AutoIdAllocator(serverB.txn, tableId, { step: 7 });
    const session = async (alloc: AutoIdAllocator): Promise<bigint[]> => {
      const out: bigint[] = [];
      for (let i = 0; i < 40; i++) out.push(await alloc.alloc());
      return out;
    };
    // Several sessions per server, all at once.
    const sessions = await Promise.all([session(a), session(a), session(b), session(b), session(b)]);
    const all = sessions.flat();
    expect(new Set(all).size).toBe(all.length);
    expect(all.every((id) => id >= 1n)).toBe(true);
    for (const ids of sessions) expect(ids).toEqual([...ids].sort((x, y) => (x < y ? -1 : 1)));
    // At most the unused ends of each server's last range are lost.
    expect(Math.max(...all.map(Number))).toBeLessThanOrEqual(all.length + 2 * 7);
  });

  it('rebase puts the next id above an explicit value, locally or by moving the shared counter', async () => {
    const tableId = freshTableId();
    const a = new AutoIdAllocator(serverA.txn, tableId, { step: 10 });
    const b = new AutoIdAllocator(serverB.txn, tableId, { step: 10 });
    expect(await a.alloc()).toBe(1n);
    await a.rebase(5n); // inside [1, 11)
    expect(await a.alloc()).toBe(6n);
    await a.rebase(3n); // below: nothing changes
    expect(await a.alloc()).toBe(7n);
    await a.rebase(100n); // past the range: a new one from 101
    expect(await a.alloc()).toBe(101n);
    expect(await b.alloc()).toBe(111n); // the other server's next range starts after a's
  });

  it('starts at AUTO_INCREMENT = n and stops with 1467 past the column type', async () => {
    const info = tableInfo('ai', [{ name: 'id', type: T.tinyint({ nullable: false }), autoIncrement: true }], [], { autoIncrementStart: 120 });
    expect(autoIdMax(info)).toBe(127n);
    const servers = new AutoIdAllocators(serverA.txn, { step: 3 });
    const a = servers.forTable(info);
    expect(servers.forTable(info)).toBe(a);
    expect(await a.alloc(8)).toBe(120n); // 120 … 127
    await expect(a.alloc()).rejects.toMatchObject({ mysqlErrno: 1467, sqlState: 'HY000', message: 'Failed to read auto-increment value from storage engine' });
    const b = new AutoIdAllocator(serverA.txn, freshTableId(), { max: 127n });
    await b.rebase(127n);
    await expect(b.alloc()).rejects.toMatchObject({ mysqlErrno: 1467 });
    servers.forget(info.id);
    expect(servers.forTable(info)).not.toBe(a);
  });

  it('ALTER TABLE … AUTO_INCREMENT = n of a newer schema version raises the next id, never lowers it', async () => {
    const info = tableInfo('alter', [{ name: 'id', type: T.bigint({ nullable: false }), autoIncrement: true }]);
    const servers = new AutoIdAllocators(serverA.txn, { step: 10 });
    expect(await servers.forTable(info).alloc()).toBe(1n);
    expect(await servers.forTable({ ...info, autoIncrementStart: 5 }).alloc()).toBe(5n); // inside the range
    expect(await servers.forTable({ ...info, autoIncrementStart: 50 }).alloc()).toBe(50n); // past it
    expect(await servers.forTable({ ...info, autoIncrementStart: 2 }).alloc()).toBe(51n);
  });

  it('reserves outside the user transaction: a rolled-back insert does not give its ids back', async () => {
    const tableId = freshTableId();
    const a = new AutoIdAllocator(serverA.txn, tableId, { step: 4 });
    const user = await serverA.txn.begin();
    expect(await a.alloc()).toBe(1n);
    await user.rollback();
    const b = new AutoIdAllocator(serverB.txn, tableId, { step: 4 });
    expect(await b.alloc()).toBe(5n);
    // The reservation committed without touching the schema version.
    expect(await schemaVersion(await serverA.txn.begin())).toBe(0n);
  });
});
