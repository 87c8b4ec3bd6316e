// Commit, the second phase: turn each of the txn's locks into a Write record at commit_ts.
// Committing the primary key is the commit point of the whole transaction; secondaries follow.
//
//   our lock present          → Write{kind of the lock, start_ts, inline value} at ^commit_ts;
//                               a commit_ts below the lock's min_commit_ts → CommitTsExpired
//   no lock, commit record    → done (commit is idempotent)
//   no lock, no commit record → TxnLockNotFound (it was rolled back: the client must not
//                               report success)
import type { TimeStamp, WriteKind } from '../txn-types.js';
import { CommitTsExpired, TxnLockNotFound } from './errors.js';
import type { MvccReader } from './reader.js';
import type { MvccTxn } from './txn.js';

export async function commitKey(txn: MvccTxn, reader: MvccReader, key: Uint8Array, startTs: TimeStamp, commitTs: TimeStamp): Promise<void> {
  const lock = await reader.loadLock(key);
  if (!lock || lock.startTs !== startTs) {
    const record = await reader.txnCommitRecord(key, startTs);
    if (record.kind === 'committed') return;
    throw new TxnLockNotFound(startTs, commitTs, key);
  }
  if (lock.minCommitTs !== undefined && commitTs < lock.minCommitTs) {
    throw new CommitTsExpired(startTs, commitTs, lock.minCommitTs, key);
  }
  if (lock.kind === 'pessimistic') throw new TxnLockNotFound(startTs, commitTs, key);
  const kind: WriteKind = lock.kind;
  // A rollback of another txn may sit exactly at our commit_ts: keep it, as a flag on our record.
  const existing = await reader.writeAt(key, commitTs);
  const overlapped = existing?.kind === 'rollback' || existing?.hasOverlappedRollback === true;
  const write = { kind, startTs, shortValue: lock.shortValue, hasOverlappedRollback: overlapped };
  txn.putWrite(key, commitTs, write);
  if (kind === 'put' || kind === 'delete') {
    // keep the latest family's copy the newest data version, whatever order commits land in
    const latest = await reader.latestWrite(key);
    if (!latest || latest.commitTs < commitTs) txn.putLatest(key, commitTs, write);
  }
  txn.unlockKey(key);
}

export async function commit(txn: MvccTxn, reader: MvccReader, keys: readonly Uint8Array[], startTs: TimeStamp, commitTs: TimeStamp): Promise<void> {
  if (commitTs <= startTs) throw new RangeError(`commit_ts ${commitTs} must be greater than start_ts ${startTs}`);
  for (const key of keys) await commitKey(txn, reader, key, startTs, commitTs);
}
