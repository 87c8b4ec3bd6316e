// The MsgApps a leader has sent to one follower in the replicate state and not yet seen
// acknowledged: flow control. Each is remembered by the index of its last entry (and its size);
// the leader stops sending when `maxCount` messages or `maxBytes` bytes are in flight, and frees
// them as MsgAppResps arrive (every entry up to the acknowledged index).

export class Inflights {
  private readonly indexes: number[] = [];
  private readonly sizes: number[] = [];
  private bytes = 0;

  constructor(
    readonly maxCount: number,
    readonly maxBytes = Infinity,
  ) {}

  get count(): number {
    return this.indexes.length;
  }

  full(): boolean {
    return this.indexes.length >= this.maxCount || this.bytes >= this.maxBytes;
  }

  add(lastIndex: number, bytes: number): void {
    this.indexes.push(lastIndex);
    this.sizes.push(bytes);
    this.bytes += bytes;
  }

  /** Frees every message whose last index is ≤ index. */
  freeLE(index: number): void {
    let n = 0;
    while (n < this.indexes.length && (this.indexes[n] as number) <= index) {
      this.bytes -= this.sizes[n] as number;
      n++;
    }
    if (n > 0) {
      this.indexes.splice(0, n);
      this.sizes.splice(0, n);
    }
  }

  /** Frees the oldest message (a heartbeat response shows the follower alive though the
   *  acknowledgement may be lost, so one more MsgApp may go out). */
  freeFirstOne(): void {
    if (this.indexes.length === 0) return;
    this.bytes -= this.sizes[0] as number;
    this.indexes.shift();
    this.sizes.shift();
  }

  reset(): void {
    this.indexes.length = 0;
    this.sizes.length = 0;
    this.bytes = 0;
  }
}
