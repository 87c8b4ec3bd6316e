// A consistent read view of the transactional keyspace at one timestamp: get, batchGet and
// scans see exactly the transactions committed before `ts` (snapshot isolation), whichever
// regions the keys live in.
//
// A read that meets a lock of a transaction that may commit before `ts` cannot answer yet. It
// hands the lock to the lock resolver (lock-resolver.ts) and retries: the lock is rolled
// forward or back, or its transaction's min_commit_ts is pushed past `ts` (then the snapshot
// remembers the txn in `resolvedLocks`, sent with every later request so the stores ignore its
// locks), or the read waits until the lock's TTL runs out. A crashed client thus delays a reader
// by at most its lock TTL.
//
// Scans walk regions in key order (or in reverse) and are lazy: `iterate` fetches a batch at a
// time, so a transaction merging its own writes into a scan (merge-iterator.ts) reads no more
// than it consumes.
import { compareBytes } from '../../util/bytes.js';
import { internalRange, toInternal } from '../meta.js';
import { KeyIsLocked, type LockInfo } from '../mvcc/errors.js';
import { keyErrorFromPb } from '../proto/convert.js';
import type { BatchGetResponse__Output as BatchGetOut } from '../proto/generated/strata/kv/BatchGetResponse.js';
import type { GetResponse__Output as GetOut } from '../proto/generated/strata/kv/GetResponse.js';
import type { KeyError__Output } from '../proto/generated/strata/kv/KeyError.js';
import type { ScanResponse__Output as ScanOut } from '../proto/generated/strata/kv/ScanResponse.js';
import type { KvPair, TimeStamp } from '../txn-types.js';
import { Backoffer } from './backoff.js';
import { clipToRegion, regionUserEnd, regionUserStart, userEnd, wireEnd } from './key-range.js';
import type { LockResolver } from './lock-resolver.js';
import type { RegionLocation } from './region-cache.js';
import type { BuildCall, RegionRequestSender } from './region-request.js';

export interface SnapshotDeps {
  readonly sender: RegionRequestSender;
  readonly resolver: LockResolver;
  /** Retry budget of one read, lock waits included (ms). */
  readonly budgetMs: number;
}

export interface ScanOptions {
  /** Largest keys first (the range is still [start, end)). */
  readonly reverse?: boolean | undefined;
  readonly keyOnly?: boolean | undefined;
}

export interface IterateOptions extends ScanOptions {
  /** Keys fetched per request (default 256). */
  readonly batchSize?: number | undefined;
}

const txnKey = (k: Uint8Array): Buffer => toInternal('txn', k);
const empty = Buffer.alloc(0);

/** The typed error of a KeyError: a lock to resolve, or anything else to throw. */
function lockOf(e: KeyError__Output): LockInfo {
  const err = keyErrorFromPb(e);
  if (err instanceof KeyIsLocked) return err.lock;
  throw err;
}

export class KvSnapshot {
  /** Transactions whose locks this snapshot may ignore (their commit_ts will be > ts). */
  readonly resolvedLocks = new Set<TimeStamp>();

  constructor(
    readonly ts: TimeStamp,
    private readonly deps: SnapshotDeps,
  ) {}

  private bo(): Backoffer {
    return new Backoffer({ budgetMs: this.deps.budgetMs });
  }

  private async resolve(locks: readonly LockInfo[], bo: Backoffer): Promise<void> {
    const pushed = await this.deps.resolver.resolveOrWait(locks, this.ts, bo);
    for (const t of pushed) this.resolvedLocks.add(t);
  }

  async get(key: Uint8Array): Promise<Buffer | undefined> {
    const bo = this.bo();
    for (;;) {
      const { res } = await this.deps.sender.sendToRegion<GetOut>(
        txnKey(key),
        (context) => (c, o, cb) => c.KvGet({ context, key, version: String(this.ts) }, o, cb),
        bo,
        { resolvedLocks: this.resolvedLocks },
      );
      if (res.error) {
        await this.resolve([lockOf(res.error)], bo);
        continue;
      }
      return res.not_found ? undefined : res.value;
    }
  }

  /** The pairs that exist, in the order of `keys` (duplicates once). */
  async batchGet(keys: readonly Uint8Array[]): Promise<KvPair[]> {
    const bo = this.bo();
    const found = new Map<string, Buffer>();
    let pending: Uint8Array[] = dedupe(keys);
    while (pending.length > 0) {
      const results = await this.deps.sender.sendBatch<Uint8Array, BatchGetOut>(
        pending,
        txnKey,
        (context, _loc, part) => (c, o, cb) => c.KvBatchGet({ context, keys: part, version: String(this.ts) }, o, cb),
        bo,
        { resolvedLocks: this.resolvedLocks },
      );
      const locks: LockInfo[] = [];
      const retry: Uint8Array[] = [];
      for (const r of results) {
        if (r.res.error) {
          // The whole part failed on a lock: resolve it, ask for the part again.
          locks.push(lockOf(r.res.error));
          retry.push(...r.items.filter((k) => !found.has(Buffer.from(k).toString('latin1'))));
          continue;
        }
        for (const p of r.res.pairs) {
          if (p.error) {
            locks.push(lockOf(p.error));
            retry.push(p.key);
          } else found.set(p.key.toString('latin1'), p.value);
        }
      }
      if (locks.length > 0) await this.resolve(locks, bo);
      pending = dedupe(retry);
    }
    const out: KvPair[] = [];
    for (const k of dedupe(keys)) {
      const v = found.get(Buffer.from(k).toString('latin1'));
      if (v !== undefined) out.push({ key: Buffer.from(k), value: v });
    }
    return out;
  }

  /** Up to `limit` pairs in [start, end) (empty end = to the end), ascending or descending. */
  async scan(start: Uint8Array | undefined, end: Uint8Array | undefined, limit: number, options: ScanOptions = {}): Promise<KvPair[]> {
    const out: KvPair[] = [];
    if (limit <= 0) return out;
    for await (const p of this.iterate(start, end, { ...options, batchSize: Math.min(limit, 4096) })) {
      out.push(p);
      if (out.length >= limit) break;
    }
    return out;
  }

  /** Every pair in [start, end), fetched lazily a batch at a time, region by region. */
  async *iterate(start: Uint8Array | undefined, end: Uint8Array | undefined, options: IterateOptions = {}): AsyncGenerator<KvPair> {
    const lo = Buffer.from(start ?? empty);
    const hi = userEnd(end);
    if (hi !== undefined && compareBytes(lo, hi) >= 0) return;
    const batch = Math.max(1, options.batchSize ?? 256);
    const keyOnly = options.keyOnly ?? false;
    const bo = this.bo();
    if (!options.reverse) {
      let cur: Buffer = lo;
      for (;;) {
        const { pairs, loc } = await this.scanStep(cur, hi, false, batch, keyOnly, bo);
        yield* pairs;
        const last = pairs[pairs.length - 1];
        if (pairs.length >= batch && last) {
          cur = Buffer.concat([last.key, Buffer.of(0)]);
          continue;
        }
        const next = regionUserEnd('txn', loc.region);
        if (next === undefined || (hi !== undefined && compareBytes(next, hi) >= 0)) return;
        cur = next;
      }
    } else {
      let curEnd: Buffer | undefined = hi;
      for (;;) {
        const { pairs, loc } = await this.scanStep(lo, curEnd, true, batch, keyOnly, bo);
        yield* pairs;
        const last = pairs[pairs.length - 1];
        if (pairs.length >= batch && last) {
          curEnd = Buffer.from(last.key);
          continue;
        }
        const prev = regionUserStart('txn', loc.region);
        if (prev.length === 0 || compareBytes(prev, lo) <= 0) return;
        curEnd = prev;
      }
    }
  }

  /** One request: the first (or, reversed, last) `limit` pairs of [start, end) in the region
   *  holding `start` (or the keys just below `end`), after resolving any lock in the way. */
  private async scanStep(
    start: Buffer,
    end: Buffer | undefined,
    reverse: boolean,
    limit: number,
    keyOnly: boolean,
    bo: Backoffer,
  ): Promise<{ pairs: KvPair[]; loc: RegionLocation }> {
    const build: BuildCall<ScanOut> = (context, l) => (c, o, cb) => {
      const r = clipToRegion('txn', l.region, start, end);
      return c.KvScan({ context, start_key: r.start, end_key: wireEnd(r.end), limit, version: String(this.ts), key_only: keyOnly, reverse }, o, cb);
    };
    for (;;) {
      const sent = reverse
        ? await this.deps.sender.sendToRegionEnd<ScanOut>(internalRange('txn', start, end).end, txnKey(start), build, bo, { resolvedLocks: this.resolvedLocks })
        : await this.deps.sender.sendToRegion<ScanOut>(txnKey(start), build, bo, { resolvedLocks: this.resolvedLocks });
      const { res, loc } = sent;
      const locks: LockInfo[] = [];
      if (res.error) locks.push(lockOf(res.error));
      for (const p of res.pairs) if (p.error) locks.push(lockOf(p.error));
      if (locks.length > 0) {
        await this.resolve(locks, bo);
        continue;
      }
      return { pairs: res.pairs.map((p) => ({ key: p.key, value: p.value })), loc };
    }
  }
}

function dedupe(keys: readonly Uint8Array[]): Uint8Array[] {
  const seen = new Set<string>();
  const out: Uint8Array[] = [];
  for (const k of keys) {
    const s = Buffer.from(k).toString('latin1');
    if (!seen.has(s)) {
      seen.add(s);
      out.push(k);
    }
  }
  return out;
}
