// The lock resolver: what a reader or writer does when another transaction's lock is in its way.
//
// Percolator keeps a transaction's fate on its primary key, so the resolver asks the primary
// (CheckTxnStatus) and acts on the answer:
//
//   committed at c      → ResolveLock(commit c) the locks met: roll the txn forward
//   rolled back         → ResolveLock(rollback) the locks met
//   alive, min_commit_ts pushed past the reader's start_ts
//                       → the reader may ignore the txn's locks: its commit_ts will be larger.
//                         The caller adds the txn to Context.resolved_locks and retries
//   alive otherwise     → wait: the caller backs off for up to msBeforeExpired (the TTL left)
//
// CheckTxnStatus carries current_ts from PD so the store can roll back a primary whose TTL ran
// out (a crashed client's transaction never blocks anyone for longer than its TTL). When the
// primary has no lock and no record yet, the lock met may belong to a transaction whose primary
// prewrite is still on its way: the resolver asks with rollback_if_not_exist only once the lock
// met has outlived its TTL (as TiKV's client does), and until then treats the txn as alive.
//
// Writers (prewrite meeting a lock) pass caller_start_ts 0: a writer cannot ignore a lock, so
// pushing min_commit_ts would only delay the other transaction for nothing.
//
// Finished transactions' fates are remembered (bounded), so a scan meeting many locks of one
// crashed transaction asks its primary once.
import { physicalOf, type TimeStamp } from '../txn-types.js';
import { KeyIsLocked, TxnNotFound, type LockInfo } from '../mvcc/errors.js';
import { toInternal } from '../meta.js';
import { keyErrorFromPb, lockInfoFromPb, ts } from '../proto/convert.js';
import type { CheckTxnStatusResponse__Output as CheckTxnStatusOut } from '../proto/generated/strata/kv/CheckTxnStatusResponse.js';
import type { ResolveLockResponse__Output as ResolveLockOut } from '../proto/generated/strata/kv/ResolveLockResponse.js';
import { logger } from '../../util/logger.js';
import type { Backoffer } from './backoff.js';
import type { PdApi } from './pd-api.js';
import type { RegionRequestSender } from './region-request.js';

const log = logger('kv-client/lock-resolver');

export type TxnStatus =
  | { readonly kind: 'committed'; readonly commitTs: TimeStamp }
  | { readonly kind: 'rolled-back' }
  /** ttl: ms after start_ts's physical time; lock: the primary lock, when the store returned it. */
  | { readonly kind: 'locked'; readonly ttl: number; readonly minCommitTs: TimeStamp; readonly lock: LockInfo | undefined };

export interface ResolveResult {
  /** start_ts of alive txns whose min_commit_ts is now above the caller: their locks may be
   *  ignored by the caller's reads (Context.resolved_locks). */
  readonly pushed: readonly TimeStamp[];
  /** Locks that still block the caller (alive, not pushed). */
  readonly blocking: readonly LockInfo[];
  /** Milliseconds until the first blocking lock's TTL runs out (0 when none blocks). */
  readonly msBeforeExpired: number;
}

const FINISHED_CACHE_SIZE = 2048;

const txnKey = (k: Uint8Array): Buffer => toInternal('txn', k);

export class LockResolver {
  private readonly finished = new Map<bigint, TxnStatus>();
  /** Counters for tests and metrics. */
  readonly stats = { checked: 0, resolved: 0, pushed: 0 };

  constructor(
    private readonly sender: RegionRequestSender,
    private readonly pd: PdApi,
  ) {}

  /** Resolves what can be resolved of the locks a request met; see the header. */
  async resolveLocks(locks: readonly LockInfo[], callerStartTs: TimeStamp, bo: Backoffer): Promise<ResolveResult> {
    if (locks.length === 0) return { pushed: [], blocking: [], msBeforeExpired: 0 };
    const byTxn = new Map<bigint, LockInfo[]>();
    for (const l of locks) {
      const list = byTxn.get(l.startTs);
      if (list) list.push(l);
      else byTxn.set(l.startTs, [l]);
    }
    const currentTs = await this.pd.getTs();
    const pushed: TimeStamp[] = [];
    const blocking: LockInfo[] = [];
    let msBeforeExpired = Number.MAX_SAFE_INTEGER;
    await Promise.all(
      [...byTxn.values()].map(async (txnLocks) => {
        const first = txnLocks[0] as LockInfo;
        const status = await this.statusOf(first, callerStartTs, currentTs, bo.fork());
        if (status.kind === 'locked') {
          if (callerStartTs !== 0n && status.minCommitTs > callerStartTs) {
            pushed.push(first.startTs);
            this.stats.pushed++;
            return;
          }
          blocking.push(...txnLocks);
          const left = physicalOf(first.startTs) + status.ttl - physicalOf(currentTs);
          msBeforeExpired = Math.min(msBeforeExpired, Math.max(0, left));
          return;
        }
        await this.resolveTxnLocks(first.startTs, status.kind === 'committed' ? status.commitTs : (0n as TimeStamp), txnLocks, bo.fork());
      }),
    );
    return { pushed, blocking, msBeforeExpired: blocking.length === 0 ? 0 : msBeforeExpired };
  }

  /** Resolves the locks and, if any still blocks, backs off (for up to the TTL left). Returns the
   *  txns the caller may now ignore. The one-call form readers and writers use. */
  async resolveOrWait(locks: readonly LockInfo[], callerStartTs: TimeStamp, bo: Backoffer): Promise<readonly TimeStamp[]> {
    const r = await this.resolveLocks(locks, callerStartTs, bo);
    const first = r.blocking[0];
    if (first) await bo.backoff('txn-lock', new KeyIsLocked(first), { hintMs: Math.max(1, r.msBeforeExpired) });
    return r.pushed;
  }

  /** The fate of the txn that holds `lock`, from its primary. */
  async statusOf(lock: LockInfo, callerStartTs: TimeStamp, currentTs: TimeStamp, bo: Backoffer): Promise<TxnStatus> {
    const known = this.finished.get(lock.startTs);
    if (known) return known;
    const expired = physicalOf(lock.startTs) + lock.ttl < physicalOf(currentTs);
    let status: TxnStatus;
    try {
      status = await this.checkTxnStatus(lock.primary, lock.startTs, callerStartTs, currentTs, expired, bo);
    } catch (err) {
      // The primary is not written yet and the lock met is still within its TTL: wait.
      if (err instanceof TxnNotFound) return { kind: 'locked', ttl: lock.ttl, minCommitTs: lock.minCommitTs, lock: undefined };
      throw err;
    }
    if (status.kind !== 'locked') this.remember(lock.startTs, status);
    return status;
  }

  /** CheckTxnStatus on a primary key (user key of the txn keyspace). */
  async checkTxnStatus(
    primary: Uint8Array,
    lockTs: TimeStamp,
    callerStartTs: TimeStamp,
    currentTs: TimeStamp,
    rollbackIfNotExist: boolean,
    bo: Backoffer,
  ): Promise<TxnStatus> {
    this.stats.checked++;
    const { res } = await this.sender.sendToRegion<CheckTxnStatusOut>(
      txnKey(primary),
      (context) => (c, o, cb) =>
        c.KvCheckTxnStatus(
          {
            context,
            primary_key: primary,
            lock_ts: String(lockTs),
            caller_start_ts: String(callerStartTs),
            current_ts: String(currentTs),
            rollback_if_not_exist: rollbackIfNotExist,
          },
          o,
          cb,
        ),
      bo,
    );
    if (res.error) throw keyErrorFromPb(res.error);
    const ttl = Number(res.lock_ttl);
    if (ttl > 0) {
      const lock = res.lock_info ? lockInfoFromPb(res.lock_info) : undefined;
      return { kind: 'locked', ttl, minCommitTs: lock?.minCommitTs ?? (0n as TimeStamp), lock };
    }
    const commitTs = ts(res.commit_version);
    if (commitTs !== 0n) return { kind: 'committed', commitTs };
    return { kind: 'rolled-back' };
  }

  /** Commits (commitTs > 0) or rolls back the given locks of one txn, region by region. */
  async resolveTxnLocks(startTs: TimeStamp, commitTs: TimeStamp, locks: readonly LockInfo[], bo: Backoffer): Promise<void> {
    const results = await this.sender.sendBatch<LockInfo, ResolveLockOut>(
      locks,
      (l) => txnKey(l.key),
      (context, _loc, part) => (c, o, cb) =>
        c.KvResolveLock({ context, start_version: String(startTs), commit_version: String(commitTs), keys: part.map((l) => l.key) }, o, cb),
      bo,
    );
    for (const r of results) {
      if (r.res.error) throw keyErrorFromPb(r.res.error);
    }
    this.stats.resolved += locks.length;
    log.debug({ startTs: String(startTs), commitTs: String(commitTs), locks: locks.length }, 'resolved locks');
  }

  private remember(startTs: TimeStamp, status: TxnStatus): void {
    if (this.finished.size >= FINISHED_CACHE_SIZE) {
      const oldest = this.finished.keys().next();
      if (!oldest.done) this.finished.delete(oldest.value);
    }
    this.finished.set(startTs, status);
  }
}
