// Failover with real processes on loopback: PD and three `strata kv --raft` stores. With bank
// transfers running, kill -9 the store that leads most regions: a new leader serves within a few
// seconds, no acknowledged transfer is lost (the total stays right in every snapshot read), and
// the killed store, restarted from its directory, rejoins every region.
//
// The same processes then show auto-split (sharing them saves starting a second cluster on CI's
// 2 cores): the stores run with `--region-split-keys 1000`, far above what the bank accounts
// reach, and raw puts pour into one region until it has split on its own — through PD ids and the
// raft admin command — while writes go on: none fails (clients retry EpochNotMatch), every new
// region has 3 voters on every store, and every key written reads back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, WriteConflict, type StrataClient } from '../../kv/client/index.js';
import { toInternal } from '../../kv/meta.js';
import { TestCluster } from '../helpers/cluster.js';
import { suiteTempDir } from '../helpers/temp-dir.js';

const ACCOUNTS = 40;
/** Entries (raw keys, MVCC versions) past which a region splits by itself: above what the bank
 *  transfers write into one region, well below what the auto-split case writes. */
const SPLIT_KEYS = 1000;
const INITIAL = 100;
const acct = (i: number): Buffer => Buffer.from(`acct${String(i).padStart(3, '0')}`);

interface StatusRegion {
  readonly id: number;
  readonly leader?: boolean;
  readonly voters?: number;
}

async function regionsOf(statusPort: number): Promise<StatusRegion[]> {
  try {
    const res = await fetch(`http://127.0.0.1:${statusPort}/status`);
    return ((await res.json()) as { regions: StatusRegion[] }).regions;
  } catch {
    return [];
  }
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function total(client: StrataClient): Promise<number> {
  const t = await client.txn.begin();
  const pairs = await t.scan(acct(0), acct(ACCOUNTS), ACCOUNTS + 1);
  return pairs.reduce((n, p) => n + Number(p.value.toString()), 0);
}

describe('strata kv --raft across processes', () => {
  let cluster: TestCluster;
  let client: StrataClient;

  beforeAll(async () => {
    cluster = await new TestCluster({ dataDir: suiteTempDir('strata-e2e-raft-'), stores: 3, raft: true, storeArgs: ['--region-split-keys', String(SPLIT_KEYS)] }).start();
    await until('every store holds a replica', async () => (await Promise.all(cluster.stores.map((s) => regionsOf(s.statusPort)))).every((r) => r.length > 0), 60_000);
    client = await connect({ pd: cluster.pdAddr });
    await client.splitRegions([10, 20, 30].map((at) => toInternal('txn', acct(at))));
    // Every region with three voters, not just a replica on every store: PD adds a replica as a
    // learner and promotes it later, and a region split off meanwhile has two voters and a learner
    // until PD promotes it; killing one of those two voters leaves it without a quorum, as in TiKV.
    await until(
      'every region has three voters on every store',
      async () => (await Promise.all(cluster.stores.map((s) => regionsOf(s.statusPort)))).every((r) => r.length >= 4 && r.every((x) => x.voters === 3)),
      60_000,
    );
  }, 120_000);

  afterAll(async () => {
    await client?.close();
    await cluster?.stop();
  });

  it('kill -9 of the store leading most regions: a new leader serves within seconds, the bank total holds, and the store catches up after a restart', async () => {
    const init = await client.txn.begin();
    for (let i = 0; i < ACCOUNTS; i++) init.set(acct(i), Buffer.from(String(INITIAL)));
    await init.commit();

    let seed = 4242;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    let committed = 0;
    let lastCommitAt = 0;
    const commitTimes: number[] = [];
    let stop = false;
    const worker = async (): Promise<void> => {
      while (!stop) {
        const from = rand(ACCOUNTS);
        const to = (from + 1 + rand(ACCOUNTS - 1)) % ACCOUNTS;
        const amount = 1 + rand(20);
        try {
          const txn = await client.txn.begin();
          const a = Number(((await txn.get(acct(from))) ?? Buffer.from('0')).toString());
          const b = Number(((await txn.get(acct(to))) ?? Buffer.from('0')).toString());
          if (a < amount) {
            await txn.rollback();
            continue;
          }
          txn.set(acct(from), Buffer.from(String(a - amount)));
          txn.set(acct(to), Buffer.from(String(b + amount)));
          await txn.commit();
          committed++;
          lastCommitAt = Date.now();
          commitTimes.push(lastCommitAt);
        } catch (err) {
          // Conflicts and region unavailability while a leader is elected: try another transfer.
          if (!(err instanceof WriteConflict)) await new Promise((r) => setTimeout(r, 50));
        }
      }
    };
    const workers = Array.from({ length: 4 }, () => worker());
    await until('transfers are flowing', async () => committed >= 20, 30_000);

    const leaders = await Promise.all(cluster.stores.map(async (s) => (await regionsOf(s.statusPort)).filter((r) => r.leader).length));
    const victim = leaders.indexOf(Math.max(...leaders));
    const killedAt = Date.now();
    await cluster.killStore(victim);
    await until('transfers commit again after the kill', async () => commitTimes.some((t) => t > killedAt + 200), 30_000);
    const recoveredMs = (commitTimes.find((t) => t > killedAt + 200) as number) - killedAt;
    expect(recoveredMs).toBeLessThan(15_000);
    const before = committed;
    await until('more transfers after the failover', async () => committed >= before + 20, 30_000);
    stop = true;
    await Promise.all(workers);
    expect(await total(client)).toBe(ACCOUNTS * INITIAL);

    await cluster.startStore(victim);
    const port = (cluster.stores[victim] as { statusPort: number }).statusPort;
    await until('the restarted store holds every region again', async () => (await regionsOf(port)).length >= 4, 60_000);
    expect(await total(client)).toBe(ACCOUNTS * INITIAL);
    console.log(`raft failover: ${committed} transfers committed; serving again ${recoveredMs} ms after kill -9 of the store leading ${leaders[victim]} regions`);
  }, 180_000);
  it('a region past --region-split-keys splits on its own while puts go on: no write fails, every new region has 3 voters, every key reads back', async () => {
    const inAuto = async (): Promise<number[]> =>
      (await client.pd.scanRegions(toInternal('raw', Buffer.from('auto-')), toInternal('raw', Buffer.from('auto.')), 0)).map((r) => r.region.id);
    const before = (await client.pd.scanRegions(Buffer.alloc(0), Buffer.alloc(0), 0)).map((r) => r.region.id);
    expect(await inAuto()).toHaveLength(1);

    // Keys spread over 97 buckets, so every piece a split leaves keeps being written to.
    const autoKey = (i: number): Buffer => Buffer.from(`auto-${String(i % 97).padStart(2, '0')}-${String(i).padStart(6, '0')}`);
    const written: number[] = [];
    const failures: string[] = [];
    let next = 0;
    let stop = false;
    const worker = async (): Promise<void> => {
      for (let round = 0; !stop; round++) {
        // Single puts and batches of 20 (a batch may span regions the split just made).
        const ids = Array.from({ length: round % 2 === 0 ? 1 : 20 }, () => next++);
        try {
          if (ids.length === 1) await client.raw.put(autoKey(ids[0] as number), Buffer.from(`v${ids[0]}`));
          else await client.raw.batchPut(ids.map((i) => ({ key: autoKey(i), value: Buffer.from(`v${i}`) })));
          written.push(...ids);
        } catch (err) {
          failures.push(`keys ${ids[0]}…${ids[ids.length - 1]}: ${String(err)}`);
        }
      }
    };
    const workers = Array.from({ length: 4 }, () => worker());
    try {
      await until('the written range has split into 3 regions by itself', async () => (await inAuto()).length >= 3, 120_000);
    } finally {
      stop = true;
      await Promise.all(workers);
    }
    expect(failures).toEqual([]);
    expect(written.length).toBeGreaterThan(SPLIT_KEYS);

    const after = await client.pd.scanRegions(Buffer.alloc(0), Buffer.alloc(0), 0);
    const born = after.filter((r) => !before.includes(r.region.id));
    expect(born.length).toBeGreaterThanOrEqual(2);
    // A split gives the new region a peer on each store of its parent: 3 voters at once, each
    // store holding it (a follower creates its peer when it applies the split).
    for (const r of born) expect(r.region.peers.filter((p) => p.role === 'voter').map((p) => p.storeId).sort(), `region ${r.region.id}`).toHaveLength(3);
    await until(
      'every store holds every new region with 3 voters',
      async () =>
        (await Promise.all(cluster.stores.map((s) => regionsOf(s.statusPort)))).every((rs) => born.every((b) => rs.some((x) => x.id === b.region.id && x.voters === 3))),
      30_000,
    );

    for (let i = 0; i < written.length; i += 200) {
      const ids = written.slice(i, i + 200);
      const got = new Map((await client.raw.batchGet(ids.map(autoKey))).map((p) => [p.key.toString(), p.value.toString()]));
      for (const id of ids) expect(got.get(autoKey(id).toString()), `key ${autoKey(id).toString()}`).toBe(`v${id}`);
    }
    const scanned = await client.raw.scan(Buffer.from('auto-'), Buffer.from('auto.'), written.length + 10);
    expect(scanned).toHaveLength(written.length);
    console.log(`raft auto-split: ${written.length} keys written by 4 clients; ${born.length} regions split off by themselves, ${(await inAuto()).length} over the written range`);
  }, 180_000);
});
