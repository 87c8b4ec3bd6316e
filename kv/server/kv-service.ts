// The gRPC Kv service of one store: decodes each request, routes it through the region check,
// runs it against the RawStore or TxnStore, and encodes the answer. This is the edge where typed
// errors become wire errors, exactly once:
//
//   region errors (NotLeader, EpochNotMatch, …)  → response.region_error (client retries)
//   transactional errors (KeyIsLocked, …)        → response.error / errors (KeyError)
//   raw API failures                             → response.error (string)
//   coprocessor: a lock in the way               → response.locked; a task that cannot run → other_error
//   malformed requests (and DAGs)                → gRPC INVALID_ARGUMENT
//   anything else                                → gRPC INTERNAL, logged; the process lives on
//
// User keys become internal keys here ("r"/"x" + key) and go back to user keys in answers.
import * as grpc from '@grpc/grpc-js';
import type { Histogram, Counter } from 'prom-client';
import { errorMessage, StrataError } from '../../util/errors.js';
import { InvalidDag } from '../cop-types.js';
import type { CoprocessorEndpoint } from '../coprocessor/index.js';
import type { Logger } from '../../util/logger.js';
import { fromInternal, internalRange, toInternal, type Keyspace, type Region } from '../meta.js';
import type { KeyIsLocked } from '../mvcc/errors.js';
import type { TxnStore } from '../mvcc/index.js';
import type { KvHandlers } from '../proto/generated/strata/kv/Kv.js';
import type { Context__Output } from '../proto/generated/strata/kv/Context.js';
import type { KeyError } from '../proto/generated/strata/kv/KeyError.js';
import type { LockInfo as PbLockInfo } from '../proto/generated/strata/kv/LockInfo.js';
import { dagFromPb, summaryToPb } from '../proto/cop-convert.js';
import { epochFromPb, keyErrorToPb, lockInfoToPb, regionErrorToPb, regionToPb, ts } from '../proto/convert.js';
import type { RawStore } from '../raw/index.js';
import { RegionError } from '../region-errors.js';
import type { Mutation, TimeStamp } from '../txn-types.js';
import { InvalidRequest, MAX_KEY_SIZE } from './errors.js';
import { batchCommandsHandler, type BatchStreams } from './batch-commands.js';
import type { RegionRouter, RegionSplitter } from './raft-mode.js';
import { clipToRegion } from './region-registry.js';

export interface KvServiceDeps {
  /** The routing check: the single-copy registry, or the raftstore's router in raft mode. */
  readonly regions: RegionRouter;
  readonly raw: RawStore;
  readonly txn: TxnStore;
  readonly splitter: RegionSplitter;
  readonly cop: CoprocessorEndpoint;
  readonly log: Logger;
  /** Raft mode: the stores of one request, whose writes go through that region's raft log. Passed
   *  explicitly rather than found through an AsyncLocalStorage, which hooks every promise of the
   *  process (~5 % of a store's CPU in the analytic and sysbench profiles). */
  readonly regionStores?: { raw(region: Region): RawStore; txn(region: Region): TxnStore };
  /** Where the open BatchCommands streams are kept, for the server to end them when it stops. */
  readonly batchStreams?: BatchStreams;
  readonly requests: Counter<'command' | 'result'>;
  readonly latency: Histogram<'command'>;
}

type ErrorShape = 'raw' | 'txn' | 'admin' | 'cop';

const user = (k: Uint8Array): Buffer => fromInternal(k);

function stripLock(l: PbLockInfo): PbLockInfo {
  return { ...l, key: user(l.key as Buffer), primary_lock: user(l.primary_lock as Buffer) };
}

/** A KeyError with every key mapped back from the internal keyspace. */
function userKeyError(err: unknown): KeyError | undefined {
  const e = keyErrorToPb(err);
  if (!e) return undefined;
  if (e.locked) return { locked: stripLock(e.locked) };
  if (e.conflict) return { conflict: { ...e.conflict, key: user(e.conflict.key as Buffer), primary: user(e.conflict.primary as Buffer) } };
  if (e.already_exist) return { already_exist: { key: user(e.already_exist.key as Buffer) } };
  if (e.txn_not_found) return { txn_not_found: { ...e.txn_not_found, primary_key: user(e.txn_not_found.primary_key as Buffer) } };
  if (e.txn_lock_not_found) return { txn_lock_not_found: { ...e.txn_lock_not_found, key: user(e.txn_lock_not_found.key as Buffer) } };
  if (e.committed) return { committed: { ...e.committed, key: user(e.committed.key as Buffer) } };
  if (e.commit_ts_expired) return { commit_ts_expired: { ...e.commit_ts_expired, key: user(e.commit_ts_expired.key as Buffer) } };
  return e;
}

function checkKey(key: Uint8Array | undefined, what = 'key'): Buffer {
  if (!key) throw new InvalidRequest(`missing ${what}`);
  if (key.length > MAX_KEY_SIZE) throw new InvalidRequest(`${what} of ${key.length} bytes exceeds the maximum key size ${MAX_KEY_SIZE}`);
  return Buffer.from(key);
}

export function kvService(deps: KvServiceDeps): KvHandlers {
  const { regions, log } = deps;
  // The stores a routed request writes through: in raft mode views whose writes are proposed to
  // that request's region (raft-mode.ts), else the store's own. Reads need no view.
  const rawAt = (region: Region): RawStore => deps.regionStores?.raw(region) ?? deps.raw;
  const txnAt = (region: Region): TxnStore => deps.regionStores?.txn(region) ?? deps.txn;

  /** The routing check; in raft mode it also waits for a linearizable read point and records
   *  the region for the writes the command makes (raft-mode.ts). */
  async function route(ctx: Context__Output | null, internalKeys: readonly Uint8Array[]): Promise<Region> {
    if (!ctx) throw new InvalidRequest('missing context');
    const id = Number(ctx.region_id);
    if (!Number.isSafeInteger(id) || id <= 0) throw new InvalidRequest(`invalid region id ${ctx.region_id}`);
    const region = regions.check(id, ctx.region_epoch ? epochFromPb(ctx.region_epoch) : undefined, internalKeys);
    if (regions.ready) await regions.ready(region);
    return region;
  }

  /** Routes a user-key range of a keyspace: the part inside the region, in internal keys. */
  async function routeRange(ctx: Context__Output | null, space: Keyspace, start: Uint8Array, end: Uint8Array): Promise<{ start: Buffer; end: Buffer; region: Region }> {
    const region = await route(ctx, []);
    const r = internalRange(space, checkKey(start, 'start key'), end.length > 0 ? checkKey(end, 'end key') : undefined);
    const clipped = clipToRegion(region, r.start, r.end);
    if (clipped.end.length > 0 && Buffer.compare(clipped.start, clipped.end) >= 0) {
      await route(ctx, [r.start]); // throws KeyNotInRegion for the range's start
    }
    return { ...clipped, region };
  }

  function bypass(ctx: Context__Output | null): Set<bigint> | undefined {
    if (!ctx || ctx.resolved_locks.length === 0) return undefined;
    return new Set(ctx.resolved_locks.map((s) => BigInt(s)));
  }

  function unary<Req, Res>(command: string, shape: ErrorShape, fn: (req: Req) => Promise<Res>): grpc.handleUnaryCall<Req, Res> {
    return (call, callback) => {
      const end = deps.latency.startTimer({ command });
      fn(call.request).then(
        (res) => {
          end();
          deps.requests.inc({ command, result: 'ok' });
          callback(null, res);
        },
        (err: unknown) => {
          end();
          const regionError = err instanceof RegionError ? regionErrorToPb(err) : undefined;
          if (regionError) {
            deps.requests.inc({ command, result: 'region_error' });
            return callback(null, { region_error: regionError } as Res);
          }
          if (err instanceof InvalidRequest || err instanceof InvalidDag) {
            deps.requests.inc({ command, result: 'invalid' });
            return callback({ code: grpc.status.INVALID_ARGUMENT, details: err.message });
          }
          if (shape === 'cop') {
            const locked = userKeyError(err)?.locked;
            if (locked) {
              deps.requests.inc({ command, result: 'key_error' });
              return callback(null, { locked } as Res);
            }
            if (err instanceof StrataError) {
              deps.requests.inc({ command, result: 'error' });
              return callback(null, { other_error: `${err.code}: ${err.message}` } as Res);
            }
          }
          if (shape === 'txn') {
            const keyError = userKeyError(err);
            if (keyError) {
              deps.requests.inc({ command, result: 'key_error' });
              return callback(null, { error: keyError } as Res);
            }
          }
          deps.requests.inc({ command, result: 'error' });
          log.error({ err, command }, 'request failed');
          if (shape === 'raw') return callback(null, { error: errorMessage(err) } as Res);
          callback({ code: grpc.status.INTERNAL, details: `${command}: ${errorMessage(err)}` });
        },
      );
    };
  }

  const rawKey = (k: Uint8Array | undefined): Buffer => toInternal('raw', checkKey(k));
  const txnKey = (k: Uint8Array | undefined): Buffer => toInternal('txn', checkKey(k));
  const version = (v: string, what = 'version'): TimeStamp => {
    const t = ts(v);
    if (t === 0n) throw new InvalidRequest(`missing ${what}`);
    return t;
  };

  const handlers: KvHandlers = {
    // ------------------------------------------------------------ raw
    RawGet: unary('raw_get', 'raw', async (req) => {
      const key = rawKey(req.key);
      await route(req.context, [key]);
      const value = await deps.raw.get(key);
      return value === undefined ? { not_found: true } : { value };
    }),
    RawBatchGet: unary('raw_batch_get', 'raw', async (req) => {
      const keys = req.keys.map(rawKey);
      await route(req.context, keys);
      const pairs = await deps.raw.batchGet(keys);
      return { pairs: pairs.map((p) => ({ key: user(p.key), value: p.value })) };
    }),
    RawPut: unary('raw_put', 'raw', async (req) => {
      const key = rawKey(req.key);
      const region = await route(req.context, [key]);
      await rawAt(region).put(key, req.value, Number(req.ttl));
      return {};
    }),
    RawBatchPut: unary('raw_batch_put', 'raw', async (req) => {
      const pairs = req.pairs.map((p) => ({ key: rawKey(p.key), value: p.value }));
      const region = await route(
        req.context,
        pairs.map((p) => p.key),
      );
      await rawAt(region).batchPut(pairs, Number(req.ttl));
      return {};
    }),
    RawDelete: unary('raw_delete', 'raw', async (req) => {
      const key = rawKey(req.key);
      const region = await route(req.context, [key]);
      await rawAt(region).delete(key);
      return {};
    }),
    RawBatchDelete: unary('raw_batch_delete', 'raw', async (req) => {
      const keys = req.keys.map(rawKey);
      const region = await route(req.context, keys);
      await rawAt(region).batchDelete(keys);
      return {};
    }),
    RawScan: unary('raw_scan', 'raw', async (req) => {
      const r = await routeRange(req.context, 'raw', req.start_key, req.end_key);
      const limit = req.limit > 0 ? req.limit : 1024;
      const kvs = await deps.raw.scan({ lower: r.start, upper: r.end, limit, keyOnly: req.key_only, reverse: req.reverse });
      return { kvs: kvs.map((p) => ({ key: user(p.key), value: p.value })) };
    }),
    RawDeleteRange: unary('raw_delete_range', 'raw', async (req) => {
      const r = await routeRange(req.context, 'raw', req.start_key, req.end_key);
      await rawAt(r.region).deleteRange(r.start, r.end);
      return {};
    }),
    RawCompareAndSwap: unary('raw_cas', 'raw', async (req) => {
      const key = rawKey(req.key);
      const region = await route(req.context, [key]);
      const r = await rawAt(region).compareAndSwap(key, req.previous_not_exist ? undefined : req.previous_value, req.value, Number(req.ttl));
      return r.previous === undefined
        ? { succeed: r.succeed, previous_not_exist: true }
        : { succeed: r.succeed, previous_not_exist: false, previous_value: r.previous };
    }),

    // ------------------------------------------------------------ transactional
    KvGet: unary('kv_get', 'txn', async (req) => {
      const key = txnKey(req.key);
      await route(req.context, [key]);
      const value = await deps.txn.get(key, version(req.version), { bypassLocks: bypass(req.context) });
      return value === undefined ? { not_found: true } : { value };
    }),
    KvBatchGet: unary('kv_batch_get', 'txn', async (req) => {
      const keys = req.keys.map(txnKey);
      await route(req.context, keys);
      const r = await deps.txn.batchGet(keys, version(req.version), { bypassLocks: bypass(req.context) });
      return {
        pairs: [
          ...r.pairs.map((p) => ({ key: user(p.key), value: p.value })),
          ...r.locked.map((e: KeyIsLocked) => ({ key: user(e.lock.key), error: userKeyError(e) ?? null })),
        ],
      };
    }),
    KvScan: unary('kv_scan', 'txn', async (req) => {
      const r = await routeRange(req.context, 'txn', req.start_key, req.end_key);
      const pairs = await deps.txn.scan({
        lower: r.start,
        upper: r.end.length > 0 ? r.end : undefined,
        readTs: version(req.version),
        limit: req.limit > 0 ? req.limit : 1024,
        keyOnly: req.key_only,
        reverse: req.reverse,
        bypassLocks: bypass(req.context),
      });
      return { pairs: pairs.map((p) => ({ key: user(p.key), value: p.value })) };
    }),
    KvPrewrite: unary('kv_prewrite', 'txn', async (req) => {
      const mutations: Mutation[] = req.mutations.map((m) => {
        const key = txnKey(m.key);
        switch (m.op) {
          case 'PUT':
            return { op: 'put', key, value: m.value };
          case 'INSERT':
            return { op: 'insert', key, value: m.value };
          case 'DEL':
            return { op: 'delete', key };
          case 'LOCK':
            return { op: 'lock', key };
          case 'CHECK_NOT_EXISTS':
            return { op: 'check-not-exists', key };
          default:
            throw new InvalidRequest(`unknown mutation op ${String(m.op)}`);
        }
      });
      if (mutations.length === 0) throw new InvalidRequest('prewrite without mutations');
      const region = await route(
        req.context,
        mutations.map((m) => m.key),
      );
      try {
        const r = await txnAt(region).prewrite(mutations, {
          startTs: version(req.start_version, 'start_version'),
          primary: txnKey(req.primary_lock),
          ttl: Number(req.lock_ttl),
          txnSize: Number(req.txn_size),
          minCommitTs: ts(req.min_commit_ts),
        });
        return { errors: r.locked.map((e) => userKeyError(e) as KeyError) };
      } catch (err) {
        const e = userKeyError(err);
        if (e) return { errors: [e] };
        throw err;
      }
    }),
    KvCommit: unary('kv_commit', 'txn', async (req) => {
      const keys = req.keys.map(txnKey);
      const region = await route(req.context, keys);
      const commitTs = version(req.commit_version, 'commit_version');
      await txnAt(region).commit(keys, version(req.start_version, 'start_version'), commitTs);
      return { commit_version: String(commitTs) };
    }),
    KvBatchRollback: unary('kv_batch_rollback', 'txn', async (req) => {
      const keys = req.keys.map(txnKey);
      const region = await route(req.context, keys);
      await txnAt(region).rollback(keys, version(req.start_version, 'start_version'));
      return {};
    }),
    KvCleanup: unary('kv_cleanup', 'txn', async (req) => {
      const key = txnKey(req.key);
      const region = await route(req.context, [key]);
      await txnAt(region).cleanup(key, version(req.start_version, 'start_version'), ts(req.current_ts));
      return {};
    }),
    KvCheckTxnStatus: unary('kv_check_txn_status', 'txn', async (req) => {
      const primary = txnKey(req.primary_key);
      const region = await route(req.context, [primary]);
      const status = await txnAt(region).checkTxnStatus({
        primary,
        lockTs: version(req.lock_ts, 'lock_ts'),
        callerStartTs: ts(req.caller_start_ts),
        currentTs: ts(req.current_ts),
        rollbackIfNotExist: req.rollback_if_not_exist,
      });
      switch (status.kind) {
        case 'locked':
          return {
            lock_ttl: String(status.ttl),
            action: status.minCommitTsPushed ? 'MIN_COMMIT_TS_PUSHED' : 'NO_ACTION',
            lock_info: stripLock(lockInfoToPb(status.lock)),
          };
        case 'committed':
          return { commit_version: String(status.commitTs), action: 'NO_ACTION' };
        case 'rolled-back':
          return {
            action: status.action === 'ttl-expired' ? 'TTL_EXPIRE_ROLLBACK' : status.action === 'lock-not-exist' ? 'LOCK_NOT_EXIST_ROLLBACK' : 'NO_ACTION',
          };
      }
    }),
    KvResolveLock: unary('kv_resolve_lock', 'txn', async (req) => {
      const startTs = version(req.start_version, 'start_version');
      const commitTs = ts(req.commit_version);
      if (req.keys.length > 0) {
        const keys = req.keys.map(txnKey);
        const region = await route(req.context, keys);
        await txnAt(region).resolveLock(startTs, commitTs, { keys });
      } else {
        const r = await routeRange(req.context, 'txn', Buffer.alloc(0), Buffer.alloc(0));
        await txnAt(r.region).resolveLock(startTs, commitTs, { lower: r.start, upper: r.end.length > 0 ? r.end : undefined });
      }
      return {};
    }),
    KvTxnHeartBeat: unary('kv_txn_heart_beat', 'txn', async (req) => {
      const primary = txnKey(req.primary_lock);
      const region = await route(req.context, [primary]);
      const ttl = await txnAt(region).txnHeartBeat(primary, version(req.start_version, 'start_version'), Number(req.advise_lock_ttl));
      return { lock_ttl: String(ttl) };
    }),
    KvScanLock: unary('kv_scan_lock', 'txn', async (req) => {
      const r = await routeRange(req.context, 'txn', req.start_key, req.end_key);
      const locks = await deps.txn.scanLock(ts(req.max_version), r.start, r.end.length > 0 ? r.end : undefined, req.limit > 0 ? req.limit : 1024);
      return { locks: locks.map((l) => stripLock(lockInfoToPb(l))) };
    }),
    KvGC: unary('kv_gc', 'txn', async (req) => {
      const r = await routeRange(req.context, 'txn', Buffer.alloc(0), Buffer.alloc(0));
      await txnAt(r.region).gc(ts(req.safe_point), r.start, r.end.length > 0 ? r.end : undefined);
      return {};
    }),

    // ------------------------------------------------------------ coprocessor
    Coprocessor: unary('coprocessor', 'cop', async (req) => {
      const startTs = version(req.start_ts, 'start_ts');
      if (req.ranges.length === 0) throw new InvalidRequest('coprocessor request without key ranges');
      const dag = dagFromPb(req.dag);
      const ranges: { start: Buffer; end: Buffer }[] = [];
      for (const r of req.ranges) ranges.push(await routeRange(req.context, 'txn', r.start_key, r.end_key));
      for (let i = 1; i < ranges.length; i++) {
        const prev = ranges[i - 1] as { end: Buffer };
        if (prev.end.length === 0 || Buffer.compare(prev.end, (ranges[i] as { start: Buffer }).start) > 0) {
          throw new InvalidRequest('coprocessor key ranges must be ascending and must not overlap');
        }
      }
      const res = await deps.cop.handle({ startTs, ranges, dag, pagingSize: Number(req.paging_size), bypassLocks: bypass(req.context) });
      return {
        data: res.data,
        summaries: res.summaries.map(summaryToPb),
        has_more: res.hasMore,
        last_key: res.lastKey ? user(res.lastKey) : Buffer.alloc(0),
        scanned_rows: String(res.scannedRows),
      };
    }),

    // ------------------------------------------------------------ admin
    SplitRegion: unary('split_region', 'admin', async (req) => {
      const region = await route(req.context, []);
      const keys = req.split_keys.map((k) => checkKey(k, 'split key'));
      const result = await deps.splitter.split(region, keys);
      return { regions: result.map(regionToPb) };
    }),

    // ------------------------------------------------------------ many of the above on one stream
    BatchCommands: (call) => batchCommands(call),
  };
  const batchCommands = batchCommandsHandler(handlers, log, deps.batchStreams);
  return handlers;
}
