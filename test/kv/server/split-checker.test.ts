// The raft-mode split checker over both engines: the split key halves a region's data by bytes,
// is a whole internal key (every MVCC version of a key stays on one side), lies strictly inside
// the region, and a region of one key cannot be split.
import { describe, expect, it } from 'vitest';
import { encodeBytes } from '../../../kv/codec/index.js';
import type { Region } from '../../../kv/meta.js';
import { findSplitKey, needsSplit } from '../../../kv/server/split-checker.js';
import { WriteBatch } from '../../../kv/storage/index.js';
import { ENGINE_KINDS } from '../../helpers/engines.js';

const region = (start: string, end: string): Region => ({
  id: 1,
  startKey: Buffer.from(start),
  endKey: Buffer.from(end),
  epoch: { confVer: 1, version: 1 },
  peers: [{ id: 2, storeId: 1, role: 'voter' }],
});

/** An MVCC-style engine key: the encoded internal key, then an 8-byte version. */
const versioned = (k: string, v: number): Buffer => Buffer.concat([encodeBytes(Buffer.from(k)), Buffer.alloc(8, v)]);

describe.each(ENGINE_KINDS)('split checker on $name', (kind) => {
  it('splits at the key where half of the bytes lie to the left, keeping versions of a key together', async () => {
    const engine = await kind.open();
    const b = new WriteBatch();
    // Outside the region: must not count.
    b.put('write', versioned('a', 1), Buffer.alloc(5000));
    for (let i = 0; i < 10; i++) {
      const k = `k${i}`;
      // k3 carries most of the bytes in three versions: the split lands right after it.
      const versions = i === 3 ? 3 : 1;
      for (let v = 0; v < versions; v++) b.put('write', versioned(k, v), Buffer.alloc(i === 3 ? 2000 : 100));
    }
    b.put('default', encodeBytes(Buffer.from('k9')), Buffer.alloc(50));
    await engine.write(b);
    const found = await findSplitKey(engine, region('k', 'l'));
    expect(found.key?.toString()).toBe('k4');
    expect(found.keys).toBe(13);
    expect(found.bytes).toBeGreaterThan(6900);
  });

  it('a region holding a single key (in any number of versions) is not split', async () => {
    const engine = await kind.open();
    const b = new WriteBatch();
    for (let v = 0; v < 5; v++) b.put('write', versioned('only', v), Buffer.alloc(1000));
    await engine.write(b);
    expect((await findSplitKey(engine, region('', ''))).key).toBeUndefined();
  });
});

describe('split thresholds', () => {
  it.each([
    [100, 10, false],
    [1001, 10, true],
    [100, 11, true],
  ])('size %i keys %i past 1000 bytes / 10 keys: %s', (size, keys, want) => {
    expect(needsSplit(size, keys, { splitSize: 1000, splitKeys: 10 })).toBe(want);
  });
});
