// RawStore: the raw (non-transactional) key-value API over the storage engine: last writer wins,
// no versions, optional TTL per entry, and compare-and-swap. Keys are stored memcomparable-encoded
// in the default family, so region ranges bound raw and MVCC data the same way. Writes to the
// same key are serialized by latches, which is what makes compare-and-swap atomic.
import { encodeBytes, decodeBytes } from '../codec/index.js';
import { Latches } from '../mvcc/latches.js';
import { WriteBatch, type Engine, type WriteOptions } from '../storage/index.js';
import type { KvPair } from '../txn-types.js';
import { decodeRawValue, encodeRawValue, isExpired } from './raw-value.js';

export interface RawScanArgs {
  readonly lower: Uint8Array;
  /** Exclusive; empty = to the end. */
  readonly upper: Uint8Array;
  readonly limit: number;
  readonly keyOnly?: boolean | undefined;
  readonly reverse?: boolean | undefined;
}

export interface CasResult {
  readonly succeed: boolean;
  readonly previous: Uint8Array | undefined;
}

const EMPTY = Buffer.alloc(0);

export class RawStore {
  constructor(
    private readonly engine: Engine,
    private readonly writeOpts: WriteOptions = {},
    private readonly now: () => number = Date.now,
    private readonly latches = new Latches(1024),
  ) {}

  /** The same store (its latches shared) reading and writing through another engine: in raft
   *  mode, one whose writes go to a request's region (kv/server/raft-mode.ts). */
  withEngine(engine: Engine): RawStore {
    return new RawStore(engine, this.writeOpts, this.now, this.latches);
  }

  private expireAt(ttlSeconds: number): number {
    return ttlSeconds > 0 ? this.now() + ttlSeconds * 1000 : 0;
  }

  async get(key: Uint8Array): Promise<Uint8Array | undefined> {
    const raw = await this.engine.get('default', encodeBytes(key));
    if (!raw) return undefined;
    const v = decodeRawValue(raw);
    return isExpired(v, this.now()) ? undefined : v.value;
  }

  async batchGet(keys: readonly Uint8Array[]): Promise<KvPair[]> {
    const out: KvPair[] = [];
    for (const key of keys) {
      const value = await this.get(key);
      if (value !== undefined) out.push({ key, value });
    }
    return out;
  }

  async batchPut(pairs: readonly KvPair[], ttlSeconds = 0): Promise<void> {
    const expireAt = this.expireAt(ttlSeconds);
    const batch = new WriteBatch();
    for (const p of pairs) batch.put('default', encodeBytes(p.key), encodeRawValue(p.value, expireAt));
    const release = await this.latches.acquire(pairs.map((p) => p.key));
    try {
      await this.engine.write(batch, this.writeOpts);
    } finally {
      release();
    }
  }

  put(key: Uint8Array, value: Uint8Array, ttlSeconds = 0): Promise<void> {
    return this.batchPut([{ key, value }], ttlSeconds);
  }

  async batchDelete(keys: readonly Uint8Array[]): Promise<void> {
    const batch = new WriteBatch();
    for (const k of keys) batch.delete('default', encodeBytes(k));
    const release = await this.latches.acquire(keys);
    try {
      await this.engine.write(batch, this.writeOpts);
    } finally {
      release();
    }
  }

  delete(key: Uint8Array): Promise<void> {
    return this.batchDelete([key]);
  }

  async scan(args: RawScanArgs): Promise<KvPair[]> {
    const it = this.engine.iterator('default', {
      lower: encodeBytes(args.lower),
      upper: args.upper.length > 0 ? encodeBytes(args.upper) : undefined,
      reverse: args.reverse,
    });
    const out: KvPair[] = [];
    const now = this.now();
    try {
      while (out.length < args.limit) {
        const kv = await it.next();
        if (!kv) break;
        const v = decodeRawValue(kv.value);
        if (isExpired(v, now)) continue;
        out.push({ key: decodeBytes(kv.key).value, value: args.keyOnly ? EMPTY : v.value });
      }
    } finally {
      await it.close();
    }
    return out;
  }

  /** Deletes every key in [lower, upper), in batches. */
  async deleteRange(lower: Uint8Array, upper: Uint8Array): Promise<number> {
    let deleted = 0;
    for (;;) {
      const page = await this.scan({ lower, upper, limit: 1024, keyOnly: true });
      if (page.length === 0) return deleted;
      await this.batchDelete(page.map((p) => p.key));
      deleted += page.length;
      if (page.length < 1024) return deleted;
      lower = Buffer.concat([page[page.length - 1]?.key as Uint8Array, Buffer.of(0)]);
    }
  }

  /** Sets key to value iff its current value equals `expected` (undefined = must be absent). */
  async compareAndSwap(key: Uint8Array, expected: Uint8Array | undefined, value: Uint8Array, ttlSeconds = 0): Promise<CasResult> {
    const release = await this.latches.acquire([key]);
    try {
      const previous = await this.get(key);
      const matches = expected === undefined ? previous === undefined : previous !== undefined && Buffer.compare(previous, expected) === 0;
      if (matches) {
        await this.engine.write(new WriteBatch().put('default', encodeBytes(key), encodeRawValue(value, this.expireAt(ttlSeconds))), this.writeOpts);
      }
      return { succeed: matches, previous };
    } finally {
      release();
    }
  }
}
