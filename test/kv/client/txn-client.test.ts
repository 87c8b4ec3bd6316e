// The transactional API end to end through real gRPC servers, over several regions: own writes
// in reads and scans, snapshot isolation, write conflicts and INSERT, SELECT FOR UPDATE locks,
// the lock resolver meeting live, slow and crashed transactions, and a closed txn refusing use.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AlreadyExist, TxnClosed, WriteConflict, type StrataClient, type Transaction } from '../../../kv/client/index.js';
import { SavepointNotFound } from '../../../kv/client/transaction.js';
import { Backoffer } from '../../../kv/client/backoff.js';
import { toInternal } from '../../../kv/meta.js';
import type { TimeStamp } from '../../../kv/txn-types.js';
import { disableAllFailpoints, enableFailpoint } from '../../../util/failpoint.js';
import { InProcessCluster } from '../../helpers/in-process-cluster.js';

const b = (s: string): Buffer => Buffer.from(s);
const s = (v: Uint8Array | undefined): string | undefined => (v === undefined ? undefined : Buffer.from(v).toString());
const pairs = (ps: { key: Uint8Array; value: Uint8Array }[]): string[] => ps.map((p) => `${s(p.key)}=${s(p.value)}`);

class Crash extends Error {}

/** Commits `keys` in a txn that "crashes" at a failpoint of 2PC (the failpoint throws, so the
 *  client does nothing more: no rollback, no heartbeat, no secondaries). */
async function crashAt(client: StrataClient, failpoint: string, kv: Record<string, string>): Promise<Transaction> {
  const txn = await client.txn.begin();
  for (const [k, v] of Object.entries(kv)) txn.set(b(k), b(v));
  enableFailpoint(failpoint, () => {
    throw new Crash('crashed');
  });
  try {
    await expect(txn.commit()).rejects.toBeInstanceOf(Crash);
  } finally {
    disableAllFailpoints();
  }
  return txn;
}

describe('TxnClient against a real cluster', () => {
  let cluster: InProcessCluster;
  let client: StrataClient;
  /** A client whose locks live 500 ms, for tests that wait for a TTL. */
  let shortTtl: StrataClient;

  beforeAll(async () => {
    cluster = await InProcessCluster.start(1);
    client = await cluster.client();
    shortTtl = await cluster.client({ txn: { lockTtlMs: 500, heartbeatIntervalMs: 100 } });
    await client.splitRegions(['b', 'm', 'r', 't'].map((k) => toInternal('txn', b(k))));
  });

  afterEach(() => disableAllFailpoints());

  afterAll(async () => {
    await cluster?.stop();
  });

  it('commits and reads back across regions; a later txn sees every key', async () => {
    const w = await client.txn.begin();
    for (const k of ['a1', 'c1', 'n1', 's1', 'z1']) w.set(b(k), b(`v-${k}`));
    const commitTs = await w.commit();
    expect(commitTs).toBeGreaterThan(w.startTs);
    expect(w.commitTs).toBe(commitTs);
    const r = await client.txn.begin();
    expect(pairs(await r.batchGet(['z1', 'a1', 'nope', 'n1'].map(b)))).toEqual(['z1=v-z1', 'a1=v-a1', 'n1=v-n1']);
    expect(s(await r.get(b('s1')))).toBe('v-s1');
  });

  it('a txn reads its own writes, deletes included, in get, batchGet and scans both ways', async () => {
    const setup = await client.txn.begin();
    for (const k of ['own-a', 'own-c', 'own-e']) setup.set(b(k), b('committed'));
    await setup.commit();

    const t = await client.txn.begin();
    t.set(b('own-b'), b('mine'));
    t.set(b('own-c'), b('mine'));
    t.delete(b('own-e'));
    t.lockKeys(b('own-a'));
    expect(s(await t.get(b('own-b')))).toBe('mine');
    expect(s(await t.get(b('own-c')))).toBe('mine');
    expect(await t.get(b('own-e'))).toBeUndefined();
    expect(s(await t.get(b('own-a')))).toBe('committed');
    expect(pairs(await t.batchGet(['own-e', 'own-a', 'own-b'].map(b)))).toEqual(['own-a=committed', 'own-b=mine']);
    expect(pairs(await t.scan(b('own-'), b('own.'), 10))).toEqual(['own-a=committed', 'own-b=mine', 'own-c=mine']);
    expect(pairs(await t.scan(b('own-'), b('own.'), 10, { reverse: true }))).toEqual(['own-c=mine', 'own-b=mine', 'own-a=committed']);
    expect(pairs(await t.scan(b('own-'), b('own.'), 2))).toEqual(['own-a=committed', 'own-b=mine']);
    await t.rollback();
    const after = await client.txn.begin();
    expect(pairs(await after.scan(b('own-'), b('own.'), 10))).toEqual(['own-a=committed', 'own-c=committed', 'own-e=committed']);
  });

  it('scans cross region boundaries in both directions, merging own writes', async () => {
    const w = await client.txn.begin();
    const keys = ['a', 'b', 'l', 'm', 'q', 'r', 's', 't', 'u'].map((k) => `${k}-scan`);
    for (const k of keys) w.set(b(k), b('v'));
    await w.commit();
    const t = await client.txn.begin();
    t.set(b('n-scan'), b('v'));
    t.delete(b('r-scan'));
    const want = ['a-scan', 'b-scan', 'l-scan', 'm-scan', 'n-scan', 'q-scan', 's-scan', 't-scan', 'u-scan'];
    const mine = (keys: (string | undefined)[]): (string | undefined)[] => keys.filter((k) => k?.endsWith('-scan'));
    const got = (await t.scan(b('a-scan'), b('u-scan~'), 1000)).map((p) => s(p.key));
    expect(mine(got)).toEqual(want);
    expect(mine((await t.scan(b('a-scan'), b('u-scan~'), 1000, { reverse: true })).map((p) => s(p.key)))).toEqual([...want].reverse());
    const iterated: string[] = [];
    for await (const p of t.iterate(b('a-scan'), b('u-scan~'), { batchSize: 2 })) iterated.push(s(p.key) as string);
    expect(mine(iterated)).toEqual(want);
    expect(iterated).toEqual(got);
  });

  it('snapshot isolation: a txn does not see commits after its start_ts', async () => {
    const w0 = await client.txn.begin();
    w0.set(b('si'), b('old'));
    await w0.commit();
    const reader = await client.txn.begin();
    const w1 = await client.txn.begin();
    w1.set(b('si'), b('new'));
    w1.set(b('si-new'), b('x'));
    await w1.commit();
    expect(s(await reader.get(b('si')))).toBe('old');
    expect(await reader.get(b('si-new'))).toBeUndefined();
    expect(pairs(await reader.scan(b('si'), b('sj'), 10))).toEqual(['si=old']);
    expect(s(await (await client.txn.begin()).get(b('si')))).toBe('new');
  });

  it('the later of two committers of one key gets WriteConflict, and its prewrites are rolled back', async () => {
    const t1 = await client.txn.begin();
    const t2 = await client.txn.begin();
    t1.set(b('wc'), b('t1'));
    t2.set(b('wc'), b('t2'));
    t2.set(b('wc-other'), b('t2')); // another region key, prewritten before the conflict is known
    t2.set(b('a-wc'), b('t2'));
    await t1.commit();
    const err = await t2.commit().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WriteConflict);
    expect((err as WriteConflict).code).toBe('KV:Txn:WriteConflict');
    expect(s((err as WriteConflict).key)).toBe('wc');
    expect(t2.status).toBe('rolled-back');
    // No lock of t2 remains: a reader is not delayed and sees none of t2's writes.
    const started = Date.now();
    const r = await client.txn.begin();
    expect(pairs(await r.batchGet(['wc', 'wc-other', 'a-wc'].map(b)))).toEqual(['wc=t1']);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('INSERT of an existing key fails the commit with AlreadyExist; of a new key succeeds', async () => {
    const w = await client.txn.begin();
    w.set(b('ins'), b('1'));
    await w.commit();
    const t = await client.txn.begin();
    t.insert(b('ins'), b('2'));
    await expect(t.commit()).rejects.toBeInstanceOf(AlreadyExist);
    const t2 = await client.txn.begin();
    t2.insert(b('ins-new'), b('1'));
    expect(() => t2.insert(b('ins-new'), b('2'))).toThrow(AlreadyExist);
    await t2.commit();
    const t3 = await client.txn.begin();
    t3.delete(b('ins'));
    t3.insert(b('ins'), b('3')); // delete then insert in one txn: a put
    await t3.commit();
    expect(s(await (await client.txn.begin()).get(b('ins')))).toBe('3');
  });

  it('lockKeys (SELECT FOR UPDATE) makes a concurrent writer of the key conflict', async () => {
    const t1 = await client.txn.begin();
    t1.lockKeys(b('sfu'));
    t1.set(b('sfu-other'), b('x'));
    const t2 = await client.txn.begin();
    t2.set(b('sfu'), b('t2'));
    await t2.commit();
    await expect(t1.commit()).rejects.toBeInstanceOf(WriteConflict);
  });

  it('rollbackTo a savepoint undoes the writes after it (reads, scans and commit) and keeps those before', async () => {
    const setup = await client.txn.begin();
    setup.set(b('sp-a'), b('committed'));
    setup.set(b('sp-d'), b('committed'));
    await setup.commit();

    const t = await client.txn.begin();
    t.set(b('sp-b'), b('before'));
    const sp = t.savepoint();
    t.set(b('sp-a'), b('after'));
    t.set(b('sp-c'), b('after'));
    t.delete(b('sp-d'));
    t.insert(b('sp-e'), b('after'));
    expect(pairs(await t.scan(b('sp-'), b('sp.'), 10))).toEqual(['sp-a=after', 'sp-b=before', 'sp-c=after', 'sp-e=after']);
    t.rollbackTo(sp);
    expect(s(await t.get(b('sp-a')))).toBe('committed');
    expect(await t.get(b('sp-c'))).toBeUndefined();
    expect(pairs(await t.scan(b('sp-'), b('sp.'), 10))).toEqual(['sp-a=committed', 'sp-b=before', 'sp-d=committed']);
    // The insert rolled back with the statement: inserting the key again is fine.
    t.insert(b('sp-e'), b('again'));
    await t.commit();
    const r = await client.txn.begin();
    expect(pairs(await r.scan(b('sp-'), b('sp.'), 10))).toEqual(['sp-a=committed', 'sp-b=before', 'sp-d=committed', 'sp-e=again']);
  });

  it('nested savepoints: rolling back to the inner keeps the outer statement, to the outer drops both', async () => {
    const t = await client.txn.begin();
    t.set(b('nest-1'), b('1'));
    const outer = t.savepoint();
    t.set(b('nest-2'), b('2'));
    const inner = t.savepoint();
    t.set(b('nest-3'), b('3'));
    t.rollbackTo(inner);
    expect(pairs(await t.scan(b('nest-'), b('nest.'), 10))).toEqual(['nest-1=1', 'nest-2=2']);
    t.set(b('nest-4'), b('4'));
    t.rollbackTo(outer);
    expect(pairs(await t.scan(b('nest-'), b('nest.'), 10))).toEqual(['nest-1=1']);
    // The inner savepoint was discarded by the rollback to the outer one.
    expect(() => t.rollbackTo(inner)).toThrow(SavepointNotFound);
    // Released savepoints keep their writes and can no longer be rolled back to.
    const stmt = t.savepoint();
    t.set(b('nest-5'), b('5'));
    t.releaseSavepoint(stmt);
    expect(() => t.rollbackTo(stmt)).toThrow(SavepointNotFound);
    const other = await client.txn.begin();
    expect(() => other.rollbackTo(outer)).toThrow(SavepointNotFound);
    await other.rollback();
    await t.commit();
    expect(pairs(await (await client.txn.begin()).scan(b('nest-'), b('nest.'), 10))).toEqual(['nest-1=1', 'nest-5=5']);
    expect(() => t.savepoint()).toThrow(TxnClosed);
    expect(() => t.rollbackTo(outer)).toThrow(TxnClosed);
  });

  it('a lock taken after a savepoint is released by rolling back to it: no conflict at commit', async () => {
    const t1 = await client.txn.begin();
    t1.set(b('splock-own'), b('x'));
    const sp = t1.savepoint();
    t1.lockKeys(b('splock'));
    t1.rollbackTo(sp);
    const t2 = await client.txn.begin();
    t2.set(b('splock'), b('t2'));
    await t2.commit();
    await t1.commit();
  });

  it('a finished txn refuses further use with TxnClosed', async () => {
    const t = await client.txn.begin();
    t.set(b('closed'), b('1'));
    await t.commit();
    await expect(t.get(b('closed'))).rejects.toBeInstanceOf(TxnClosed);
    expect(() => t.set(b('closed'), b('2'))).toThrow(TxnClosed);
    await expect(t.commit()).rejects.toBeInstanceOf(TxnClosed);
    const r = await client.txn.begin();
    await r.rollback();
    await expect(r.get(b('closed'))).rejects.toMatchObject({ code: 'KV:Txn:Closed', state: 'rolled-back' });
    const ro = await client.txn.begin();
    expect(await ro.commit()).toBeUndefined(); // read-only: nothing to commit
  });

  it('locks of a txn that crashed after prewrite: readers get past them at once, a writer rolls them back after the TTL', async () => {
    const w = await client.txn.begin();
    w.set(b('crash-1'), b('before'));
    await w.commit();
    const crashed = await crashAt(shortTtl, '2pc-after-prewrite', { 'crash-1': 'lost', 'crash-2': 'lost', 'zz-crash-3': 'lost' });
    const ttlEnd = Number(crashed.startTs >> 18n) + 500;
    // A reader pushes the crashed txn's min_commit_ts and reads around its locks, without waiting.
    const r = await client.txn.begin();
    expect(pairs(await r.batchGet(['crash-1', 'crash-2', 'zz-crash-3'].map(b)))).toEqual(['crash-1=before']);
    expect(r.snapshot.resolvedLocks.has(crashed.startTs)).toBe(true);
    // A writer cannot ignore a lock: it waits for the TTL, then rolls the crashed txn back.
    const w2 = await client.txn.begin();
    w2.set(b('crash-2'), b('after'));
    w2.set(b('zz-crash-3'), b('after'));
    await w2.commit();
    expect(Date.now()).toBeGreaterThanOrEqual(ttlEnd);
    expect(Date.now() - ttlEnd).toBeLessThan(5000);
    expect(pairs(await (await client.txn.begin()).batchGet(['crash-1', 'crash-2', 'zz-crash-3'].map(b)))).toEqual([
      'crash-1=before',
      'crash-2=after',
      'zz-crash-3=after',
    ]);
  });

  it('a reader meeting the locks of a crashed txn whose TTL ran out rolls them back', async () => {
    const crashed = await crashAt(shortTtl, '2pc-after-prewrite', { 'dead-1': 'lost', 'zz-dead-2': 'lost' });
    await new Promise((r) => setTimeout(r, Math.max(0, Number(crashed.startTs >> 18n) + 600 - Date.now())));
    const reader = await cluster.client();
    const r = await reader.txn.begin();
    expect(pairs(await r.scan(b('dead-'), b('dead.'), 10))).toEqual([]);
    expect(await r.get(b('zz-dead-2'))).toBeUndefined();
    expect(r.snapshot.resolvedLocks.size).toBe(0); // resolved, not pushed
    expect(reader.txn.resolver.stats.resolved).toBe(2);
    expect(reader.txn.resolver.stats.checked).toBe(1); // one CheckTxnStatus: the fate is remembered
    const status = await reader.txn.resolver.checkTxnStatus(b('dead-1'), crashed.startTs, 0n as TimeStamp, await reader.pd.getTs(), false, new Backoffer({ budgetMs: 1000 }));
    expect(status.kind).toBe('rolled-back');
  });

  it('a txn that crashed after committing its primary is rolled forward by readers, without waiting', async () => {
    await crashAt(client, '2pc-after-primary-commit', { 'fwd-1': 'committed', 'fwd-2': 'committed', 'zz-fwd-3': 'committed' });
    const started = Date.now();
    const r = await client.txn.begin();
    expect(pairs(await r.scan(b('fwd-'), b('fwd.'), 10))).toEqual(['fwd-1=committed', 'fwd-2=committed']);
    expect(s(await r.get(b('zz-fwd-3')))).toBe('committed');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a reader is not blocked by a live txn between prewrite and commit: min_commit_ts is pushed', async () => {
    const w = await client.txn.begin();
    w.set(b('live'), b('old'));
    await w.commit();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    enableFailpoint('2pc-after-prewrite', () => gate);
    const slow = await client.txn.begin();
    slow.set(b('live'), b('new'));
    const committing = slow.commit();
    await new Promise((r) => setTimeout(r, 200)); // prewrite lands, then the failpoint holds it
    disableAllFailpoints();
    const started = Date.now();
    const r = await client.txn.begin();
    expect(s(await r.get(b('live')))).toBe('old');
    expect(Date.now() - started).toBeLessThan(1000); // did not wait out the 3 s TTL
    expect(r.snapshot.resolvedLocks.has(slow.startTs)).toBe(true);
    release();
    const commitTs = await committing;
    expect(commitTs).toBeGreaterThan(r.startTs); // pushed past the reader
    expect(s(await (await client.txn.begin()).get(b('live')))).toBe('new');
  });

  it('the heartbeat keeps a slow txn alive past its TTL', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    enableFailpoint('2pc-after-prewrite', () => gate);
    const slow = await shortTtl.txn.begin();
    slow.set(b('hb'), b('slow'));
    const committing = slow.commit();
    await new Promise((r) => setTimeout(r, 100));
    disableAllFailpoints();
    await new Promise((r) => setTimeout(r, 1500)); // 3x the 500 ms TTL
    const r = await client.txn.begin();
    expect(await r.get(b('hb'))).toBeUndefined(); // pushed past, not rolled back
    release();
    await expect(committing).resolves.toBeGreaterThan(0n);
    expect(s(await (await client.txn.begin()).get(b('hb')))).toBe('slow');
  });

  it('a txn whose lock expired and was rolled back by a reader fails its commit (TxnLockNotFound)', async () => {
    const noHeartbeat = await cluster.client({ txn: { lockTtlMs: 300, heartbeatIntervalMs: 60_000 } });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    enableFailpoint('2pc-after-prewrite', () => gate);
    const slow = await noHeartbeat.txn.begin();
    slow.set(b('expired'), b('slow'));
    const committing = slow.commit();
    await new Promise((r) => setTimeout(r, 100));
    disableAllFailpoints();
    await new Promise((r) => setTimeout(r, 600));
    expect(await (await client.txn.begin()).get(b('expired'))).toBeUndefined(); // rolls it back
    release();
    await expect(committing).rejects.toMatchObject({ code: 'KV:Txn:TxnLockNotFound' });
    expect(slow.status).toBe('rolled-back');
  });

  it('many concurrent transfers between accounts over several regions keep the total', async () => {
    const N = 20;
    const acct = (i: number): Buffer => b(`acct${String(i).padStart(2, '0')}`);
    await client.splitRegions([5, 10, 15].map((i) => toInternal('txn', acct(i))));
    const init = await client.txn.begin();
    for (let i = 0; i < N; i++) init.set(acct(i), b('100'));
    await init.commit();
    const total = async (): Promise<number> => {
      const t = await client.txn.begin();
      const ps = await t.scan(b('acct'), b('acct~'), 100);
      expect(ps).toHaveLength(N);
      return ps.reduce((sum, p) => sum + Number(s(p.value)), 0);
    };
    let seed = 7;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    let committed = 0;
    let conflicts = 0;
    let stop = false;
    const totals: number[] = [];
    const reader = (async () => {
      while (!stop) totals.push(await total());
    })();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = 0; i < 15; i++) {
          for (;;) {
            const from = rand(N);
            const to = (from + 1 + rand(N - 1)) % N;
            const t = await client.txn.begin();
            const [a, c] = [await t.get(acct(from)), await t.get(acct(to))];
            const amount = rand(10);
            t.set(acct(from), b(String(Number(s(a)) - amount)));
            t.set(acct(to), b(String(Number(s(c)) + amount)));
            try {
              await t.commit();
              committed++;
              break;
            } catch (err) {
              if (!(err instanceof WriteConflict)) throw err;
              conflicts++;
            }
          }
        }
      }),
    );
    stop = true;
    await reader;
    expect(committed).toBe(120);
    expect(totals.length).toBeGreaterThan(0);
    expect(new Set(totals)).toEqual(new Set([N * 100]));
    expect(await total()).toBe(N * 100);
    console.log(`transfers: ${committed} committed, ${conflicts} conflicts, ${totals.length} consistent totals`);
  });
});
