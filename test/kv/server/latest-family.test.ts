// The store's marker that its latest family is complete: set on a fresh data directory, kept
// across restarts, and never set on one holding versions written before the family existed — where
// reads must keep consulting the version history for keys without a latest record.
import { describe, expect, it } from 'vitest';
import { latestFamilyComplete } from '../../../kv/server/latest-family.js';
import { encodeKey, appendTs } from '../../../kv/mvcc/keys.js';
import { TxnStore } from '../../../kv/mvcc/index.js';
import { LevelDbEngine, WriteBatch } from '../../../kv/storage/index.js';
import { encodeWrite, type TimeStamp } from '../../../kv/txn-types.js';
import { tempDir } from '../../helpers/temp-dir.js';

const ts = (n: number): TimeStamp => BigInt(n) as TimeStamp;

describe('latestFamilyComplete', () => {
  it('marks a fresh store, remembers it after a reopen, and lets a missing key skip the history', async () => {
    const dir = tempDir('strata-latest-');
    let engine = await LevelDbEngine.open(dir);
    expect(await latestFamilyComplete(engine)).toBe(true);
    const store = new TxnStore(engine, { latestComplete: true });
    expect(await store.get(Buffer.from('nope'), ts(100))).toBeUndefined();
    await store.prewrite([{ op: 'put', key: Buffer.from('a'), value: Buffer.from('1') }], { startTs: ts(10), primary: Buffer.from('a'), ttl: 3000 });
    await store.commit([Buffer.from('a')], ts(10), ts(11));
    expect((await store.get(Buffer.from('a'), ts(20)))?.toString()).toBe('1');
    await engine.close();
    engine = await LevelDbEngine.open(dir);
    expect(await latestFamilyComplete(engine)).toBe(true);
    await engine.close();
  });

  it('leaves a store holding versions from before the family unmarked, and its old keys readable', async () => {
    const engine = await LevelDbEngine.open(tempDir('strata-latest-'));
    await engine.write(new WriteBatch().put('write', appendTs(encodeKey(Buffer.from('old')), ts(11)), encodeWrite({ kind: 'put', startTs: ts(10), shortValue: Buffer.from('v') })));
    expect(await latestFamilyComplete(engine)).toBe(false);
    const store = new TxnStore(engine, { latestComplete: false });
    expect((await store.get(Buffer.from('old'), ts(20)))?.toString()).toBe('v');
    await engine.close();
  });
});
