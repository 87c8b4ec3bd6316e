// PD scheduling with real processes on loopback: PD (max-store-down-time 3 s) and `strata kv
// --raft` stores with fast heartbeats. Every step checks what a user would: every key written
// before stays readable, new writes commit, and PD's region list shows 3 voters per region on
// the stores it should.
//
//   1. a 4th store joins: balance-region moves peers onto it (add learner → promote → remove)
//   2. `strata ctl region transfer-leader / remove-peer / add-peer`, and their clear errors (the
//      ctl command runs in the test's process; `store delete` below runs it as a process)
//   3. `strata ctl store delete` takes a store out: its peers move, it becomes a tombstone
//   4. kill -9 of a store: after max-store-down-time its peers are replaced on a spare store
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { spawnStrata } from '../../bin/child-process.js';
import { run as runCtl } from '../../bin/commands/ctl.js';
import { connect, type StrataClient } from '../../kv/client/index.js';
import { toInternal, type Region } from '../../kv/meta.js';
import { TestCluster } from '../helpers/cluster.js';
import { suiteTempDir } from '../helpers/temp-dir.js';

const KEYS = 120;
const key = (i: number): Buffer => Buffer.from(`user${String(i).padStart(4, '0')}`);

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number, intervalMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

async function storeIdOf(statusPort: number): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${statusPort}/status`);
  return ((await res.json()) as { store_id: number }).store_id;
}

/** `strata ctl` as a process (what a user runs). */
async function ctlProcess(pdAddr: string, ...args: string[]): Promise<{ code: number | null; out: string }> {
  const p = spawnStrata('ctl', ['ctl', '--pd', pdAddr, ...args]);
  const code = await p.exited;
  return { code, out: p.output() };
}

/** `strata ctl`'s command run in this process, its printed lines captured: the same code as the
 *  process minus node and TypeScript start-up, which on a loaded 2-core box costs 8–14 s per call
 *  (most of this test's time when every call was a process). The cluster stays real processes. */
async function ctl(pdAddr: string, ...args: string[]): Promise<{ code: number | null; out: string }> {
  const lines: string[] = [];
  const capture = (...a: unknown[]): void => {
    lines.push(a.map(String).join(' '));
  };
  const log = vi.spyOn(console, 'log').mockImplementation(capture);
  const error = vi.spyOn(console, 'error').mockImplementation(capture);
  try {
    const code = await runCtl(['--pd', pdAddr, ...args]);
    return { code, out: lines.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

// Step 1 used to lose the first keys of right-hand regions (a snapshot prepared before the
// splits wiped the new store's copies of them; fixed, docs/architecture.md, kv/raftstore): every
// key is read back after each step. Step 2 used to race balance-leader, which moved a leader set
// by hand on within ~300 ms on a loaded machine; PD now leaves a region the balancers' hands for
// --admin-cooldown (30 s) after an admin operator on it (schedule/choose-plan.ts).
describe('PD scheduling of strata kv --raft processes', () => {
  let cluster: TestCluster;
  let client: StrataClient;
  const ids: number[] = [];

  const regions = async (): Promise<{ region: Region; leaderStore: number | undefined }[]> =>
    (await client.pd.scanRegions(Buffer.alloc(0), Buffer.alloc(0), 0)).map((r) => ({ region: r.region, leaderStore: r.leader?.storeId }));

  /** Every region has exactly 3 voters, none a learner, all on `allowed` stores. */
  const settledOn = async (allowed: readonly number[]): Promise<boolean> => {
    const rs = await regions();
    return rs.length >= 4 && rs.every(({ region }) => region.peers.length === 3 && region.peers.every((p) => p.role === 'voter' && allowed.includes(p.storeId)));
  };

  const peersOn = async (storeId: number): Promise<number> => (await regions()).filter(({ region }) => region.peers.some((p) => p.storeId === storeId)).length;

  const everyKeyReadable = async (n = KEYS): Promise<void> => {
    for (let i = 0; i < n; i++) expect((await client.raw.get(key(i)))?.toString(), `key ${i}`).toBe(`v${i}`);
  };

  beforeAll(async () => {
    cluster = await new TestCluster({
      dataDir: suiteTempDir('strata-e2e-raft-sched-'),
      stores: 3,
      raft: true,
      pdArgs: ['--max-store-down-time', '3s'],
      storeArgs: ['--heartbeat-interval', '200ms', '--raft-base-tick-interval', '50ms'],
    }).start();
    for (const s of cluster.stores) ids.push(await storeIdOf(s.statusPort));
    client = await connect({ pd: cluster.pdAddr });
    await until('the first region has 3 voters', async () => (await regions()).some(({ region }) => region.peers.filter((p) => p.role === 'voter').length === 3), 30_000);
    await client.splitRegions([30, 60, 90].map((at) => toInternal('raw', key(at))));
    // 8 writers at once: the keys span every region, and this is set-up, not what is tested.
    await Promise.all(Array.from({ length: 8 }, async (_, w) => {
      for (let i = w; i < KEYS; i += 8) await client.raw.put(key(i), Buffer.from(`v${i}`));
    }));
    await until('4 regions of 3 voters', () => settledOn(ids), 60_000);
  }, 150_000);

  afterAll(async () => {
    await client?.close();
    await cluster?.stop();
  });

  it('a 4th store receives peers by balance-region; every key stays readable', async () => {
    const i = await cluster.addStore();
    const fourth = await storeIdOf((cluster.stores[i] as { statusPort: number }).statusPort);
    ids.push(fourth);
    // 12 peers over 4 stores: balanced within one, so the new store gets at least 2.
    await until('the new store holds peers of 2 regions and all regions are whole', async () => (await peersOn(fourth)) >= 2 && (await settledOn(ids)), 90_000);
    await everyKeyReadable();
  }, 120_000);

  it('strata ctl moves a leader and removes and adds a peer by hand, and refuses what cannot be done', async () => {
    const live = [...ids];
    // Balancing may still be moving this region: pick the target from a fresh view until PD takes it.
    let target = (await regions()).find(({ region }) => region.startKey.length === 0) as { region: Region; leaderStore: number };
    const regionId = target.region.id;
    let to = 0;
    await until('PD accepts a leader transfer', async () => {
      target = (await regions()).find(({ region }) => region.id === regionId) as { region: Region; leaderStore: number };
      to = target.region.peers.find((p) => p.role === 'voter' && p.storeId !== target.leaderStore)?.storeId ?? 0;
      return to !== 0 && (await ctl(cluster.pdAddr, 'region', 'transfer-leader', String(regionId), String(to))).code === 0;
    }, 20_000);
    // The balancers leave the region alone for the admin cool-down, so the leader stays there.
    await until(`store ${to} leads region ${regionId}`, async () => (await client.pd.getRegionById(regionId))?.leader?.storeId === to, 20_000);

    // A store outside the region, from a fresh view: balance-region may still be moving this
    // region, so by the time PD judges the request that store may hold a peer (PD then accepts it,
    // or says it already leads); ask again until PD answers on a store that is really outside.
    let outside = 0;
    let bad: { code: number | null; out: string } = { code: null, out: '' };
    await until('PD refuses a leader transfer to a store outside the region', async () => {
      const r = (await client.pd.getRegionById(regionId))?.region;
      outside = live.find((id) => !r?.peers.some((p) => p.storeId === id)) ?? 0;
      if (outside === 0) return false;
      bad = await ctl(cluster.pdAddr, 'region', 'transfer-leader', String(regionId), String(outside));
      return bad.code !== 0 && bad.out.includes('holds no voter');
    }, 20_000);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain(`store ${outside} holds no voter of region ${regionId}`);
    const noRegion = await ctl(cluster.pdAddr, 'region', 'add-peer', '999999', String(outside));
    expect(noRegion.code).toBe(1);
    expect(noRegion.out).toContain('region 999999 not found');
    const usage = await ctl(cluster.pdAddr, 'region', 'remove-peer', String(regionId));
    expect(usage.code).toBe(2);
    expect(usage.out).toContain('missing STORE');

    // Remove a follower by hand: that peer goes, and the replica checker restores 3 voters (on the
    // emptiest store, which may well be the same one, with a new peer).
    // The follower is picked from a fresh view, again until PD takes the request.
    let victimPeer = { id: 0, storeId: 0 };
    await until('PD accepts removing a follower by hand', async () => {
      const v = await client.pd.getRegionById(regionId);
      const follower = v?.region.peers.find((p) => p.role === 'voter' && p.storeId !== v.leader?.storeId);
      if (!follower) return false;
      victimPeer = follower;
      return (await ctl(cluster.pdAddr, 'region', 'remove-peer', String(regionId), String(follower.storeId))).code === 0;
    }, 20_000);
    await until(`region ${regionId} has 3 voters without peer ${victimPeer.id}`, async () => {
      const r = (await client.pd.getRegionById(regionId))?.region;
      return r !== undefined && r.peers.length === 3 && r.peers.every((p) => p.role === 'voter' && p.id !== victimPeer.id);
    }, 30_000);
    // Add a peer by hand on a store without one: a 4th voter, which the replica checker trims back to 3.
    let extra = 0;
    await until('PD accepts a peer added by hand', async () => {
      const r = (await client.pd.getRegionById(regionId))?.region;
      extra = live.find((id) => !r?.peers.some((p) => p.storeId === id)) ?? 0;
      return extra !== 0 && (await ctl(cluster.pdAddr, 'region', 'add-peer', String(regionId), String(extra))).code === 0;
    }, 20_000);
    await until(`store ${extra} holds a peer of region ${regionId}`, async () => (await client.pd.getRegionById(regionId))?.region.peers.some((p) => p.storeId === extra) ?? false, 30_000);
    await until('every region is back to 3 voters', () => settledOn(live), 60_000);
    await everyKeyReadable();
  }, 180_000);

  it('strata ctl store delete moves every peer off the store, which becomes a tombstone', async () => {
    const gone = ids[0] as number;
    const res = await ctlProcess(cluster.pdAddr, 'store', 'delete', String(gone));
    expect(res.code, res.out).toBe(0);
    expect(res.out).toContain(`store ${gone} is offline`);
    const rest = ids.filter((id) => id !== gone);
    await until('no region keeps a peer on the deleted store', () => settledOn(rest), 90_000);
    await until('the deleted store is a tombstone', async () => (await client.pd.getAllStores()).find((s) => s.store.id === gone)?.store.state === 'tombstone', 10_000);
    await everyKeyReadable();
    await client.raw.put(key(KEYS), Buffer.from(`v${KEYS}`));
    expect((await client.raw.get(key(KEYS)))?.toString()).toBe(`v${KEYS}`);
    // Deleting again says why not.
    const again = await ctl(cluster.pdAddr, 'store', 'delete', String(gone));
    expect(again.code).toBe(1);
    expect(again.out).toContain('tombstone');
  }, 120_000);

  it('kill -9 of a store: after max-store-down-time its peers are replaced on a spare store', async () => {
    const i = await cluster.addStore();
    const spare = await storeIdOf((cluster.stores[i] as { statusPort: number }).statusPort);
    ids.push(spare);
    const live = ids.filter((id) => id !== ids[0]);
    await until('the spare store is part of the balance', async () => (await settledOn(live)) && (await peersOn(spare)) >= 1, 90_000);
    // Kill the store with the most peers.
    const counts = await Promise.all(live.map((id) => peersOn(id)));
    const victim = live[counts.indexOf(Math.max(...counts))] as number;
    await cluster.killStore(ids.indexOf(victim));
    const survivors = live.filter((id) => id !== victim);
    await until('every region has 3 voters on the surviving stores', () => settledOn(survivors), 90_000);
    await everyKeyReadable();
    for (let k = 0; k < 10; k++) await client.raw.put(key(k), Buffer.from(`v${k}`));
  }, 180_000);
});
