// A transaction's write buffer (TiDB's "membuffer"): every set / insert / delete / lock of the
// transaction, kept in key order until commit, when it becomes the 2PC mutations. Reads of the
// transaction consult it first, so a transaction sees its own writes, deletes included.
//
// One entry per key; a later operation on the same key combines with the earlier one:
//
//   earlier \ later   set            insert               delete    lock
//   (none)            put            insert               delete    lock
//   put               put            AlreadyExist         delete    put
//   insert            insert(new v)  AlreadyExist         delete    insert
//   delete            put            put                  delete    delete
//   lock              put            insert               delete    lock
//
// "insert" keeps its existence check for prewrite (op INSERT answers AlreadyExist when the key
// has a committed value); an insert after a delete of the same txn is a plain put, since the
// key is known to be absent at that point of the txn. A lock-only entry is not a value: reads
// fall through to the snapshot.
//
// Savepoints (a failed statement inside a transaction is undone without undoing the transaction)
// are whole copies of the buffer: sorted-btree's clone() is O(1) copy-on-write, sharing every
// node until one side changes it, so a savepoint per statement costs a few node copies on the
// statement's first writes, not a copy of the buffer. Restoring installs a clone of the copy, so
// the same savepoint can be restored again.
import sortedBtree from 'sorted-btree';
import type * as SortedBtree from 'sorted-btree';
import { AlreadyExist } from '../mvcc/errors.js';

// sorted-btree is CommonJS: under Node's ESM interop its class sits on `.default`, while bundlers
// (vitest) hand out the class itself. Accept both.
const btreeModule = sortedBtree as unknown as { default?: typeof sortedBtree.default };
const BTree: typeof sortedBtree.default =
  typeof btreeModule === 'function' ? (btreeModule as typeof sortedBtree.default) : (btreeModule.default as typeof sortedBtree.default);

export type BufferedOp = 'put' | 'insert' | 'delete' | 'lock';

export interface BufferedEntry {
  readonly key: Buffer;
  readonly op: BufferedOp;
  /** Set for put and insert. */
  readonly value?: Buffer;
}

/** What the buffer says about a key: a value, a delete, or nothing (read the snapshot). */
export type BufferedRead = { readonly kind: 'value'; readonly value: Buffer } | { readonly kind: 'deleted' } | undefined;

const compare = (a: Buffer, b: Buffer): number => Buffer.compare(a, b);

/** The buffer's contents at one moment (see savepoint/restore). Opaque to callers. */
export interface BufferContents {
  readonly size: number;
}

export class WriteBuffer {
  private tree: SortedBtree.default<Buffer, BufferedEntry> = new BTree<Buffer, BufferedEntry>(undefined, compare);

  /** Number of keys with an entry (locks included). */
  get size(): number {
    return this.tree.size;
  }

  get isEmpty(): boolean {
    return this.tree.size === 0;
  }

  lookup(key: Uint8Array): BufferedRead {
    const e = this.tree.get(asKey(key));
    if (!e || e.op === 'lock') return undefined;
    if (e.op === 'delete') return { kind: 'deleted' };
    return { kind: 'value', value: e.value as Buffer };
  }

  set(key: Uint8Array, value: Uint8Array): void {
    const k = Buffer.from(key);
    const prev = this.tree.get(k);
    this.tree.set(k, { key: k, op: prev?.op === 'insert' ? 'insert' : 'put', value: Buffer.from(value) });
  }

  /** Throws AlreadyExist when the txn itself already gave the key a value. */
  insert(key: Uint8Array, value: Uint8Array): void {
    const k = Buffer.from(key);
    const prev = this.tree.get(k);
    if (prev?.op === 'put' || prev?.op === 'insert') throw new AlreadyExist(k);
    this.tree.set(k, { key: k, op: prev?.op === 'delete' ? 'put' : 'insert', value: Buffer.from(value) });
  }

  delete(key: Uint8Array): void {
    const k = Buffer.from(key);
    this.tree.set(k, { key: k, op: 'delete' });
  }

  /** Locks the key at commit without changing it (no-op when the txn already writes it). */
  lock(key: Uint8Array): void {
    const k = Buffer.from(key);
    if (!this.tree.has(k)) this.tree.set(k, { key: k, op: 'lock' });
  }

  /** Entries that read as values or deletes (not lock-only) with keys in [start, end) (end
   *  undefined = unbounded), ascending, or descending with `reverse`. */
  *entries(start: Uint8Array, end: Uint8Array | undefined, reverse = false): Generator<BufferedEntry> {
    const lo = asKey(start);
    const hi = end === undefined ? undefined : asKey(end);
    if (!reverse) {
      for (const [k, e] of this.tree.entries(lo)) {
        if (hi !== undefined && compare(k, hi) >= 0) break;
        if (e.op !== 'lock') yield e;
      }
    } else {
      const it = hi === undefined ? this.tree.entriesReversed() : this.tree.entriesReversed(hi, undefined, true);
      for (const [k, e] of it) {
        if (compare(k, lo) < 0) break;
        if (e.op !== 'lock') yield e;
      }
    }
  }

  /** The contents now, unaffected by later writes (O(1)). */
  savepoint(): BufferContents {
    return this.tree.clone();
  }

  /** Puts back the contents of a savepoint of this buffer: every write since is gone. The
   *  savepoint stays usable (restoring it again undoes writes made after this restore). */
  restore(contents: BufferContents): void {
    if (!(contents instanceof BTree)) throw new TypeError('not a savepoint of a write buffer');
    this.tree = (contents as SortedBtree.default<Buffer, BufferedEntry>).clone();
  }

  /** Every entry in key order: the mutations of the commit. */
  mutations(): BufferedEntry[] {
    return this.tree.valuesArray();
  }
}

function asKey(k: Uint8Array): Buffer {
  return Buffer.isBuffer(k) ? k : Buffer.from(k.buffer, k.byteOffset, k.byteLength);
}
