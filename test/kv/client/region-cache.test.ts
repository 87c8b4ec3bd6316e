// Region cache logic against a fake PD: lookups, eviction of overlapping regions, and the
// corrections each region error calls for.
import { describe, expect, it } from 'vitest';
import { RegionMissing } from '../../../kv/client/errors.js';
import { RegionCache } from '../../../kv/client/region-cache.js';
import { FakePd, peer, region } from './fake-pd.js';

const k = (s: string): Buffer => Buffer.from(s);

describe('RegionCache', () => {
  it('loads a region from PD on a miss and serves later keys of it from the cache', async () => {
    const pd = new FakePd([region(1, '', 'm'), region(2, 'm', '')]);
    const cache = new RegionCache(pd);
    const a = await cache.locate(k('apple'));
    expect(a.region.id).toBe(1);
    expect(a.storeAddress).toBe('store-1:20160');
    await cache.locate(k('banana'));
    await cache.locate(k(''));
    expect(pd.calls.getRegion).toBe(1);
    expect((await cache.locate(k('m'))).region.id).toBe(2);
    expect((await cache.locate(k('zzz'))).region.id).toBe(2);
    expect(pd.calls.getRegion).toBe(2);
    expect(cache.size).toBe(2);
  });

  it('concurrent misses on one key ask PD once', async () => {
    const pd = new FakePd([region(1, '', '')]);
    const cache = new RegionCache(pd);
    await Promise.all(Array.from({ length: 10 }, () => cache.locate(k('x'))));
    expect(pd.calls.getRegion).toBe(1);
  });

  it('a key PD knows no region for is RegionMissing', async () => {
    const cache = new RegionCache(new FakePd([]));
    await expect(cache.locate(k('x'))).rejects.toBeInstanceOf(RegionMissing);
  });

  it('inserting a region evicts every cached region it overlaps', () => {
    const cache = new RegionCache(new FakePd());
    cache.insert({ region: region(1, '', 'c'), leader: undefined });
    cache.insert({ region: region(2, 'c', 'f'), leader: undefined });
    cache.insert({ region: region(3, 'f', ''), leader: undefined });
    cache.insert({ region: region(4, 'b', 'd'), leader: undefined }); // overlaps 1 and 2
    expect(cache.regions().map((r) => r.region.id)).toEqual([4, 3]);
    expect(cache.cached(k('a'))).toBeUndefined();
    expect(cache.cached(k('c'))?.region.id).toBe(4);
  });

  it('NotLeader with a leader on another store re-points the entry; without one it drops it', async () => {
    const pd = new FakePd([region(1, '', '')]);
    const cache = new RegionCache(pd);
    const before = await cache.locate(k('x'));
    expect(cache.onNotLeader(1, peer(99, 2), before.leader.storeId)).toBe(true);
    const after = await cache.locate(k('x'));
    expect(after.leader.storeId).toBe(2);
    expect(after.storeAddress).toBe('store-2:20160');
    expect(cache.onNotLeader(1, undefined, 2)).toBe(false);
    expect(cache.size).toBe(0);
    await cache.locate(k('x'));
    expect(pd.calls.getRegion).toBe(2);
  });

  it('EpochNotMatch replaces the region with the current ones, led by the answering store', async () => {
    const pd = new FakePd([region(1, '', '', 2)]);
    const cache = new RegionCache(pd);
    await cache.locate(k('x'));
    const left = { ...region(1, '', 'm', 2, 2) };
    const right = { ...region(5, 'm', '', 2, 2) };
    expect(cache.onEpochNotMatch(1, [left, right], 2)).toBe(true);
    const a = await cache.locate(k('a'));
    const z = await cache.locate(k('z'));
    expect([a.region.id, a.region.epoch.version, z.region.id]).toEqual([1, 2, 5]);
    expect(z.leader.storeId).toBe(2);
    expect(pd.calls.getRegion).toBe(1);
    expect(cache.onEpochNotMatch(5, [], 2)).toBe(false);
    expect(cache.regions().map((r) => r.region.id)).toEqual([1]);
  });

  it('a store that stops answering loses its regions and its cached address', async () => {
    const pd = new FakePd([region(1, '', 'm', 1), region(2, 'm', '', 2)]);
    const cache = new RegionCache(pd);
    await cache.locate(k('a'));
    await cache.locate(k('z'));
    cache.onStoreUnreachable(2);
    expect(pd.invalidated).toEqual([2]);
    expect(cache.regions().map((r) => r.region.id)).toEqual([1]);
  });

  it('locateEndKey finds the region holding the keys just below an end key', async () => {
    const pd = new FakePd([region(1, '', 'f'), region(2, 'f', 'p'), region(3, 'p', '')]);
    const cache = new RegionCache(pd);
    expect((await cache.locateEndKey(k('g'))).region.id).toBe(2); // inside region 2
    expect((await cache.locateEndKey(k('p'))).region.id).toBe(2); // p starts region 3: the one before
    expect((await cache.locateEndKey(k('f'))).region.id).toBe(1);
    expect((await cache.locateEndKey(k('zz'))).region.id).toBe(3);
    // all three now cached: no more PD calls
    const calls = pd.calls.getRegion + pd.calls.scanRegions;
    expect((await cache.locateEndKey(k('p'))).region.id).toBe(2);
    expect((await cache.locateEndKey(k('f'))).region.id).toBe(1);
    expect(pd.calls.getRegion + pd.calls.scanRegions).toBe(calls);
  });

  it('groups keys by region in key order, keeping each group in the callers order', async () => {
    const pd = new FakePd([region(1, '', 'f'), region(2, 'f', 'p'), region(3, 'p', '')]);
    const cache = new RegionCache(pd);
    const keys = ['q', 'a', 'g', 'z', 'b', 'h'];
    const groups = await cache.groupByRegion(keys, (s) => k(s));
    expect(groups.map((g) => [g.loc.region.id, g.items])).toEqual([
      [1, ['a', 'b']],
      [2, ['g', 'h']],
      [3, ['q', 'z']],
    ]);
  });
});
