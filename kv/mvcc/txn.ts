// MvccTxn: the changes one transactional command makes, collected as a WriteBatch. Actions read
// through an MvccReader and write only here; the caller (TxnStore, later a raft proposal) applies
// the batch atomically, so a command takes effect entirely or not at all.
import { WriteBatch } from '../storage/index.js';
import { encodeLock, encodeWrite, type Lock, type TimeStamp, type Write } from '../txn-types.js';
import { appendTs, encodeKey, encodeLatest } from './keys.js';

export class MvccTxn {
  readonly modifies = new WriteBatch();

  putLock(key: Uint8Array, lock: Lock): void {
    this.modifies.put('lock', encodeKey(key), encodeLock(lock));
  }

  unlockKey(key: Uint8Array): void {
    this.modifies.delete('lock', encodeKey(key));
  }

  putValue(key: Uint8Array, startTs: TimeStamp, value: Uint8Array): void {
    this.modifies.put('default', appendTs(encodeKey(key), startTs), value);
  }

  deleteValue(key: Uint8Array, startTs: TimeStamp): void {
    this.modifies.delete('default', appendTs(encodeKey(key), startTs));
  }

  putWrite(key: Uint8Array, commitTs: TimeStamp, write: Write): void {
    this.modifies.put('write', appendTs(encodeKey(key), commitTs), encodeWrite(write));
  }

  /** Records `write` (a Put or Delete committed at commitTs) as the key's newest data version. */
  putLatest(key: Uint8Array, commitTs: TimeStamp, write: Write): void {
    this.modifies.put('latest', encodeKey(key), encodeLatest(commitTs, write));
  }

  deleteWrite(key: Uint8Array, commitTs: TimeStamp): void {
    this.modifies.delete('write', appendTs(encodeKey(key), commitTs));
  }
}
