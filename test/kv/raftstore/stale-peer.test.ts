// Stale-peer cleanup (TiKV's peer GC) on stores in one process over real LevelDB and the local
// transport: a peer removed from its region destroys itself — its raft state and log and its data
// go, but never another region's keys in an overlapping range — and leaves a tombstone so a
// restart does not bring it back. A peer removed while its store was down learns it from the
// members when it comes back, and a store then accepts snapshots it used to refuse as
// overlapping the stale peer's range. A stale leader's word destroys nobody. Plus the pure
// decisions as tables.
import { afterEach, describe, expect, it } from 'vitest';
import type { Peer, Region } from '../../../kv/meta.js';
import { NotLeader } from '../../../kv/region-errors.js';
import type { RaftEnvelope } from '../../../kv/raftstore/index.js';
import { regionRaftRange, regionStateKey } from '../../../kv/raftstore/keys.js';
import { decodeRegionLocalState } from '../../../kv/raftstore/region-state.js';
import { gcDestroys, senderIsStale, supersededBy, uncoveredRanges, type KeyRange } from '../../../kv/raftstore/stale-peer.js';
import { collect, type Engine } from '../../../kv/storage/index.js';
import { eventually, NETWORK_KINDS, sleep, TestCluster } from './support/cluster.js';

let cluster: TestCluster | undefined;

afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

const local = NETWORK_KINDS[0] as (typeof NETWORK_KINDS)[number];

/** Proposes a membership change through whoever leads the region now, retrying when leadership
 *  moves under it (a loaded machine sees elections mid-test). With `notOn`, the leader is first
 *  moved off that store (the peer about to be removed, or a store about to stop). Returns the
 *  store that took the proposal. */
async function changePeers(c: TestCluster, regionId: number, change: { type: 'add-voter' | 'remove'; peer: Peer }, notOn?: number): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const leader = await c.waitLeader(regionId);
    const region = c.store(leader).region(regionId) as Region;
    if (leader === notOn) {
      const to = region.peers.find((p) => p.storeId !== notOn && c.running.includes(p.storeId));
      if (to) c.store(leader).transferLeader(regionId, to.id);
      await sleep(20);
      continue;
    }
    try {
      c.store(leader).changePeers(regionId, [change]);
      return leader;
    } catch (err) {
      if (!(err instanceof NotLeader) || attempt > 50) throw err;
    }
  }
}

/** Splits a region at `key` through whoever leads it, retrying when leadership moves. */
async function split(c: TestCluster, regionId: number, key: string, newRegionId: number, newPeerIds: number[]): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await c.store(await c.waitLeader(regionId)).split(regionId, Buffer.from(key), newRegionId, newPeerIds);
      return;
    } catch (err) {
      if (!(err instanceof NotLeader) || attempt > 50) throw err;
    }
  }
}

/** Every raftstore key a store holds for a region. */
async function raftKeys(engine: Engine, regionId: number): Promise<Buffer[]> {
  return (await collect(engine.iterator('raft', regionRaftRange(regionId)))).map((kv) => Buffer.from(kv.key));
}

describe('stale-peer decisions', () => {
  const region = (confVer: number, peerIds: number[]): Region => ({
    id: 1,
    startKey: Buffer.alloc(0),
    endKey: Buffer.alloc(0),
    epoch: { confVer, version: 1 },
    peers: peerIds.map((id) => ({ id, storeId: id % 100, role: 'voter' as const })),
  });
  const stale: [string, Region | undefined, number, { confVer: number; version: number } | undefined, boolean][] = [
    ['a removed peer with an older epoch is told', region(3, [101, 102, 104]), 103, { confVer: 2, version: 1 }, true],
    ['a member lagging behind is not', region(3, [101, 102, 104]), 102, { confVer: 2, version: 1 }, false],
    ['a peer added after our epoch (we lag) is not', region(3, [101, 102, 104]), 105, { confVer: 4, version: 1 }, false],
    ['a sender at the same epoch is not', region(3, [101, 102, 104]), 103, { confVer: 3, version: 1 }, false],
    ['a sender that knows no region (no epoch) is not', region(3, [101, 102, 104]), 103, undefined, false],
    ['nothing is said from a region this store does not know', undefined, 103, { confVer: 1, version: 1 }, false],
  ];
  it.each(stale)('sender: %s', (_name, r, from, epoch, want) => {
    expect(senderIsStale(r, from, epoch)).toBe(want);
  });

  const gc: [string, Region | undefined, number, boolean][] = [
    ['a gc from a newer epoch destroys', region(2, [101, 102, 103]), 3, true],
    ['a gc from the same epoch does not', region(3, [101, 102, 103]), 3, false],
    ['a gc from a stale leader (older epoch) does not', region(3, [101, 102, 103, 104]), 2, false],
    ['a peer without a region is left alone', undefined, 9, false],
  ];
  it.each(gc)('gc: %s', (_name, r, confVer, want) => {
    expect(gcDestroys(r, { confVer, version: 1 })).toBe(want);
  });

  const superseded: [string, Region | undefined, number, number, { confVer: number; version: number } | undefined, boolean][] = [
    ['a newer peer here, from a newer epoch: the old one goes', region(2, [101, 102, 103]), 103, 104, { confVer: 4, version: 1 }, true],
    ['the same peer: stays', region(2, [101, 102, 103]), 103, 103, { confVer: 4, version: 1 }, false],
    ['an older peer id (a late message): stays', region(2, [101, 102, 104]), 104, 103, { confVer: 1, version: 1 }, false],
    ['a newer id but from an epoch no newer than ours: stays', region(4, [101, 102, 103]), 103, 104, { confVer: 4, version: 1 }, false],
    ['an uninitialized peer gives way to a newer one', undefined, 103, 104, undefined, true],
  ];
  it.each(superseded)('superseded: %s', (_name, r, mine, to, epoch, want) => {
    expect(supersededBy(r, mine, to, epoch)).toBe(want);
  });

  const show = (rs: KeyRange[]): string => rs.map((r) => `[${r.start.toString()},${r.end.toString() || '∞'})`).join(' ');
  const kr = (s: string, e: string): KeyRange => ({ start: Buffer.from(s), end: Buffer.from(e) });
  const ranges: [string, KeyRange, KeyRange[], string][] = [
    ['nothing else held: the whole range', kr('', ''), [], '[,∞)'],
    ['a region split off the right keeps its half', kr('', ''), [kr('m', '')], '[,m)'],
    ['a region in the middle keeps its part', kr('b', 'y'), [kr('f', 'k')], '[b,f) [k,y)'],
    ['overlapping and adjacent held ranges merge', kr('a', 'z'), [kr('c', 'f'), kr('e', 'h'), kr('h', 'j')], '[a,c) [j,z)'],
    ['held ranges outside are ignored', kr('f', 'k'), [kr('a', 'f'), kr('k', '')], '[f,k)'],
    ['a held range covering everything leaves nothing', kr('f', 'k'), [kr('a', '')], ''],
    ['a held range reaching past the end clips the tail', kr('', 'm'), [kr('k', 'q')], '[,k)'],
  ];
  it.each(ranges)('ranges: %s', (_name, range, held, want) => {
    expect(show(uncoveredRanges(range, held))).toBe(want);
  });
});

describe('raftstore stale-peer cleanup', () => {
  it('a peer that applies its own removal deletes its raft state and its data, keeps the other region, and is not started again', async () => {
    const c = (cluster = await TestCluster.start(local, [1, 2, 3]));
    await c.bootstrap(1, [1, 2, 3]);
    for (const k of ['a', 'f', 'q', 'x']) await c.putRetry(1, k, `${k}0`);
    await split(c, 1, 'm', 2, [201, 202, 203]);
    await c.putRetry(2, 'r', 'r0');
    for (const k of ['a', 'f']) await eventually(`store 3 has ${k}`, async () => (await c.localGet(3, k)) === `${k}0`);
    await eventually('store 3 has r', async () => (await c.localGet(3, 'r')) === 'r0');
    const raftKeysBefore = (await raftKeys(c.engine(3), 1)).length;
    expect(raftKeysBefore).toBeGreaterThan(3);

    await changePeers(c, 1, { type: 'remove', peer: { id: 103, storeId: 3, role: 'voter' } }, 3);
    await eventually('store 3 destroyed its peer of region 1', async () => c.store(3).region(1) === undefined && (await c.localGet(3, 'a')) === undefined);
    // Its data in ['', 'm') is gone; region 2's keys at and after the split key are not.
    expect(await c.localGet(3, 'f')).toBeUndefined();
    for (const k of ['q', 'r', 'x']) expect(await c.localGet(3, k)).toBe(`${k}0`);
    // Of its raft state only the tombstone region state is left.
    await eventually('region 1 raft state gone on store 3', async () => (await raftKeys(c.engine(3), 1)).length === 1);
    const [only] = await raftKeys(c.engine(3), 1);
    expect(only?.equals(regionStateKey(1))).toBe(true);
    const tomb = decodeRegionLocalState((await c.engine(3).get('raft', regionStateKey(1))) as Uint8Array);
    expect(tomb.tombstonePeerId).toBe(103);
    // The members still have everything.
    expect(await c.read(await c.waitLeader(1), 1, 'a')).toBe('a0');

    // Reopened, the store does not start the removed peer, and region 2 still serves from it.
    await c.stopStore(3);
    await c.startStore(3);
    await sleep(100);
    expect(c.store(3).region(1)).toBeUndefined();
    expect(c.store(3).region(2)?.startKey.toString()).toBe('m');
    await eventually('store 3 leads region 2', async () => {
      const now = await c.waitLeader(2);
      if (now !== 3) c.store(now).transferLeader(2, 203);
      return now === 3;
    });
    expect(await c.read(3, 2, 'r')).toBe('r0');
  });

  it('a peer removed while its store was down is destroyed when it comes back, and its store then takes a snapshot of an overlapping range', async () => {
    const c = (cluster = await TestCluster.start(local, [1, 2, 3]));
    await c.bootstrap(1, [1, 2, 3]);
    for (const k of ['a', 'q']) await c.putRetry(1, k, `${k}0`);
    await eventually('store 3 has q', async () => (await c.localGet(3, 'q')) === 'q0');

    // Store 3 is down while its peer is removed and the region splits: it never hears of either.
    await c.stopStore(3);
    await changePeers(c, 1, { type: 'remove', peer: { id: 103, storeId: 3, role: 'voter' } });
    await eventually('region 1 has 2 peers', () => c.running.every((s) => c.store(s).region(1)?.peers.length === 2));
    await split(c, 1, 'm', 2, [201, 202]);
    await c.putRetry(2, 'q', 'q1');
    await c.putRetry(2, 'r', 'r1');

    // Back up, its stale peer of region 1 (['', ∞), the old members) asks them for votes; they
    // answer that it is gone, and it destroys itself with its data.
    await c.startStore(3);
    expect(c.store(3).region(1)?.peers.length).toBe(3); // stale, as loaded from disk
    await eventually('the stale peer is destroyed', async () => c.store(3).region(1) === undefined && (await c.localGet(3, 'a')) === undefined);
    expect(await c.localGet(3, 'q')).toBeUndefined();
    expect((await raftKeys(c.engine(3), 1)).length).toBe(1);

    // Region 2 (['m', ∞), inside the stale range) gets a peer on store 3: its snapshot, refused
    // while the stale peer held the range, is taken now.
    await changePeers(c, 2, { type: 'add-voter', peer: { id: 203, storeId: 3, role: 'voter' } });
    await eventually('store 3 has region 2 by snapshot', async () => (await c.localGet(3, 'r')) === 'r1' && c.store(3).region(2) !== undefined);
    expect(await c.localGet(3, 'q')).toBe('q1');
    expect(c.store(3).region(2)?.startKey.toString()).toBe('m');

    // Restarted again, nothing of region 1 comes back.
    await c.stopStore(3);
    await c.startStore(3);
    expect(c.store(3).region(1)).toBeUndefined();
    expect(c.store(3).region(2)).toBeDefined();
  });

  it('a peer re-added on a store that was down while the old one was removed replaces the stale one, even if no tombstone reaches it', async () => {
    const c = (cluster = await TestCluster.start(local, [1, 2, 3]));
    await c.bootstrap(1, [1, 2, 3]);
    await c.putRetry(1, 'a', 'a0');
    await eventually('store 3 has a', async () => (await c.localGet(3, 'a')) === 'a0');
    await c.stopStore(3);
    await changePeers(c, 1, { type: 'remove', peer: { id: 103, storeId: 3, role: 'voter' } });
    await eventually('region 1 has 2 peers', () => c.running.every((s) => c.store(s).region(1)?.peers.length === 2));
    await changePeers(c, 1, { type: 'add-voter', peer: { id: 104, storeId: 3, role: 'voter' } });
    await eventually('region 1 lists peer 104', () => c.running.every((s) => c.store(s).region(1)?.peers.some((p) => p.id === 104) ?? false));
    await c.putRetry(1, 'b', 'b0');
    // Only the leader's messages to peer 104 can tell store 3: tombstone answers are dropped.
    const pass = c.net.filter;
    c.net.filter = (env) => !env.tombstone && pass(env);
    await c.startStore(3);
    await eventually('store 3 runs peer 104 with the data', async () => c.store(3).peer(1)?.peerId === 104 && (await c.localGet(3, 'b')) === 'b0');
    expect(c.store(3).region(1)?.peers.map((p) => p.id)).toEqual([101, 102, 104]);
    await c.putRetry(1, 'c', 'c0');
    await eventually('store 3 follows by log', async () => (await c.localGet(3, 'c')) === 'c0');
  });

  it('a stale leader does not destroy a live peer: it sends no tombstone, and a forged one with its older epoch is ignored', async () => {
    const c = (cluster = await TestCluster.start(local, [1, 2, 3, 4]));
    await c.bootstrap(1, [1, 2, 3]);
    await c.putRetry(1, 'a', 'a0');
    // The leader's store is cut off; the others elect and add a peer on store 4 (confVer 2).
    const old = await c.waitLeader(1);
    c.isolate(old);
    const sent: RaftEnvelope[] = [];
    const pass = c.net.filter;
    c.net.filter = (env) => {
      if (env.tombstone) sent.push(env);
      return pass(env);
    };
    await changePeers(c, 1, { type: 'add-voter', peer: { id: 104, storeId: 4, role: 'voter' } });
    await eventually('store 4 has region 1', async () => (await c.localGet(4, 'a')) === 'a0' && c.store(4).region(1)?.epoch.confVer === 2);
    expect(c.store(old).region(1)?.epoch.confVer).toBe(1);

    // A tombstone from the old leader's view (confVer 1, which does not list peer 104).
    c.store(4).handleEnvelopes([
      {
        regionId: 1,
        fromStoreId: old,
        toStoreId: 4,
        message: { kind: 'MsgHeartbeatResp', from: 100 + old, to: 104, term: 0, context: new Uint8Array(0) },
        epoch: { confVer: 1, version: 1 },
        tombstone: true,
      },
    ]);
    // Heal and let peer 104 lead: it talks to the old leader, which still lags at confVer 1.
    c.heal();
    await eventually('store 4 leads region 1', async () => {
      const l = await c.waitLeader(1);
      if (l !== 4) c.store(l).transferLeader(1, 104);
      return l === 4;
    });
    await c.putRetry(1, 'b', 'b0');
    expect(c.store(4).region(1)).toBeDefined();
    expect(await c.read(4, 1, 'b')).toBe('b0');
    expect(sent).toEqual([]);
    for (const s of [1, 2, 3]) await eventually(`store ${s} has b`, async () => (await c.localGet(s, 'b')) === 'b0');
  });
});
