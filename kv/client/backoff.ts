// Retry pacing for every request kv/client sends: exponential backoff with jitter, per kind of
// trouble, under one total budget per request.
//
// A Backoffer belongs to one logical request (a get, a scan, a commit). Each time the request
// meets a retryable problem it calls `backoff(kind, cause)`, which sleeps and returns, or throws
// once the total time slept would pass the budget. Sleeps grow per kind, independently:
//
//     sleep = v/2 + random·v/2   with v = min(cap, base · 2^attempt)      ("equal jitter")
//
// so a burst of clients that failed together does not retry together. A hint (ServerIsBusy's
// backoff_ms, the milliseconds before a lock's TTL runs out) bounds the sleep instead of the
// jitter: min(hint, v). A lock-waiting reader thus polls often at first (the lock's owner may
// commit any moment) and never sleeps past the lock's expiry. A request that fans out to several regions forks its backoffer, so each
// branch keeps its own attempt counts but starts from what the parent already spent.
import { BackoffExhausted } from './errors.js';

export type BackoffKind =
  /** The region cache had a stale or missing entry (epoch mismatch, region not found, ...). */
  | 'region-miss'
  /** The store does not know the leader yet (election, transfer). */
  | 'not-leader'
  /** The store answered ServerIsBusy. */
  | 'server-busy'
  /** The store did not answer (connection refused, deadline exceeded). */
  | 'store-unreachable'
  /** PD did not answer. */
  | 'pd-rpc'
  /** A lock of another transaction is in the way; wait for its commit or its TTL. */
  | 'txn-lock';

interface KindConfig {
  readonly baseMs: number;
  readonly capMs: number;
}

export const BACKOFF_KINDS: Readonly<Record<BackoffKind, KindConfig>> = {
  'region-miss': { baseMs: 2, capMs: 500 },
  'not-leader': { baseMs: 2, capMs: 500 },
  'server-busy': { baseMs: 200, capMs: 5000 },
  'store-unreachable': { baseMs: 50, capMs: 2000 },
  'pd-rpc': { baseMs: 100, capMs: 2000 },
  'txn-lock': { baseMs: 10, capMs: 3000 },
};

export interface BackoffOptions {
  /** Total milliseconds this request may spend sleeping. */
  readonly budgetMs: number;
  /** Injected for tests. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Injected for tests: uniform in [0, 1). */
  readonly random?: () => number;
}

/** Builds the error thrown when the budget is spent; `cause` is the last problem met. */
export type ExhaustedError = (cause: unknown, sleptMs: number) => Error;

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class Backoffer {
  private slept = 0;
  private readonly attempts = new Map<BackoffKind, number>();
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly options: BackoffOptions) {
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
  }

  /** Milliseconds slept so far (including the parent's, for a fork). */
  get sleptMs(): number {
    return this.slept;
  }

  get budgetMs(): number {
    return this.options.budgetMs;
  }

  /** How many times this backoffer backed off for `kind`. */
  attemptsOf(kind: BackoffKind): number {
    return this.attempts.get(kind) ?? 0;
  }

  /** The sleep the next backoff of `kind` would take (before the budget clamps it). */
  nextSleepMs(kind: BackoffKind, hintMs?: number): number {
    const cfg = BACKOFF_KINDS[kind];
    const attempt = this.attempts.get(kind) ?? 0;
    const v = Math.min(cfg.capMs, cfg.baseMs * 2 ** Math.min(attempt, 30));
    if (hintMs !== undefined && hintMs > 0) return Math.max(1, Math.min(hintMs, Math.max(v, cfg.baseMs), cfg.capMs));
    return Math.max(1, Math.round(v / 2 + this.random() * (v / 2)));
  }

  /** Sleeps before the next retry, or throws (`onExhausted`, else BackoffExhausted) when the
   *  budget is already spent. The last sleep is clamped so the budget is used exactly. */
  async backoff(kind: BackoffKind, cause: unknown, options: { hintMs?: number; onExhausted?: ExhaustedError } = {}): Promise<void> {
    if (this.slept >= this.options.budgetMs) {
      throw options.onExhausted ? options.onExhausted(cause, this.slept) : new BackoffExhausted(kind, cause, this.slept);
    }
    const ms = Math.min(this.nextSleepMs(kind, options.hintMs), this.options.budgetMs - this.slept);
    this.attempts.set(kind, (this.attempts.get(kind) ?? 0) + 1);
    this.slept += ms;
    await this.sleep(ms);
  }

  /** A backoffer for one branch of a fanned-out request: same budget and time already spent,
   *  attempt counts copied. */
  fork(): Backoffer {
    const child = new Backoffer(this.options);
    child.slept = this.slept;
    for (const [k, n] of this.attempts) child.attempts.set(k, n);
    return child;
  }
}
