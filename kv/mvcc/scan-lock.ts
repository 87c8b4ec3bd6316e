// ScanLock: the locks in a key range left by transactions that started at or before max_ts. GC
// uses it to resolve every lock below the safe point before it deletes old versions.
import type { EngineReader } from '../storage/index.js';
import { decodeLock, type TimeStamp } from '../txn-types.js';
import { lockInfo, type LockInfo } from './errors.js';
import { decodeKey, encodeRange } from './keys.js';

export async function scanLock(
  snapshot: EngineReader,
  maxTs: TimeStamp,
  lower: Uint8Array | undefined,
  upper: Uint8Array | undefined,
  limit: number,
): Promise<LockInfo[]> {
  const range = encodeRange(lower, upper);
  const it = snapshot.iterator('lock', { lower: range.lower, upper: range.upper });
  const out: LockInfo[] = [];
  try {
    while (out.length < limit) {
      const kv = await it.next();
      if (!kv) break;
      const lock = decodeLock(kv.value);
      if (lock.startTs <= maxTs) out.push(lockInfo(decodeKey(kv.key), lock));
    }
  } finally {
    await it.close();
  }
  return out;
}
