// Reads of single keys at a timestamp (Get, BatchGet), with snapshot isolation's rule for locks:
// a lock of a txn that started at or before our read_ts may hide a commit we must see, so the
// read answers KeyIsLocked and the client resolves it instead of guessing. Locks that cannot hide
// a visible commit are skipped: Lock-kind locks (SELECT FOR UPDATE writes no data), locks whose
// min_commit_ts was pushed past read_ts, and locks of txns the client already resolved.
import type { KvPair, Lock, TimeStamp } from '../txn-types.js';
import { KeyIsLocked, lockInfo } from './errors.js';
import type { MvccReader } from './reader.js';

export interface ReadOptions {
  /** start_ts of txns the client knows committed after read_ts or rolled back: ignore their locks. */
  readonly bypassLocks?: ReadonlySet<bigint> | undefined;
  /** Return keys with empty values (scans only). */
  readonly keyOnly?: boolean | undefined;
}

export function checkLockForRead(key: Uint8Array, lock: Lock, readTs: TimeStamp, opts?: ReadOptions): void {
  if (lock.startTs > readTs) return;
  if (lock.kind === 'lock' || lock.kind === 'pessimistic') return;
  if (lock.minCommitTs !== undefined && lock.minCommitTs > readTs) return;
  if (opts?.bypassLocks?.has(lock.startTs)) return;
  throw new KeyIsLocked(lockInfo(key, lock));
}

export async function get(reader: MvccReader, key: Uint8Array, readTs: TimeStamp, opts?: ReadOptions): Promise<Uint8Array | undefined> {
  const lock = await reader.loadLock(key);
  if (lock) checkLockForRead(key, lock, readTs, opts);
  const v = await reader.visibleWrite(key, readTs);
  if (!v || v.write.kind !== 'put') return undefined;
  return reader.loadValue(key, v.write);
}

export interface BatchGetResult {
  readonly pairs: KvPair[];
  /** One entry per key whose lock must be resolved first; those keys are not in `pairs`. */
  readonly locked: KeyIsLocked[];
}

export async function batchGet(reader: MvccReader, keys: readonly Uint8Array[], readTs: TimeStamp, opts?: ReadOptions): Promise<BatchGetResult> {
  const pairs: KvPair[] = [];
  const locked: KeyIsLocked[] = [];
  for (const key of keys) {
    try {
      const value = await get(reader, key, readTs, opts);
      if (value !== undefined) pairs.push({ key, value });
    } catch (err) {
      if (err instanceof KeyIsLocked) locked.push(err);
      else throw err;
    }
  }
  return { pairs, locked };
}
