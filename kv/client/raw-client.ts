// The raw key-value API: no transactions, no versions, last write wins. Keys and values are
// bytes of the raw keyspace ("r" + key inside the stores), which the transactional API never
// sees. Every call is routed through the region cache; batch calls split their keys by region and
// send the parts in parallel; scans and range deletes walk the regions of their range in key
// order (or in reverse), one request per region, until the limit is reached.
import { compareBytes } from '../../util/bytes.js';
import { internalRange, toInternal } from '../meta.js';
import type { RawBatchDeleteResponse__Output as RawBatchDeleteOut } from '../proto/generated/strata/kv/RawBatchDeleteResponse.js';
import type { RawBatchGetResponse__Output as RawBatchGetOut } from '../proto/generated/strata/kv/RawBatchGetResponse.js';
import type { RawBatchPutResponse__Output as RawBatchPutOut } from '../proto/generated/strata/kv/RawBatchPutResponse.js';
import type { RawCASResponse__Output as RawCASOut } from '../proto/generated/strata/kv/RawCASResponse.js';
import type { RawDeleteRangeResponse__Output as RawDeleteRangeOut } from '../proto/generated/strata/kv/RawDeleteRangeResponse.js';
import type { RawDeleteResponse__Output as RawDeleteOut } from '../proto/generated/strata/kv/RawDeleteResponse.js';
import type { RawGetResponse__Output as RawGetOut } from '../proto/generated/strata/kv/RawGetResponse.js';
import type { RawPutResponse__Output as RawPutOut } from '../proto/generated/strata/kv/RawPutResponse.js';
import type { RawScanResponse__Output as RawScanOut } from '../proto/generated/strata/kv/RawScanResponse.js';
import type { KvPair } from '../txn-types.js';
import { Backoffer } from './backoff.js';
import { KvServerError } from './errors.js';
import { clipToRegion, regionUserEnd, regionUserStart, userEnd, wireEnd } from './key-range.js';
import type { RegionRequestSender } from './region-request.js';

/** Raw writes are not idempotent in time: never re-sent after a failure that may have reached the
 *  store (WriteResultUndetermined), or a retry could land after another client's write. */
const ONCE = { idempotent: false } as const;

export interface RawClientOptions {
  /** Retry budget of one call (ms). */
  readonly backoffBudgetMs?: number;
}

export interface RawScanOptions {
  /** Largest keys first (the range is still [start, end)). */
  readonly reverse?: boolean | undefined;
  /** Return keys with empty values. */
  readonly keyOnly?: boolean | undefined;
}

export interface PutOptions {
  /** Seconds until the value expires; 0 or absent = never. */
  readonly ttl?: number | undefined;
}

export interface CasResult {
  readonly succeeded: boolean;
  /** The value found before the call (undefined = the key did not exist). */
  readonly previous: Buffer | undefined;
}

/** Most keys asked of one region in one scan request. */
const SCAN_BATCH = 10_240;

const rawKey = (k: Uint8Array): Buffer => toInternal('raw', k);
const empty = Buffer.alloc(0);

function check(res: { error: string }): void {
  if (res.error) throw new KvServerError(res.error);
}

export class RawClient {
  private readonly budgetMs: number;

  constructor(
    private readonly sender: RegionRequestSender,
    options: RawClientOptions = {},
  ) {
    this.budgetMs = options.backoffBudgetMs ?? 20_000;
  }

  private bo(): Backoffer {
    return new Backoffer({ budgetMs: this.budgetMs });
  }

  async get(key: Uint8Array): Promise<Buffer | undefined> {
    const { res } = await this.sender.sendToRegion<RawGetOut>(rawKey(key), (context) => (c, o, cb) => c.RawGet({ context, key }, o, cb), this.bo());
    check(res);
    return res.not_found ? undefined : res.value;
  }

  /** The pairs that exist, in the order of `keys` (duplicates once). */
  async batchGet(keys: readonly Uint8Array[]): Promise<KvPair[]> {
    const results = await this.sender.sendBatch<Uint8Array, RawBatchGetOut>(keys, rawKey, (context, _loc, part) => (c, o, cb) => c.RawBatchGet({ context, keys: part }, o, cb), this.bo());
    const found = new Map<string, Buffer>();
    for (const r of results) {
      check(r.res);
      for (const p of r.res.pairs) found.set(p.key.toString('latin1'), p.value);
    }
    const out: KvPair[] = [];
    const seen = new Set<string>();
    for (const k of keys) {
      const s = Buffer.from(k).toString('latin1');
      const v = found.get(s);
      if (v !== undefined && !seen.has(s)) {
        seen.add(s);
        out.push({ key: Buffer.from(k), value: v });
      }
    }
    return out;
  }

  async put(key: Uint8Array, value: Uint8Array, options: PutOptions = {}): Promise<void> {
    const ttl = String(options.ttl ?? 0);
    const { res } = await this.sender.sendToRegion<RawPutOut>(rawKey(key), (context) => (c, o, cb) => c.RawPut({ context, key, value, ttl }, o, cb), this.bo(), ONCE);
    check(res);
  }

  async batchPut(pairs: readonly KvPair[], options: PutOptions = {}): Promise<void> {
    const ttl = String(options.ttl ?? 0);
    const results = await this.sender.sendBatch<KvPair, RawBatchPutOut>(
      pairs,
      (p) => rawKey(p.key),
      (context, _loc, part) => (c, o, cb) => c.RawBatchPut({ context, pairs: part.map((p) => ({ key: p.key, value: p.value })), ttl }, o, cb),
      this.bo(),
      ONCE,
    );
    for (const r of results) check(r.res);
  }

  async delete(key: Uint8Array): Promise<void> {
    const { res } = await this.sender.sendToRegion<RawDeleteOut>(rawKey(key), (context) => (c, o, cb) => c.RawDelete({ context, key }, o, cb), this.bo(), ONCE);
    check(res);
  }

  async batchDelete(keys: readonly Uint8Array[]): Promise<void> {
    const results = await this.sender.sendBatch<Uint8Array, RawBatchDeleteOut>(keys, rawKey, (context, _loc, part) => (c, o, cb) => c.RawBatchDelete({ context, keys: part }, o, cb), this.bo(), ONCE);
    for (const r of results) check(r.res);
  }

  /** Up to `limit` pairs with keys in [start, end) (empty end = to the end), across regions, in
   *  ascending key order, or descending with `reverse`. */
  async scan(start: Uint8Array | undefined, end: Uint8Array | undefined, limit: number, options: RawScanOptions = {}): Promise<KvPair[]> {
    const out: KvPair[] = [];
    const lo = Buffer.from(start ?? empty);
    const hi = userEnd(end);
    const keyOnly = options.keyOnly ?? false;
    const bo = this.bo();
    if (limit <= 0 || (hi !== undefined && compareBytes(lo, hi) >= 0)) return out;
    if (!options.reverse) {
      let cur: Buffer = lo;
      for (;;) {
        const want = Math.min(SCAN_BATCH, limit - out.length);
        const { res, loc } = await this.sender.sendToRegion<RawScanOut>(
          rawKey(cur),
          (context, l) => {
            const r = clipToRegion('raw', l.region, cur, hi);
            return (c, o, cb) => c.RawScan({ context, start_key: r.start, end_key: wireEnd(r.end), limit: want, key_only: keyOnly, reverse: false }, o, cb);
          },
          bo,
        );
        check(res);
        for (const p of res.kvs) out.push({ key: p.key, value: p.value });
        if (out.length >= limit) break;
        if (res.kvs.length >= want) {
          // The region may hold more: continue after the last key.
          const last = res.kvs[res.kvs.length - 1];
          if (last) {
            cur = Buffer.concat([last.key, Buffer.of(0)]);
            continue;
          }
        }
        const next = regionUserEnd('raw', loc.region);
        if (next === undefined || (hi !== undefined && compareBytes(next, hi) >= 0)) break;
        cur = next;
      }
    } else {
      let curEnd: Buffer | undefined = hi;
      const lower = toInternal('raw', lo);
      for (;;) {
        const want = Math.min(SCAN_BATCH, limit - out.length);
        const boundEnd = curEnd;
        const { res, loc } = await this.sender.sendToRegionEnd<RawScanOut>(
          internalRange('raw', lo, boundEnd).end,
          lower,
          (context, l) => {
            const r = clipToRegion('raw', l.region, lo, boundEnd);
            return (c, o, cb) => c.RawScan({ context, start_key: r.start, end_key: wireEnd(r.end), limit: want, key_only: keyOnly, reverse: true }, o, cb);
          },
          bo,
        );
        check(res);
        for (const p of res.kvs) out.push({ key: p.key, value: p.value });
        if (out.length >= limit) break;
        if (res.kvs.length >= want) {
          const last = res.kvs[res.kvs.length - 1];
          if (last) {
            curEnd = last.key;
            continue;
          }
        }
        const prev = regionUserStart('raw', loc.region);
        if (prev.length === 0 || compareBytes(prev, lo) <= 0) break;
        curEnd = prev;
      }
    }
    return out;
  }

  /** Deletes every key in [start, end) (empty end = to the end), region by region. */
  async deleteRange(start: Uint8Array | undefined, end: Uint8Array | undefined): Promise<void> {
    const lo = Buffer.from(start ?? empty);
    const hi = userEnd(end);
    const bo = this.bo();
    let cur: Buffer = lo;
    while (hi === undefined || compareBytes(cur, hi) < 0) {
      const { res, loc } = await this.sender.sendToRegion<RawDeleteRangeOut>(
        rawKey(cur),
        (context, l) => {
          const r = clipToRegion('raw', l.region, cur, hi);
          return (c, o, cb) => c.RawDeleteRange({ context, start_key: r.start, end_key: wireEnd(r.end) }, o, cb);
        },
        bo,
        ONCE,
      );
      check(res);
      const next = regionUserEnd('raw', loc.region);
      if (next === undefined) break;
      cur = next;
    }
  }

  /** Sets key to value iff its current value equals `previous` (undefined: iff it is absent).
   *  Returns whether it did, and the value it found. */
  async compareAndSwap(key: Uint8Array, previous: Uint8Array | undefined, value: Uint8Array, options: PutOptions = {}): Promise<CasResult> {
    const ttl = String(options.ttl ?? 0);
    const { res } = await this.sender.sendToRegion<RawCASOut>(
      rawKey(key),
      (context) => (c, o, cb) =>
        c.RawCompareAndSwap(
          { context, key, value, ttl, previous_not_exist: previous === undefined, previous_value: previous ?? empty },
          o,
          cb,
        ),
      this.bo(),
      ONCE,
    );
    check(res);
    return { succeeded: res.succeed, previous: res.previous_not_exist ? undefined : res.previous_value };
  }
}
