// CheckTxnStatus: the question a lock resolver asks the primary key of a transaction that is in
// its way: "are you alive, committed or dead?" Percolator's commit point is the primary, so its
// state is the txn's state.
//
//   primary lock of the txn, TTL expired     → roll it back            → rolled-back (ttl-expired)
//   primary lock of the txn, alive           → push min_commit_ts past the caller's start_ts so
//                                              the reader can ignore the lock; report locked + ttl
//   no lock, commit record                   → committed at commit_ts
//   no lock, rollback record                 → rolled-back
//   no lock, no record                       → rollback_if_not_exist: write a protected rollback
//                                              (the prewrite was lost or never came), else TxnNotFound
import { MAX_TS, type TimeStamp } from '../txn-types.js';
import { lockInfo, TxnNotFound, type LockInfo } from './errors.js';
import type { MvccReader } from './reader.js';
import { isLockExpired, missingLockRollback, rollbackLock } from './rollback-lock.js';
import type { MvccTxn } from './txn.js';

export type TxnStatus =
  | { readonly kind: 'locked'; readonly lock: LockInfo; readonly ttl: number; readonly minCommitTsPushed: boolean }
  | { readonly kind: 'committed'; readonly commitTs: TimeStamp }
  | { readonly kind: 'rolled-back'; readonly action: 'ttl-expired' | 'lock-not-exist' | 'none' };

export interface CheckTxnStatusArgs {
  readonly primary: Uint8Array;
  readonly lockTs: TimeStamp;
  /** The start_ts of the reader that met the lock; 0 when the caller is not a reader. */
  readonly callerStartTs: TimeStamp;
  readonly currentTs: TimeStamp;
  readonly rollbackIfNotExist: boolean;
}

export async function checkTxnStatus(txn: MvccTxn, reader: MvccReader, args: CheckTxnStatusArgs): Promise<TxnStatus> {
  const lock = await reader.loadLock(args.primary);
  if (lock && lock.startTs === args.lockTs) {
    if (isLockExpired(lock, args.currentTs)) {
      await rollbackLock(txn, reader, args.primary, lock);
      return { kind: 'rolled-back', action: 'ttl-expired' };
    }
    let current = lock;
    let pushed = false;
    const caller = args.callerStartTs;
    if (caller !== 0n && caller !== MAX_TS && lock.kind !== 'pessimistic' && (lock.minCommitTs ?? 0n) <= caller) {
      current = { ...lock, minCommitTs: (caller + 1n) as TimeStamp };
      txn.putLock(args.primary, current);
      pushed = true;
    }
    return { kind: 'locked', lock: lockInfo(args.primary, current), ttl: current.ttl, minCommitTsPushed: pushed };
  }
  const record = await reader.txnCommitRecord(args.primary, args.lockTs);
  if (record.kind === 'committed') return { kind: 'committed', commitTs: record.commitTs };
  if (record.kind === 'rolled-back') return { kind: 'rolled-back', action: 'none' };
  if (!args.rollbackIfNotExist) throw new TxnNotFound(args.lockTs, args.primary);
  missingLockRollback(txn, args.primary, args.lockTs, record.overlapped);
  return { kind: 'rolled-back', action: 'lock-not-exist' };
}
