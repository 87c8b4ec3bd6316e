// Typed errors of the transaction layer, each carrying what a client needs to act on it (resolve
// the lock, retry with a new start_ts, report the duplicate). kv/server maps them to the key
// errors of the gRPC protocol; the SQL layer maps WriteConflict to MySQL 1213 / 40001.
import { printable } from '../../util/bytes.js';
import { StrataError } from '../../util/errors.js';
import type { Lock, LockKind, TimeStamp } from '../txn-types.js';

/** The lock a reader or writer ran into, as the client's lock resolver needs it. */
export interface LockInfo {
  readonly key: Uint8Array;
  readonly primary: Uint8Array;
  readonly startTs: TimeStamp;
  readonly ttl: number;
  readonly kind: LockKind;
  readonly txnSize: number;
  readonly minCommitTs: TimeStamp;
}

export function lockInfo(key: Uint8Array, lock: Lock): LockInfo {
  return {
    key,
    primary: lock.primary,
    startTs: lock.startTs,
    ttl: lock.ttl,
    kind: lock.kind,
    txnSize: lock.txnSize ?? 0,
    minCommitTs: lock.minCommitTs ?? (0n as TimeStamp),
  };
}

export class KeyIsLocked extends StrataError {
  readonly code = 'KV:Txn:KeyIsLocked';
  override readonly retryable = true;
  constructor(readonly lock: LockInfo) {
    super(`key ${printable(lock.key)} is locked by txn ${lock.startTs} (primary ${printable(lock.primary)}, ttl ${lock.ttl}ms)`);
  }
}

export type WriteConflictReason = 'optimistic' | 'self-rolled-back';

export class WriteConflict extends StrataError {
  readonly code = 'KV:Txn:WriteConflict';
  override readonly retryable = true;
  constructor(
    readonly startTs: TimeStamp,
    readonly conflictStartTs: TimeStamp,
    readonly conflictCommitTs: TimeStamp,
    readonly key: Uint8Array,
    readonly primary: Uint8Array,
    readonly reason: WriteConflictReason = 'optimistic',
  ) {
    super(
      `write conflict, txnStartTS=${startTs}, conflictStartTS=${conflictStartTs}, conflictCommitTS=${conflictCommitTs}, ` +
        `key=${printable(key)}, primary=${printable(primary)}, reason=${reason}`,
    );
  }
}

export class AlreadyExist extends StrataError {
  readonly code = 'KV:Txn:AlreadyExist';
  constructor(readonly key: Uint8Array) {
    super(`key ${printable(key)} already exists`);
  }
}

/** Commit or resolve found neither the txn's lock nor its commit record (it was rolled back). */
export class TxnLockNotFound extends StrataError {
  readonly code = 'KV:Txn:TxnLockNotFound';
  constructor(
    readonly startTs: TimeStamp,
    readonly commitTs: TimeStamp,
    readonly key: Uint8Array,
  ) {
    super(`txn ${startTs} lock not found on key ${printable(key)} when committing at ${commitTs}`);
  }
}

/** A rollback or cleanup met a transaction that has already committed. */
export class Committed extends StrataError {
  readonly code = 'KV:Txn:Committed';
  constructor(
    readonly startTs: TimeStamp,
    readonly commitTs: TimeStamp,
    readonly key: Uint8Array,
  ) {
    super(`txn ${startTs} already committed at ${commitTs} on key ${printable(key)}`);
  }
}

/** CheckTxnStatus / heartbeat found no trace of the transaction on its primary key. */
export class TxnNotFound extends StrataError {
  readonly code = 'KV:Txn:TxnNotFound';
  override readonly retryable = true;
  constructor(
    readonly startTs: TimeStamp,
    readonly primary: Uint8Array,
  ) {
    super(`txn ${startTs} not found on primary key ${printable(primary)}`);
  }
}

/** The commit_ts is below the lock's min_commit_ts (a reader pushed it): get a newer one. */
export class CommitTsExpired extends StrataError {
  readonly code = 'KV:Txn:CommitTsExpired';
  override readonly retryable = true;
  constructor(
    readonly startTs: TimeStamp,
    readonly commitTs: TimeStamp,
    readonly minCommitTs: TimeStamp,
    readonly key: Uint8Array,
  ) {
    super(`commit ts ${commitTs} of txn ${startTs} is below the lock's min_commit_ts ${minCommitTs} on key ${printable(key)}`);
  }
}

export type TxnError = KeyIsLocked | WriteConflict | AlreadyExist | TxnLockNotFound | Committed | TxnNotFound | CommitTsExpired;
