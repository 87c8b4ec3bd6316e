// Whether this store's `latest` family (kv/mvcc/keys.ts) is complete: true for a store whose
// data directory began with the family, recorded by a marker in the store-local raft family the
// first time such a store opens. Then a key with no latest record has no data version at all, and
// point reads of missing keys (every INSERT's duplicate check) skip the version lookup too. A data
// directory with MVCC data written before the family existed never gets the marker, so its reads
// keep falling back to the write family. (Mixing stores of both kinds in one raft group is not
// supported: a snapshot from an older store would lack latest records.)
import { WriteBatch, type Engine } from '../storage/index.js';

const MARKER = Buffer.from('latest_family_complete');

export async function latestFamilyComplete(engine: Engine): Promise<boolean> {
  if (await engine.get('raft', MARKER)) return true;
  const it = engine.iterator('write');
  let hasVersions: boolean;
  try {
    hasVersions = (await it.next()) !== undefined;
  } finally {
    await it.close();
  }
  if (hasVersions) return false;
  await engine.write(new WriteBatch().put('raft', MARKER, Buffer.of(1)), { sync: true });
  return true;
}
