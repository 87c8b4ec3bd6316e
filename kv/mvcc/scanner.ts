// Range scans at a timestamp, forward or reverse, with a limit and a key-only mode.
//
// Two cursors walk the lock and write families of the range side by side; at each user key the
// lock (if any) is checked as a point read would, then the newest Put/Delete with
// commit_ts <= read_ts decides what the key holds. Forward, versions arrive newest first; reverse,
// oldest first, so the last qualifying one wins. A key with many versions is skipped with a seek
// instead of stepping through every version.
import { bytesEqual, compareBytes } from '../../util/bytes.js';
import type { EngineIterator, EngineReader } from '../storage/index.js';
import { decodeLock, decodeWrite, type KvPair, type TimeStamp, type Write } from '../txn-types.js';
import { afterAllVersions, appendTs, decodeKey, encodeRange, splitTs } from './keys.js';
import { checkLockForRead, type ReadOptions } from './point-getter.js';
import { MvccReader } from './reader.js';

const STEPS_BEFORE_SEEK = 8;
const EMPTY = new Uint8Array(0);

export interface ScanArgs extends ReadOptions {
  readonly lower?: Uint8Array | undefined;
  /** Exclusive; empty or absent means the end of the keyspace. */
  readonly upper?: Uint8Array | undefined;
  readonly readTs: TimeStamp;
  readonly limit: number;
  readonly reverse?: boolean | undefined;
}

interface Cursor {
  readonly it: EngineIterator;
  cur: KvPair | undefined;
}

async function advance(c: Cursor): Promise<void> {
  c.cur = await c.it.next();
}

export async function scan(snapshot: EngineReader, args: ScanArgs): Promise<KvPair[]> {
  const range = encodeRange(args.lower, args.upper);
  const reverse = args.reverse ?? false;
  const locks: Cursor = { it: snapshot.iterator('lock', { ...range, reverse }), cur: undefined };
  const writes: Cursor = { it: snapshot.iterator('write', { ...range, reverse }), cur: undefined };
  const reader = new MvccReader(snapshot);
  const out: KvPair[] = [];
  try {
    await advance(locks);
    await advance(writes);
    while (out.length < args.limit) {
      const lockKey = locks.cur?.key;
      const writeKey = writes.cur ? splitTs(writes.cur.key).encodedKey : undefined;
      if (!lockKey && !writeKey) break;
      let cur: Uint8Array;
      if (!lockKey) cur = writeKey as Uint8Array;
      else if (!writeKey) cur = lockKey;
      else {
        const c = compareBytes(lockKey, writeKey);
        cur = (reverse ? c > 0 : c < 0) ? lockKey : writeKey;
      }
      const userKey = decodeKey(cur);
      if (lockKey && bytesEqual(lockKey, cur)) {
        checkLockForRead(userKey, decodeLock((locks.cur as KvPair).value), args.readTs, args);
        await advance(locks);
      }
      const found = reverse ? await newestVisibleReverse(writes, cur, args.readTs) : await newestVisibleForward(writes, cur, args.readTs);
      if (found?.kind === 'put') {
        out.push({ key: userKey, value: args.keyOnly ? EMPTY : await reader.loadValue(userKey, found) });
      }
    }
  } finally {
    await locks.it.close();
    await writes.it.close();
  }
  return out;
}

/** Forward: versions of `cur` come newest first; returns the first Put/Delete <= readTs and
 *  leaves the cursor on the next key. */
async function newestVisibleForward(writes: Cursor, cur: Uint8Array, readTs: TimeStamp): Promise<Write | undefined> {
  let found: Write | undefined;
  let steps = 0;
  let seekedToReadTs = false;
  while (writes.cur) {
    const { encodedKey, ts } = splitTs(writes.cur.key);
    if (!bytesEqual(encodedKey, cur)) break;
    if (!found && ts <= readTs) {
      const w = decodeWrite(writes.cur.value);
      if (w.kind === 'put' || w.kind === 'delete') found = w;
    }
    if (++steps >= STEPS_BEFORE_SEEK) {
      if (found) {
        writes.it.seek(afterAllVersions(cur));
        await advance(writes);
        break;
      }
      if (!seekedToReadTs && ts > readTs) {
        seekedToReadTs = true;
        writes.it.seek(appendTs(cur, readTs));
        await advance(writes);
        continue;
      }
    }
    await advance(writes);
  }
  return found;
}

/** Reverse: versions of `cur` come oldest first; the last Put/Delete <= readTs wins. */
async function newestVisibleReverse(writes: Cursor, cur: Uint8Array, readTs: TimeStamp): Promise<Write | undefined> {
  let found: Write | undefined;
  let steps = 0;
  while (writes.cur) {
    const { encodedKey, ts } = splitTs(writes.cur.key);
    if (!bytesEqual(encodedKey, cur)) break;
    if (ts > readTs) {
      // Every remaining version of this key is newer still: jump to the previous key.
      if (++steps >= STEPS_BEFORE_SEEK) {
        writes.it.seek(cur);
        await advance(writes);
        break;
      }
    } else {
      const w = decodeWrite(writes.cur.value);
      if (w.kind === 'put' || w.kind === 'delete') found = w;
    }
    await advance(writes);
  }
  return found;
}
