// The coordinator's admin cool-down, end to end inside PD (Cluster over an in-memory engine, the
// clock injected): a leader moved by hand onto a store that then leads the most regions is not
// moved on by balance-leader for --admin-cooldown after the operator finished — the race that made
// the raft-scheduling e2e flaky — and balancing resumes once the cool-down is over. The replica
// checker is not held back.
import { describe, expect, it } from 'vitest';
import type { Peer, Region } from '../../../kv/meta.js';
import { MemoryEngine } from '../../../kv/storage/index.js';
import { Cluster } from '../../../pd/server/cluster.js';
import { Coordinator } from '../../../pd/server/coordinator.js';
import { MetaStorage } from '../../../pd/server/meta-storage.js';
import type { Order } from '../../../pd/server/schedule/operator.js';

const COOLDOWN = 30_000;

function peer(regionId: number, storeId: number): Peer {
  return { id: regionId * 10 + storeId, storeId, role: 'voter' };
}

function region(id: number, start: string, end: string, stores: number[], confVer = 2): Region {
  return { id, startKey: Buffer.from(start), endKey: Buffer.from(end), epoch: { confVer, version: 2 }, peers: stores.map((s) => peer(id, s)) };
}

const show = (o: Order | undefined): string => (o ? `${o.kind === 'change-peer' ? o.change : 'transfer-leader'} to store ${o.peer.storeId}` : 'none');

/** 3 stores; 5 regions of 3 voters each, region 1 led by store 2, the other four by store 1. */
async function setUp(): Promise<{ cluster: Cluster; coord: Coordinator; advance: (ms: number) => void; regions: Region[] }> {
  const clock = { t: 1_000_000 };
  const cluster = await Cluster.open(new MetaStorage(new MemoryEngine()), { disconnectedAfterMs: 20_000, maxStoreDownTimeMs: 1_800_000, idBatchSize: 100, now: () => clock.t });
  const store = (id: number) => ({ id, address: `127.0.0.1:${1000 + id}`, statusAddress: '', state: 'up' as const, version: 'test', startTimestamp: 0 });
  await cluster.bootstrap(store(1), { id: 1, startKey: Buffer.alloc(0), endKey: Buffer.alloc(0), epoch: { confVer: 1, version: 1 }, peers: [peer(1, 1)] });
  await cluster.putStore(store(2));
  await cluster.putStore(store(3));
  const keys = ['', 'b', 'c', 'd', 'e', ''];
  const regions = [1, 2, 3, 4, 5].map((id, i) => region(id, keys[i] as string, keys[i + 1] as string, [1, 2, 3]));
  for (const r of regions) await cluster.regionHeartbeat({ region: r, leader: peer(r.id, r.id === 1 ? 2 : 1), approximateSize: 0, approximateKeys: 0 });
  // Time passes with the stores heartbeating (they stay up).
  const stats = { capacity: 1, available: 1, usedSize: 0, regionCount: 5, leaderCount: 0, startTime: 0 };
  const advance = (ms: number): void => {
    clock.t += ms;
    for (const id of [1, 2, 3]) cluster.storeHeartbeat(id, stats);
  };
  return { cluster, coord: new Coordinator(cluster, { adminCooldownMs: COOLDOWN }), advance, regions };
}

describe('coordinator: the balancers leave a region alone after an admin operator', () => {
  it('a leader moved by hand is not moved on by balance-leader until the cool-down is over', async () => {
    const { cluster, coord, advance, regions } = await setUp();
    const r1 = regions[0] as Region;
    // By hand: region 1's leader goes to store 1, which then leads all 5 regions.
    await coord.addAdminOperator(1, 'transfer-leader', 1);
    expect(show(await coord.onHeartbeat({ region: r1, leader: peer(1, 2), pendingPeers: [] }))).toBe('transfer-leader to store 1');
    advance(300);
    await cluster.regionHeartbeat({ region: r1, leader: peer(1, 1), approximateSize: 0, approximateKeys: 0 });
    // The operator finishes on this heartbeat; store 1 leads 5 and stores 2 and 3 none, yet the
    // leader stays — in the same heartbeat and on later ones within the cool-down.
    expect(show(await coord.onHeartbeat({ region: r1, leader: peer(1, 1), pendingPeers: [] }))).toBe('none');
    advance(COOLDOWN - 1);
    expect(show(await coord.onHeartbeat({ region: r1, leader: peer(1, 1), pendingPeers: [] }))).toBe('none');
    // Other regions balance meanwhile.
    expect(show(await coord.onHeartbeat({ region: regions[1] as Region, leader: peer(2, 1), pendingPeers: [] }))).toMatch(/^transfer-leader to store [23]$/);
    // Once the cool-down is over, region 1 balances too.
    advance(1);
    expect(show(await coord.onHeartbeat({ region: r1, leader: peer(1, 1), pendingPeers: [] }))).toMatch(/^transfer-leader to store [23]$/);
  });

  it('the replica checker still restores a missing replica during the cool-down', async () => {
    const { cluster, coord, advance } = await setUp();
    // Remove region 3's peer on store 3 by hand; once done the region has 2 voters.
    await coord.addAdminOperator(3, 'remove-peer', 3);
    const two = region(3, 'c', 'd', [1, 2], 3);
    advance(300);
    await cluster.regionHeartbeat({ region: two, leader: peer(3, 1), approximateSize: 0, approximateKeys: 0 });
    expect(show(await coord.onHeartbeat({ region: two, leader: peer(3, 1), pendingPeers: [] }))).toBe('add-learner to store 3');
  });
});
