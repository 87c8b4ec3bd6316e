// Two SQL servers (two schema syncers, two clients) on one cluster: a DDL on one is seen by the
// other within the lease, a DDL waits for every live server to load its version (and stops
// waiting for one whose lease ran out), and the DML commit check fails only for tables that
// changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StrataClient } from '../../../kv/client/index.js';
import { bumpSchemaVersionWithDiff } from '../../../sql/catalog/index.js';
import { SchemaSyncer, type DdlContext } from '../../../sql/ddl/index.js';
import { InProcessCluster } from '../../helpers/in-process-cluster.js';
import { ddl, tableOf } from './helpers.js';

const LEASE = 1000;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('schema syncer', () => {
  let cluster: InProcessCluster;
  let clientA: StrataClient;
  let clientB: StrataClient;
  let a: SchemaSyncer;
  let b: SchemaSyncer;
  let ctxA: DdlContext;
  let ctxB: DdlContext;

  beforeAll(async () => {
    cluster = await InProcessCluster.start(1);
    clientA = await cluster.client();
    clientB = await cluster.client();
    a = await SchemaSyncer.start(clientA, { leaseMs: LEASE, serverId: 'A' });
    b = await SchemaSyncer.start(clientB, { leaseMs: LEASE, serverId: 'B' });
    ctxA = { client: clientA, syncer: a, currentDb: 'test' };
    ctxB = { client: clientB, syncer: b, currentDb: 'test' };
    await ddl(ctxA, 'CREATE DATABASE test');
  }, 60_000);

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await cluster?.stop();
  });

  it('a DDL on one server is loaded by the other before the DDL returns', async () => {
    await ddl(ctxA, 'CREATE TABLE seen (a INT)');
    expect(b.infoSchema().table('test', 'seen')).toBeDefined();
    expect(b.version).toBe(a.version);
    await ddl(ctxB, 'ALTER TABLE seen ADD COLUMN c INT');
    expect(tableOf(ctxA, 'test', 'seen').columns.map((c) => c.name)).toEqual(['a', 'c']);
  });

  it('a version bumped behind the servers’ backs is picked up within the lease', async () => {
    const txn = await clientA.txn.begin();
    const v = await bumpSchemaVersionWithDiff(txn, []);
    await txn.commit();
    const t0 = Date.now();
    while (b.version < v) {
      expect(Date.now() - t0).toBeLessThan(LEASE);
      await sleep(10);
    }
  });

  it('lists the live servers with the version each has loaded', async () => {
    await a.reload();
    await b.reload();
    const live = (await a.liveServers()).map((s) => [s.serverId, BigInt(s.version)]);
    expect(live).toEqual(
      expect.arrayContaining([
        ['A', a.version],
        ['B', b.version],
      ]),
    );
  });

  it('waits for a server that has not loaded the new version until its lease expires', async () => {
    const clientC = await cluster.client();
    const stuck = await SchemaSyncer.start(clientC, { leaseMs: LEASE, serverId: 'C-stuck', poll: false });
    const t0 = Date.now();
    await ddl(ctxA, 'CREATE TABLE waited (a INT)');
    const took = Date.now() - t0;
    expect(took).toBeGreaterThanOrEqual(LEASE / 2);
    expect(stuck.infoSchema().table('test', 'waited')).toBeUndefined();
    stuck.abandon();
    // A server that stopped cleanly is not waited for at all.
    const d = await SchemaSyncer.start(clientC, { leaseMs: 60_000, serverId: 'D', poll: false });
    await d.stop();
    const t1 = Date.now();
    await ddl(ctxA, 'CREATE TABLE not_waited (a INT)');
    expect(Date.now() - t1).toBeLessThan(LEASE * 5);
  });

  it('fails a DML commit with 8028 only when a table it wrote changed since it planned', async () => {
    await ddl(ctxA, 'CREATE TABLE w1 (a INT)');
    await ddl(ctxA, 'CREATE TABLE w2 (a INT)');
    const w1 = tableOf(ctxB, 'test', 'w1');
    const w2 = tableOf(ctxB, 'test', 'w2');
    const planned = b.version;
    await b.checkSchemaUnchanged(planned, [w1.id, w2.id]);
    await ddl(ctxA, 'ALTER TABLE w1 ADD COLUMN b INT');
    await b.checkSchemaUnchanged(planned, [w2.id]);
    const err = await b.checkSchemaUnchanged(planned, [w2.id, w1.id]).catch((e: unknown) => e);
    expect(err).toMatchObject({ mysqlErrno: 8028, sqlState: 'HY000' });
    expect((err as Error).message).toMatch(/^Information schema is changed during the execution of the statement/);
    // A transaction that planned after the change commits.
    await b.checkSchemaUnchanged(b.version, [w1.id]);
    // TRUNCATE changes the table's id: a writer of the old id fails too.
    const before = b.version;
    await ddl(ctxA, 'TRUNCATE TABLE w2');
    await expect(b.checkSchemaUnchanged(before, [w2.id])).rejects.toMatchObject({ mysqlErrno: 8028 });
  });

  it('answers 8028 for a transaction older than what the server has history for', async () => {
    const clientE = await cluster.client();
    const e = await SchemaSyncer.start(clientE, { leaseMs: LEASE, serverId: 'E' });
    await expect(e.checkSchemaUnchanged(e.version - 1n, [12345])).rejects.toMatchObject({ mysqlErrno: 8028 });
    await e.checkSchemaUnchanged(e.version, [12345]);
    await e.stop();
  });

  it('answers 8027 when the server could not confirm its schema within a lease', async () => {
    const clientF = await cluster.client();
    const f = await SchemaSyncer.start(clientF, { leaseMs: 150, serverId: 'F', poll: false });
    await f.checkSchemaUnchanged(f.version, [1]);
    await clientF.close();
    await sleep(200);
    await expect(f.checkSchemaUnchanged(f.version, [1])).rejects.toMatchObject({
      mysqlErrno: 8027,
      message: 'Information schema is out of date: schema failed to update in 1 lease, please make sure TiDB can connect to TiKV',
    });
    f.abandon();
  });
});
