// Sending a request to the region that holds a key, through every kind of staleness.
//
// The callers (raw client, snapshot reads, 2PC, lock resolver) describe a request as a function
// of the region Context — `(ctx, loc) => (client, opts, cb) => client.KvGet({context: ctx, ...})`
// — and the sender does the routing:
//
//     locate(key) ─► fill Context{region_id, region_epoch, peer, resolved_locks} ─► send
//        ▲                                                                       │
//        └── region error: fix the cache (region-cache.ts), back off if needed ◄─┘
//        └── store unreachable: forget the store's regions, back off            ◄─┘
//
// until a response without a region error comes back or the request's Backoffer runs out
// (RegionUnavailable, naming the region and the last error). Key errors inside the response are
// the caller's business. A batch (keys of many regions) is split by region, the parts go out in
// parallel, and a part that meets a region error is split again against the refreshed cache.
import * as grpc from '@grpc/grpc-js';
import type { Region } from '../meta.js';
import { epochToPb, peerToPb, regionErrorFromPb } from '../proto/convert.js';
import type { Context } from '../proto/generated/strata/kv/Context.js';
import type { RegionError__Output } from '../proto/generated/strata/kv/RegionError.js';
import { EpochNotMatch, KeyNotInRegion, NotLeader, RegionNotFound, ServerIsBusy } from '../region-errors.js';
import type { TimeStamp } from '../txn-types.js';
import { logger } from '../../util/logger.js';
import type { Backoffer } from './backoff.js';
import { KvServerError, PdServerError, RegionMissing, RegionUnavailable, WriteResultUndetermined } from './errors.js';
import type { KvCall, KvTransport } from './kv-connection.js';
import { isServiceError, isUnreachable, statusName } from './grpc-util.js';
import type { RegionCache, RegionLocation } from './region-cache.js';

const log = logger('kv-client/request');

/** Every Kv response carries an optional region error. */
export interface RegionResponse {
  readonly region_error: RegionError__Output | null;
}

export interface SendOptions {
  /** start_ts of transactions whose locks reads may ignore (Context.resolved_locks). */
  readonly resolvedLocks?: Iterable<TimeStamp>;
  /** Per-attempt deadline (ms). */
  readonly timeoutMs?: number;
  /** false for a write that must not be applied twice (raw writes: not idempotent in time): after
   *  a failure that may have reached the store it fails with WriteResultUndetermined instead of
   *  being sent again. Transactional requests are idempotent (same start_ts) and keep retrying. */
  readonly idempotent?: boolean;
}

export type BuildCall<Res> = (ctx: Context, loc: RegionLocation) => KvCall<Res>;

/** Immediate retries (leader switched, epoch refreshed) allowed before backing off anyway. */
const MAX_IMMEDIATE_RETRIES = 8;

export class RegionRequestSender {
  constructor(
    readonly cache: RegionCache,
    readonly pool: KvTransport,
  ) {}

  /** The Context naming a region for a request. */
  context(loc: RegionLocation, resolvedLocks?: Iterable<TimeStamp>): Context {
    const ctx: Context = { region_id: String(loc.region.id), region_epoch: epochToPb(loc.region.epoch), peer: peerToPb(loc.leader) };
    if (resolvedLocks) {
      const locks = [...resolvedLocks].map(String);
      if (locks.length > 0) ctx.resolved_locks = locks;
    }
    return ctx;
  }

  /** Locates the region of an internal key, backing off while PD knows none. */
  async locate(key: Uint8Array, bo: Backoffer): Promise<RegionLocation> {
    return this.withLocateRetry(() => this.cache.locate(key), bo);
  }

  /** Sends a request to the region holding `key` (internal). */
  sendToRegion<Res extends RegionResponse>(key: Uint8Array, build: BuildCall<Res>, bo: Backoffer, options: SendOptions = {}): Promise<{ res: Res; loc: RegionLocation }> {
    return this.sendLocated(() => this.cache.locate(key), build, bo, options);
  }

  /** Sends a request to the region holding the keys just below `end` (internal, exclusive). */
  sendToRegionEnd<Res extends RegionResponse>(
    end: Uint8Array,
    lowerBound: Uint8Array,
    build: BuildCall<Res>,
    bo: Backoffer,
    options: SendOptions = {},
  ): Promise<{ res: Res; loc: RegionLocation }> {
    return this.sendLocated(() => this.cache.locateEndKey(end, lowerBound), build, bo, options);
  }

  /** Splits items by region (of `keyOf(item)`, an internal key), sends one request per region
   *  (at most `maxBatch` items each) in parallel, re-splitting parts that meet region errors.
   *  Results come back in key order of the groups. */
  async sendBatch<T, Res extends RegionResponse>(
    items: readonly T[],
    keyOf: (item: T) => Uint8Array,
    build: (ctx: Context, loc: RegionLocation, items: T[]) => KvCall<Res>,
    bo: Backoffer,
    options: SendOptions & { maxBatch?: number } = {},
  ): Promise<{ items: T[]; res: Res; loc: RegionLocation }[]> {
    if (items.length === 0) return [];
    const groups = await this.withLocateRetry(() => this.cache.groupByRegion(items, keyOf), bo);
    const maxBatch = options.maxBatch ?? 4096;
    const parts: { loc: RegionLocation; items: T[] }[] = [];
    for (const g of groups) {
      for (let i = 0; i < g.items.length; i += maxBatch) parts.push({ loc: g.loc, items: g.items.slice(i, i + maxBatch) });
    }
    const results = await Promise.all(
      parts.map(async (p) => {
        const branch = parts.length > 1 ? bo.fork() : bo;
        const res = await this.sendOnce(p.loc, (ctx, loc) => build(ctx, loc, p.items), branch, options, { immediate: 0 });
        if (res !== undefined) return [{ items: p.items, res, loc: p.loc }];
        return this.sendBatch(p.items, keyOf, build, branch, options);
      }),
    );
    return results.flat();
  }

  // ---------------------------------------------------------------- internals

  private async sendLocated<Res extends RegionResponse>(
    locate: () => Promise<RegionLocation>,
    build: BuildCall<Res>,
    bo: Backoffer,
    options: SendOptions,
  ): Promise<{ res: Res; loc: RegionLocation }> {
    const state = { immediate: 0 };
    for (;;) {
      const loc = await this.withLocateRetry(locate, bo);
      const res = await this.sendOnce(loc, build, bo, options, state);
      if (res !== undefined) return { res, loc };
    }
  }

  private async withLocateRetry<R>(locate: () => Promise<R>, bo: Backoffer): Promise<R> {
    for (;;) {
      try {
        return await locate();
      } catch (err) {
        if (!(err instanceof RegionMissing) && !(err instanceof PdServerError)) throw err;
        await bo.backoff('region-miss', err, { onExhausted: (cause, ms) => new RegionUnavailable(undefined, cause, ms) });
      }
    }
  }

  /** One attempt. Returns the response, or undefined after handling a region error or an
   *  unreachable store (cache fixed, backoff slept): the caller locates again and retries. */
  private async sendOnce<Res extends RegionResponse>(
    loc: RegionLocation,
    build: BuildCall<Res>,
    bo: Backoffer,
    options: SendOptions,
    state: { immediate: number },
  ): Promise<Res | undefined> {
    const unavailable = (cause: unknown, ms: number): Error => new RegionUnavailable(loc.region.id, cause, ms);
    let res: Res;
    try {
      res = await this.pool.call(loc.storeAddress, build(this.context(loc, options.resolvedLocks), loc), options.timeoutMs);
    } catch (err) {
      if (isUnreachable(err)) {
        if (options.idempotent === false && mayHaveArrived(err)) throw new WriteResultUndetermined(loc.region.id, err);
        log.debug({ store: loc.leader.storeId, address: loc.storeAddress, err: (err as Error).message }, 'store unreachable');
        this.cache.onStoreUnreachable(loc.leader.storeId);
        await bo.backoff('store-unreachable', err, { onExhausted: unavailable });
        return undefined;
      }
      if (isServiceError(err)) {
        throw new KvServerError(`store ${loc.storeAddress}: ${statusName(err.code)}: ${err.details || err.message}`, err.code);
      }
      throw err;
    }
    if (!res.region_error) return res;
    const re = regionErrorFromPb(res.region_error);
    const immediate = async (): Promise<void> => {
      if (++state.immediate > MAX_IMMEDIATE_RETRIES) await bo.backoff('region-miss', re, { onExhausted: unavailable });
    };
    if (re instanceof NotLeader) {
      if (this.cache.onNotLeader(loc.region.id, re.leader, loc.leader.storeId)) await immediate();
      else await bo.backoff('not-leader', re, { onExhausted: unavailable });
    } else if (re instanceof EpochNotMatch) {
      if (this.cache.onEpochNotMatch(loc.region.id, re.currentRegions as Region[], loc.leader.storeId)) await immediate();
      else await bo.backoff('region-miss', re, { onExhausted: unavailable });
    } else if (re instanceof RegionNotFound || re instanceof KeyNotInRegion) {
      this.cache.invalidate(loc.region.id);
      await bo.backoff('region-miss', re, { onExhausted: unavailable });
    } else if (re instanceof ServerIsBusy) {
      await bo.backoff('server-busy', re, { hintMs: re.backoffMs, onExhausted: unavailable });
    } else {
      this.cache.invalidate(loc.region.id);
      await bo.backoff('region-miss', re, { onExhausted: unavailable });
    }
    return undefined;
  }
}

/** Whether a request that failed as unreachable may still have reached the store: only a refused
 *  connection (the request was never written) is certainly not. */
function mayHaveArrived(err: unknown): boolean {
  if (!isServiceError(err) || err.code !== grpc.status.UNAVAILABLE) return true;
  return !/ECONNREFUSED|No connection established|Failed to connect|ENOTFOUND/i.test(`${err.details} ${err.message}`);
}
