// ResolveLock: once the primary's fate is known, apply it to the txn's other locks: commit them
// at the primary's commit_ts, or (commit_ts = 0) roll them back. Either the keys are given, or
// the lock family is scanned for every lock of that start_ts in a range, a batch at a time.
import type { EngineReader } from '../storage/index.js';
import { decodeLock, type TimeStamp } from '../txn-types.js';
import { commitKey } from './commit.js';
import { decodeKey, encodeRange } from './keys.js';
import type { MvccReader } from './reader.js';
import { rollbackKey } from './rollback.js';
import type { MvccTxn } from './txn.js';

export interface ResolveLockArgs {
  readonly startTs: TimeStamp;
  /** 0 to roll back. */
  readonly commitTs: TimeStamp;
}

export async function resolveKeys(txn: MvccTxn, reader: MvccReader, args: ResolveLockArgs, keys: readonly Uint8Array[]): Promise<void> {
  for (const key of keys) {
    if (args.commitTs === 0n) await rollbackKey(txn, reader, key, args.startTs);
    else await commitKey(txn, reader, key, args.startTs, args.commitTs);
  }
}

/** Keys in [lower, upper) locked by the txn `startTs`, at most `limit` of them. */
export async function scanTxnLocks(
  snapshot: EngineReader,
  startTs: TimeStamp,
  lower: Uint8Array | undefined,
  upper: Uint8Array | undefined,
  limit: number,
): Promise<Uint8Array[]> {
  const range = encodeRange(lower, upper);
  const it = snapshot.iterator('lock', { lower: range.lower, upper: range.upper });
  const keys: Uint8Array[] = [];
  try {
    while (keys.length < limit) {
      const kv = await it.next();
      if (!kv) break;
      if (decodeLock(kv.value).startTs === startTs) keys.push(decodeKey(kv.key));
    }
  } finally {
    await it.close();
  }
  return keys;
}
