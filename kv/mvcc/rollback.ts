// Rollback (BatchRollback): the client gives up a transaction it started. Every key ends with a
// protected Rollback record, whether or not its lock was there, so a late prewrite cannot revive
// the txn. Rolling back a committed txn is refused with Committed: a commit is final.
import type { TimeStamp } from '../txn-types.js';
import { Committed } from './errors.js';
import type { MvccReader } from './reader.js';
import { missingLockRollback, rollbackLock } from './rollback-lock.js';
import type { MvccTxn } from './txn.js';

export async function rollbackKey(txn: MvccTxn, reader: MvccReader, key: Uint8Array, startTs: TimeStamp): Promise<void> {
  const lock = await reader.loadLock(key);
  if (lock && lock.startTs === startTs) {
    await rollbackLock(txn, reader, key, lock);
    return;
  }
  const record = await reader.txnCommitRecord(key, startTs);
  if (record.kind === 'committed') throw new Committed(startTs, record.commitTs, key);
  if (record.kind === 'none') missingLockRollback(txn, key, startTs, record.overlapped);
}

export async function rollback(txn: MvccTxn, reader: MvccReader, keys: readonly Uint8Array[], startTs: TimeStamp): Promise<void> {
  for (const key of keys) await rollbackKey(txn, reader, key, startTs);
}
