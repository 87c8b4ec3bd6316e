// MvccReader: what every action and read needs from one consistent snapshot: the lock on a key,
// its versions newest-first, the commit record of a given transaction, and values (inline or in
// the default family). It never writes; actions record their changes in an MvccTxn.
import { nextKey } from '../../util/bytes.js';
import type { EngineReader } from '../storage/index.js';
import { decodeLock, decodeWrite, MAX_TS, type Lock, type TimeStamp, type Write } from '../txn-types.js';
import { appendTs, decodeLatest, encodeKey, splitTs } from './keys.js';

export interface Version {
  readonly commitTs: TimeStamp;
  readonly write: Write;
}

export type TxnCommitRecord =
  | { readonly kind: 'committed'; readonly commitTs: TimeStamp; readonly write: Write }
  | { readonly kind: 'rolled-back' }
  /** No record; `overlapped` is another txn's commit at commit_ts == our start_ts, if any. */
  | { readonly kind: 'none'; readonly overlapped?: Version | undefined };

export interface MvccReaderOptions {
  /** Every Put/Delete this engine holds went through the latest family (a store created with it):
   *  a key without a latest record has no data version, so no version lookup is needed. */
  readonly latestComplete?: boolean;
}

export class MvccReader {
  constructor(
    readonly snapshot: EngineReader,
    private readonly opts: MvccReaderOptions = {},
  ) {}

  async loadLock(key: Uint8Array): Promise<Lock | undefined> {
    const raw = await this.snapshot.get('lock', encodeKey(key));
    return raw ? decodeLock(raw) : undefined;
  }

  /** Versions of `key` with commit_ts <= fromTs, newest first. */
  async *versions(key: Uint8Array, fromTs: TimeStamp = MAX_TS): AsyncGenerator<Version> {
    const enc = encodeKey(key);
    const it = this.snapshot.iterator('write', { lower: appendTs(enc, fromTs), upper: nextKey(appendTs(enc, 0n as TimeStamp)) });
    try {
      for (;;) {
        const kv = await it.next();
        if (!kv) return;
        yield { commitTs: splitTs(kv.key).ts, write: decodeWrite(kv.value) };
      }
    } finally {
      await it.close();
    }
  }

  /** The newest version with commit_ts <= ts, of any kind. */
  async seekWrite(key: Uint8Array, t: TimeStamp): Promise<Version | undefined> {
    for await (const v of this.versions(key, t)) return v;
    return undefined;
  }

  /** The record exactly at commit_ts == t, if any. */
  async writeAt(key: Uint8Array, t: TimeStamp): Promise<Write | undefined> {
    const raw = await this.snapshot.get('write', appendTs(encodeKey(key), t));
    return raw ? decodeWrite(raw) : undefined;
  }

  /** The key's newest Put/Delete record, from the latest family (absent for keys last written
   *  before that family existed: callers fall back to the write family). */
  async latestWrite(key: Uint8Array): Promise<Version | undefined> {
    const raw = await this.snapshot.get('latest', encodeKey(key));
    return raw ? decodeLatest(raw) : undefined;
  }

  /** The newest Put or Delete with commit_ts <= ts (Lock and Rollback records are not data). */
  async visibleWrite(key: Uint8Array, t: TimeStamp): Promise<Version | undefined> {
    // The newest data version is usually old enough to be the answer: one point get, no iterator.
    const latest = await this.latestWrite(key);
    if (latest && latest.commitTs <= t) return latest;
    if (!latest && this.opts.latestComplete) return undefined;
    for await (const v of this.versions(key, t)) {
      if (v.write.kind === 'put' || v.write.kind === 'delete') return v;
    }
    return undefined;
  }

  /** Did the txn that started at startTs commit or roll back on this key? */
  async txnCommitRecord(key: Uint8Array, startTs: TimeStamp): Promise<TxnCommitRecord> {
    let overlapped: Version | undefined;
    for await (const v of this.versions(key)) {
      if (v.commitTs < startTs) break;
      if (v.write.startTs === startTs) {
        return v.write.kind === 'rollback' ? { kind: 'rolled-back' } : { kind: 'committed', commitTs: v.commitTs, write: v.write };
      }
      if (v.commitTs === startTs) {
        if (v.write.hasOverlappedRollback) return { kind: 'rolled-back' };
        overlapped = v;
      }
    }
    return { kind: 'none', overlapped };
  }

  /** The value a Put record stands for: inline, or in the default family at key ‖ ^start_ts. */
  async loadValue(key: Uint8Array, write: Write): Promise<Uint8Array> {
    if (write.shortValue !== undefined) return write.shortValue;
    const raw = await this.snapshot.get('default', appendTs(encodeKey(key), write.startTs));
    if (raw === undefined) throw new Error(`default value missing for key ${Buffer.from(key).toString('hex')} at ${write.startTs}`);
    return raw;
  }
}
