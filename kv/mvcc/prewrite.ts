// Prewrite, the first phase of Percolator's two-phase commit (optimistic, as TiKV does it).
//
// For each mutation, on one snapshot:
//   1. a lock of another txn on the key      → KeyIsLocked (collected for every key, so the
//                                              client resolves them all in one round)
//      our own lock already there            → done (a retried prewrite is idempotent)
//   2. a record of our own start_ts           → committed: done; rolled back: WriteConflict
//                                              (self-rolled-back; the protected rollback at work)
//   3. a commit newer than our start_ts       → WriteConflict: first committer wins
//   4. insert / check-not-exists on a key with a visible value → AlreadyExist
//   5. write the lock (value inline when <= 255 bytes, else into the default family)
//
// Nothing is written if any key fails: the caller discards the MvccTxn.
import { MAX_TS, SHORT_VALUE_MAX_LEN, type LockKind, type Mutation, type TimeStamp } from '../txn-types.js';
import { AlreadyExist, KeyIsLocked, lockInfo, WriteConflict } from './errors.js';
import type { MvccReader } from './reader.js';
import type { MvccTxn } from './txn.js';

export interface PrewriteProps {
  readonly startTs: TimeStamp;
  readonly primary: Uint8Array;
  /** Lock TTL in milliseconds. */
  readonly ttl: number;
  readonly minCommitTs?: TimeStamp | undefined;
  /** Number of keys in the whole transaction (helps resolvers judge how long it may run). */
  readonly txnSize?: number | undefined;
}

export interface PrewriteResult {
  /** Locks of other transactions met; non-empty means nothing was written. */
  readonly locked: KeyIsLocked[];
}

const LOCK_KIND: Record<Mutation['op'], LockKind | undefined> = {
  put: 'put',
  insert: 'put',
  delete: 'delete',
  lock: 'lock',
  'check-not-exists': undefined,
};

async function checkNewerVersions(reader: MvccReader, props: PrewriteProps, key: Uint8Array): Promise<'committed' | 'ok'> {
  for await (const v of reader.versions(key, MAX_TS)) {
    if (v.commitTs < props.startTs) break;
    if (v.write.startTs === props.startTs) {
      if (v.write.kind === 'rollback') {
        throw new WriteConflict(props.startTs, v.write.startTs, v.commitTs, key, props.primary, 'self-rolled-back');
      }
      return 'committed';
    }
    if (v.commitTs === props.startTs && v.write.hasOverlappedRollback) {
      throw new WriteConflict(props.startTs, props.startTs, v.commitTs, key, props.primary, 'self-rolled-back');
    }
    // Another txn's rollback record is no data change; commits after our snapshot are.
    if (v.write.kind !== 'rollback' && v.commitTs > props.startTs) {
      throw new WriteConflict(props.startTs, v.write.startTs, v.commitTs, key, props.primary);
    }
  }
  return 'ok';
}

export async function prewrite(txn: MvccTxn, reader: MvccReader, props: PrewriteProps, mutations: readonly Mutation[]): Promise<PrewriteResult> {
  const locked: KeyIsLocked[] = [];
  for (const m of mutations) {
    const lock = await reader.loadLock(m.key);
    if (lock) {
      if (lock.startTs !== props.startTs) locked.push(new KeyIsLocked(lockInfo(m.key, lock)));
      continue;
    }
    if ((await checkNewerVersions(reader, props, m.key)) === 'committed') continue;
    if (m.op === 'insert' || m.op === 'check-not-exists') {
      const visible = await reader.visibleWrite(m.key, MAX_TS);
      if (visible?.write.kind === 'put') throw new AlreadyExist(m.key);
    }
    const kind = LOCK_KIND[m.op];
    if (kind === undefined) continue;
    let shortValue: Uint8Array | undefined;
    if (m.op === 'put' || m.op === 'insert') {
      if (m.value.length <= SHORT_VALUE_MAX_LEN) shortValue = m.value;
      else txn.putValue(m.key, props.startTs, m.value);
    }
    txn.putLock(m.key, {
      kind,
      primary: props.primary,
      startTs: props.startTs,
      ttl: props.ttl,
      shortValue,
      txnSize: props.txnSize,
      minCommitTs: props.minCommitTs,
    });
  }
  return { locked };
}
