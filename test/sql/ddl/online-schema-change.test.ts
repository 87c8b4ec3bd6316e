// Online schema change across two SQL servers: while server A adds (or drops) an index, server B
// keeps inserting, updating and deleting rows as a DML writer must (by the states of its own
// loaded schema, checking at commit that the table did not change under it). At the end every
// row has exactly its index entries and there are no others. Also: concurrent DDL on one table
// from both servers, and another server finishing the job of a server that died mid-way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WriteConflict, type StrataClient } from '../../../kv/client/index.js';
import { indexRange } from '../../../sql/codec/index.js';
import { listJobs, recoverDdlJobs, SchemaSyncer, type DdlContext } from '../../../sql/ddl/index.js';
import { SqlError } from '../../../sql/errors.js';
import { InProcessCluster } from '../../helpers/in-process-cluster.js';
import { ddl, ddlErrno, deleteRow, dumpRange, indexProblems, insertRows, rowOf, tableOf, writeRow } from './helpers.js';

const LEASE = 500;

/** Random DML on `table` from server `ctx` until `stop()`; returns counts of what committed. */
function startWriter(ctx: DdlContext, table: string, firstHandle: bigint, seed: number) {
  let running = true;
  let next = firstHandle;
  const live: bigint[] = [];
  let rnd = seed;
  const random = (n: number): number => {
    rnd = (rnd * 1103515245 + 12345) % 2147483648;
    return rnd % n;
  };
  const stats = { committed: 0, retried: 0, states: new Set<string>() };
  const done = (async () => {
    while (running) {
      const schema = ctx.syncer.infoSchema();
      const t = schema.table('test', table);
      if (!t) break;
      for (const ix of t.indexes) stats.states.add(ix.state);
      const txn = await ctx.client.txn.begin();
      const op = random(3);
      let h: bigint | undefined;
      try {
        if (op === 0 || live.length === 0) {
          h = next++;
          await writeRow(txn, t, h, rowOf(t, { id: h, a: BigInt(random(20)), b: `v${random(50)}`, u: h * 10n }));
        } else if (op === 1) {
          h = live[random(live.length)];
          if (h !== undefined && (await deleteRow(txn, t, h))) {
            await writeRow(txn, t, h, rowOf(t, { id: h, a: BigInt(random(20)), b: `w${random(50)}`, u: h * 10n + 1n }));
          }
        } else {
          h = live.splice(random(live.length), 1)[0];
          if (h !== undefined) await deleteRow(txn, t, h);
        }
        await ctx.syncer.checkSchemaUnchanged(schema.version, [t.id]);
        await txn.commit();
        if (op === 0 && h !== undefined) live.push(h);
        stats.committed++;
      } catch (err) {
        await txn.rollback();
        if (op === 2 && h !== undefined) live.push(h);
        if (op === 0 && h !== undefined) next = next > h ? next : h + 1n;
        if (err instanceof WriteConflict || (err instanceof SqlError && (err.mysqlErrno === 8028 || err.mysqlErrno === 8027))) stats.retried++;
        else throw err;
      }
    }
    return stats;
  })();
  return {
    stop: async () => {
      running = false;
      return done;
    },
  };
}

describe('online schema change', () => {
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
    ctxA = { client: clientA, syncer: a, currentDb: 'test', reorgBatchSize: 16 };
    ctxB = { client: clientB, syncer: b, currentDb: 'test', reorgBatchSize: 16 };
    await ddl(ctxA, 'CREATE DATABASE test');
  }, 60_000);

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await cluster?.stop();
  });

  async function populate(name: string, rows: number): Promise<void> {
    await ddl(ctxA, `CREATE TABLE ${name} (id INT PRIMARY KEY, a INT, b VARCHAR(10), u BIGINT)`);
    const t = tableOf(ctxA, 'test', name);
    const batch: [bigint, Record<string, bigint | string>][] = [];
    for (let i = 1n; i <= BigInt(rows); i++) batch.push([i, { id: i, a: i % 7n, b: `r${i}`, u: i * 10n }]);
    await insertRows(clientA, t, batch);
  }

  it('ADD INDEX under concurrent inserts, updates and deletes leaves the index exactly matching the rows', async () => {
    await populate('busy', 150);
    const writer = startWriter(ctxB, 'busy', 1000n, 7);
    const steps: string[] = [];
    await ddl({ ...ctxA, onStep: (s) => void steps.push(s) }, 'ALTER TABLE busy ADD INDEX ia (a, b), ADD UNIQUE KEY uu (u)');
    const stats = await writer.stop();
    expect(steps).toEqual([
      'index delete-only',
      'index write-only',
      'index write-reorg',
      'index public',
      'index delete-only',
      'index write-only',
      'index write-reorg',
      'index public',
    ]);
    expect(stats.committed).toBeGreaterThan(5);
    expect([...stats.states].sort()).toEqual(['delete-only', 'public', 'write-only', 'write-reorg']);
    const t = tableOf(ctxA, 'test', 'busy');
    expect(t.indexes.map((i) => `${i.name}:${i.state}`)).toEqual(['PRIMARY:public', 'uu:public', 'ia:public']);
    expect(await indexProblems(clientA, t)).toEqual([]);
  });

  it('DROP INDEX under concurrent writes leaves no entries behind', async () => {
    const t0 = tableOf(ctxA, 'test', 'busy');
    const ia = t0.indexes.find((i) => i.name === 'ia');
    const writer = startWriter(ctxB, 'busy', 5000n, 11);
    await ddl(ctxA, 'DROP INDEX ia ON busy');
    await writer.stop();
    const t = tableOf(ctxA, 'test', 'busy');
    expect(t.indexes.map((i) => i.name)).toEqual(['PRIMARY', 'uu']);
    expect((await dumpRange(clientA, indexRange(BigInt(t.id), BigInt(ia?.id ?? 0)))).size).toBe(0);
    expect(await indexProblems(clientA, t)).toEqual([]);
  });

  it('ADD and DROP COLUMN under concurrent writes keep rows and indexes consistent', async () => {
    const writer = startWriter(ctxB, 'busy', 9000n, 13);
    await ddl(ctxA, "ALTER TABLE busy ADD COLUMN extra VARCHAR(5) NOT NULL DEFAULT 'e'");
    await ddl(ctxA, 'ALTER TABLE busy DROP COLUMN b');
    await writer.stop();
    const t = tableOf(ctxA, 'test', 'busy');
    expect(t.columns.map((c) => `${c.name}:${c.state}`)).toEqual(['id:public', 'a:public', 'u:public', 'extra:public']);
    expect(await indexProblems(clientA, t)).toEqual([]);
  });

  it('two servers adding indexes to one table at once both succeed; the same name twice fails once with 1061', async () => {
    await populate('pair', 40);
    const [ra, rb] = await Promise.all([ddlErrno(ctxA, 'CREATE INDEX x1 ON pair (a)'), ddlErrno(ctxB, 'CREATE INDEX x2 ON pair (b)')]);
    expect([ra, rb]).toEqual(['ok', 'ok']);
    const t = tableOf(ctxA, 'test', 'pair');
    expect(t.indexes.map((i) => i.name).sort()).toEqual(['PRIMARY', 'x1', 'x2']);
    expect(new Set(t.indexes.map((i) => i.id)).size).toBe(3);
    expect(await indexProblems(clientA, t)).toEqual([]);
    const same = await Promise.all([ddlErrno(ctxA, 'CREATE INDEX y ON pair (u)'), ddlErrno(ctxB, 'CREATE INDEX y ON pair (u)')]);
    expect(same.sort()).toEqual([1061, 'ok']);
    expect(await indexProblems(clientA, tableOf(ctxA, 'test', 'pair'))).toEqual([]);
  });

  it('a server that dies during ADD INDEX leaves a job the next server rolls back', async () => {
    await populate('crash', 50);
    const clientC = await cluster.client();
    const c = await SchemaSyncer.start(clientC, { leaseMs: LEASE, serverId: 'C-dies' });
    const ctxC: DdlContext = {
      client: clientC,
      syncer: c,
      currentDb: 'test',
      reorgBatchSize: 8,
      onStep: (s) => {
        if (s === 'index write-reorg') throw new Error('server C crashed');
      },
    };
    await expect(ddl(ctxC, 'CREATE INDEX doomed ON crash (a)')).rejects.toThrow('server C crashed');
    c.abandon();
    const t = tableOf(ctxA, 'test', 'crash');
    const doomed = t.indexes.find((i) => i.name === 'doomed');
    expect(doomed?.state).toBe('write-reorg');
    // While C's lease runs, nobody takes its job.
    expect(await recoverDdlJobs(ctxA)).toBe(0);
    await new Promise((r) => setTimeout(r, LEASE + 50));
    expect(await recoverDdlJobs(ctxA)).toBe(1);
    const after = tableOf(ctxA, 'test', 'crash');
    expect(after.indexes.map((i) => i.name)).toEqual(['PRIMARY']);
    expect((await dumpRange(clientA, indexRange(BigInt(t.id), BigInt(doomed?.id ?? 0)))).size).toBe(0);
    const txn = await clientA.txn.begin();
    expect(await listJobs(txn)).toEqual([]);
    await txn.rollback();
    // The name is free again.
    await ddl(ctxA, 'CREATE INDEX doomed ON crash (a)');
    expect(await indexProblems(clientA, tableOf(ctxA, 'test', 'crash'))).toEqual([]);
  });

  it('a server that dies during DROP INDEX leaves a job the next server finishes', async () => {
    const clientD = await cluster.client();
    const d = await SchemaSyncer.start(clientD, { leaseMs: LEASE, serverId: 'D-dies' });
    const t = tableOf(ctxA, 'test', 'crash');
    const ix = t.indexes.find((i) => i.name === 'doomed');
    const ctxD: DdlContext = {
      client: clientD,
      syncer: d,
      currentDb: 'test',
      onStep: (s) => {
        if (s === 'index write-only') throw new Error('server D crashed');
      },
    };
    await expect(ddl(ctxD, 'DROP INDEX doomed ON crash')).rejects.toThrow('server D crashed');
    d.abandon();
    await new Promise((r) => setTimeout(r, LEASE + 50));
    expect(await recoverDdlJobs(ctxA)).toBe(1);
    expect(tableOf(ctxA, 'test', 'crash').indexes.map((i) => i.name)).toEqual(['PRIMARY']);
    expect((await dumpRange(clientA, indexRange(BigInt(t.id), BigInt(ix?.id ?? 0)))).size).toBe(0);
  });
});
