// The transactional API's entry point: begin() a Transaction with a start_ts from PD, or take a
// read-only snapshot at a timestamp. Owns the lock resolver (shared by every transaction, so a
// crashed transaction's fate is looked up once) and the background work of committed
// transactions (secondary commits), which close() waits for.
import type { TimeStamp } from '../txn-types.js';
import { errorMessage } from '../../util/errors.js';
import { logger } from '../../util/logger.js';
import { ClientClosed } from './errors.js';
import { LockResolver } from './lock-resolver.js';
import type { PdApi } from './pd-api.js';
import type { RegionRequestSender } from './region-request.js';
import { KvSnapshot } from './snapshot.js';
import { Transaction } from './transaction.js';
import type { CommitterDeps } from './two-phase-commit.js';

const log = logger('kv-client/txn');

export interface TxnClientOptions {
  /** Lock TTL after prewrite (ms); TiKV's default order of magnitude. */
  readonly lockTtlMs?: number | undefined;
  /** Heartbeat period while a txn is between prewrite and commit (ms); default TTL / 3. */
  readonly heartbeatIntervalMs?: number | undefined;
  /** Retry budget of one read or one commit phase, lock waits included (ms). */
  readonly backoffBudgetMs?: number | undefined;
}

export const DEFAULT_LOCK_TTL_MS = 3000;

export class TxnClient {
  readonly resolver: LockResolver;
  private readonly budgetMs: number;
  private readonly committer: CommitterDeps;
  private readonly pending = new Set<Promise<unknown>>();
  private closed = false;

  constructor(
    private readonly sender: RegionRequestSender,
    private readonly pd: PdApi,
    options: TxnClientOptions = {},
  ) {
    this.resolver = new LockResolver(sender, pd);
    this.budgetMs = options.backoffBudgetMs ?? 40_000;
    this.committer = {
      sender,
      resolver: this.resolver,
      pd,
      budgetMs: this.budgetMs,
      lockTtlMs: options.lockTtlMs ?? DEFAULT_LOCK_TTL_MS,
      heartbeatIntervalMs: options.heartbeatIntervalMs,
      background: (work) => this.track(work),
    };
  }

  /** Starts a transaction at a fresh start_ts. */
  async begin(): Promise<Transaction> {
    if (this.closed) throw new ClientClosed('transaction client');
    return new Transaction(this.snapshot(await this.pd.getTs()), this.committer);
  }

  /** A read-only view at `ts` (default: a fresh timestamp). */
  snapshot(ts: TimeStamp): KvSnapshot {
    if (this.closed) throw new ClientClosed('transaction client');
    return new KvSnapshot(ts, { sender: this.sender, resolver: this.resolver, budgetMs: this.budgetMs });
  }

  /** A fresh timestamp from PD. */
  getTimestamp(): Promise<TimeStamp> {
    return this.pd.getTs();
  }

  /** Background work still running (secondary commits, rollbacks). */
  get backgroundTasks(): number {
    return this.pending.size;
  }

  /** Waits for background work (at most `timeoutMs`); later begin() calls fail. */
  async close(timeoutMs = 5000): Promise<void> {
    this.closed = true;
    if (this.pending.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.pending]),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    if (timer) clearTimeout(timer);
  }

  private track(work: Promise<unknown>): void {
    const p = work.catch((err: unknown) => log.warn({ err: errorMessage(err) }, 'background transaction work failed'));
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }
}
