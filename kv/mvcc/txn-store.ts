// TxnStore: the transactional API of one store's data, as kv/server exposes it over gRPC (TiKV's
// Storage + scheduler in one small class). Each write command:
//
//   latches(keys) → snapshot → action(MvccTxn, MvccReader) → engine.write(batch) → release
//
// so commands on the same keys run one at a time and each applies atomically; reads take a
// snapshot and need no latch. The engine is anything that can snapshot and write a batch: a local
// engine today, a raft-replicated region in the raftstore.
import { failpoint } from '../../util/failpoint.js';
import type { EngineSnapshot, WriteBatch, WriteOptions } from '../storage/index.js';
import type { KvPair, Mutation, TimeStamp } from '../txn-types.js';
import { checkTxnStatus, type CheckTxnStatusArgs, type TxnStatus } from './check-txn-status.js';
import { cleanup } from './cleanup.js';
import { commit } from './commit.js';
import type { LockInfo } from './errors.js';
import { gc, type GcStats } from './gc.js';
import { Latches } from './latches.js';
import { batchGet, get, type BatchGetResult, type ReadOptions } from './point-getter.js';
import { prewrite, type PrewriteProps, type PrewriteResult } from './prewrite.js';
import { MvccReader, type MvccReaderOptions } from './reader.js';
import { resolveKeys, scanTxnLocks } from './resolve-lock.js';
import { rollback } from './rollback.js';
import { scanLock } from './scan-lock.js';
import { scan, type ScanArgs } from './scanner.js';
import { MvccTxn } from './txn.js';
import { txnHeartBeat } from './txn-heartbeat.js';

export interface TxnEngine {
  snapshot(): EngineSnapshot;
  write(batch: WriteBatch, opts?: WriteOptions): Promise<void>;
}

export interface TxnStoreOptions {
  /** fsync every command's write (default false; raft's log provides durability later). */
  readonly sync?: boolean;
  readonly latches?: Latches;
  /** The engine's latest family is complete (see MvccReaderOptions; kv/server's store marker). */
  readonly latestComplete?: boolean;
}

const RESOLVE_BATCH = 256;

export class TxnStore {
  private readonly latches: Latches;
  private readonly writeOpts: WriteOptions;
  private readonly readerOpts: MvccReaderOptions;

  constructor(
    private readonly engine: TxnEngine,
    opts: TxnStoreOptions = {},
  ) {
    this.latches = opts.latches ?? new Latches();
    this.writeOpts = { sync: opts.sync ?? false };
    this.readerOpts = { latestComplete: opts.latestComplete ?? false };
  }

  /** The same store (its latches and options shared) reading and writing through another engine:
   *  in raft mode, one whose writes go to a request's region (kv/server/raft-mode.ts). */
  withEngine(engine: TxnEngine): TxnStore {
    return new TxnStore(engine, { sync: this.writeOpts.sync ?? false, latches: this.latches, latestComplete: this.readerOpts.latestComplete ?? false });
  }

  private async read<T>(fn: (snapshot: EngineSnapshot) => Promise<T>): Promise<T> {
    const snap = this.engine.snapshot();
    try {
      return await fn(snap);
    } finally {
      await snap.release();
    }
  }

  /** Runs a write command under latches; `keep(result)` false discards its writes. */
  private async exec<T>(
    name: string,
    keys: readonly Uint8Array[],
    action: (txn: MvccTxn, reader: MvccReader) => Promise<T>,
    keep: (result: T) => boolean = () => true,
  ): Promise<T> {
    const release = await this.latches.acquire(keys);
    try {
      const snap = this.engine.snapshot();
      let txn: MvccTxn;
      let result: T;
      try {
        txn = new MvccTxn();
        result = await action(txn, new MvccReader(snap, this.readerOpts));
      } finally {
        await snap.release();
      }
      await failpoint(`txn-before-write:${name}`);
      if (keep(result) && !txn.modifies.isEmpty) await this.engine.write(txn.modifies, this.writeOpts);
      return result;
    } finally {
      release();
    }
  }

  get(key: Uint8Array, readTs: TimeStamp, opts?: ReadOptions): Promise<Uint8Array | undefined> {
    return this.read((s) => get(new MvccReader(s, this.readerOpts), key, readTs, opts));
  }

  batchGet(keys: readonly Uint8Array[], readTs: TimeStamp, opts?: ReadOptions): Promise<BatchGetResult> {
    return this.read((s) => batchGet(new MvccReader(s, this.readerOpts), keys, readTs, opts));
  }

  scan(args: ScanArgs): Promise<KvPair[]> {
    return this.read((s) => scan(s, args));
  }

  prewrite(mutations: readonly Mutation[], props: PrewriteProps): Promise<PrewriteResult> {
    return this.exec(
      'prewrite',
      mutations.map((m) => m.key),
      (txn, reader) => prewrite(txn, reader, props, mutations),
      (r) => r.locked.length === 0,
    );
  }

  commit(keys: readonly Uint8Array[], startTs: TimeStamp, commitTs: TimeStamp): Promise<void> {
    return this.exec('commit', keys, (txn, reader) => commit(txn, reader, keys, startTs, commitTs));
  }

  rollback(keys: readonly Uint8Array[], startTs: TimeStamp): Promise<void> {
    return this.exec('rollback', keys, (txn, reader) => rollback(txn, reader, keys, startTs));
  }

  cleanup(key: Uint8Array, startTs: TimeStamp, currentTs: TimeStamp): Promise<void> {
    return this.exec('cleanup', [key], (txn, reader) => cleanup(txn, reader, key, startTs, currentTs));
  }

  checkTxnStatus(args: CheckTxnStatusArgs): Promise<TxnStatus> {
    return this.exec('check-txn-status', [args.primary], (txn, reader) => checkTxnStatus(txn, reader, args));
  }

  txnHeartBeat(primary: Uint8Array, startTs: TimeStamp, adviseTtl: number): Promise<number> {
    return this.exec('txn-heartbeat', [primary], (txn, reader) => txnHeartBeat(txn, reader, primary, startTs, adviseTtl));
  }

  /** Commits (commitTs > 0) or rolls back (commitTs = 0) the txn's locks: the given keys, or
   *  every lock of the txn in [lower, upper). Returns how many keys were resolved. */
  async resolveLock(
    startTs: TimeStamp,
    commitTs: TimeStamp,
    where: { readonly keys: readonly Uint8Array[] } | { readonly lower?: Uint8Array | undefined; readonly upper?: Uint8Array | undefined },
  ): Promise<number> {
    const run = (keys: readonly Uint8Array[]): Promise<void> =>
      this.exec('resolve-lock', keys, (txn, reader) => resolveKeys(txn, reader, { startTs, commitTs }, keys));
    if ('keys' in where) {
      await run(where.keys);
      return where.keys.length;
    }
    let total = 0;
    let lower = where.lower;
    for (;;) {
      const keys = await this.read((s) => scanTxnLocks(s, startTs, lower, where.upper, RESOLVE_BATCH));
      if (keys.length === 0) return total;
      await run(keys);
      total += keys.length;
      if (keys.length < RESOLVE_BATCH) return total;
      lower = Buffer.concat([keys[keys.length - 1] as Uint8Array, Buffer.of(0)]);
    }
  }

  scanLock(maxTs: TimeStamp, lower: Uint8Array | undefined, upper: Uint8Array | undefined, limit: number): Promise<LockInfo[]> {
    return this.read((s) => scanLock(s, maxTs, lower, upper, limit));
  }

  gc(safePoint: TimeStamp, lower?: Uint8Array, upper?: Uint8Array): Promise<GcStats> {
    return this.read((s) => gc(s, safePoint, lower, upper, (txn) => this.engine.write(txn.modifies, this.writeOpts)));
  }
}
