// The key-value pairs a coprocessor task reads: the request's ranges, in order (or in reverse
// order for a descending scan), through the MVCC scanner at start_ts on one engine snapshot. It
// hands out chunks of at most `limit` visible rows, so the scan executors build one batch per
// chunk, and it remembers the last key it returned so a paged answer can say where to go on.
//
// Locks are the scanner's business: a lock of a txn that may have committed before start_ts
// throws KeyIsLocked, exactly as KvScan does, and the client resolves it and resends the task.
import { nextKey } from '../../util/bytes.js';
import { scan } from '../mvcc/index.js';
import type { EngineReader } from '../storage/index.js';
import type { KvPair, TimeStamp } from '../txn-types.js';

export interface KeyRangeInternal {
  readonly start: Uint8Array;
  /** Exclusive; empty means the end of the keyspace. */
  readonly end: Uint8Array;
}

export interface KvSourceOptions {
  readonly snapshot: EngineReader;
  readonly ranges: readonly KeyRangeInternal[];
  readonly startTs: TimeStamp;
  readonly desc: boolean;
  readonly bypassLocks?: ReadonlySet<bigint> | undefined;
}

export class KvSource {
  private readonly ranges: KeyRangeInternal[];
  private index = 0;
  /** Where the current range goes on: the next lower bound (asc) or upper bound (desc). */
  private cursor: Uint8Array | undefined;
  private lastKeyRead: Uint8Array | undefined;
  scannedRows = 0;

  constructor(private readonly opts: KvSourceOptions) {
    this.ranges = opts.desc ? [...opts.ranges].reverse() : [...opts.ranges];
  }

  get exhausted(): boolean {
    return this.index >= this.ranges.length;
  }

  /** The last key handed out (internal keyspace), if any. */
  get lastKey(): Uint8Array | undefined {
    return this.lastKeyRead;
  }

  /** Up to `limit` visible rows from where the last call stopped; fewer only at the very end. */
  async next(limit: number): Promise<KvPair[]> {
    const out: KvPair[] = [];
    while (out.length < limit && this.index < this.ranges.length) {
      const r = this.ranges[this.index] as KeyRangeInternal;
      const want = limit - out.length;
      const lower = this.opts.desc ? r.start : (this.cursor ?? r.start);
      const upper = this.opts.desc ? (this.cursor ?? (r.end.length > 0 ? r.end : undefined)) : r.end.length > 0 ? r.end : undefined;
      const pairs = await scan(this.opts.snapshot, {
        lower,
        upper,
        readTs: this.opts.startTs,
        limit: want,
        reverse: this.opts.desc,
        bypassLocks: this.opts.bypassLocks,
      });
      for (const p of pairs) out.push(p);
      const last = pairs[pairs.length - 1];
      if (pairs.length < want || last === undefined) {
        this.index++;
        this.cursor = undefined;
      } else {
        this.cursor = this.opts.desc ? last.key : nextKey(last.key);
      }
      if (last) this.lastKeyRead = last.key;
    }
    this.scannedRows += out.length;
    return out;
  }
}
