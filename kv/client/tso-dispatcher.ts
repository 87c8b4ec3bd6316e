// Batched timestamps on one long-lived TSO stream.
//
// Every transaction needs a start_ts and a commit_ts from PD, so timestamps are the hottest PD
// request. Concurrent callers of getTs() are collected and served by ONE request asking for
// `count` = number of waiters; PD answers the last timestamp of the batch, and the waiters get
// last - count + 1 ... last in the order they called. One request is in flight at a time, so
// under load the batch grows by itself while the previous answer travels.
//
//     getTs() ─┐                          ┌─► first
//     getTs() ─┼─► pending ─► TsoRequest{count: 3} ══ stream ══► TsoResponse{last} ─► first + 1
//     getTs() ─┘                          └─► last
//
// PD restarts must not break clients. When the stream fails (error, end, or no answer within
// `requestTimeoutMs`), the batch in flight goes back to the front of the queue and the stream is
// reopened with exponential backoff; timestamps asked on the dead stream are simply never used
// (TSO is monotonic across PD restarts, so the new ones are larger). A waiter that is not served
// within `timeoutMs` of asking is rejected with PdUnavailable carrying the last stream error.
//
// The stream itself is injected (OpenTsoStream), so this logic is tested without gRPC.
import { composeTs, type TimeStamp } from '../txn-types.js';
import { logger } from '../../util/logger.js';
import { ClientClosed, PdUnavailable } from './errors.js';

const log = logger('kv-client/tso');

/** One answer of the stream: `count` timestamps ending at (physical, logical), or an error that
 *  PD put in the response header. */
export type TsoReply = { readonly count: number; readonly physical: number; readonly logical: number } | { readonly error: Error };

export interface TsoStreamHandlers {
  onReply(reply: TsoReply): void;
  /** The stream broke or ended; called at most once per stream. */
  onError(err: Error): void;
}

export interface TsoStream {
  request(count: number): void;
  /** Closes the stream without calling onError. */
  close(): void;
}

export type OpenTsoStream = (handlers: TsoStreamHandlers) => TsoStream;

export interface TsoDispatcherOptions {
  /** How long a getTs() may wait in total before it is rejected (ms). */
  readonly timeoutMs?: number;
  /** How long a request may go unanswered before the stream is considered dead (ms). */
  readonly requestTimeoutMs?: number;
  /** Reconnect backoff bounds (ms). */
  readonly reconnectBaseMs?: number;
  readonly reconnectCapMs?: number;
  /** Injected clock for tests. */
  readonly now?: () => number;
}

interface Waiter {
  readonly resolve: (ts: TimeStamp) => void;
  readonly reject: (err: Error) => void;
  readonly enqueuedAt: number;
  done: boolean;
}

interface Batch {
  readonly waiters: Waiter[];
  readonly sentAt: number;
}

export class TsoDispatcher {
  private pending: Waiter[] = [];
  private inflight: Batch | undefined;
  private stream: TsoStream | undefined;
  private streamToken: object | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private reconnectAttempt = 0;
  private watchdog: NodeJS.Timeout | undefined;
  private flushScheduled = false;
  private lastError: Error | undefined;
  private closed = false;
  private readonly timeoutMs: number;
  private readonly requestTimeoutMs: number;
  private readonly reconnectBaseMs: number;
  private readonly reconnectCapMs: number;
  private readonly now: () => number;
  /** Number of TSO requests written, for tests and metrics. */
  requestsSent = 0;

  constructor(
    private readonly open: OpenTsoStream,
    options: TsoDispatcherOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 3_000;
    this.reconnectBaseMs = options.reconnectBaseMs ?? 50;
    this.reconnectCapMs = options.reconnectCapMs ?? 1_000;
    this.now = options.now ?? Date.now;
  }

  getTs(): Promise<TimeStamp> {
    if (this.closed) return Promise.reject(new ClientClosed('PD client'));
    return new Promise<TimeStamp>((resolve, reject) => {
      this.pending.push({ resolve, reject, enqueuedAt: this.now(), done: false });
      this.startWatchdog();
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        queueMicrotask(() => {
          this.flushScheduled = false;
          this.flush();
        });
      }
    });
  }

  /** Rejects every waiter and closes the stream; further getTs() calls reject. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.dropStream();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.stopWatchdog();
    const err = new ClientClosed('PD client');
    for (const w of this.takeAll()) this.settle(w, err);
  }

  private flush(): void {
    if (this.closed || this.inflight || this.reconnectTimer) return;
    this.pending = this.pending.filter((w) => !w.done);
    if (this.pending.length === 0) return;
    if (!this.stream) {
      try {
        this.openStream();
      } catch (err) {
        this.streamFailed(err instanceof Error ? err : new Error(String(err)));
        return;
      }
    }
    const waiters = this.pending;
    this.pending = [];
    this.inflight = { waiters, sentAt: this.now() };
    this.requestsSent++;
    (this.stream as TsoStream).request(waiters.length);
  }

  private openStream(): void {
    const token = {};
    this.streamToken = token;
    this.stream = this.open({
      onReply: (reply) => {
        if (this.streamToken === token) this.onReply(reply);
      },
      onError: (err) => {
        if (this.streamToken === token) this.streamFailed(err);
      },
    });
  }

  private onReply(reply: TsoReply): void {
    const batch = this.inflight;
    this.inflight = undefined;
    if (!batch) {
      log.warn('TSO reply without a request in flight');
      return;
    }
    if ('error' in reply) {
      for (const w of batch.waiters) this.settle(w, reply.error);
    } else if (reply.count !== batch.waiters.length) {
      const err = new PdUnavailable(`TSO answered ${reply.count} timestamps for a request of ${batch.waiters.length}`);
      for (const w of batch.waiters) this.settle(w, err);
    } else {
      this.reconnectAttempt = 0;
      const last = composeTs(reply.physical, reply.logical);
      const first = last - BigInt(reply.count) + 1n;
      batch.waiters.forEach((w, i) => this.settle(w, undefined, (first + BigInt(i)) as TimeStamp));
    }
    this.flush();
    if (!this.inflight && this.pending.length === 0) this.stopWatchdog();
  }

  private streamFailed(err: Error): void {
    if (this.closed) return;
    this.lastError = err;
    this.dropStream();
    // The batch in flight fails over to the next stream, ahead of later callers.
    if (this.inflight) this.pending = [...this.inflight.waiters, ...this.pending];
    this.inflight = undefined;
    const v = Math.min(this.reconnectCapMs, this.reconnectBaseMs * 2 ** Math.min(this.reconnectAttempt, 20));
    const delay = Math.round(v / 2 + (Math.random() * v) / 2);
    this.reconnectAttempt++;
    log.debug({ err: err.message, delay }, 'TSO stream failed; reconnecting');
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.flush();
    }, delay);
  }

  private dropStream(): void {
    const s = this.stream;
    this.stream = undefined;
    this.streamToken = undefined;
    if (s) {
      try {
        s.close();
      } catch {
        // already broken
      }
    }
  }

  private settle(w: Waiter, err: Error | undefined, ts?: TimeStamp): void {
    if (w.done) return;
    w.done = true;
    if (err) w.reject(err);
    else w.resolve(ts as TimeStamp);
  }

  private takeAll(): Waiter[] {
    const all = [...(this.inflight?.waiters ?? []), ...this.pending];
    this.inflight = undefined;
    this.pending = [];
    return all;
  }

  private startWatchdog(): void {
    if (this.watchdog) return;
    const period = Math.max(10, Math.min(100, Math.floor(this.requestTimeoutMs / 4), Math.floor(this.timeoutMs / 4)));
    this.watchdog = setInterval(() => this.checkDeadlines(), period);
  }

  private stopWatchdog(): void {
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = undefined;
  }

  private checkDeadlines(): void {
    const now = this.now();
    const expired = (w: Waiter): boolean => !w.done && now - w.enqueuedAt >= this.timeoutMs;
    for (const w of [...(this.inflight?.waiters ?? []), ...this.pending]) {
      if (expired(w)) this.settle(w, new PdUnavailable(`no timestamp from PD within ${this.timeoutMs}ms`, this.lastError));
    }
    this.pending = this.pending.filter((w) => !w.done);
    if (this.inflight && now - this.inflight.sentAt >= this.requestTimeoutMs) {
      this.streamFailed(new PdUnavailable(`TSO request unanswered for ${this.requestTimeoutMs}ms`));
    }
    if (!this.inflight && this.pending.length === 0) this.stopWatchdog();
  }
}
