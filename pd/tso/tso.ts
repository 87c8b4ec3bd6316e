// The timestamp oracle (PD's TSO): hands out timestamps `physical_ms << 18 | logical` that are
// strictly increasing for the life of the cluster, in batches (`getTs(n)` reserves n consecutive
// timestamps in one call, all within one millisecond).
//
// Restart safety: before any timestamp with physical time p is handed out, an upper bound
// `saved > p` is made durable. After a restart the oracle starts at max(now, saved + 1), so even a
// clock that went backwards cannot make it repeat or go back. The bound moves a window (3 s by
// default) ahead at a time, so persisting costs one write per window, not one per request.
//
// Concurrent callers are served one at a time (a promise chain), so two batches never overlap.
import { composeTs, MAX_LOGICAL, type TimeStamp } from '../../kv/txn-types.js';
import { StrataError } from '../../util/errors.js';

export interface TsoStorage {
  /** The persisted physical upper bound in ms, if any was saved. */
  loadTimestampBound(): Promise<number | undefined>;
  /** Durably records a new bound (must be synced before it resolves). */
  saveTimestampBound(physicalMs: number): Promise<void>;
}

export interface TsoOptions {
  /** How far ahead of the handed-out time the persisted bound moves (ms). */
  readonly saveWindowMs?: number;
  /** Injected clock (ms since epoch), for tests. */
  readonly now?: () => number;
}

export class TsoError extends StrataError {
  readonly code = 'PD:Tso:InvalidRequest';
}

export class TimestampOracle {
  private physical: number;
  private logical = 0;
  private chain: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly storage: TsoStorage,
    private savedBound: number,
    private readonly windowMs: number,
    private readonly now: () => number,
    start: number,
  ) {
    this.physical = start;
  }

  static async open(storage: TsoStorage, opts: TsoOptions = {}): Promise<TimestampOracle> {
    const now = opts.now ?? Date.now;
    const windowMs = opts.saveWindowMs ?? 3000;
    const last = (await storage.loadTimestampBound()) ?? 0;
    const start = Math.max(now(), last + 1);
    const bound = start + windowMs;
    await storage.saveTimestampBound(bound);
    return new TimestampOracle(storage, bound, windowMs, now, start);
  }

  /** Reserves `count` consecutive timestamps and returns the first; the batch is
   *  [first, first + count). */
  getTs(count = 1): Promise<TimeStamp> {
    if (!Number.isInteger(count) || count < 1 || count > MAX_LOGICAL) {
      return Promise.reject(new TsoError(`timestamp count must be an integer in [1, ${MAX_LOGICAL}], got ${count}`));
    }
    const next = this.chain.then(() => this.allocate(count));
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async allocate(count: number): Promise<TimeStamp> {
    const now = this.now();
    if (now > this.physical) {
      this.physical = now;
      this.logical = 0;
    }
    if (this.logical + count > MAX_LOGICAL) {
      // This millisecond is used up: borrow the next one (the saved window covers it).
      this.physical += 1;
      this.logical = 0;
    }
    if (this.physical >= this.savedBound) {
      const bound = Math.max(now, this.physical) + this.windowMs;
      await this.storage.saveTimestampBound(bound);
      this.savedBound = bound;
    }
    const first = composeTs(this.physical, this.logical);
    this.logical += count;
    return first;
  }
}
