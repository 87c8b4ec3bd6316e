// Percolator two-phase commit of one transaction's buffered mutations, as TiKV's client does it.
//
//   1. prewrite   mutations split by region, every part in parallel (the primary's part too):
//                 each key gets a lock naming the primary (= the first key in sorted order).
//                 Locks of other txns met → lock resolver, then that part again.
//                 WriteConflict / AlreadyExist / anything else → roll back every key
//                 (BatchRollback), throw the typed error.
//   2. commit_ts  from PD, after every prewrite succeeded.
//   3. primary    commit the primary key alone: THE commit point. CommitTsExpired (a reader
//                 pushed min_commit_ts) → a newer commit_ts, again. TxnLockNotFound → a resolver
//                 rolled the txn back after its TTL: throw. No answer → CommitResultUndetermined.
//   4. secondaries committed in the background, region by region; failures are only logged:
//                 the primary's commit record decides, and readers roll the locks forward.
//
// Lock TTL: locks expire `lockTtlMs` after the moment of prewrite, measured from start_ts's
// physical time (so a txn that idled before committing does not prewrite already-expired locks).
// While the txn is between prewrite and the primary's commit, a heartbeat (TxnHeartBeat on the
// primary) keeps raising the TTL, so a slow commit is not mistaken for a crashed client.
//
// Failpoints: "2pc-after-prewrite" (every key locked, nothing committed) and
// "2pc-after-primary-commit" (committed, secondaries still locked). A test that pauses or kills
// the process there leaves exactly the locks a crashed client would.
import { physicalOf, type TimeStamp } from '../txn-types.js';
import { AlreadyExist, CommitTsExpired, KeyIsLocked, TxnLockNotFound, TxnNotFound, WriteConflict, type LockInfo } from '../mvcc/errors.js';
import { toInternal } from '../meta.js';
import { keyErrorFromPb } from '../proto/convert.js';
import type { BatchRollbackResponse__Output as BatchRollbackOut } from '../proto/generated/strata/kv/BatchRollbackResponse.js';
import type { CommitResponse__Output as CommitOut } from '../proto/generated/strata/kv/CommitResponse.js';
import type { Mutation as PbMutation } from '../proto/generated/strata/kv/Mutation.js';
import type { PrewriteResponse__Output as PrewriteOut } from '../proto/generated/strata/kv/PrewriteResponse.js';
import type { TxnHeartBeatResponse__Output as HeartBeatOut } from '../proto/generated/strata/kv/TxnHeartBeatResponse.js';
import { errorMessage } from '../../util/errors.js';
import { failpoint } from '../../util/failpoint.js';
import { logger } from '../../util/logger.js';
import { Backoffer } from './backoff.js';
import { CommitResultUndetermined } from './errors.js';
import type { LockResolver } from './lock-resolver.js';
import type { PdApi } from './pd-api.js';
import type { RegionRequestSender } from './region-request.js';
import type { BufferedEntry } from './write-buffer.js';

const log = logger('kv-client/2pc');

export interface CommitterDeps {
  readonly sender: RegionRequestSender;
  readonly resolver: LockResolver;
  readonly pd: PdApi;
  /** Retry budget of each phase (ms). */
  readonly budgetMs: number;
  /** Lock TTL after prewrite (ms). */
  readonly lockTtlMs: number;
  /** Heartbeat period (ms); default a third of the TTL. */
  readonly heartbeatIntervalMs?: number | undefined;
  /** Runs work that outlives commit() (secondary commits), so the client can await it on close. */
  readonly background: (work: Promise<unknown>) => void;
}

const OP: Record<BufferedEntry['op'], NonNullable<PbMutation['op']>> = { put: 'PUT', insert: 'INSERT', delete: 'DEL', lock: 'LOCK' };

const txnKey = (k: Uint8Array): Buffer => toInternal('txn', k);

export class TwoPhaseCommitter {
  private readonly primary: Buffer;
  private heartbeat: NodeJS.Timeout | undefined;
  private primaryLocked = false;

  constructor(
    readonly startTs: TimeStamp,
    /** Sorted by key, non-empty. */
    private readonly mutations: readonly BufferedEntry[],
    private readonly deps: CommitterDeps,
  ) {
    const first = mutations[0];
    if (!first) throw new RangeError('nothing to commit');
    this.primary = first.key;
  }

  /** Runs the protocol; resolves to the commit_ts once the primary is committed. */
  async execute(): Promise<TimeStamp> {
    try {
      try {
        await this.prewrite();
      } catch (err) {
        this.stopHeartbeat();
        await this.rollbackAll();
        throw err;
      }
      await failpoint('2pc-after-prewrite');
      const commitTs = await this.commitPrimary();
      this.stopHeartbeat();
      await failpoint('2pc-after-primary-commit');
      const secondaries = this.mutations.slice(1).map((m) => m.key);
      if (secondaries.length > 0) this.deps.background(this.commitSecondaries(secondaries, commitTs));
      return commitTs;
    } finally {
      this.stopHeartbeat();
    }
  }

  // ---------------------------------------------------------------- prewrite

  private async prewrite(): Promise<void> {
    const bo = new Backoffer({ budgetMs: this.deps.budgetMs });
    let pending: readonly BufferedEntry[] = this.mutations;
    const txnSize = String(this.mutations.length);
    while (pending.length > 0) {
      const lockTtl = String(Math.max(0, Date.now() - physicalOf(this.startTs)) + this.deps.lockTtlMs);
      const results = await this.deps.sender.sendBatch<BufferedEntry, PrewriteOut>(
        pending,
        (m) => txnKey(m.key),
        (context, _loc, part) => (c, o, cb) =>
          c.KvPrewrite(
            {
              context,
              mutations: part.map((m) => (m.value === undefined ? { op: OP[m.op], key: m.key } : { op: OP[m.op], key: m.key, value: m.value })),
              primary_lock: this.primary,
              start_version: String(this.startTs),
              lock_ttl: lockTtl,
              txn_size: txnSize,
              min_commit_ts: String(this.startTs + 1n),
            },
            o,
            cb,
          ),
        bo,
      );
      const locks: LockInfo[] = [];
      const retry: BufferedEntry[] = [];
      let fatal: Error | undefined;
      for (const r of results) {
        if (r.res.errors.length === 0) {
          if (r.items.some((m) => m.key.equals(this.primary))) this.onPrimaryLocked();
          continue;
        }
        for (const e of r.res.errors) {
          const err = keyErrorFromPb(e);
          if (err instanceof KeyIsLocked) locks.push(err.lock);
          else fatal ??= err;
        }
        retry.push(...r.items);
      }
      if (fatal) {
        if (fatal instanceof WriteConflict || fatal instanceof AlreadyExist) log.debug({ startTs: String(this.startTs), err: fatal.message }, 'prewrite failed');
        throw fatal;
      }
      if (locks.length > 0) await this.deps.resolver.resolveOrWait(locks, 0n as TimeStamp, bo);
      pending = retry;
    }
  }

  private onPrimaryLocked(): void {
    if (this.primaryLocked) return;
    this.primaryLocked = true;
    const every = this.deps.heartbeatIntervalMs ?? Math.max(10, Math.floor(this.deps.lockTtlMs / 3));
    this.heartbeat = setInterval(() => void this.sendHeartbeat(), every);
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  private async sendHeartbeat(): Promise<void> {
    const advise = String(Math.max(0, Date.now() - physicalOf(this.startTs)) + this.deps.lockTtlMs);
    try {
      const { res } = await this.deps.sender.sendToRegion<HeartBeatOut>(
        txnKey(this.primary),
        (context) => (c, o, cb) => c.KvTxnHeartBeat({ context, primary_lock: this.primary, start_version: String(this.startTs), advise_lock_ttl: advise }, o, cb),
        new Backoffer({ budgetMs: this.deps.lockTtlMs }),
      );
      if (res.error) {
        const err = keyErrorFromPb(res.error);
        if (err instanceof TxnNotFound) this.stopHeartbeat();
        log.debug({ startTs: String(this.startTs), err: err.message }, 'heartbeat answered an error');
      }
    } catch (err) {
      log.debug({ startTs: String(this.startTs), err: errorMessage(err) }, 'heartbeat failed');
    }
  }

  // ---------------------------------------------------------------- commit

  private async commitPrimary(): Promise<TimeStamp> {
    const bo = new Backoffer({ budgetMs: this.deps.budgetMs });
    let commitTs = await this.deps.pd.getTs();
    for (;;) {
      let res: CommitOut;
      try {
        ({ res } = await this.deps.sender.sendToRegion<CommitOut>(
          txnKey(this.primary),
          (context) => (c, o, cb) => c.KvCommit({ context, start_version: String(this.startTs), keys: [this.primary], commit_version: String(commitTs) }, o, cb),
          bo,
        ));
      } catch (err) {
        throw new CommitResultUndetermined(this.startTs, err);
      }
      if (!res.error) return commitTs;
      const err = keyErrorFromPb(res.error);
      if (err instanceof CommitTsExpired) {
        do commitTs = await this.deps.pd.getTs();
        while (commitTs < err.minCommitTs);
        continue;
      }
      if (err instanceof TxnLockNotFound) {
        // Rolled back by a resolver: clean up what is left of ours in the background.
        this.deps.background(this.rollbackAll(this.mutations.slice(1).map((m) => m.key)));
      }
      throw err;
    }
  }

  private async commitSecondaries(keys: readonly Buffer[], commitTs: TimeStamp): Promise<void> {
    try {
      const results = await this.deps.sender.sendBatch<Buffer, CommitOut>(
        keys,
        txnKey,
        (context, _loc, part) => (c, o, cb) => c.KvCommit({ context, start_version: String(this.startTs), keys: part, commit_version: String(commitTs) }, o, cb),
        new Backoffer({ budgetMs: this.deps.budgetMs }),
      );
      for (const r of results) {
        if (r.res.error) log.warn({ startTs: String(this.startTs), err: keyErrorFromPb(r.res.error).message }, 'committing secondaries answered an error');
      }
    } catch (err) {
      log.warn({ startTs: String(this.startTs), err: errorMessage(err) }, 'committing secondaries failed; readers will resolve the locks');
    }
  }

  /** Rolls back keys (default: every key) of the txn; errors are logged, never thrown. */
  private async rollbackAll(keys: readonly Buffer[] = this.mutations.map((m) => m.key)): Promise<void> {
    if (keys.length === 0) return;
    try {
      const results = await this.deps.sender.sendBatch<Buffer, BatchRollbackOut>(
        keys,
        txnKey,
        (context, _loc, part) => (c, o, cb) => c.KvBatchRollback({ context, start_version: String(this.startTs), keys: part }, o, cb),
        new Backoffer({ budgetMs: this.deps.budgetMs }),
      );
      for (const r of results) {
        if (r.res.error) log.warn({ startTs: String(this.startTs), err: keyErrorFromPb(r.res.error).message }, 'rollback answered an error');
      }
    } catch (err) {
      log.warn({ startTs: String(this.startTs), err: errorMessage(err) }, 'rollback failed; readers will resolve the locks');
    }
  }
}
