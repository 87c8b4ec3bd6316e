// The two ways a transaction is marked rolled back on a key, shared by rollback, cleanup,
// check_txn_status and resolve_lock:
//
//  - rollbackLock: the txn's lock is there: drop it (and its large value) and leave a Rollback
//    record at key ‖ ^start_ts;
//  - missingLockRollback: there is no lock (the prewrite never arrived, or was lost): leave the
//    Rollback record anyway. It is *protected*: a prewrite of the same start_ts that arrives
//    late finds it and fails, so a txn that was declared dead cannot come back to life.
//
// If another txn committed this key with commit_ts == our start_ts, the record slot is taken;
// the rollback is then folded into that commit record as its `hasOverlappedRollback` flag.
import { physicalOf, type Lock, type TimeStamp } from '../txn-types.js';
import type { MvccReader, Version } from './reader.js';
import type { MvccTxn } from './txn.js';

/** A lock may be cleaned up once current_ts is past start_ts's physical time plus the TTL. */
export function isLockExpired(lock: Lock, currentTs: TimeStamp): boolean {
  return physicalOf(lock.startTs) + lock.ttl < physicalOf(currentTs);
}

function writeRollbackRecord(txn: MvccTxn, key: Uint8Array, startTs: TimeStamp, overlapped: Version | undefined): void {
  if (overlapped) {
    txn.putWrite(key, startTs, { ...overlapped.write, hasOverlappedRollback: true });
  } else {
    txn.putWrite(key, startTs, { kind: 'rollback', startTs });
  }
}

export async function rollbackLock(txn: MvccTxn, reader: MvccReader, key: Uint8Array, lock: Lock): Promise<void> {
  if (lock.kind === 'put' && lock.shortValue === undefined) txn.deleteValue(key, lock.startTs);
  const existing = await reader.writeAt(key, lock.startTs);
  const overlapped = existing && existing.startTs !== lock.startTs ? { commitTs: lock.startTs, write: existing } : undefined;
  writeRollbackRecord(txn, key, lock.startTs, overlapped);
  txn.unlockKey(key);
}

export function missingLockRollback(txn: MvccTxn, key: Uint8Array, startTs: TimeStamp, overlapped: Version | undefined): void {
  writeRollbackRecord(txn, key, startTs, overlapped);
}
