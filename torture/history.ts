// A history as Jepsen records one: every operation a client attempts, with when it was invoked and
// how it completed. `ok` happened; `fail` definitely did not; `info` may or may not have happened
// (a timeout, a connection lost mid-commit). Checkers read histories only, after the run, so a
// workload's clients stay simple and a history can be kept as a regression case.

export type Outcome = 'ok' | 'fail' | 'info';

export interface Op<F extends string = string, V = unknown> {
  /** Which client (process) ran it: one client runs one operation at a time. */
  readonly process: number;
  readonly f: F;
  /** What was asked (invoke) and, for ok reads, what came back. */
  readonly value: V;
  readonly outcome: Outcome;
  /** Monotonic times (ms) of the invocation and of the completion (info: the time it gave up). */
  readonly invokedAt: number;
  readonly completedAt: number;
  /** For fail/info: the error seen. */
  readonly error?: string;
}

/** Records operations as a workload's clients run them. */
export class HistoryRecorder<F extends string = string, V = unknown> {
  readonly ops: Op<F, V>[] = [];
  /** performance.now() at creation: the zero of this recorder's times. */
  readonly start = performance.now();

  now(): number {
    return performance.now() - this.start;
  }

  /** Runs `fn` as one operation of `process`; `classify` decides fail vs info for an error
   *  (default: info — unknown is the safe answer). Returns the ok value or undefined. */
  async run<R extends V>(process: number, f: F, value: V, fn: () => Promise<R>, classify: (err: unknown) => 'fail' | 'info' = () => 'info'): Promise<R | undefined> {
    const invokedAt = this.now();
    try {
      const result = await fn();
      this.ops.push({ process, f, value: result, outcome: 'ok', invokedAt, completedAt: this.now() });
      return result;
    } catch (err) {
      const outcome = classify(err);
      this.ops.push({ process, f, value, outcome, invokedAt, completedAt: this.now(), error: err instanceof Error ? err.message : String(err) });
      return undefined;
    }
  }

  counts(): { ok: number; fail: number; info: number } {
    const c = { ok: 0, fail: 0, info: 0 };
    for (const op of this.ops) c[op.outcome]++;
    return c;
  }
}
