// Cleanup: roll back one key's lock on behalf of someone else, but only once its TTL has run out
// (current_ts = 0 means unconditionally). A live lock answers KeyIsLocked; a committed txn
// answers Committed with its commit_ts so the caller can roll the secondaries forward instead.
import type { TimeStamp } from '../txn-types.js';
import { Committed, KeyIsLocked, lockInfo } from './errors.js';
import type { MvccReader } from './reader.js';
import { isLockExpired, missingLockRollback, rollbackLock } from './rollback-lock.js';
import type { MvccTxn } from './txn.js';

export async function cleanup(txn: MvccTxn, reader: MvccReader, key: Uint8Array, startTs: TimeStamp, currentTs: TimeStamp): Promise<void> {
  const lock = await reader.loadLock(key);
  if (lock && lock.startTs === startTs) {
    if (currentTs !== 0n && !isLockExpired(lock, currentTs)) throw new KeyIsLocked(lockInfo(key, lock));
    await rollbackLock(txn, reader, key, lock);
    return;
  }
  const record = await reader.txnCommitRecord(key, startTs);
  if (record.kind === 'committed') throw new Committed(startTs, record.commitTs, key);
  if (record.kind === 'none') missingLockRollback(txn, key, startTs, record.overlapped);
}
