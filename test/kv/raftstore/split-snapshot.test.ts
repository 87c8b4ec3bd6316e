// Region snapshots across a split, on 4 stores in one process over real LevelDB: a peer added on a
// new store after a split must get a snapshot of the region as it is now, and installing it must
// never touch the data of another region this store already holds. (The raft-scheduling e2e lost
// the first keys of right-hand regions this way: a leader handed out a snapshot it had prepared
// before the split — the whole old range — and the new store wiped its copy of the right half.)
import { afterEach, describe, expect, it } from 'vitest';
import type { RaftEnvelope } from '../../../kv/raftstore/index.js';
import { eventually, NETWORK_KINDS, sleep, TestCluster } from './support/cluster.js';

let cluster: TestCluster | undefined;

afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

const local = NETWORK_KINDS[0] as (typeof NETWORK_KINDS)[number];

describe('raftstore snapshots across a split', () => {
  it('a peer added on a new store after a split gets its region as split, and the right half on that store keeps its keys', async () => {
    const c = (cluster = await TestCluster.start(local, [1, 2, 3, 4]));
    // Region 1 starts on stores 1 and 2; adding store 3 makes its leader prepare a snapshot of the
    // whole keyspace (kept for reuse a while).
    await c.bootstrap(1, [1, 2]);
    const leader = await c.waitLeader(1);
    await c.putRetry(1, 'a', 'a0');
    c.store(leader).changePeers(1, [{ type: 'add-voter', peer: { id: 103, storeId: 3, role: 'voter' } }]);
    await eventually('store 3 has region 1 by snapshot', async () => (await c.localGet(3, 'a')) === 'a0');

    // Split at 'm': region 2 = ['m', ∞) on stores 1, 2, 3. Its first key and others are written after.
    await c.store(leader).split(1, Buffer.from('m'), 2, [201, 202, 203]);
    for (const [k, v] of [['b', 'b0'], ['m', 'm0'], ['q', 'q0']] as const) await c.putRetry(k < 'm' ? 1 : 2, k, v);

    // Store 4 gets a peer of region 2 (a snapshot of ['m', ∞)), then one of region 1.
    const rightLeader = await c.waitLeader(2);
    c.store(rightLeader).changePeers(2, [{ type: 'add-voter', peer: { id: 204, storeId: 4, role: 'voter' } }]);
    await eventually('store 4 has region 2', async () => (await c.localGet(4, 'q')) === 'q0');
    const leftLeader = await c.waitLeader(1);
    c.store(leftLeader).changePeers(1, [{ type: 'add-voter', peer: { id: 104, storeId: 4, role: 'voter' } }]);
    await eventually('store 4 has region 1', async () => (await c.localGet(4, 'b')) === 'b0');
    await eventually('store 4 knows region 1 as split', () => c.store(4).region(1)?.endKey.toString() === 'm');

    // Store 4's copy of region 2 still has every key, the split key first among them.
    expect(await c.localGet(4, 'm')).toBe('m0');
    expect(await c.localGet(4, 'q')).toBe('q0');
    // And a user reading through store 4 once it leads region 2 sees them.
    await eventually('store 4 leads region 2', async () => {
      const now = await c.waitLeader(2);
      if (now !== 4) c.store(now).transferLeader(2, 204);
      return now === 4;
    });
    expect(await c.read(4, 2, 'm')).toBe('m0');
    expect(await c.read(4, 2, 'q')).toBe('q0');
    expect(c.store(4).region(2)?.startKey.toString()).toBe('m');
  });

  it('a store refuses a snapshot of the old, wider range that arrives after the split, keeping the other half it holds', async () => {
    const c = (cluster = await TestCluster.start(local, [1, 2, 3, 4]));
    await c.bootstrap(1, [1, 2, 3]);
    await c.putRetry(1, 'a', 'a0');
    // Store 4 joins region 1, but region 1's snapshots to it are held back; the first one (the
    // whole keyspace, before any split) is kept to be delivered late.
    let late: RaftEnvelope | undefined;
    const pass = c.net.filter;
    c.net.filter = (env) => {
      if (env.regionId !== 1 || env.toStoreId !== 4 || env.message.kind !== 'MsgSnap') return pass(env);
      late ??= env;
      return false;
    };
    c.store(await c.waitLeader(1)).changePeers(1, [{ type: 'add-voter', peer: { id: 104, storeId: 4, role: 'voter' } }]);
    await eventually('region 1 sent store 4 a snapshot', () => late !== undefined);

    // The split gives store 4 a peer of region 2 = ['m', ∞), which fills by its own snapshot.
    await c.store(await c.waitLeader(1)).split(1, Buffer.from('m'), 2, [201, 202, 203, 204]);
    await c.putRetry(2, 'm', 'm0');
    await c.putRetry(2, 'q', 'q0');
    await eventually('store 4 has region 2', async () => (await c.localGet(4, 'q')) === 'q0');

    // The pre-split snapshot of region 1 arrives now: it covers ['', ∞), region 2's range too.
    c.store(4).handleEnvelopes([late as RaftEnvelope]);
    await sleep(100);
    expect(await c.localGet(4, 'm')).toBe('m0');
    expect(await c.localGet(4, 'q')).toBe('q0');
    expect(c.store(4).region(1)).toBeUndefined();

    // Let region 1 through: store 4 gets it as it is now, ['', 'm'), and region 2 keeps its keys.
    c.net.filter = pass;
    await eventually('store 4 has region 1 as split', async () => c.store(4).region(1)?.endKey.toString() === 'm' && (await c.localGet(4, 'a')) === 'a0');
    expect(await c.localGet(4, 'm')).toBe('m0');
    await eventually('store 4 leads region 2', async () => {
      const now = await c.waitLeader(2);
      if (now !== 4) c.store(now).transferLeader(2, 204);
      return now === 4;
    });
    expect(await c.read(4, 2, 'm')).toBe('m0');
  });
});
