// PD's ID allocator: store, region and peer ids, unique for the life of the cluster.
//
// Like the TSO's time window, an upper bound is made durable before any id under it is handed
// out: the allocator persists `bound = last + batchSize`, then serves ids up to the bound from
// memory. After a restart it continues at the persisted bound + 1, so ids that were reserved but
// never handed out are skipped, and none is ever handed out twice. Ids start at 1 (0 means
// "unset" on the wire).
//
// Callers are served one at a time (a promise chain), so a batch is reserved exactly once even
// when many requests arrive while the bound is being written.
import type { MetaStorage } from './meta-storage.js';

export const DEFAULT_ID_BATCH = 1000;

export class IdAllocator {
  private chain: Promise<unknown> = Promise.resolve();

  /** Resolves once every call in flight has finished. */
  async drain(): Promise<void> {
    await this.chain;
  }

  private constructor(
    private readonly storage: MetaStorage,
    private last: number,
    private bound: number,
    private readonly batchSize: number,
  ) {}

  static async open(storage: MetaStorage, batchSize = DEFAULT_ID_BATCH): Promise<IdAllocator> {
    const bound = await storage.loadIdBound();
    return new IdAllocator(storage, bound, bound, Math.max(1, Math.floor(batchSize)));
  }

  /** Reserves `count` consecutive ids and returns them in order. */
  alloc(count = 1): Promise<number[]> {
    const next = this.chain.then(() => this.allocate(count));
    this.chain = next.catch(() => undefined);
    return next;
  }

  async allocOne(): Promise<number> {
    const [id] = await this.alloc(1);
    return id as number;
  }

  /** The largest id handed out so far (0 when none since this start). */
  get current(): number {
    return this.last;
  }

  private async allocate(count: number): Promise<number[]> {
    if (this.last + count > this.bound) {
      const bound = this.last + Math.max(count, this.batchSize);
      await this.storage.saveIdBound(bound);
      this.bound = bound;
    }
    const ids: number[] = [];
    for (let i = 0; i < count; i++) ids.push(++this.last);
    return ids;
  }
}
