// The in-memory storage engine: the same contract as LevelDbEngine over a copy-on-write B+tree
// (sorted-btree). Cloning the tree is O(1), so a snapshot, and every iterator, reads a frozen
// clone and later writes never disturb it. Used by the Raft simulation, unit tests and as the
// reference the LevelDB engine is tested against.
import sortedBtree from 'sorted-btree';
import type * as SortedBtree from 'sorted-btree';
import type { KvPair } from '../txn-types.js';
import { cfBounds, cfKey } from './cf-key.js';
import type { ColumnFamily, Engine, EngineIterator, EngineReader, EngineSnapshot, IterOptions } from './engine.js';
import type { WriteBatch } from './write-batch.js';

// sorted-btree is CommonJS: under Node's ESM interop its class sits on `.default`, while bundlers
// (vitest) hand out the class itself. Accept both.
const btreeModule = sortedBtree as unknown as { default?: typeof sortedBtree.default };
const BTree: typeof sortedBtree.default =
  typeof btreeModule === 'function' ? (btreeModule as typeof sortedBtree.default) : (btreeModule.default as typeof sortedBtree.default);
type Tree = SortedBtree.default<Buffer, Buffer>;

const compare = (a: Buffer, b: Buffer): number => Buffer.compare(a, b);

class TreeIter implements EngineIterator {
  private gen: Iterator<[Buffer, Buffer]> | undefined;
  private closed = false;

  constructor(
    private readonly tree: Tree,
    private readonly cf: ColumnFamily,
    private readonly gte: Buffer,
    private readonly lt: Buffer,
    private readonly reverse: boolean,
  ) {
    this.position(reverse ? undefined : gte);
  }

  private position(target: Buffer | undefined): void {
    if (this.reverse) {
      // entriesReversed starts at the largest key <= its argument; the upper bound is exclusive.
      const start = target ?? this.lt;
      this.gen = this.tree.entriesReversed(start);
    } else {
      this.gen = this.tree.entries(target ?? this.gte);
    }
  }

  seek(target: Uint8Array): void {
    let t = cfKey(this.cf, target);
    if (!this.reverse && compare(t, this.gte) < 0) t = this.gte;
    if (this.reverse && compare(t, this.lt) >= 0) {
      this.position(undefined);
      return;
    }
    this.position(t);
  }

  next(): Promise<KvPair | undefined> {
    if (this.closed || !this.gen) return Promise.resolve(undefined);
    for (;;) {
      const r = this.gen.next();
      if (r.done) {
        this.gen = undefined;
        return Promise.resolve(undefined);
      }
      const [k, v] = r.value;
      if (this.reverse) {
        if (compare(k, this.lt) >= 0) continue; // the exclusive upper bound itself
        if (compare(k, this.gte) < 0) {
          this.gen = undefined;
          return Promise.resolve(undefined);
        }
      } else if (compare(k, this.lt) >= 0) {
        this.gen = undefined;
        return Promise.resolve(undefined);
      }
      return Promise.resolve({ key: k.subarray(1), value: v });
    }
  }

  close(): Promise<void> {
    this.closed = true;
    this.gen = undefined;
    return Promise.resolve();
  }
}

function readerOver(getTree: () => Tree): EngineReader {
  return {
    get(cf: ColumnFamily, key: Uint8Array): Promise<Uint8Array | undefined> {
      return Promise.resolve(getTree().get(cfKey(cf, key)));
    },
    iterator(cf: ColumnFamily, opts?: IterOptions): EngineIterator {
      const { gte, lt } = cfBounds(cf, opts);
      return new TreeIter(getTree().clone(), cf, gte, lt, opts?.reverse ?? false);
    },
  };
}

export class MemoryEngine implements Engine {
  private tree: Tree = new BTree<Buffer, Buffer>(undefined, compare);
  private readonly reader = readerOver(() => this.tree);
  private closed = false;

  get(cf: ColumnFamily, key: Uint8Array): Promise<Uint8Array | undefined> {
    return this.reader.get(cf, key);
  }

  iterator(cf: ColumnFamily, opts?: IterOptions): EngineIterator {
    return this.reader.iterator(cf, opts);
  }

  write(batch: WriteBatch): Promise<void> {
    if (this.closed) return Promise.reject(new Error('engine is closed'));
    for (const op of batch.ops) {
      // Copy: callers may reuse their buffers, and LevelDB copies too.
      if (op.type === 'put') this.tree.set(cfKey(op.cf, op.key), Buffer.from(op.value));
      else this.tree.delete(cfKey(op.cf, op.key));
    }
    return Promise.resolve();
  }

  snapshot(): EngineSnapshot {
    const frozen = this.tree.clone();
    const reader = readerOver(() => frozen);
    return { get: reader.get, iterator: reader.iterator, release: () => Promise.resolve() };
  }

  approximateSize(cf: ColumnFamily, lower?: Uint8Array, upper?: Uint8Array): Promise<number> {
    const { gte, lt } = cfBounds(cf, { lower, upper });
    let size = 0;
    this.tree.forRange(gte, lt, false, (k: Buffer, v: Buffer) => {
      size += k.length + v.length;
    });
    return Promise.resolve(size);
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}
