// Latches: the in-memory per-key mutual exclusion that makes each transactional command atomic
// with respect to others touching the same keys (TiKV's scheduler latches). A command reads a
// snapshot, decides, and writes; two commands on one key must not interleave between the read
// and the write. Keys hash to slots; a command takes its slots in ascending order (so two
// commands can never wait on each other in a cycle) and waits FIFO behind earlier holders.

const DEFAULT_SLOTS = 4096;

function hashKey(key: Uint8Array): number {
  // FNV-1a, 32-bit
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key[i] as number;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class Latches {
  private readonly waiters: (Array<() => void> | undefined)[];

  constructor(private readonly slots = DEFAULT_SLOTS) {
    this.waiters = new Array<Array<() => void> | undefined>(slots);
  }

  slotsOf(keys: readonly Uint8Array[]): number[] {
    const set = new Set<number>();
    for (const k of keys) set.add(hashKey(k) % this.slots);
    return [...set].sort((a, b) => a - b);
  }

  /** Waits for every slot of `keys`; returns the function that releases them. */
  async acquire(keys: readonly Uint8Array[]): Promise<() => void> {
    const slots = this.slotsOf(keys);
    for (const s of slots) await this.take(s);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const s of slots) this.give(s);
    };
  }

  private take(slot: number): Promise<void> {
    const queue = this.waiters[slot];
    if (!queue) {
      this.waiters[slot] = [];
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => queue.push(resolve));
  }

  private give(slot: number): void {
    const queue = this.waiters[slot];
    if (!queue) return;
    const next = queue.shift();
    if (next) next();
    else this.waiters[slot] = undefined;
  }
}
