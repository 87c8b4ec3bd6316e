// The storage engine over LevelDB (classic-level): one database directory per store, column
// families as key prefixes (engine.ts). Point reads use LevelDB's synchronous get, which skips a
// thread-pool round trip and costs microseconds; iteration is asynchronous and batched by
// classic-level. Snapshots are LevelDB snapshots: reads through them ignore later writes.
import { ClassicLevel } from 'classic-level';
import type { KvPair } from '../txn-types.js';
import { cfBounds, cfKey } from './cf-key.js';
import type { ColumnFamily, Engine, EngineIterator, EngineReader, EngineSnapshot, IterOptions, WriteOptions } from './engine.js';
import type { WriteBatch } from './write-batch.js';

type Db = ClassicLevel<Buffer, Buffer>;
type Snapshot = ReturnType<Db['snapshot']>;
type LevelIterator = ReturnType<Db['iterator']>;

const BUFFER_OPTS = { keyEncoding: 'buffer', valueEncoding: 'buffer' } as const;

export interface LevelDbEngineOptions {
  /** LevelDB block cache in bytes (default 64 MiB). */
  readonly cacheSize?: number;
  /** Memtable size in bytes before it is flushed to a table file (default 16 MiB). */
  readonly writeBufferSize?: number;
}

class LevelIter implements EngineIterator {
  private closed = false;

  constructor(private readonly it: LevelIterator) {}

  seek(target: Uint8Array): void {
    this.it.seek(target as Buffer);
  }

  async next(): Promise<KvPair | undefined> {
    if (this.closed) return undefined;
    const entry = (await this.it.next()) as [Buffer, Buffer] | undefined;
    if (!entry) return undefined;
    return { key: entry[0].subarray(1), value: entry[1] };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.it.close();
  }
}

/** Wraps seek so callers pass family-relative keys. */
class CfIter implements EngineIterator {
  constructor(
    private readonly inner: LevelIter,
    private readonly cf: ColumnFamily,
  ) {}

  seek(target: Uint8Array): void {
    this.inner.seek(cfKey(this.cf, target));
  }

  next(): Promise<KvPair | undefined> {
    return this.inner.next();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

function makeReader(db: Db, snapshot: Snapshot | undefined): EngineReader {
  const readOpts = snapshot ? { ...BUFFER_OPTS, snapshot } : BUFFER_OPTS;
  return {
    get(cf: ColumnFamily, key: Uint8Array): Promise<Uint8Array | undefined> {
      return Promise.resolve(db.getSync(cfKey(cf, key), readOpts));
    },
    iterator(cf: ColumnFamily, opts?: IterOptions): EngineIterator {
      const { gte, lt } = cfBounds(cf, opts);
      const it = db.iterator({ ...readOpts, gte, lt, reverse: opts?.reverse ?? false });
      return new CfIter(new LevelIter(it), cf);
    },
  };
}

export class LevelDbEngine implements Engine {
  private readonly reader: EngineReader;

  private constructor(
    private readonly db: Db,
    readonly path: string,
  ) {
    this.reader = makeReader(db, undefined);
  }

  static async open(path: string, opts: LevelDbEngineOptions = {}): Promise<LevelDbEngine> {
    const db: Db = new ClassicLevel<Buffer, Buffer>(path, {
      ...BUFFER_OPTS,
      cacheSize: opts.cacheSize ?? 64 * 1024 * 1024,
      writeBufferSize: opts.writeBufferSize ?? 16 * 1024 * 1024,
    });
    await db.open();
    return new LevelDbEngine(db, path);
  }

  get(cf: ColumnFamily, key: Uint8Array): Promise<Uint8Array | undefined> {
    return this.reader.get(cf, key);
  }

  iterator(cf: ColumnFamily, opts?: IterOptions): EngineIterator {
    return this.reader.iterator(cf, opts);
  }

  async write(batch: WriteBatch, opts?: WriteOptions): Promise<void> {
    if (batch.isEmpty) return;
    const chained = this.db.batch();
    for (const op of batch.ops) {
      if (op.type === 'put') chained.put(cfKey(op.cf, op.key), op.value as Buffer);
      else chained.del(cfKey(op.cf, op.key));
    }
    await chained.write({ sync: opts?.sync ?? false });
  }

  snapshot(): EngineSnapshot {
    const snap = this.db.snapshot();
    const reader = makeReader(this.db, snap);
    let released = false;
    return {
      get: reader.get,
      iterator: reader.iterator,
      async release(): Promise<void> {
        if (released) return;
        released = true;
        await snap.close();
      },
    };
  }

  async approximateSize(cf: ColumnFamily, lower?: Uint8Array, upper?: Uint8Array): Promise<number> {
    const { gte, lt } = cfBounds(cf, { lower, upper });
    return this.db.approximateSize(gte, lt);
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
