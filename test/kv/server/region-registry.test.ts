// The store's region routing: which requests a region accepts, what each refusal carries, and
// region metadata surviving a reopen of the store's LevelDB.
import { describe, expect, it } from 'vitest';
import { internalRange, toInternal, type Region } from '../../../kv/meta.js';
import { EpochNotMatch, KeyNotInRegion, RegionNotFound } from '../../../kv/region-errors.js';
import { clipToRegion, decodeRegion, encodeRegion, RegionRegistry } from '../../../kv/server/region-registry.js';
import { LevelDbEngine } from '../../../kv/storage/index.js';
import { tempDir } from '../../helpers/temp-dir.js';

const region = (id: number, start: string, end: string, version = 1): Region => ({
  id,
  startKey: Buffer.from(start),
  endKey: Buffer.from(end),
  epoch: { confVer: 1, version },
  peers: [{ id: id + 100, storeId: 1, role: 'voter' }],
});

describe('region registry', () => {
  it('round-trips region metadata through its binary form', () => {
    const r = { ...region(7, 'xa', ''), peers: [{ id: 1, storeId: 2, role: 'voter' as const }, { id: 3, storeId: 4, role: 'learner' as const }] };
    expect(decodeRegion(encodeRegion(r))).toEqual(r);
  });

  it('routes keys inside the region and refuses the rest with what the client needs', async () => {
    const engine = await LevelDbEngine.open(tempDir());
    const reg = await RegionRegistry.load(engine);
    await reg.save([region(1, '', 'xm', 2), region(2, 'xm', '', 2)]);
    expect(reg.check(1, { confVer: 1, version: 2 }, [Buffer.from('xa'), Buffer.from('ra')]).id).toBe(1);
    expect(() => reg.check(9, { confVer: 1, version: 2 }, [])).toThrow(RegionNotFound);
    const stale = (() => {
      try {
        reg.check(1, { confVer: 1, version: 1 }, []);
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(stale).toBeInstanceOf(EpochNotMatch);
    expect((stale as EpochNotMatch).currentRegions.map((r) => r.id)).toEqual([1, 2]);
    expect(() => reg.check(1, { confVer: 1, version: 2 }, [Buffer.from('xz')])).toThrow(KeyNotInRegion);
    expect(() => reg.check(1, undefined, [])).toThrow(EpochNotMatch);
    await engine.close();
  });

  it('keeps regions and the store identity across a reopen', async () => {
    const dir = tempDir();
    let engine = await LevelDbEngine.open(dir);
    let reg = await RegionRegistry.load(engine);
    await reg.save([region(1, '', 'xm'), region(2, 'xm', '')]);
    await reg.saveIdent({ clusterId: '123', storeId: 4 });
    await engine.close();
    engine = await LevelDbEngine.open(dir);
    reg = await RegionRegistry.load(engine);
    expect(reg.all().map((r) => r.id)).toEqual([1, 2]);
    expect(await reg.loadIdent()).toEqual({ clusterId: '123', storeId: 4 });
    await engine.close();
  });

  it('clips a keyspace range to a region', () => {
    const txn = internalRange('txn', undefined, undefined);
    expect(clipToRegion(region(1, '', 'xm'), txn.start, txn.end)).toEqual({ start: Buffer.from('x'), end: Buffer.from('xm') });
    expect(clipToRegion(region(2, 'xm', ''), txn.start, txn.end)).toEqual({ start: Buffer.from('xm'), end: Buffer.from('y') });
    expect(toInternal('raw', Buffer.from('k')).toString()).toBe('rk');
  });
});
