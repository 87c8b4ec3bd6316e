// PD's JSON HTTP API and Prometheus metrics on the status port.
import { describe, expect, it } from 'vitest';
import { regionToPb, storeToPb } from '../../../kv/proto/convert.js';
import type { PutStoreResponse__Output } from '../../../pd/proto/generated/strata/pd/PutStoreResponse.js';
import type { RegionHeartbeatResponse__Output } from '../../../pd/proto/generated/strata/pd/RegionHeartbeatResponse.js';
import type { StoreHeartbeatResponse__Output } from '../../../pd/proto/generated/strata/pd/StoreHeartbeatResponse.js';
import { bootstrap, peer, region, rpc, startTestPd, store } from './helpers.js';

async function getJson(port: number, path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  expect(res.headers.get('content-type')).toContain('application/json');
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('PD HTTP API', () => {
  it('lists stores, regions and cluster health as JSON', async () => {
    const pd = await startTestPd({ disconnectedAfterMs: 60_000 });
    await bootstrap(pd.client);
    await rpc<PutStoreResponse__Output>((cb) => pd.client.PutStore({ store: storeToPb(store(4)) }, cb));
    await rpc<StoreHeartbeatResponse__Output>((cb) => pd.client.StoreHeartbeat({ stats: { store_id: '1', region_count: 2 } }, cb));
    const left = region(2, '', 'm\x01', 2, [peer(3, 1), peer(5, 4)]);
    const right = region(10, 'm\x01', '', 2, [peer(11, 1), peer(12, 4)]);
    await rpc<RegionHeartbeatResponse__Output>((cb) =>
      pd.client.RegionHeartbeat({ region: regionToPb(left), leader: { id: '3', store_id: '1' }, approximate_size: '4096', approximate_keys: '40' }, cb),
    );
    await rpc<RegionHeartbeatResponse__Output>((cb) =>
      pd.client.RegionHeartbeat({ region: regionToPb(right), leader: { id: '12', store_id: '4' }, approximate_size: '1', approximate_keys: '1' }, cb),
    );
    const port = pd.server.httpPort;

    const health = await getJson(port, '/pd/api/v1/health');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ clusterId: pd.server.clusterId, bootstrapped: true, stores: { up: 2, disconnected: 0, down: 0, tombstone: 0 }, regions: 2 });

    const stores = await getJson(port, '/pd/api/v1/stores');
    expect(stores.body.count).toBe(2);
    const list = stores.body.stores as Record<string, unknown>[];
    expect(list.map((s) => [s.id, s.address, s.state, s.liveness, s.regionCount, s.leaderCount])).toEqual([
      [1, '127.0.0.1:20161', 'up', 'up', 2, 1],
      [4, '127.0.0.1:20164', 'up', 'up', 2, 1],
    ]);
    expect(typeof list[0]?.lastHeartbeat).toBe('string');
    expect(list[1]?.lastHeartbeat).toBeNull();

    const regions = await getJson(port, '/pd/api/v1/regions');
    expect(regions.body.count).toBe(2);
    expect(regions.body.regions).toEqual([
      expect.objectContaining({
        id: 2,
        startKey: '',
        endKey: '6d01',
        startKeyText: '',
        endKeyText: 'm\\x01',
        epoch: { confVer: 1, version: 2 },
        peers: [
          { id: 3, storeId: 1, role: 'voter' },
          { id: 5, storeId: 4, role: 'voter' },
        ],
        leader: { id: 3, storeId: 1 },
        approximateSize: 4096,
        approximateKeys: 40,
      }),
      expect.objectContaining({ id: 10, startKey: '6d01', endKey: '', leader: { id: 12, storeId: 4 } }),
    ]);
  });

  it('serves Prometheus metrics with per-RPC counts and store and region gauges', async () => {
    const pd = await startTestPd();
    await bootstrap(pd.client);
    const res = await fetch(`http://127.0.0.1:${pd.server.httpPort}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/strata_pd_grpc_requests_total\{method="Bootstrap",result="ok"\} 1/);
    expect(text).toMatch(/strata_pd_grpc_request_duration_seconds_count\{method="Bootstrap"\} 1/);
    expect(text).toMatch(/strata_pd_stores\{liveness="up"\} 1/);
    expect(text).toMatch(/strata_pd_regions 1/);
    expect(text).toMatch(/strata_pd_cluster_bootstrapped 1/);
  });

  it('answers unknown paths with a 404 JSON body and other methods with 405', async () => {
    const pd = await startTestPd();
    const missing = await getJson(pd.server.httpPort, '/pd/api/v1/nope');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: 'not found', path: '/pd/api/v1/nope' });
    const post = await fetch(`http://127.0.0.1:${pd.server.httpPort}/pd/api/v1/stores`, { method: 'POST' });
    expect(post.status).toBe(405);
    await post.body?.cancel();
  });

  it('runs two PDs in one process without their metrics clashing, and leaves no port bound after stop', async () => {
    const a = await startTestPd();
    const b = await startTestPd();
    expect((await fetch(`http://127.0.0.1:${b.server.httpPort}/metrics`)).status).toBe(200);
    const { grpcPort, httpPort } = a.server;
    await a.stop();
    await b.stop();
    await expect(fetch(`http://127.0.0.1:${httpPort}/pd/api/v1/health`)).rejects.toThrow();
    // Both ports can be bound again at once.
    const { createServer } = await import('node:net');
    for (const port of [grpcPort, httpPort]) {
      await new Promise<void>((resolve, reject) => {
        const s = createServer().once('error', reject);
        s.listen(port, '127.0.0.1', () => s.close(() => resolve()));
      });
    }
  });
});
