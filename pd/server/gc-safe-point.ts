// The GC safe point: the timestamp below which MVCC versions that are no longer the newest may
// be removed by the stores. It only moves forward (an update to an older point answers the point
// in force) and is persisted before the answer, so a PD restart never moves it back and no
// reader that was promised a snapshot above it ever loses data.
import type { MetaStorage } from './meta-storage.js';

export class GcSafePoint {
  private chain: Promise<unknown> = Promise.resolve();

  /** Resolves once every call in flight has finished. */
  async drain(): Promise<void> {
    await this.chain;
  }

  private constructor(
    private readonly storage: MetaStorage,
    private current: bigint,
  ) {}

  static async open(storage: MetaStorage): Promise<GcSafePoint> {
    return new GcSafePoint(storage, await storage.loadGcSafePoint());
  }

  get(): bigint {
    return this.current;
  }

  /** Moves the safe point to `safePoint` if that is newer; returns the one in force. */
  update(safePoint: bigint): Promise<bigint> {
    const next = this.chain.then(async () => {
      if (safePoint > this.current) {
        await this.storage.saveGcSafePoint(safePoint);
        this.current = safePoint;
      }
      return this.current;
    });
    this.chain = next.catch(() => undefined);
    return next;
  }
}
