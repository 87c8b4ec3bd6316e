// GC: drop the versions no reader can see any more. Given a safe point (no transaction will ever
// read below it; PD computes it), for each key:
//
//   versions newer than the safe point                  kept
//   the newest version <= safe point, a Put             kept (it is what readers at the safe
//                                                       point see)
//   … a Delete                                          removed, and everything older
//   every older version, Lock and Rollback records      removed (with large values in default)
//
// Locks are not touched: they are resolved first (ScanLock + ResolveLock), as TiDB's GC worker does.
// Deletions are flushed in batches so a large range does not build one huge write.
import type { EngineReader } from '../storage/index.js';
import { decodeWrite, type TimeStamp } from '../txn-types.js';
import { decodeKey, encodeRange, splitTs } from './keys.js';
import { MvccTxn } from './txn.js';

export interface GcStats {
  keys: number;
  versionsDeleted: number;
}

export async function gc(
  snapshot: EngineReader,
  safePoint: TimeStamp,
  lower: Uint8Array | undefined,
  upper: Uint8Array | undefined,
  flush: (txn: MvccTxn) => Promise<void>,
  batchSize = 1024,
): Promise<GcStats> {
  const range = encodeRange(lower, upper);
  const it = snapshot.iterator('write', { lower: range.lower, upper: range.upper });
  const stats: GcStats = { keys: 0, versionsDeleted: 0 };
  let txn = new MvccTxn();
  let currentKey: Buffer | undefined;
  let userKey: Buffer | undefined;
  let settled = false; // the newest version at or below the safe point was seen for currentKey
  try {
    for (;;) {
      const kv = await it.next();
      if (!kv) break;
      const { encodedKey, ts: commitTs } = splitTs(kv.key);
      if (!currentKey || !currentKey.equals(encodedKey)) {
        currentKey = Buffer.from(encodedKey);
        userKey = decodeKey(currentKey);
        settled = false;
        stats.keys++;
      }
      if (commitTs > safePoint) continue;
      const write = decodeWrite(kv.value);
      let remove: boolean;
      if (settled) {
        remove = true;
      } else if (write.kind === 'put') {
        remove = false;
        settled = true;
      } else if (write.kind === 'delete') {
        remove = true;
        settled = true;
      } else {
        remove = true; // lock / rollback records carry no data
      }
      if (!remove) continue;
      txn.deleteWrite(userKey as Buffer, commitTs);
      if (write.kind === 'put' && write.shortValue === undefined) txn.deleteValue(userKey as Buffer, write.startTs);
      stats.versionsDeleted++;
      if (txn.modifies.size >= batchSize) {
        await flush(txn);
        txn = new MvccTxn();
      }
    }
    if (!txn.modifies.isEmpty) await flush(txn);
  } finally {
    await it.close();
  }
  return stats;
}
