// An ordered list of puts and deletes across column families, applied atomically by Engine.write.
// It is plain data with a binary encoding, because the raftstore proposes a batch as a raft log
// entry and every replica applies the same bytes.
import { BufferReader, BufferWriter, CodecError } from '../codec/index.js';
import { ALL_CFS, CF_PREFIX, type ColumnFamily } from './column-family.js';

export type BatchOp =
  | { readonly type: 'put'; readonly cf: ColumnFamily; readonly key: Uint8Array; readonly value: Uint8Array }
  | { readonly type: 'delete'; readonly cf: ColumnFamily; readonly key: Uint8Array };

export class WriteBatch {
  readonly ops: BatchOp[] = [];
  private bytes = 0;

  put(cf: ColumnFamily, key: Uint8Array, value: Uint8Array): this {
    this.ops.push({ type: 'put', cf, key, value });
    this.bytes += key.length + value.length;
    return this;
  }

  delete(cf: ColumnFamily, key: Uint8Array): this {
    this.ops.push({ type: 'delete', cf, key });
    this.bytes += key.length;
    return this;
  }

  /** Appends every op of another batch. */
  append(other: WriteBatch): this {
    for (const op of other.ops) {
      if (op.type === 'put') this.put(op.cf, op.key, op.value);
      else this.delete(op.cf, op.key);
    }
    return this;
  }

  get size(): number {
    return this.ops.length;
  }

  get dataSize(): number {
    return this.bytes;
  }

  get isEmpty(): boolean {
    return this.ops.length === 0;
  }

  encode(): Buffer {
    const w = new BufferWriter(16 + this.bytes + this.ops.length * 4);
    w.uvarint(this.ops.length);
    for (const op of this.ops) {
      w.u8(op.type === 'put' ? 1 : 0).u8(CF_PREFIX[op.cf]).bytes(op.key);
      if (op.type === 'put') w.bytes(op.value);
    }
    return w.finish();
  }

  static decode(buf: Uint8Array): WriteBatch {
    const r = new BufferReader(buf);
    const n = r.uvarint();
    const batch = new WriteBatch();
    for (let i = 0; i < n; i++) {
      const type = r.u8();
      const cfByte = r.u8();
      const cf = ALL_CFS.find((c) => CF_PREFIX[c] === cfByte);
      if (!cf) throw new CodecError(`unknown column family 0x${cfByte.toString(16)}`);
      const key = r.bytes();
      if (type === 1) batch.put(cf, key, r.bytes());
      else if (type === 0) batch.delete(cf, key);
      else throw new CodecError(`unknown batch op ${type}`);
    }
    if (!r.done) throw new CodecError('trailing bytes after write batch');
    return batch;
  }
}
