// The request sender against a scripted store: each region error leads to the right cache fix
// and a retry with the right Context; batches are re-split after a split; budgets end in
// RegionUnavailable.
import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { Backoffer } from '../../../kv/client/backoff.js';
import { KvServerError, RegionUnavailable, WriteResultUndetermined } from '../../../kv/client/errors.js';
import type { KvCall, KvTransport } from '../../../kv/client/kv-connection.js';
import { RegionCache } from '../../../kv/client/region-cache.js';
import { RegionRequestSender } from '../../../kv/client/region-request.js';
import type { Region } from '../../../kv/meta.js';
import { peerToPb, regionToPb } from '../../../kv/proto/convert.js';
import type { Context } from '../../../kv/proto/generated/strata/kv/Context.js';
import type { KvClient } from '../../../kv/proto/generated/strata/kv/Kv.js';
import type { RawBatchGetRequest } from '../../../kv/proto/generated/strata/kv/RawBatchGetRequest.js';
import type { RawBatchGetResponse__Output } from '../../../kv/proto/generated/strata/kv/RawBatchGetResponse.js';
import type { RawGetRequest } from '../../../kv/proto/generated/strata/kv/RawGetRequest.js';
import type { RawGetResponse__Output } from '../../../kv/proto/generated/strata/kv/RawGetResponse.js';
import type { RegionError } from '../../../kv/proto/generated/strata/kv/RegionError.js';
import type { TimeStamp } from '../../../kv/txn-types.js';
import { FakePd, peer, region } from './fake-pd.js';

interface Sent {
  address: string;
  ctx: Context;
  keys: string[];
}

type Script = (sent: Sent) => { regionError?: RegionError; grpcCode?: number; details?: string } | undefined;

/** A transport whose "stores" answer RawGet / RawBatchGet from a script. */
class ScriptedStores implements KvTransport {
  sent: Sent[] = [];
  constructor(private readonly script: Script) {}

  call<Res>(address: string, invoke: KvCall<Res>): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
      const answer = (keys: Buffer[], ctx: Context, ok: () => unknown): void => {
        const s: Sent = { address, ctx, keys: keys.map((k) => k.toString()) };
        this.sent.push(s);
        const r = this.script(s);
        if (r?.grpcCode !== undefined) {
          reject(Object.assign(new Error('grpc failure'), { code: r.grpcCode, details: r.details ?? 'scripted', metadata: new grpc.Metadata() }));
          return;
        }
        if (r?.regionError) resolve(fill({ region_error: r.regionError }) as Res);
        else resolve(ok() as Res);
      };
      const client = {
        RawGet: (req: RawGetRequest) =>
          answer([Buffer.from(req.key as Uint8Array)], req.context as Context, () => fill({ region_error: null, error: '', value: Buffer.from('v'), not_found: false })),
        RawBatchGet: (req: RawBatchGetRequest) => {
          const keys = (req.keys ?? []).map((k) => Buffer.from(k as Uint8Array));
          answer(keys, req.context as Context, (): RawBatchGetResponse__Output => ({ region_error: null, error: '', pairs: keys.map((key) => ({ key, value: key, error: null })) }));
        },
      };
      invoke(client as unknown as KvClient, {}, () => undefined);
    });
  }
}

/** Output-shaped region errors the way proto-loader fills defaults. */
function fill(r: { region_error: RegionError | null; [k: string]: unknown }): unknown {
  const e = r.region_error;
  if (!e) return r;
  return {
    ...r,
    region_error: {
      message: e.message ?? '',
      not_leader: e.not_leader ?? null,
      epoch_not_match: e.epoch_not_match ? { current_regions: (e.epoch_not_match.current_regions ?? []).map(pbOut) } : null,
      region_not_found: e.region_not_found ?? null,
      key_not_in_region: e.key_not_in_region ?? null,
      server_is_busy: e.server_is_busy ?? null,
    },
  };
}

function pbOut(r: ReturnType<typeof regionToPb>): unknown {
  return { ...r, start_key: Buffer.from(r.start_key as Uint8Array), end_key: Buffer.from(r.end_key as Uint8Array) };
}

function setup(regions: Region[], script: Script): { pd: FakePd; stores: ScriptedStores; sender: RegionRequestSender; slept: number[]; bo: (budget?: number) => Backoffer } {
  const pd = new FakePd(regions);
  const stores = new ScriptedStores(script);
  const sender = new RegionRequestSender(new RegionCache(pd), stores);
  const slept: number[] = [];
  return {
    pd,
    stores,
    sender,
    slept,
    bo: (budgetMs = 10_000) => new Backoffer({ budgetMs, sleep: async (ms) => void slept.push(ms) }),
  };
}

const get = (key: string) => (ctx: Context) => ((c: KvClient, o: grpc.CallOptions, cb: (e: grpc.ServiceError | null, r?: RawGetResponse__Output) => void) =>
  c.RawGet({ context: ctx, key: Buffer.from(key) }, o, cb)) as KvCall<RawGetResponse__Output>;

describe('RegionRequestSender', () => {
  it('fills the Context with region id, epoch, leader peer and resolved locks', async () => {
    const t = setup([region(7, '', '', 2, 3)], () => undefined);
    await t.sender.sendToRegion(Buffer.from('k'), get('k'), t.bo(), { resolvedLocks: [5n as TimeStamp, 9n as TimeStamp] });
    const s = t.stores.sent[0] as Sent;
    expect(s.address).toBe('store-2:20160');
    expect(s.ctx).toMatchObject({ region_id: '7', region_epoch: { conf_ver: '1', version: '3' }, peer: { id: '70', store_id: '2' }, resolved_locks: ['5', '9'] });
  });

  it('EpochNotMatch: retries at once against the current regions the store reported', async () => {
    const split = [region(1, '', 'm', 1, 2), region(5, 'm', '', 1, 2)];
    let first = true;
    const t = setup([region(1, '', '')], () => {
      if (!first) return undefined;
      first = false;
      return { regionError: { epoch_not_match: { current_regions: split.map(regionToPb) } } };
    });
    const { loc } = await t.sender.sendToRegion(Buffer.from('x'), get('x'), t.bo());
    expect(loc.region.id).toBe(5);
    expect(t.stores.sent.map((s) => [s.ctx.region_id, (s.ctx.region_epoch as { version: string }).version])).toEqual([
      ['1', '1'],
      ['5', '2'],
    ]);
    expect(t.slept).toEqual([]);
    expect(t.pd.calls.getRegion).toBe(1);
  });

  it('NotLeader with a leader: retries at once on the leader store', async () => {
    const t = setup([region(1, '', '', 1)], (s) => (s.address === 'store-1:20160' ? { regionError: { not_leader: { region_id: '1', leader: peerToPb(peer(11, 3)) } } } : undefined));
    await t.sender.sendToRegion(Buffer.from('x'), get('x'), t.bo());
    expect(t.stores.sent.map((s) => s.address)).toEqual(['store-1:20160', 'store-3:20160']);
    expect(t.slept).toEqual([]);
  });

  it('NotLeader without a leader, RegionNotFound: back off and reload from PD', async () => {
    let n = 0;
    const t = setup([region(1, '', '')], () => {
      n++;
      if (n === 1) return { regionError: { not_leader: { region_id: '1' } } };
      if (n === 2) return { regionError: { region_not_found: { region_id: '1' } } };
      return undefined;
    });
    await t.sender.sendToRegion(Buffer.from('x'), get('x'), t.bo());
    expect(t.slept).toHaveLength(2);
    expect(t.pd.calls.getRegion).toBe(3);
  });

  it('ServerIsBusy: backs off, bounded by the hint, keeps the cache', async () => {
    let n = 0;
    const t = setup([region(1, '', '')], () => (++n === 1 ? { regionError: { server_is_busy: { reason: 'compaction', backoff_ms: '7' } } } : undefined));
    await t.sender.sendToRegion(Buffer.from('x'), get('x'), t.bo());
    expect(t.slept).toEqual([7]);
    expect(t.pd.calls.getRegion).toBe(1);
  });

  it('an unreachable store: forget it, back off, and in the end RegionUnavailable with the last error', async () => {
    const t = setup([region(3, '', '')], () => ({ grpcCode: grpc.status.UNAVAILABLE }));
    const err = await t.sender.sendToRegion(Buffer.from('x'), get('x'), t.bo(200)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegionUnavailable);
    expect((err as RegionUnavailable).regionId).toBe(3);
    expect(t.slept.reduce((a, b) => a + b, 0)).toBe(200);
    expect(t.pd.invalidated.length).toBeGreaterThan(1);
  });

  it('a write that must not apply twice is not re-sent after a failure that may have reached the store', async () => {
    for (const [code, details] of [
      [grpc.status.UNAVAILABLE, 'Connection dropped'],
      [grpc.status.DEADLINE_EXCEEDED, 'Deadline exceeded'],
    ] as const) {
      const t = setup([region(3, '', '')], () => ({ grpcCode: code, details }));
      const err = await t.sender.sendToRegion(Buffer.from('x'), get('x'), t.bo(), { idempotent: false }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WriteResultUndetermined);
      expect(t.stores.sent).toHaveLength(1);
    }
    // a refused connection never carried the request: retried as usual
    let n = 0;
    const t = setup([region(3, '', '')], () => (++n === 1 ? { grpcCode: grpc.status.UNAVAILABLE, details: 'No connection established. Last error: connect ECONNREFUSED 127.0.0.1:1' } : undefined));
    await t.sender.sendToRegion(Buffer.from('x'), get('x'), t.bo(), { idempotent: false });
    expect(t.stores.sent).toHaveLength(2);
  });

  it('a gRPC error retrying cannot fix is thrown at once as KvServerError', async () => {
    const t = setup([region(1, '', '')], () => ({ grpcCode: grpc.status.INVALID_ARGUMENT }));
    await expect(t.sender.sendToRegion(Buffer.from('x'), get('x'), t.bo())).rejects.toBeInstanceOf(KvServerError);
    expect(t.stores.sent).toHaveLength(1);
  });

  it('a batch is split by region, and a part that meets a split is split again', async () => {
    const split = [region(2, 'f', 'p', 1, 2), region(6, 'p', '', 1, 2)];
    let splitDone = false;
    const t = setup([region(1, '', 'f'), region(2, 'f', '')], (s) => {
      if (s.ctx.region_id === '2' && !splitDone) {
        splitDone = true;
        return { regionError: { epoch_not_match: { current_regions: split.map(regionToPb) } } };
      }
      return undefined;
    });
    const keys = ['a', 'g', 'q', 'b', 'z'].map((s) => Buffer.from(s));
    const results = await t.sender.sendBatch<Buffer, RawBatchGetResponse__Output>(
      keys,
      (k) => k,
      (ctx, _loc, part) => (c, o, cb) => c.RawBatchGet({ context: ctx, keys: part }, o, cb),
      t.bo(),
    );
    expect(results.map((r) => [r.loc.region.id, r.items.map(String)])).toEqual([
      [1, ['a', 'b']],
      [2, ['g']],
      [6, ['q', 'z']],
    ]);
  });

  it('maxBatch caps the keys of one request', async () => {
    const t = setup([region(1, '', '')], () => undefined);
    const keys = Array.from({ length: 10 }, (_, i) => Buffer.from(`k${i}`));
    const results = await t.sender.sendBatch<Buffer, RawBatchGetResponse__Output>(
      keys,
      (k) => k,
      (ctx, _loc, part) => (c, o, cb) => c.RawBatchGet({ context: ctx, keys: part }, o, cb),
      t.bo(),
      { maxBatch: 4 },
    );
    expect(results.map((r) => r.items.length)).toEqual([4, 4, 2]);
  });
});
