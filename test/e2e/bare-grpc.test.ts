// Any gRPC client can use Strata: this test talks to a real PD and KV store process using only
// @grpc/grpc-js, @grpc/proto-loader and the .proto files in the repo (no project code on the
// client side), the way a client in another language would.
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestCluster } from '../helpers/cluster.js';
import { suiteTempDir } from '../helpers/temp-dir.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- a dynamically loaded client, as any language binding would be */
type Any = any;

const root = join(import.meta.dirname, '..', '..');
const opts = { keepCase: true, longs: String, enums: String, defaults: true, includeDirs: [join(root, 'kv/proto'), join(root, 'pd/proto')] };
const kvPkg: Any = grpc.loadPackageDefinition(protoLoader.loadSync('kvrpc.proto', opts));
const pdPkg: Any = grpc.loadPackageDefinition(protoLoader.loadSync('pd.proto', opts));

function call(client: Any, method: string, req: object): Promise<Any> {
  return new Promise((resolve, reject) => {
    client[method](req, { deadline: Date.now() + 10_000 }, (err: grpc.ServiceError | null, res: Any) => (err ? reject(err) : resolve(res)));
  });
}

describe('bare gRPC clients against a real cluster', () => {
  let cluster: TestCluster;
  let pd: Any;
  let kv: Any;

  beforeAll(async () => {
    const dir = suiteTempDir('strata-e2e-grpc-');
    cluster = await new TestCluster({ dataDir: dir, stores: 1 }).start();
    pd = new pdPkg.strata.pd.PD(cluster.pdAddr, grpc.credentials.createInsecure());
    kv = new kvPkg.strata.kv.Kv(`127.0.0.1:${cluster.stores[0]?.port}`, grpc.credentials.createInsecure());
  }, 60_000);

  afterAll(async () => {
    pd?.close();
    kv?.close();
    await cluster?.stop();
  });

  const regionOf = async (internalKey: Buffer): Promise<Any> => {
    for (let i = 0; i < 50; i++) {
      const res = await call(pd, 'GetRegion', { region_key: internalKey });
      if (res.region) return res.region;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('no region');
  };
  const ctx = (region: Any): object => ({ region_id: region.id, region_epoch: region.region_epoch, peer: region.peers[0] });

  const tso = (): Promise<bigint> =>
    new Promise((resolve, reject) => {
      const stream = pd.Tso();
      stream.on('data', (res: Any) => {
        stream.end();
        resolve((BigInt(res.timestamp.physical) << 18n) | BigInt(res.timestamp.logical));
      });
      stream.on('error', reject);
      stream.write({ header: {}, count: 1 });
    });

  it('puts and gets a raw key in the region PD names for "r" + key', async () => {
    const region = await regionOf(Buffer.from('rhello'));
    expect((await call(kv, 'RawPut', { context: ctx(region), key: Buffer.from('hello'), value: Buffer.from('world') })).region_error).toBeNull();
    const got = await call(kv, 'RawGet', { context: ctx(region), key: Buffer.from('hello') });
    expect(got.value.toString()).toBe('world');
    expect((await call(kv, 'RawGet', { context: ctx(region), key: Buffer.from('nope') })).not_found).toBe(true);
  });

  it('commits a transaction with prewrite and commit, readable at a later timestamp only', async () => {
    const region = await regionOf(Buffer.from('xacct'));
    const start = await tso();
    const pw = await call(kv, 'KvPrewrite', {
      context: ctx(region),
      mutations: [{ op: 'PUT', key: Buffer.from('acct'), value: Buffer.from('100') }],
      primary_lock: Buffer.from('acct'),
      start_version: String(start),
      lock_ttl: 3000,
    });
    expect(pw.errors).toEqual([]);
    const locked = await call(kv, 'KvGet', { context: ctx(region), key: Buffer.from('acct'), version: String(await tso()) });
    expect(locked.error.locked.primary_lock.toString()).toBe('acct');
    const commitTs = await tso();
    const cm = await call(kv, 'KvCommit', { context: ctx(region), start_version: String(start), keys: [Buffer.from('acct')], commit_version: String(commitTs) });
    expect(cm.error).toBeNull();
    expect((await call(kv, 'KvGet', { context: ctx(region), key: Buffer.from('acct'), version: String(await tso()) })).value.toString()).toBe('100');
    expect((await call(kv, 'KvGet', { context: ctx(region), key: Buffer.from('acct'), version: String(start) })).not_found).toBe(true);
    // raw and txn keyspaces are separate
    expect((await call(kv, 'RawGet', { context: ctx(await regionOf(Buffer.from('racct'))), key: Buffer.from('acct') })).not_found).toBe(true);
  });

  it('answers a write conflict as a KeyError with both timestamps', async () => {
    const region = await regionOf(Buffer.from('xc'));
    const early = await tso();
    const late = await tso();
    const put = (start: bigint): Promise<Any> =>
      call(kv, 'KvPrewrite', { context: ctx(region), mutations: [{ op: 'PUT', key: Buffer.from('c'), value: Buffer.from('v') }], primary_lock: Buffer.from('c'), start_version: String(start), lock_ttl: 3000 });
    expect((await put(late)).errors).toEqual([]);
    const commitTs = await tso();
    await call(kv, 'KvCommit', { context: ctx(region), start_version: String(late), keys: [Buffer.from('c')], commit_version: String(commitTs) });
    const res = await put(early);
    expect(res.errors[0].conflict).toMatchObject({ start_ts: String(early), conflict_ts: String(late), conflict_commit_ts: String(commitTs) });
  });

  it('rejects malformed requests with gRPC errors and region errors, and keeps serving', async () => {
    const region = await regionOf(Buffer.from('rk'));
    await expect(call(kv, 'RawGet', { key: Buffer.from('k') })).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
    await expect(call(kv, 'RawPut', { context: ctx(region), key: Buffer.alloc(100_000, 1), value: Buffer.from('v') })).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
    });
    await expect(call(kv, 'KvGet', { context: ctx(region), key: Buffer.from('k') })).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
    const wrong = await call(kv, 'RawGet', { context: { region_id: '987654', region_epoch: region.region_epoch }, key: Buffer.from('k') });
    expect(wrong.region_error.region_not_found.region_id).toBe('987654');
    const stale = await call(kv, 'RawGet', { context: { region_id: region.id, region_epoch: { conf_ver: '0', version: '0' } }, key: Buffer.from('k') });
    expect(stale.region_error.epoch_not_match.current_regions.length).toBeGreaterThan(0);
    const tooBig = await new Promise<grpc.ServiceError | null>((resolve) => kv.RawPut({ context: ctx(region), key: Buffer.from('big'), value: Buffer.alloc(70 * 1024 * 1024) }, (err: grpc.ServiceError | null) => resolve(err)));
    expect(tooBig?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect((await call(kv, 'RawGet', { context: ctx(region), key: Buffer.from('hello') })).value.toString()).toBe('world');
  });

  it('survives random bytes sent to every method: each call gets an answer or a gRPC error', async () => {
    const raw = new grpc.Client(`127.0.0.1:${cluster.stores[0]?.port}`, grpc.credentials.createInsecure());
    const methods = Object.keys(kvPkg.strata.kv.Kv.service as object);
    let seed = 42;
    const byte = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed & 0xff;
    };
    try {
      for (const method of methods) {
        for (let i = 0; i < 40; i++) {
          const payload = Buffer.from(Array.from({ length: i % 7 === 0 ? 0 : 1 + (byte() % 64) }, byte));
          const path = `/strata.kv.Kv/${method}`;
          const outcome = await new Promise<string>((resolve) =>
            raw.makeUnaryRequest(path, (b: Buffer) => b, (b: Buffer) => b, payload, { deadline: Date.now() + 10_000 }, (err) => resolve(err ? `error ${err.code}` : 'ok')),
          );
          expect(outcome).toMatch(/^(ok|error \d+)$/);
          expect(outcome).not.toBe(`error ${grpc.status.DEADLINE_EXCEEDED}`);
        }
      }
    } finally {
      raw.close();
    }
    expect(cluster.stores[0]?.proc.child.exitCode).toBeNull();
    const region = await regionOf(Buffer.from('rhello'));
    expect((await call(kv, 'RawGet', { context: ctx(region), key: Buffer.from('hello') })).value.toString()).toBe('world');
  });

  it('splits a region through the store and routes keys by the new boundaries', async () => {
    const region = await regionOf(Buffer.from('rm'));
    const res = await call(kv, 'SplitRegion', { context: ctx(region), split_keys: [Buffer.from('rm')] });
    expect(res.regions.length).toBe(2);
    const [left, right] = res.regions;
    expect(right.start_key.toString()).toBe('rm');
    const out = await call(kv, 'RawPut', { context: ctx(left), key: Buffer.from('zzz'), value: Buffer.from('v') });
    expect(out.region_error.key_not_in_region.key.toString()).toBe('rzzz');
    expect((await call(kv, 'RawPut', { context: ctx(right), key: Buffer.from('zzz'), value: Buffer.from('v') })).region_error).toBeNull();
    // PD learns the split.
    const fromPd = await regionOf(Buffer.from('rzzz'));
    expect(fromPd.id).toBe(right.id);
  });
});
