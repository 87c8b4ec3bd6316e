// Merging a transaction's buffered writes into a snapshot scan: both streams come sorted in the
// same direction; where both have a key the buffer wins, and a buffered delete hides the
// snapshot's value. The snapshot side is consumed lazily, so a scan with a limit reads no more
// from the stores than it needs (beyond one batch).
import type { KvPair } from '../txn-types.js';
import type { BufferedEntry } from './write-buffer.js';

export async function* mergeWithBuffer(
  snapshot: AsyncIterable<KvPair>,
  buffered: Iterable<BufferedEntry>,
  reverse: boolean,
): AsyncGenerator<KvPair> {
  const sign = reverse ? -1 : 1;
  const snap = snapshot[Symbol.asyncIterator]();
  const buf = buffered[Symbol.iterator]();
  let s = await snap.next();
  let b = buf.next();
  try {
    while (!s.done || !b.done) {
      if (b.done) {
        yield (s as IteratorYieldResult<KvPair>).value;
        s = await snap.next();
        continue;
      }
      const be = b.value;
      const cmp = s.done ? 1 : sign * Buffer.compare(s.value.key, be.key);
      if (cmp < 0) {
        yield (s as IteratorYieldResult<KvPair>).value;
        s = await snap.next();
        continue;
      }
      if (be.op === 'put' || be.op === 'insert') yield { key: be.key, value: be.value as Buffer };
      b = buf.next();
      if (cmp === 0) s = await snap.next();
    }
  } finally {
    if (!s.done) await snap.return?.();
  }
}
