// The store's status port and its testing fail-point paths: /status and /metrics answer GETs;
// /fail/partition is 404 unless fail-points are on, then GET shows and POST replaces the raft
// partition (a real HTTP server on port 0), with 400 for a body it cannot take.
import { afterEach, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import { Registry } from 'prom-client';
import { parsePartitionRequest, partitionJson, RaftPartition } from '../../../kv/raftstore/index.js';
import { startStatusServer } from '../../../kv/server/status-server.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

async function start(withFailpoints: boolean): Promise<{ url: string; partition: RaftPartition }> {
  const partition = new RaftPartition(() => 1);
  const failpoints = {
    partition: () => partitionJson(partition.current),
    setPartition: (body: unknown) => {
      partition.set(parsePartitionRequest(body, 1));
      return partitionJson(partition.current);
    },
  };
  const s = await startStatusServer('127.0.0.1', 0, new Registry(), async () => ({ store_id: 1 }), withFailpoints ? failpoints : undefined);
  server = s.server;
  return { url: `http://127.0.0.1:${s.port}`, partition };
}

const post = (url: string, body: string): Promise<Response> => fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });

describe('the store status port', () => {
  it('answers /status, and 404 on /fail/partition while fail-points are off', async () => {
    const { url } = await start(false);
    expect(await (await fetch(`${url}/status`)).json()).toEqual({ store_id: 1 });
    const res = await post(`${url}/fail/partition`, '{"drop":[2]}');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toMatch(/STRATA_FAILPOINTS_HTTP=1/);
  });

  it('sets, shows and heals a raft partition through /fail/partition', async () => {
    const { url, partition } = await start(true);
    expect(await (await fetch(`${url}/fail/partition`)).json()).toEqual({ to: [], from: [] });
    const set = await post(`${url}/fail/partition`, '{"drop":[3],"to":[2]}');
    expect(set.status).toBe(200);
    expect(await set.json()).toEqual({ to: [2, 3], from: [3] });
    expect(partition.delivers({ regionId: 1, fromStoreId: 1, toStoreId: 2, message: { kind: 'MsgHeartbeatResp', from: 1, to: 2, term: 1, context: new Uint8Array() } })).toBe(false);
    expect(await (await fetch(`${url}/fail/partition`)).json()).toEqual({ to: [2, 3], from: [3] });
    expect(await (await post(`${url}/fail/partition`, '{"drop":[]}')).json()).toEqual({ to: [], from: [] });
  });

  it.each([
    ['not JSON', '{drop', /not JSON/],
    ['a bad store id', '{"drop":["x"]}', /not a store id/],
    ['this store', '{"from":[1]}', /itself/],
  ])('answers 400 to %s and keeps the partition in force', async (_name, body, message) => {
    const { url } = await start(true);
    await post(`${url}/fail/partition`, '{"drop":[2]}');
    const res = await post(`${url}/fail/partition`, body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(message);
    expect(await (await fetch(`${url}/fail/partition`)).json()).toEqual({ to: [2], from: [2] });
  });
});
