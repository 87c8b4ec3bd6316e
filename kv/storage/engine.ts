// The storage engine contract every KV layer above writes against (TinyKV's "four methods", a few
// more): column families, atomic write batches, point reads, ordered iterators, snapshots.
//
// Column families are one-byte key prefixes in a single ordered keyspace (DESIGN.md):
//
//   'd' default  MVCC values too large to inline, and raw-API values
//   'l' lock     Percolator locks
//   'w' write    Percolator commit / rollback records
//   'r' raft     raft log, hard state, region and apply state (kv/raftstore)
//
// A write batch is applied atomically across families (one LevelDB batch), which is what lets the
// raftstore write data and the apply index together. Two implementations: LevelDB (classic-level)
// for real stores and an in-memory B+tree for the Raft simulation and fast unit tests; one test
// body runs against both.
import type { KvPair } from '../txn-types.js';
import type { ColumnFamily } from './column-family.js';
import type { WriteBatch } from './write-batch.js';

export { ALL_CFS, CF_PREFIX, DATA_CFS, type ColumnFamily } from './column-family.js';

export interface IterOptions {
  /** Inclusive lower bound; the start of the family when absent. */
  readonly lower?: Uint8Array | undefined;
  /** Exclusive upper bound; the end of the family when absent. */
  readonly upper?: Uint8Array | undefined;
  /** Iterate from the largest key down. */
  readonly reverse?: boolean | undefined;
}

/** A cursor over one column family within bounds. Keys come back without the family prefix. */
export interface EngineIterator {
  /** Forward: position at the first key >= target. Reverse: at the last key <= target. */
  seek(target: Uint8Array): void;
  next(): Promise<KvPair | undefined>;
  close(): Promise<void>;
}

export interface EngineReader {
  get(cf: ColumnFamily, key: Uint8Array): Promise<Uint8Array | undefined>;
  iterator(cf: ColumnFamily, opts?: IterOptions): EngineIterator;
}

/** A consistent point-in-time view: later writes are invisible to it. Release when done. */
export interface EngineSnapshot extends EngineReader {
  release(): Promise<void>;
}

export interface WriteOptions {
  /** fsync the write-ahead log before resolving (durable against power loss, not only crashes). */
  readonly sync?: boolean | undefined;
}

export interface Engine extends EngineReader {
  write(batch: WriteBatch, opts?: WriteOptions): Promise<void>;
  snapshot(): EngineSnapshot;
  /** Approximate bytes stored for keys of `cf` in [lower, upper), for region size estimates. */
  approximateSize(cf: ColumnFamily, lower?: Uint8Array, upper?: Uint8Array): Promise<number>;
  close(): Promise<void>;
}

/** Collects every pair of an iterator (tests and small scans). */
export async function collect(it: EngineIterator, limit = Infinity): Promise<KvPair[]> {
  const out: KvPair[] = [];
  try {
    while (out.length < limit) {
      const kv = await it.next();
      if (!kv) break;
      out.push(kv);
    }
  } finally {
    await it.close();
  }
  return out;
}
