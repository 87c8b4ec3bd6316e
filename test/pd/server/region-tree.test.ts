// The region tree on its own: lookups by key and id, range scans, and overlap replacement.
import { describe, expect, it } from 'vitest';
import type { Region } from '../../../kv/meta.js';
import { RegionTree } from '../../../pd/server/region-tree.js';
import { peer, region } from './helpers.js';

const entry = (r: Region) => ({ region: r, leader: r.peers[0], approximateSize: 0, approximateKeys: 0, lastHeartbeatMs: 0 });

function tree(...regions: Region[]): RegionTree {
  const t = new RegionTree();
  for (const r of regions) t.put(entry(r));
  return t;
}

describe('region tree', () => {
  const a = region(1, '', 'c', 1, [peer(11, 1)]);
  const b = region(2, 'c', 'k', 1, [peer(12, 1)]);
  const c = region(3, 'k', '', 1, [peer(13, 1)]);

  it('finds the region containing a key, with an empty end key meaning +infinity', () => {
    const t = tree(a, b, c);
    expect(t.getByKey(Buffer.from(''))?.region.id).toBe(1);
    expect(t.getByKey(Buffer.from('bzzz'))?.region.id).toBe(1);
    expect(t.getByKey(Buffer.from('c'))?.region.id).toBe(2);
    expect(t.getByKey(Buffer.from('\xff\xff'))?.region.id).toBe(3);
    expect(t.getById(2)?.region.startKey.toString()).toBe('c');
  });

  it('finds nothing in a hole between regions', () => {
    const t = tree(a, c);
    expect(t.getByKey(Buffer.from('d'))).toBeUndefined();
    expect(t.scan(Buffer.from('d'), Buffer.alloc(0)).map((e) => e.region.id)).toEqual([3]);
  });

  it('scans the regions overlapping a range in key order, honouring the limit', () => {
    const t = tree(c, a, b);
    const ids = (start: string, end: string, limit = 0): number[] => t.scan(Buffer.from(start), Buffer.from(end), limit).map((e) => e.region.id);
    expect(ids('', '')).toEqual([1, 2, 3]);
    expect(ids('b', 'd')).toEqual([1, 2]);
    expect(ids('c', 'k')).toEqual([2]);
    expect(ids('d', '')).toEqual([2, 3]);
    expect(ids('', '', 2)).toEqual([1, 2]);
  });

  it('replaces every overlapping region when a region is put, and moves a region whose start key changed', () => {
    const t = tree(a, b, c);
    const merged = region(4, 'a', 'z', 2, [peer(14, 1)]);
    const removed = t.put(entry(merged)).map((e) => e.region.id);
    expect(removed).toEqual([1, 2, 3]);
    expect(t.size).toBe(1);
    expect(t.getById(1)).toBeUndefined();
    const moved = region(4, 'b', 'z', 3, [peer(14, 1)]);
    t.put(entry(moved));
    expect(t.size).toBe(1);
    expect(t.getByKey(Buffer.from('a'))).toBeUndefined();
    expect(t.getByKey(Buffer.from('b'))?.region.epoch.version).toBe(3);
  });
});
