// Limit: passes rows until `limit` have gone by, then stops pulling, so the scan below stops
// reading (a LIMIT 10 over a huge region reads about one batch).
import type { CopFieldType } from '../cop-types.js';
import type { BatchExecutor } from './executor.js';
import { takeBatch, type Batch } from './vector.js';

export class Limit implements BatchExecutor {
  readonly schema: readonly CopFieldType[];
  private left: number;

  constructor(
    private readonly child: BatchExecutor,
    limit: number,
  ) {
    this.schema = child.schema;
    this.left = limit;
  }

  /** Whether the limit has been reached (the rows after it need not be read at all). */
  get satisfied(): boolean {
    return this.left <= 0;
  }

  async next(): Promise<Batch | null> {
    if (this.left <= 0) return null;
    const b = await this.child.next();
    if (b === null) return null;
    if (b.length <= this.left) {
      this.left -= b.length;
      return b;
    }
    const indices = Array.from({ length: this.left }, (_, i) => i);
    this.left = 0;
    return takeBatch(b, indices);
  }
}
