// The raw API end to end through real gRPC servers (PD + a store in this process), over several
// regions split by hand: every call, scans and range deletes across region boundaries in both
// directions, TTLs, compare-and-swap, and a stale region cache after a split.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StrataClient } from '../../../kv/client/index.js';
import { toInternal } from '../../../kv/meta.js';
import { InProcessCluster } from '../../helpers/in-process-cluster.js';

const b = (s: string): Buffer => Buffer.from(s);
const s = (v: Uint8Array | undefined): string | undefined => (v === undefined ? undefined : Buffer.from(v).toString());
const key = (i: number): Buffer => b(`key${String(i).padStart(3, '0')}`);

describe('RawClient against a real cluster', () => {
  let cluster: InProcessCluster;
  let client: StrataClient;

  beforeAll(async () => {
    cluster = await InProcessCluster.start(1);
    client = await cluster.client();
    // Regions: [.., r key020) [r key020, r key050) [r key050, r key051) [r key051, r key080) [r key080, ..)
    const regions = await client.splitRegions([20, 50, 51, 80].map((i) => toInternal('raw', key(i))));
    expect(regions.length).toBeGreaterThanOrEqual(5);
    const pairs = Array.from({ length: 100 }, (_, i) => ({ key: key(i), value: b(`v${i}`) }));
    await client.raw.batchPut(pairs);
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it('put, get, delete', async () => {
    await client.raw.put(b('single'), b('one'));
    expect(s(await client.raw.get(b('single')))).toBe('one');
    await client.raw.delete(b('single'));
    expect(await client.raw.get(b('single'))).toBeUndefined();
    expect(await client.raw.get(b('never-written'))).toBeUndefined();
  });

  it('binary keys and empty values round-trip', async () => {
    const k = Buffer.from([0, 255, 1, 0x72, 0x78]);
    await client.raw.put(k, Buffer.alloc(0));
    expect(await client.raw.get(k)).toEqual(Buffer.alloc(0));
    await client.raw.delete(k);
  });

  it('batchGet splits keys over regions and returns the found ones in the order asked', async () => {
    const got = await client.raw.batchGet([key(99), key(5), b('missing'), key(50), key(20), key(5)]);
    expect(got.map((p) => `${s(p.key)}=${s(p.value)}`)).toEqual(['key099=v99', 'key005=v5', 'key050=v50', 'key020=v20']);
  });

  it('scan crosses region boundaries forward, with limits and bounds', async () => {
    const all = await client.raw.scan(key(0), key(100), 1000);
    expect(all.map((p) => s(p.key))).toEqual(Array.from({ length: 100 }, (_, i) => key(i).toString()));
    const mid = await client.raw.scan(key(15), key(55), 1000);
    expect(mid.map((p) => s(p.key))).toEqual(Array.from({ length: 40 }, (_, i) => key(15 + i).toString()));
    const limited = await client.raw.scan(key(45), undefined, 10);
    expect(limited.map((p) => s(p.key))).toEqual(Array.from({ length: 10 }, (_, i) => key(45 + i).toString()));
    expect(await client.raw.scan(key(10), key(10), 10)).toEqual([]);
  });

  it('scan in reverse crosses region boundaries backwards', async () => {
    const all = await client.raw.scan(key(0), key(100), 1000, { reverse: true });
    expect(all.map((p) => s(p.key))).toEqual(Array.from({ length: 100 }, (_, i) => key(99 - i).toString()));
    const mid = await client.raw.scan(key(15), key(55), 1000, { reverse: true });
    expect(mid.map((p) => s(p.key))).toEqual(Array.from({ length: 40 }, (_, i) => key(54 - i).toString()));
    // End exactly on a region boundary (r key080 starts a region).
    const atBoundary = await client.raw.scan(key(70), key(80), 3, { reverse: true });
    expect(atBoundary.map((p) => s(p.key))).toEqual(['key079', 'key078', 'key077']);
    const tail = await client.raw.scan(key(90), undefined, 5, { reverse: true });
    expect(tail.map((p) => s(p.key))).toEqual(['key099', 'key098', 'key097', 'key096', 'key095']);
  });

  it('keyOnly scans return empty values', async () => {
    const got = await client.raw.scan(key(18), key(22), 10, { keyOnly: true });
    expect(got.map((p) => [s(p.key), p.value.length])).toEqual([
      ['key018', 0],
      ['key019', 0],
      ['key020', 0],
      ['key021', 0],
    ]);
  });

  it('deleteRange deletes across regions and nothing outside the range', async () => {
    const pairs = Array.from({ length: 100 }, (_, i) => ({ key: b(`dr${String(i).padStart(3, '0')}`), value: b('x') }));
    await client.splitRegions([toInternal('raw', b('dr030')), toInternal('raw', b('dr060'))]);
    await client.raw.batchPut(pairs);
    await client.raw.deleteRange(b('dr010'), b('dr090'));
    const left = await client.raw.scan(b('dr'), b('ds'), 1000);
    expect(left.map((p) => s(p.key))).toEqual([...Array.from({ length: 10 }, (_, i) => `dr00${i}`), ...Array.from({ length: 10 }, (_, i) => `dr09${i}`)]);
    await client.raw.batchDelete(left.map((p) => p.key));
    expect(await client.raw.scan(b('dr'), b('ds'), 1000)).toEqual([]);
  });

  it('compareAndSwap sets only when the current value matches', async () => {
    const k = b('cas');
    expect(await client.raw.compareAndSwap(k, undefined, b('1'))).toEqual({ succeeded: true, previous: undefined });
    expect(await client.raw.compareAndSwap(k, undefined, b('2'))).toEqual({ succeeded: false, previous: b('1') });
    expect(await client.raw.compareAndSwap(k, b('0'), b('2'))).toEqual({ succeeded: false, previous: b('1') });
    expect(await client.raw.compareAndSwap(k, b('1'), b('2'))).toEqual({ succeeded: true, previous: b('1') });
    expect(s(await client.raw.get(k))).toBe('2');
  });

  it('a value put with a TTL expires', async () => {
    await client.raw.put(b('ttl'), b('short'), { ttl: 1 });
    await client.raw.batchPut([{ key: b('ttl2'), value: b('short') }], { ttl: 1 });
    expect(s(await client.raw.get(b('ttl')))).toBe('short');
    await new Promise((r) => setTimeout(r, 2100));
    expect(await client.raw.get(b('ttl'))).toBeUndefined();
    expect(await client.raw.get(b('ttl2'))).toBeUndefined();
  });

  it('a client with a stale region cache finds its way after a split (EpochNotMatch)', async () => {
    const other = await cluster.client();
    expect(s(await other.raw.get(key(35)))).toBe('v35'); // caches [r key020, r key050)
    const before = other.regionCache.cached(toInternal('raw', key(35)))?.region;
    await client.splitRegions([toInternal('raw', key(30)), toInternal('raw', key(40))]);
    expect(s(await other.raw.get(key(45)))).toBe('v45');
    const after = other.regionCache.cached(toInternal('raw', key(45)))?.region;
    expect(after?.epoch.version).toBeGreaterThan(before?.epoch.version ?? 0);
    const scanned = await other.raw.scan(key(25), key(45), 100);
    expect(scanned).toHaveLength(20);
    const reversed = await other.raw.scan(key(25), key(45), 100, { reverse: true });
    expect(reversed.map((p) => s(p.key))).toEqual(scanned.map((p) => s(p.key)).reverse());
  });

  it('raw keys are invisible to the transactional API and the other way round', async () => {
    await client.raw.put(b('shared-name'), b('raw'));
    const txn = await client.txn.begin();
    expect(await txn.get(b('shared-name'))).toBeUndefined();
    txn.set(b('shared-name'), b('txn'));
    await txn.commit();
    expect(s(await client.raw.get(b('shared-name')))).toBe('raw');
  });
});
