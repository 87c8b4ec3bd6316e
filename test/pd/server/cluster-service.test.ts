// PD's cluster metadata over real gRPC: ids, bootstrap, stores, regions, splits, the GC safe
// point, and what survives a restart on the same data dir.
import { describe, expect, it } from 'vitest';
import { regionFromPb, regionToPb, storeToPb } from '../../../kv/proto/convert.js';
import type { AllocIDResponse__Output } from '../../../pd/proto/generated/strata/pd/AllocIDResponse.js';
import type { AskSplitResponse__Output } from '../../../pd/proto/generated/strata/pd/AskSplitResponse.js';
import type { BootstrapResponse__Output } from '../../../pd/proto/generated/strata/pd/BootstrapResponse.js';
import type { GetAllStoresResponse__Output } from '../../../pd/proto/generated/strata/pd/GetAllStoresResponse.js';
import type { GetClusterInfoResponse__Output } from '../../../pd/proto/generated/strata/pd/GetClusterInfoResponse.js';
import type { GetGCSafePointResponse__Output } from '../../../pd/proto/generated/strata/pd/GetGCSafePointResponse.js';
import type { GetRegionResponse__Output } from '../../../pd/proto/generated/strata/pd/GetRegionResponse.js';
import type { GetStoreResponse__Output } from '../../../pd/proto/generated/strata/pd/GetStoreResponse.js';
import type { PDClient } from '../../../pd/proto/generated/strata/pd/PD.js';
import type { PutStoreResponse__Output } from '../../../pd/proto/generated/strata/pd/PutStoreResponse.js';
import type { RegionHeartbeatResponse__Output } from '../../../pd/proto/generated/strata/pd/RegionHeartbeatResponse.js';
import type { ReportSplitResponse__Output } from '../../../pd/proto/generated/strata/pd/ReportSplitResponse.js';
import type { ScanRegionsResponse__Output } from '../../../pd/proto/generated/strata/pd/ScanRegionsResponse.js';
import type { StoreHeartbeatResponse__Output } from '../../../pd/proto/generated/strata/pd/StoreHeartbeatResponse.js';
import type { UpdateGCSafePointResponse__Output } from '../../../pd/proto/generated/strata/pd/UpdateGCSafePointResponse.js';
import type { Region } from '../../../kv/meta.js';
import { bootstrap, errorType, peer, region, rpc, startTestPd, store } from './helpers.js';

const allocId = async (c: PDClient): Promise<number> => Number((await rpc<AllocIDResponse__Output>((cb) => c.AllocID({}, cb))).id);
const getRegion = (c: PDClient, key: string): Promise<GetRegionResponse__Output> =>
  rpc<GetRegionResponse__Output>((cb) => c.GetRegion({ region_key: Buffer.from(key) }, cb));
const getRegionById = (c: PDClient, id: number | string): Promise<GetRegionResponse__Output> =>
  rpc<GetRegionResponse__Output>((cb) => c.GetRegionByID({ region_id: String(id) }, cb));
const heartbeat = (c: PDClient, r: Region, leaderIdx = 0, size = 0, keys = 0): Promise<RegionHeartbeatResponse__Output> => {
  const leader = r.peers[leaderIdx];
  return rpc<RegionHeartbeatResponse__Output>((cb) =>
    c.RegionHeartbeat(
      {
        region: regionToPb(r),
        leader: leader ? { id: String(leader.id), store_id: String(leader.storeId) } : null,
        approximate_size: String(size),
        approximate_keys: String(keys),
      },
      cb,
    ),
  );
};
const scan = (c: PDClient, start: string, end: string, limit = 0): Promise<ScanRegionsResponse__Output> =>
  rpc<ScanRegionsResponse__Output>((cb) => c.ScanRegions({ start_key: Buffer.from(start), end_key: Buffer.from(end), limit }, cb));
const regionIdAt = async (c: PDClient, key: string): Promise<number | undefined> => {
  const res = await getRegion(c, key);
  return res.region ? Number(res.region.id) : undefined;
};

describe('PD ids and bootstrap', () => {
  it('allocates unique, increasing ids that a restart never hands out again', async () => {
    const pd = await startTestPd({ idBatchSize: 10 });
    const first = await Promise.all(Array.from({ length: 25 }, () => allocId(pd.client)));
    expect(new Set(first).size).toBe(25);
    expect(Math.min(...first)).toBeGreaterThanOrEqual(1);
    await pd.restart();
    const second = await Promise.all(Array.from({ length: 25 }, () => allocId(pd.client)));
    expect(Math.min(...second)).toBeGreaterThan(Math.max(...first));
    expect(new Set([...first, ...second]).size).toBe(50);
  });

  it('keeps the cluster id across restarts and answers CLUSTER_MISMATCH to requests for another cluster', async () => {
    const pd = await startTestPd();
    const id = pd.server.clusterId;
    expect(BigInt(id)).toBeGreaterThan(0n);
    const info = await rpc<GetClusterInfoResponse__Output>((cb) => pd.client.GetClusterInfo({}, cb));
    expect(info.header?.cluster_id).toBe(id);
    await pd.restart();
    expect(pd.server.clusterId).toBe(id);
    const other = await rpc<AllocIDResponse__Output>((cb) => pd.client.AllocID({ header: { cluster_id: String(BigInt(id) + 1n) } }, cb));
    expect(errorType(other)).toBe('CLUSTER_MISMATCH');
    expect(other.id).toBe('0');
    const same = await rpc<AllocIDResponse__Output>((cb) => pd.client.AllocID({ header: { cluster_id: id } }, cb));
    expect(errorType(same)).toBe('OK');
  });

  it('bootstraps once; later attempts answer ALREADY_BOOTSTRAPPED, also after a restart', async () => {
    const pd = await startTestPd();
    const before = await rpc<GetClusterInfoResponse__Output>((cb) => pd.client.GetClusterInfo({}, cb));
    expect(before.bootstrapped).toBe(false);
    await bootstrap(pd.client);
    const again = await rpc<BootstrapResponse__Output>((cb) =>
      pd.client.Bootstrap({ store: storeToPb(store(7)), region: regionToPb(region(8, '', '', 1, [peer(9, 7)])) }, cb),
    );
    expect(errorType(again)).toBe('ALREADY_BOOTSTRAPPED');
    await pd.restart();
    const after = await rpc<GetClusterInfoResponse__Output>((cb) => pd.client.GetClusterInfo({}, cb));
    expect(after.bootstrapped).toBe(true);
    const region2 = await getRegion(pd.client, 'anything');
    expect(region2.region && regionFromPb(region2.region)).toEqual(region(2, '', '', 1, [peer(3, 1)]));
  });

  it('answers region calls with NOT_BOOTSTRAPPED before bootstrap', async () => {
    const pd = await startTestPd();
    expect(errorType(await getRegion(pd.client, 'a'))).toBe('NOT_BOOTSTRAPPED');
    expect(errorType(await getRegionById(pd.client, 1))).toBe('NOT_BOOTSTRAPPED');
    expect(errorType(await scan(pd.client, '', ''))).toBe('NOT_BOOTSTRAPPED');
    expect(errorType(await heartbeat(pd.client, region(2, '', '', 1, [peer(3, 1)])))).toBe('NOT_BOOTSTRAPPED');
  });

  it('rejects a bootstrap whose first region does not cover every key', async () => {
    const pd = await startTestPd();
    const res = await rpc<BootstrapResponse__Output>((cb) =>
      pd.client.Bootstrap({ store: storeToPb(store(1)), region: regionToPb(region(2, 'a', '', 1, [peer(3, 1)])) }, cb),
    );
    expect(errorType(res)).toBe('INVALID_ARGUMENT');
    const info = await rpc<GetClusterInfoResponse__Output>((cb) => pd.client.GetClusterInfo({}, cb));
    expect(info.bootstrapped).toBe(false);
  });
});

describe('PD stores', () => {
  it('registers stores with PutStore and returns them from GetStore and GetAllStores, also after a restart', async () => {
    const pd = await startTestPd();
    await bootstrap(pd.client);
    for (const id of [4, 5]) {
      const res = await rpc<PutStoreResponse__Output>((cb) => pd.client.PutStore({ store: storeToPb(store(id)) }, cb));
      expect(errorType(res)).toBe('OK');
    }
    const one = await rpc<GetStoreResponse__Output>((cb) => pd.client.GetStore({ store_id: '4' }, cb));
    expect(one.store?.store?.address).toBe('127.0.0.1:20164');
    expect(one.store?.liveness).toBe('up');
    expect(one.store?.last_heartbeat_ms).toBe('0');

    const hb = await rpc<StoreHeartbeatResponse__Output>((cb) =>
      pd.client.StoreHeartbeat({ stats: { store_id: '4', region_count: 3, leader_count: 2, used_size: '1000', capacity: '5000', available: '4000' } }, cb),
    );
    expect(errorType(hb)).toBe('OK');
    const beat = await rpc<GetStoreResponse__Output>((cb) => pd.client.GetStore({ store_id: '4' }, cb));
    expect(Number(beat.store?.last_heartbeat_ms)).toBeGreaterThan(0);
    expect(beat.store?.stats?.region_count).toBe(3);

    await pd.restart();
    const all = await rpc<GetAllStoresResponse__Output>((cb) => pd.client.GetAllStores({}, cb));
    expect(all.stores.map((s) => s.store?.id)).toEqual(['1', '4', '5']);
    expect(all.stores.every((s) => s.liveness === 'up')).toBe(true);
  });

  it('answers GetStore and StoreHeartbeat for an unknown store with a header error', async () => {
    const pd = await startTestPd();
    const get = await rpc<GetStoreResponse__Output>((cb) => pd.client.GetStore({ store_id: '99' }, cb));
    expect(errorType(get)).toBe('INVALID_ARGUMENT');
    expect(get.header?.error?.message).toContain('99');
    const hb = await rpc<StoreHeartbeatResponse__Output>((cb) => pd.client.StoreHeartbeat({ stats: { store_id: '99' } }, cb));
    expect(errorType(hb)).toBe('INVALID_ARGUMENT');
  });

  it('rejects a second store with an address already in use', async () => {
    const pd = await startTestPd();
    await rpc<PutStoreResponse__Output>((cb) => pd.client.PutStore({ store: storeToPb(store(4, 30000)) }, cb));
    const dup = await rpc<PutStoreResponse__Output>((cb) => pd.client.PutStore({ store: storeToPb(store(5, 30000)) }, cb));
    expect(errorType(dup)).toBe('INVALID_ARGUMENT');
  });

  it('marks a silent store disconnected, then down, and up again on its next heartbeat; a tombstone stays one', async () => {
    const pd = await startTestPd({ disconnectedAfterMs: 100, maxStoreDownTimeMs: 300 });
    await rpc<PutStoreResponse__Output>((cb) => pd.client.PutStore({ store: storeToPb(store(4)) }, cb));
    const liveness = async (): Promise<string | undefined> =>
      (await rpc<GetStoreResponse__Output>((cb) => pd.client.GetStore({ store_id: '4' }, cb))).store?.liveness;
    const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
    expect(await liveness()).toBe('up');
    await sleep(180);
    expect(await liveness()).toBe('disconnected');
    await sleep(200);
    expect(await liveness()).toBe('down');
    await rpc<StoreHeartbeatResponse__Output>((cb) => pd.client.StoreHeartbeat({ stats: { store_id: '4' } }, cb));
    expect(await liveness()).toBe('up');

    await pd.server.cluster.setStoreState(4, 'tombstone');
    expect(await liveness()).toBe('tombstone');
    const hb = await rpc<StoreHeartbeatResponse__Output>((cb) => pd.client.StoreHeartbeat({ stats: { store_id: '4' } }, cb));
    expect(errorType(hb)).toBe('STORE_TOMBSTONE');
    const put = await rpc<PutStoreResponse__Output>((cb) => pd.client.PutStore({ store: storeToPb(store(4)) }, cb));
    expect(errorType(put)).toBe('STORE_TOMBSTONE');
    const live = await rpc<GetAllStoresResponse__Output>((cb) => pd.client.GetAllStores({ exclude_tombstone_stores: true }, cb));
    expect(live.stores).toEqual([]);
  });
});

describe('PD regions', () => {
  it('records region heartbeats and finds regions by key, by id and by range scan', async () => {
    const pd = await startTestPd();
    await bootstrap(pd.client);
    // Region 2 shrinks to ["", "m") (version 2) and region 10 covers ["m", "").
    expect(errorType(await heartbeat(pd.client, region(2, '', 'm', 2, [peer(3, 1)]), 0, 1024, 10))).toBe('OK');
    expect(errorType(await heartbeat(pd.client, region(10, 'm', '', 2, [peer(11, 1)]), 0, 2048, 20))).toBe('OK');

    expect(await regionIdAt(pd.client, '')).toBe(2);
    expect(await regionIdAt(pd.client, 'l\xff')).toBe(2);
    expect(await regionIdAt(pd.client, 'm')).toBe(10);
    expect(await regionIdAt(pd.client, 'zzzz')).toBe(10);
    const byId = await getRegionById(pd.client, 10);
    expect(byId.leader?.id).toBe('11');
    expect(byId.region?.start_key.toString()).toBe('m');
    expect((await getRegionById(pd.client, 77)).region).toBeNull();

    const all = await scan(pd.client, '', '');
    expect(all.regions.map((r) => [r.region?.id, r.approximate_size, r.approximate_keys])).toEqual([
      ['2', '1024', '10'],
      ['10', '2048', '20'],
    ]);
    expect((await scan(pd.client, 'n', '')).regions.map((r) => r.region?.id)).toEqual(['10']);
    expect((await scan(pd.client, 'a', 'b')).regions.map((r) => r.region?.id)).toEqual(['2']);
    expect((await scan(pd.client, '', '', 1)).regions.map((r) => r.region?.id)).toEqual(['2']);
  });

  it('ignores heartbeats with a stale epoch', async () => {
    const pd = await startTestPd();
    await bootstrap(pd.client);
    await heartbeat(pd.client, region(2, '', 'm', 3, [peer(3, 1)]));
    await heartbeat(pd.client, region(10, 'm', '', 3, [peer(11, 1)]));
    // An old view of region 2 (version 1, whole key space) is ignored: region 10 survives.
    expect(errorType(await heartbeat(pd.client, region(2, '', '', 1, [peer(3, 1)])))).toBe('OK');
    expect(await regionIdAt(pd.client, 'z')).toBe(10);
    // A lower conf_ver is stale too.
    await heartbeat(pd.client, region(10, 'm', '', 3, [peer(11, 1), peer(12, 4)], 2));
    await heartbeat(pd.client, region(10, 'm', '', 3, [peer(11, 1)], 1));
    expect((await getRegionById(pd.client, 10)).region?.peers).toHaveLength(2);
    // An unknown region overlapping a newer one is ignored.
    await heartbeat(pd.client, region(20, 'a', 'z', 1, [peer(21, 1)]));
    expect((await getRegionById(pd.client, 20)).region).toBeNull();
    expect(await regionIdAt(pd.client, 'b')).toBe(2);
  });

  it('allocates split ids with AskSplit and replaces the parent with the children on ReportSplit, also after a restart', async () => {
    const pd = await startTestPd();
    await bootstrap(pd.client);
    const parent = region(2, '', '', 1, [peer(3, 1)]);
    const ask = await rpc<AskSplitResponse__Output>((cb) => pd.client.AskSplit({ region: regionToPb(parent), split_count: 2 }, cb));
    expect(errorType(ask)).toBe('OK');
    expect(ask.ids).toHaveLength(2);
    for (const s of ask.ids) expect(s.new_peer_ids).toHaveLength(1);
    const allIds = ask.ids.flatMap((s) => [s.new_region_id, ...s.new_peer_ids]);
    expect(new Set(allIds).size).toBe(4);
    const [a, b] = ask.ids;
    const children = [
      region(Number(a!.new_region_id), '', 'g', 3, [peer(Number(a!.new_peer_ids[0]), 1)]),
      region(Number(b!.new_region_id), 'g', 'p', 3, [peer(Number(b!.new_peer_ids[0]), 1)]),
      region(2, 'p', '', 3, [peer(3, 1)]),
    ];
    const rep = await rpc<ReportSplitResponse__Output>((cb) => pd.client.ReportSplit({ regions: children.map(regionToPb) }, cb));
    expect(errorType(rep)).toBe('OK');
    const check = async (): Promise<void> => {
      const ids = (await scan(pd.client, '', '')).regions.map((r) => Number(r.region?.id));
      expect(ids).toEqual(children.map((r) => r.id));
      expect(await regionIdAt(pd.client, 'h')).toBe(children[1]!.id);
    };
    await check();
    await pd.restart();
    await check();
  });

  it('answers AskSplit for an unknown region with REGION_NOT_FOUND', async () => {
    const pd = await startTestPd();
    await bootstrap(pd.client);
    const ask = await rpc<AskSplitResponse__Output>((cb) => pd.client.AskSplit({ region: regionToPb(region(55, '', '', 1, [peer(3, 1)])) }, cb));
    expect(errorType(ask)).toBe('REGION_NOT_FOUND');
  });
});

describe('PD GC safe point', () => {
  it('only moves the safe point forward and keeps it across a restart', async () => {
    const pd = await startTestPd();
    const update = async (sp: bigint): Promise<string> =>
      (await rpc<UpdateGCSafePointResponse__Output>((cb) => pd.client.UpdateGCSafePoint({ safe_point: sp.toString() }, cb))).new_safe_point;
    const get = async (): Promise<string> => (await rpc<GetGCSafePointResponse__Output>((cb) => pd.client.GetGCSafePoint({}, cb))).safe_point;
    expect(await get()).toBe('0');
    const big = 1n << 60n;
    expect(await update(big)).toBe(big.toString());
    expect(await update(5n)).toBe(big.toString());
    expect(await get()).toBe(big.toString());
    await pd.restart();
    expect(await get()).toBe(big.toString());
  });
});

describe('PD malformed requests', () => {
  it('answers missing fields and bad ids with INVALID_ARGUMENT and keeps serving', async () => {
    const pd = await startTestPd();
    const c = pd.client;
    expect(errorType(await rpc<BootstrapResponse__Output>((cb) => c.Bootstrap({}, cb)))).toBe('INVALID_ARGUMENT');
    expect(errorType(await rpc<BootstrapResponse__Output>((cb) => c.Bootstrap({ store: storeToPb(store(1)) }, cb)))).toBe('INVALID_ARGUMENT');
    expect(errorType(await rpc<PutStoreResponse__Output>((cb) => c.PutStore({}, cb)))).toBe('INVALID_ARGUMENT');
    expect(errorType(await rpc<PutStoreResponse__Output>((cb) => c.PutStore({ store: { id: '0', address: 'x:1' } }, cb)))).toBe('INVALID_ARGUMENT');
    expect(errorType(await rpc<StoreHeartbeatResponse__Output>((cb) => c.StoreHeartbeat({}, cb)))).toBe('INVALID_ARGUMENT');
    expect(errorType(await rpc<GetStoreResponse__Output>((cb) => c.GetStore({ store_id: '18446744073709551615' }, cb)))).toBe('INVALID_ARGUMENT');
    await bootstrap(c);
    expect(errorType(await rpc<RegionHeartbeatResponse__Output>((cb) => c.RegionHeartbeat({}, cb)))).toBe('INVALID_ARGUMENT');
    expect(errorType(await heartbeat(c, region(0, '', '', 1, [peer(3, 1)])))).toBe('INVALID_ARGUMENT');
    expect(errorType(await heartbeat(c, region(2, 'z', 'a', 2, [peer(3, 1)])))).toBe('INVALID_ARGUMENT');
    expect(errorType(await heartbeat(c, region(2, '', '', 2, [])))).toBe('INVALID_ARGUMENT');
    expect(errorType(await getRegionById(c, 0))).toBe('INVALID_ARGUMENT');
    expect(errorType(await rpc<AskSplitResponse__Output>((cb) => c.AskSplit({}, cb)))).toBe('INVALID_ARGUMENT');
    const tooMany = await rpc<AskSplitResponse__Output>((cb) => c.AskSplit({ region: regionToPb(region(2, '', '', 1, [peer(3, 1)])), split_count: 100_000 }, cb));
    expect(errorType(tooMany)).toBe('INVALID_ARGUMENT');
    expect(errorType(await rpc<ReportSplitResponse__Output>((cb) => c.ReportSplit({ regions: [] }, cb)))).toBe('INVALID_ARGUMENT');
    const gap = [region(2, '', 'g', 2, [peer(3, 1)]), region(30, 'h', '', 2, [peer(31, 1)])];
    expect(errorType(await rpc<ReportSplitResponse__Output>((cb) => c.ReportSplit({ regions: gap.map(regionToPb) }, cb)))).toBe('INVALID_ARGUMENT');
    // Still serving, state unchanged.
    expect(await regionIdAt(c, 'q')).toBe(2);
    expect(await allocId(c)).toBeGreaterThan(0);
  });
});
