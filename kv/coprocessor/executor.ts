// The executor contract of the store side: each executor pulls batches from the one below it
// (`next()` → Batch, or null when done) and knows the field types of its output. `Instrumented`
// wraps an executor to count what it produced and the time spent in it (inclusive of its
// children, as TiDB's execution summaries count), for the response's per-executor summaries.
import type { CopExecutorSummary, CopFieldType } from '../cop-types.js';
import type { Batch } from './vector.js';

export interface BatchExecutor {
  readonly schema: readonly CopFieldType[];
  next(): Promise<Batch | null>;
}

export class Instrumented implements BatchExecutor {
  private rows = 0;
  private batches = 0;
  private ns = 0n;

  constructor(
    readonly id: string,
    private readonly inner: BatchExecutor,
  ) {}

  get schema(): readonly CopFieldType[] {
    return this.inner.schema;
  }

  async next(): Promise<Batch | null> {
    const t0 = process.hrtime.bigint();
    try {
      const b = await this.inner.next();
      if (b !== null) {
        this.rows += b.length;
        this.batches++;
      }
      return b;
    } finally {
      this.ns += process.hrtime.bigint() - t0;
    }
  }

  summary(): CopExecutorSummary {
    return { executorId: this.id, producedRows: this.rows, batches: this.batches, timeNs: Number(this.ns) };
  }
}
